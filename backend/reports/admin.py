"""The yearly plan is kept in the admin: its points inline, and an action to approve a draft."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from backend.core.exceptions import ApplicationError

from .models import YearPlan, YearPlanPoint, YearPlanStatus
from .year_plan import year_plan_approve


class YearPlanPointInline(admin.TabularInline):
    model = YearPlanPoint
    extra = 0
    autocomplete_fields = ["site"]


@admin.register(YearPlan)
class YearPlanAdmin(admin.ModelAdmin):
    list_display = ["year", "status", "reader_visit_growth_pct", "copies_to_add", "approved_at"]
    readonly_fields = ["status", "approved_by", "approved_at"]
    inlines = [YearPlanPointInline]
    actions = ["approve"]

    @admin.action(description=_("Approve the selected draft plans"))
    def approve(self, request, queryset):
        for plan in queryset.filter(status=YearPlanStatus.DRAFT):
            try:
                year_plan_approve(plan=plan, by=request.user)
            except ApplicationError as error:
                self.message_user(request, f"{plan.year}: {error.message}", messages.ERROR)

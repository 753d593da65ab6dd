"""Plans, runs and their visits are shown read-only here: they change only through the planning services (the
console and the API), which keep the rules the admin would bypass — one published plan per bus and day, runs that
are queued when they are recorded, every plan kept. A run can be cancelled from here, through its service; so can
a school's request, whose status is read-only here."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backend.core.exceptions import ApplicationError
from backend.planning.models import LeftOutVisit, Plan, PlannedVisit, PlanningRun, PlanRoute, VisitRequest
from backend.planning.services import planning_run_cancel, visit_request_cancel


class ReadOnlyMixin:
    """No add, change or delete: the page shows the record and its inlines only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlanningRun)
class PlanningRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["id", "starts_on", "ends_on", "status", "phase", "percent", "best_distance_m", "created_at"]
    list_filter = ["status"]
    actions = ["cancel_runs"]

    @admin.action(description=_("Cancel the selected runs"))
    def cancel_runs(self, request, queryset):
        cancelled = 0
        for run in queryset:
            try:
                planning_run_cancel(run=run)
                cancelled += 1
            except ApplicationError as error:
                self.message_user(request, f"#{run.pk}: {error.message}", messages.WARNING)
        if cancelled:
            self.message_user(request, ngettext("%d run cancelled.", "%d runs cancelled.", cancelled) % cancelled)

    def has_change_permission(self, request, obj=None):
        # The changelist's actions need the change permission; the form itself stays read-only (no fields editable).
        return obj is None and request.user.is_coordinator

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + ["vehicles"]


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class PlanRouteInline(ReadOnlyInline):
    model = PlanRoute
    fields = ["vehicle", "date", "starts_at", "ends_at", "distance_m"]
    readonly_fields = fields
    show_change_link = True


class LeftOutInline(ReadOnlyInline):
    model = LeftOutVisit
    fields = readonly_fields = ["key", "site", "reason", "message"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["id", "starts_on", "ends_on", "status", "distance_m", "published_at"]
    list_filter = ["status"]
    inlines = [PlanRouteInline, LeftOutInline]


class PlannedVisitInline(ReadOnlyInline):
    model = PlannedVisit
    fields = ["position", "site", "arrives_at", "starts_at", "departs_at", "deliver_boxes", "collect_boxes", "status"]
    readonly_fields = fields


@admin.register(PlanRoute)
class PlanRouteAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["plan", "vehicle", "date", "starts_at", "ends_at", "distance_m"]
    list_filter = ["vehicle", "date"]
    inlines = [PlannedVisitInline]


@admin.register(VisitRequest)
class VisitRequestAdmin(admin.ModelAdmin):
    """A request's status changes only through its services (booking, planning, declining, cancelling), which keep
    the published plan and the school's notifications in step; here it can be cancelled, through its service."""

    list_display = ["school", "site", "preferred_from", "preferred_until", "students", "theme", "status"]
    list_filter = ["status"]
    search_fields = ["school__search_text", "theme"]
    autocomplete_fields = ["school", "site"]
    readonly_fields = ["status", "decline_reason", "scheduled_visit", "created_by"]
    actions = ["cancel_requests"]

    def has_add_permission(self, request):
        return False  # schools submit requests on their page or through the API, which check the dates and hours

    @admin.action(description=_("Cancel the selected requests"))
    def cancel_requests(self, request, queryset):
        cancelled = 0
        for visit_request in queryset:
            try:
                visit_request_cancel(request=visit_request)
                cancelled += 1
            except ApplicationError as error:
                self.message_user(request, f"#{visit_request.pk}: {error.message}", messages.WARNING)
        if cancelled:
            self.message_user(
                request, ngettext("%d request cancelled.", "%d requests cancelled.", cancelled) % cancelled
            )

from django.contrib import admin

from .models import VisitRequest


@admin.register(VisitRequest)
class VisitRequestAdmin(admin.ModelAdmin):
    list_display = ["school", "site", "preferred_from", "preferred_until", "students", "theme", "status"]
    list_filter = ["status"]
    search_fields = ["school__search_text", "theme"]
    autocomplete_fields = ["school", "site"]
    readonly_fields = ["scheduled_visit", "created_by"]

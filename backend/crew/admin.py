from django.contrib import admin

from backend.crew.models import PositionPing, SyncConflict, VisitReport


@admin.register(VisitReport)
class VisitReportAdmin(admin.ModelAdmin):
    list_display = ["visit", "arrived_at", "left_at", "students", "adults", "host_name", "host_confirmed"]
    list_select_related = ["visit__site", "visit__route"]
    search_fields = ["visit__site__name", "host_name"]


@admin.register(PositionPing)
class PositionPingAdmin(admin.ModelAdmin):
    list_display = ["vehicle", "at", "latitude", "longitude", "accuracy_m"]
    list_filter = ["vehicle"]


@admin.register(SyncConflict)
class SyncConflictAdmin(admin.ModelAdmin):
    list_display = ["code", "status", "visit", "vehicle", "created_at", "resolved_by"]
    list_filter = ["status", "code"]

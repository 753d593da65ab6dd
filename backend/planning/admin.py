from django.contrib import admin

from backend.planning.models import LeftOutVisit, Plan, PlannedVisit, PlanningRun, PlanRoute, VisitRequest


@admin.register(PlanningRun)
class PlanningRunAdmin(admin.ModelAdmin):
    list_display = ["id", "starts_on", "ends_on", "status", "phase", "percent", "best_distance_m", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "phase", "percent", "best_distance_m", "error", "started_at", "finished_at"]


class PlanRouteInline(admin.TabularInline):
    model = PlanRoute
    extra = 0
    fields = ["vehicle", "date", "starts_at", "ends_at", "distance_m"]
    readonly_fields = fields
    show_change_link = True


class LeftOutInline(admin.TabularInline):
    model = LeftOutVisit
    extra = 0
    readonly_fields = ["key", "site", "reason", "message"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["id", "starts_on", "ends_on", "status", "distance_m", "published_at"]
    list_filter = ["status"]
    inlines = [PlanRouteInline, LeftOutInline]
    readonly_fields = ["run", "network_revision", "distance_m", "duration_s", "stats", "published_at", "published_by"]


class PlannedVisitInline(admin.TabularInline):
    model = PlannedVisit
    extra = 0
    fields = ["position", "site", "arrives_at", "starts_at", "departs_at", "deliver_boxes", "collect_boxes", "status"]
    readonly_fields = ["position", "site", "arrives_at", "starts_at", "departs_at"]


@admin.register(PlanRoute)
class PlanRouteAdmin(admin.ModelAdmin):
    list_display = ["plan", "vehicle", "date", "starts_at", "ends_at", "distance_m"]
    list_filter = ["vehicle", "date"]
    inlines = [PlannedVisitInline]


@admin.register(VisitRequest)
class VisitRequestAdmin(admin.ModelAdmin):
    list_display = ["school", "site", "preferred_from", "preferred_until", "students", "theme", "status"]
    list_filter = ["status"]
    search_fields = ["school__search_text", "theme"]
    autocomplete_fields = ["school", "site"]
    readonly_fields = ["scheduled_visit", "created_by"]

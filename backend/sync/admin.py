from django.contrib import admin

from .models import Device, IdempotencyKey, RawEvent


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "token_prefix", "created_at", "last_seen_at", "revoked_at", "received_through_seq"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "token_prefix"]
    readonly_fields = ["token_prefix", "received_through_seq", "last_seen_at"]


@admin.register(RawEvent)
class RawEventAdmin(admin.ModelAdmin):
    """Raw events are evidence of what a phone sent: read-only."""

    list_display = ["event_id", "kind", "status", "device", "seq", "device_time", "received_at"]
    list_filter = ["status", "kind"]
    search_fields = ["event_id"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    list_display = ["key", "user", "path", "state", "response_status", "created_at"]
    list_filter = ["state"]

"""Reads of devices and raw events, with each role's visibility."""

from collections.abc import Iterator

from django.db.models import QuerySet

from backend.accounts.models import User

from .models import Device, EventStatus, RawEvent


def device_list_for(*, user: User) -> QuerySet[Device]:
    """Coordinators see every device (to revoke a lost phone); everyone else only their own."""
    devices = Device.objects.select_related("user")
    return devices if user.is_coordinator else devices.filter(user=user)


def raw_event_list_for_device(*, device: Device) -> QuerySet[RawEvent]:
    return RawEvent.objects.filter(device=device).order_by("seq", "received_at")


def raw_events_pending_by_device(*, limit: int) -> Iterator[tuple[Device, list[RawEvent]]]:
    """Raw events stored but never applied (the request died between storing and applying), up to ``limit``
    devices and ``limit`` events per device; each device's list is read when the previous one has been handled."""
    pending = RawEvent.objects.filter(status=EventStatus.PENDING).select_related("device__user")
    for device_id in set(pending.values_list("device_id", flat=True)[:limit]):
        rows = list(pending.filter(device_id=device_id)[:limit])
        yield rows[0].device, rows

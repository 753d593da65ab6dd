"""Reads of devices and raw events, with each role's visibility."""

from django.db.models import QuerySet

from backend.accounts.models import User

from .models import Device, RawEvent


def device_list_for(*, user: User) -> QuerySet[Device]:
    """Coordinators see every device (to revoke a lost phone); everyone else only their own."""
    devices = Device.objects.select_related("user")
    return devices if user.is_coordinator else devices.filter(user=user)


def raw_event_list_for_device(*, device: Device) -> QuerySet[RawEvent]:
    return RawEvent.objects.filter(device=device).order_by("seq", "received_at")

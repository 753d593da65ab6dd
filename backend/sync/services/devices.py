"""Device tokens: long-lived, shown once, stored as a SHA-256 hash, revocable by their owner or a coordinator."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.exceptions import PermissionDeniedError
from backend.places.selectors import vehicles_crewed_by

from ..models import Device

# Seen-at is written at most this often, so that each request does not write a row.
LAST_SEEN_RESOLUTION_S = 60


def token_hash(token: str) -> str:
    """Tokens are 256 random bits: a plain SHA-256 is enough (no password stretching needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def device_register(*, user: User, name: str) -> tuple[Device, str]:
    """Create a device for a crew member and return it with its token (the only time the token is visible).

    Raises PermissionDeniedError (``not_crew``) unless the user is a driver-librarian crewing a vehicle.
    """
    if not user.is_driver_librarian or not vehicles_crewed_by(user=user).exists():
        raise PermissionDeniedError(
            _("Only a driver-librarian who crews a vehicle can sign in a phone."), code="not_crew"
        )
    token = secrets.token_urlsafe(32)
    device = Device(user=user, name=name.strip()[:120], token_hash=token_hash(token), token_prefix=token[:8])
    device.full_clean()
    device.save()
    return device, token


def device_authenticate(*, token: str) -> Device | None:
    """The active device with this token, or None. Marks it seen (at most once a minute)."""
    device = Device.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    if device is None or device.revoked_at is not None or not device.user.is_active:
        return None
    now = timezone.now()
    if device.last_seen_at is None or (now - device.last_seen_at).total_seconds() > LAST_SEEN_RESOLUTION_S:
        Device.objects.filter(pk=device.pk).update(last_seen_at=now)
        device.last_seen_at = now
    return device


@transaction.atomic
def device_revoke(*, device: Device) -> Device:
    """Revoke a device: its token stops working at once. Revoking twice changes nothing."""
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked_at", "updated_at"])
    return device

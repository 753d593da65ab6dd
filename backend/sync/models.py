"""Phones and what they send: device tokens (stored hashed), raw events (stored before they are applied),
and Idempotency-Key records (a replay returns the stored response)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel


class Device(BaseModel):
    """A crew member's phone. Only the SHA-256 of its token is kept; the token is shown once, at sign-in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="devices")
    name = models.CharField(_("name"), max_length=120)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(_("token starts with"), max_length=8, editable=False)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    received_through_seq = models.PositiveBigIntegerField(
        _("all events received up to this sequence number"), default=0
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("device")
        verbose_name_plural = _("devices")

    def __str__(self):
        return f"{self.name} ({self.token_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class EventStatus(models.TextChoices):
    PENDING = "pending", _("received, not applied yet")
    APPLIED = "applied", _("applied")
    REJECTED = "rejected", _("rejected")
    CONFLICT = "conflict", _("conflict")
    # Held until what it needs (a reader, a copy's arrival, an earlier event of the phone) arrives.
    WAITING = "waiting", _("waiting for an earlier event")


class RawEvent(models.Model):
    """One event exactly as the phone sent it, kept before anything is applied.

    ``event_id`` is the phone's UUID: the event is applied once, and every later copy of it gets the stored
    ``outcome`` back.
    """

    event_id = models.UUIDField(_("event id (from the phone)"), unique=True)
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    seq = models.PositiveBigIntegerField(_("device sequence number"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=40)
    visit_id_sent = models.BigIntegerField(_("visit sent by the phone"), null=True, blank=True)
    device_time = models.DateTimeField(_("device time"), null=True, blank=True)
    payload = models.JSONField(_("event as sent"))
    payload_hash = models.CharField(max_length=64)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PENDING)
    outcome = models.JSONField(_("answer given to the phone"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("raw event")
        verbose_name_plural = _("raw events")
        constraints = [
            models.UniqueConstraint(fields=["device", "seq"], name="one_event_per_device_seq"),
        ]
        indexes = [models.Index(fields=["status", "received_at"])]

    def __str__(self):
        return f"{self.kind} {self.event_id}"


class KeyState(models.TextChoices):
    RUNNING = "running", _("running")
    DONE = "done", _("done")


class IdempotencyKey(models.Model):
    """An ``Idempotency-Key`` a user sent with a POST, the request it came with, and the answer given."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=KeyState.choices, default=KeyState.RUNNING)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_idempotency_key_per_user")]

    def __str__(self):
        return self.key

"""Telling school contacts what changed: a stored notification per contact, sent after commit through the
configured senders (e-mail, SMS: ``senders``)."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.places.models import School

from .models import Notification
from .senders import Message, message_send


def notification_send_to_school(
    *, school: School, kind: str, subject: str, body: str, data: Mapping[str, Any] | None = None
) -> list[Notification]:
    """Notify every active contact of ``school``; the e-mails go out once the transaction commits."""
    contacts = User.objects.filter(school=school, role=Role.SCHOOL_CONTACT, is_active=True)
    notes = [
        Notification.objects.create(recipient=c, school=school, kind=kind, subject=subject, body=body, data=data or {})
        for c in contacts
    ]
    transaction.on_commit(lambda: _deliver([n.pk for n in notes]))
    return notes


def notification_send_to_coordinators(
    *, kind: str, subject: str, body: str, data: Mapping[str, Any] | None = None, once: bool = False
) -> list[Notification]:
    """Notify every active coordinator and administrator; e-mails after commit. With ``once``, a coordinator who
    already has a notification of this ``kind`` with the same ``data`` gets no second one (a job run twice)."""
    recipients = User.objects.filter(role__in=[Role.COORDINATOR, Role.ADMIN], is_active=True)
    if once:
        recipients = recipients.exclude(notifications__kind=kind, notifications__data=data or {})
    notes = [
        Notification.objects.create(recipient=u, kind=kind, subject=subject, body=body, data=data or {})
        for u in recipients.order_by("pk")
    ]
    transaction.on_commit(lambda: _deliver([n.pk for n in notes]))
    return notes


def _deliver(notification_ids: list[int]) -> None:
    for note in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
        user = note.recipient
        message = Message(
            name=user.get_full_name() or user.username,
            subject=note.subject,
            body=note.body,
            email=user.email,
            phone=user.phone,
        )
        if "email" in message_send(message):
            note.emailed_at = timezone.now()
            note.save(update_fields=["emailed_at", "updated_at"])


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification

"""Sending the notices readers get (a loan's new return date) through the configured senders, and trying again
those a channel failed to deliver, later and less often each time, so that a gateway down for an hour loses none."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.crew.models import NoticeStatus, ReaderNotice
from backend.notifications.senders import Message, message_deliver


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long a notice waits after its ``attempts``-th failed attempt: the first delay, doubled each time."""
    return datetime.timedelta(seconds=settings.BOOKBUS["NOTICE_RETRY_FIRST_S"] * 2 ** max(attempts - 1, 0))


def reader_notices_send(*, ids: list[int]) -> list[int]:
    """Send the notices ``ids`` not sent yet through the channels that have not reached the reader; record per
    notice where it went, or why it did not. Returns the ids left failed."""
    failed = []
    for notice_id in ids:
        with transaction.atomic():
            notice = (
                ReaderNotice.objects.select_for_update(skip_locked=True)
                .select_related("reader")
                .filter(pk=notice_id)
                .exclude(status=NoticeStatus.SENT)
                .first()
            )
            if notice is None:  # sent already, or being sent by another worker
                continue
            _attempt(notice)
            if notice.status == NoticeStatus.FAILED:
                failed.append(notice.pk)
    return failed


def _attempt(notice: ReaderNotice) -> None:
    reader = notice.reader
    delivery = message_deliver(
        Message(name=reader.full_name, subject=notice.subject, body=notice.body, phone=reader.phone),
        skip=tuple(notice.channels),
    )
    now = timezone.now()
    notice.channels = [*notice.channels, *delivery.channels]
    notice.attempts += 1
    if delivery.failures:
        notice.status = NoticeStatus.FAILED
        notice.failure = "; ".join(f"{channel}: {why}" for channel, why in delivery.failures.items())
        retry = notice.attempts < settings.BOOKBUS["NOTICE_MAX_ATTEMPTS"]
        notice.next_attempt_at = now + retry_delay(notice.attempts) if retry else None
    else:
        notice.status, notice.failure, notice.next_attempt_at = NoticeStatus.SENT, "", None
        notice.sent_at = now
    notice.save(update_fields=["channels", "attempts", "status", "failure", "next_attempt_at", "sent_at", "updated_at"])


def reader_notices_retry(*, now: datetime.datetime | None = None) -> int:
    """Try again the failed notices whose time has come (Celery beat, every five minutes). Returns how many."""
    due = ReaderNotice.objects.filter(
        status=NoticeStatus.FAILED, next_attempt_at__lte=now or timezone.now()
    ).values_list("pk", flat=True)
    ids = list(due.order_by("next_attempt_at")[:500])
    reader_notices_send(ids=ids)
    return len(ids)

from celery import shared_task
from django.utils import timezone

from .deadlines import deadline_reminders_send


@shared_task(name="reports.deadline_reminders", ignore_result=True)
def deadline_reminders_task() -> int:
    """Daily: remind coordinators of reporting deadlines a week away (sends each reminder once)."""
    return deadline_reminders_send(today=timezone.localdate())

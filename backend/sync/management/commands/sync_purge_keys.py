"""Forget old Idempotency-Keys (run it daily from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from backend.sync.services import idempotency_keys_purge


class Command(BaseCommand):
    help = "Delete Idempotency-Keys older than --days (default SYNC_IDEMPOTENCY_KEY_DAYS, 30)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.SYNC_IDEMPOTENCY_KEY_DAYS)

    def handle(self, *args, days, **options):
        self.stdout.write(f"{idempotency_keys_purge(days=days)} idempotency keys older than {days} days deleted")

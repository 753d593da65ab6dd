"""Apply raw events stored but never applied (the request died between storing and applying)."""

from django.core.management.base import BaseCommand

from backend.crew.services import sync_pending_apply


class Command(BaseCommand):
    help = "Apply raw events from phones that were stored but not applied (run it from cron; it is idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(f"{sync_pending_apply()} pending events applied")

"""Publish today's route for a demo bus so the phone API and the reference client have a day to play."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from backend.demo.crew import demo_day_load
from backend.places.models import Vehicle


class Command(BaseCommand):
    help = "Publish a one-day route (default today) for a vehicle with books on board, for the phone API demo."

    def add_arguments(self, parser):
        parser.add_argument("--plate", default="65A-001.23", help="The vehicle's plate number.")
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, **options):
        vehicle = Vehicle.objects.filter(plate_number=options["plate"]).first()
        if vehicle is None:
            raise CommandError(f"No vehicle {options['plate']}: run manage.py load_demo first.")
        plan = demo_day_load(vehicle=vehicle, day=options["date"])
        self.stdout.write(f"Plan #{plan.pk} published for {vehicle} on {plan.starts_on:%d/%m/%Y}.")

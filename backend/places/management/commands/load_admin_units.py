from django.core.management.base import BaseCommand

from backend.places.services import administrative_units_load


class Command(BaseCommand):
    help = "Load or refresh the 34 provinces and 3,321 communes from the vietnam-provinces package."

    def add_arguments(self, parser):
        parser.add_argument("--province", type=int, action="append", help="only this province code (repeatable)")

    def handle(self, *args, province=None, **options):
        provinces, communes = administrative_units_load(province_codes=province)
        self.stdout.write(self.style.SUCCESS(f"{provinces} provinces, {communes} communes"))

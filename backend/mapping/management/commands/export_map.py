from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import maps
from backend.mapping import selectors, services
from backend.planning.models import Plan


class Command(BaseCommand):
    help = "Write a map as one self-contained HTML file (opens with no server and no network)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["plan", "coverage", "live"])
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--plan", type=int, help="plan id (for a plan map)")
        parser.add_argument("--vehicle", type=int, help="only this vehicle's routes")
        parser.add_argument(
            "--kind",
            dest="kinds",
            action="append",
            choices=selectors.SITE_KINDS,
            help="only sites of this kind (coverage map; repeatable)",
        )

    def handle(self, *args, kind, out, plan=None, vehicle=None, kinds=None, **options):
        result = self._render(kind, plan, vehicle, kinds, options)
        out.write_text(maps.to_html(result, inline_assets=True), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {out} ({out.stat().st_size // 1024} KiB)"))
        for name in result.unplaced:
            self.stdout.write(f"  not on the map (no coordinates): {name}")

    def _render(self, kind, plan, vehicle, kinds, options) -> maps.MapResult:
        if kind == "plan":
            if plan is None:
                raise CommandError("--plan is required for a plan map")
            found = Plan.objects.filter(pk=plan).first()
            if found is None:
                raise CommandError(f"No plan with id {plan}")
            return services.map_plan(plan=found, vehicle_id=vehicle)
        if kind == "coverage":
            return services.map_coverage(kinds=kinds)
        return services.map_live(refresh_s=0)  # a file does not reload itself

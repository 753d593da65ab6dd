"""A day for the crew to play on the phone: today's published route for the demo bus, with books on board."""

import datetime

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.places.models import ServiceSite, Vehicle
from backend.planning.models import Plan, PlannedVisit, PlanRoute, PlanStatus
from backend.planning.services import plan_publish
from backend.planning.services.problem import network_revision
from backend.stock.models import Copy, Record
from backend.stock.services import copy_acquire

TITLES = [
    "Dế Mèn phiêu lưu ký",
    "Cho tôi xin một vé đi tuổi thơ",
    "Tôi thấy hoa vàng trên cỏ xanh",
    "Đất rừng phương Nam",
]


@transaction.atomic
def demo_day_load(*, vehicle: Vehicle, day: datetime.date | None = None, stops: int = 3) -> Plan:
    """Publish a route for ``vehicle`` on ``day`` (default today) with ``stops`` school visits, and put a dozen
    copies on the bus. The route joins the published plan covering the day, if any, else a one-day plan is
    published. Safe to repeat: an existing published route that day is kept."""
    day = day or timezone.localdate()
    existing = PlanRoute.objects.filter(plan__status=PlanStatus.PUBLISHED, vehicle=vehicle, date=day).first()
    if existing:
        return existing.plan
    # A published plan covering the day gets the route (publishing a one-day plan would withdraw it whole).
    covering = Plan.objects.filter(status=PlanStatus.PUBLISHED, starts_on__lte=day, ends_on__gte=day).first()
    plan = covering or Plan.objects.create(starts_on=day, ends_on=day, network_revision=network_revision())
    route = PlanRoute.objects.create(
        plan=plan, vehicle=vehicle, date=day, starts_at=datetime.time(7), ends_at=datetime.time(16, 30)
    )
    sites = ServiceSite.objects.filter(is_active=True, school__isnull=False).order_by("id")[:stops]
    for n, site in enumerate(sites):
        PlannedVisit.objects.create(
            route=route,
            position=n + 1,
            key=f"demo-day:{day}:{site.id}",
            site=site,
            arrives_at=datetime.time(7 + 2 * n, 40),
            starts_at=datetime.time(7 + 2 * n, 50),
            departs_at=datetime.time(9 + 2 * n, 20),
        )
    for n in range(12):
        barcode = f"DEMO-{vehicle.pk}-{n:04d}"
        if not Copy.objects.filter(barcode=barcode).exists():
            record, _ = Record.objects.get_or_create(title=TITLES[n % len(TITLES)], defaults={"authors": "—"})
            copy_acquire(record=record, barcode=barcode, vehicle=vehicle, reason="demo")
    if covering:
        return covering
    return plan_publish(plan=plan, user=User.objects.filter(is_superuser=True).first() or vehicle.crew.first())

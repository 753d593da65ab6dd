"""What a coordinator's inboxes hold on a working day, for the console's demo, screenshots and benchmark: schools'
requests (one booked, one declined), sync conflicts from the demo crew's phone, and a broken-down bus re-planned.

Everything goes through the services a school, a phone and a coordinator use. Safe to repeat: what exists is kept.
"""

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from backend.accounts.models import User
from backend.crew.models import SyncConflict
from backend.crew.services import sync_batch_apply
from backend.places.models import Closure, ClosureKind, ServiceSite, Vehicle
from backend.planning.models import Plan, PlannedVisit, PlanStatus, VisitRequest, VisitStatus
from backend.planning.services import (
    planning_run_execute,
    slot_book,
    slot_offers_for,
    visit_request_create,
    visit_request_decline,
)
from backend.planning.services.disruptions import vehicle_mark_out_of_service, visit_skip
from backend.stock.models import Copy, Reader
from backend.sync.models import Device
from backend.sync.services import device_register

THEMES = ["Ngày Sách và Văn hóa đọc Việt Nam", "Em yêu sách", "Tuần lễ học tập suốt đời", "Đọc sách cùng bạn", ""]
PHONE_NAME = "Điện thoại kíp xe (demo)"


def demo_inbox_load(*, requests: int = 8, replan_seconds: int = 5) -> dict:
    """Load the inboxes' demo; returns how many of each thing there now are."""
    coordinator = User.objects.get(username="coordinator")
    plan = Plan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-published_at").first()
    if plan is None:
        raise ValueError("No published plan: run manage.py load_demo first.")
    if not VisitRequest.objects.exists():
        _requests(coordinator, plan, requests)
    if not SyncConflict.objects.exists():
        _conflicts(coordinator, plan)
    if not Closure.objects.filter(kind=ClosureKind.VEHICLE, name__startswith="Hỏng").exists():
        _breakdown(coordinator, plan, replan_seconds)
    return {
        "requests": VisitRequest.objects.count(),
        "conflicts": SyncConflict.objects.count(),
        "re-plans": Plan.objects.filter(run__base_plan__isnull=False).count(),
    }


def _next_weekday(after: datetime.date, days: int) -> datetime.date:
    day = after + datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _requests(coordinator: User, plan: Plan, count: int) -> None:
    """Schools ask for a morning in the published plan's second week; the first is booked, the last declined."""
    start = _next_weekday(max(plan.starts_on, timezone.localdate()), 7)
    sites = ServiceSite.objects.filter(is_active=True, school__isnull=False).select_related("school").order_by("id")
    made = []
    for n, site in enumerate(sites[:count]):
        contact = site.school.contact_users.first() or coordinator
        made.append(
            visit_request_create(
                user=contact,
                site=site,
                preferred_from=start,
                preferred_until=start + datetime.timedelta(days=3),
                window_start=datetime.time(7, 30),
                window_end=datetime.time(11, 0),
                students=60 + 35 * n,
                grades="3, 4, 5" if n % 2 else "1, 2",
                theme=THEMES[n % len(THEMES)],
            )
        )
    offers = slot_offers_for(request=made[0])
    if offers:
        slot_book(request=made[0], date=offers[0].date, vehicle_id=offers[0].vehicle_id, starts_at=offers[0].starts_at)
    visit_request_decline(request=made[-1], reason="Xe đã kín lịch tuần này; thư viện sẽ liên hệ để hẹn tuần sau.")


def _conflicts(coordinator: User, plan: Plan) -> None:
    """The demo crew's phone sends, offline, a loan of a copy the ledger keeps at the depot, an arrival at a visit a
    coordinator had marked skipped, and a stocktake of the bus that misses two copies."""
    vehicle = Vehicle.objects.get(plate_number="65A-001.23")
    driver = User.objects.get(username="driver")
    visits = list(
        PlannedVisit.objects.filter(route__plan=plan, route__vehicle=vehicle, status=VisitStatus.PLANNED)
        .filter(route__date__gte=timezone.localdate())
        .select_related("route")
        .order_by("route__date", "position")[:2]
    )
    if len(visits) < 2:
        return
    device = (
        Device.objects.filter(user=driver, name=PHONE_NAME).first() or device_register(user=driver, name=PHONE_NAME)[0]
    )
    at_depot = Copy.objects.filter(holder_library=vehicle.home_depot).order_by("barcode").first()
    reader = Reader.objects.order_by("card_number").first()
    on_bus = list(Copy.objects.filter(holder_vehicle=vehicle).order_by("barcode").values_list("barcode", flat=True))
    with transaction.atomic():
        visit_skip(
            visit=visits[1], reason="Trường tổ chức thi học kỳ", user=coordinator, cause="site_busy", replan=False
        )
    now = timezone.now()
    events = []
    if at_depot and reader:
        events.append(_event("lend", visits[0], now, barcode=at_depot.barcode, card_number=reader.card_number))
    events.append(_event("arrive", visits[1], now, latitude=10.03, longitude=105.78))
    if len(on_bus) > 2:
        events.append(_event("stocktake", None, now, barcodes=on_bus[2:], vehicle=vehicle.pk))
    # The demo shows the inbox as a coordinator finds it once the phone's events stopped waiting for the copy to
    # arrive (BOOKBUS["SYNC_WAIT_HOURS"] later): they are conflicts at once here.
    with override_settings(BOOKBUS={**settings.BOOKBUS, "SYNC_WAIT_HOURS": 0}):
        sync_batch_apply(device=device, events=events)


def _event(kind: str, visit, at: datetime.datetime, **data) -> dict:
    event = {"id": str(uuid.uuid4()), "kind": kind, "device_time": at.isoformat(), "data": data}
    if visit is not None:
        event["visit"] = visit.pk
    return event


def _breakdown(coordinator: User, plan: Plan, seconds: int) -> None:
    """Bus 65A-001.23 breaks down for the first two working days from tomorrow; the plan is re-planned around it."""
    vehicle = Vehicle.objects.get(plate_number="65A-001.23")
    first = _next_weekday(max(plan.starts_on, timezone.localdate()), 1)
    _closure, run = vehicle_mark_out_of_service(
        vehicle=vehicle,
        starts_on=first,
        ends_on=_next_weekday(first, 1),
        reason="Hỏng hộp số, xe vào xưởng",
        user=coordinator,
        time_limit_s=seconds,
    )
    planning_run_execute(run_id=run.pk)  # here, whether or not a worker took it already (idempotent by id)

"""A year and a half (or more: always the whole of last year) of demo history for the Cần Thơ network, so the
dashboard and growth figures mean something.

One published plan per past month: the two buses' trips on working days (no holidays; schools not in their summer
break), two or three sites a trip, most visits made and some skipped with a reason; the crews' head counts growing
about 10 % a year overall but unevenly (some sites fall behind); readers registered, books lent and returned (a few
late), rotating collections deposited and collected, copies bought and donated. Writes through the stock services,
so the ledger stays consistent. Months already loaded are left alone, so loading twice changes nothing.
"""

import datetime
import math
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from backend.crew.models import VisitReport
from backend.demo.shelves import demo_copies_bulk
from backend.places.models import Closure, ClosureKind, ServiceSite, Vehicle
from backend.planning.models import NetworkRevision, Plan, PlannedVisit, PlanRoute, PlanStatus, SkipCause, VisitStatus
from backend.stock.handover import collection_use_record
from backend.stock.holders import Holder
from backend.stock.models import CollectionStay, Copy, Loan, Reader, Record, RotatingCollection, UseSource
from backend.stock.services import (
    collection_collect,
    collection_create,
    collection_deposit,
    copy_acquire,
    loan_lend,
    loan_return,
    reader_register,
)

MONTHS = 18
SEED = 2026
PLATES = ("65A-001.23", "65A-004.56")
SKIP_REASONS = [  # (cause, the crew's words)
    (SkipCause.SITE_BUSY, "Trường tổ chức thi học kỳ"),
    (SkipCause.WEATHER, "Mưa lớn, đường vào điểm bị ngập"),
    (SkipCause.VEHICLE, "Xe hỏng giữa đường, phải quay về"),
    (SkipCause.SITE_BUSY, "Điểm phục vụ đóng cửa đột xuất"),
]
TITLES = [
    "Dế Mèn phiêu lưu ký", "Tôi thấy hoa vàng trên cỏ xanh", "Cho tôi xin một vé đi tuổi thơ", "Đất rừng phương Nam",
    "Quê nội", "Tuổi thơ dữ dội", "Kính vạn hoa", "Hạt giống tâm hồn", "Mười vạn câu hỏi vì sao", "Truyện Kiều",
    "Sống mòn", "Bỉ vỏ", "Cánh đồng bất tận", "Nhật ký Đặng Thùy Trâm", "Thép đã tôi thế đấy", "Không gia đình",
    "Hoàng tử bé", "Những tấm lòng cao cả", "Kỹ thuật trồng lúa vùng Đồng bằng sông Cửu Long", "Nuôi cá tra an toàn",
]  # fmt: skip
EVENT_NOTES = {
    "book_day": "Hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam: kể chuyện sách, đố vui, tặng sách",
    "lifelong_learning_week": "Tuần lễ hưởng ứng học tập suốt đời: giới thiệu sách kỹ năng, nông nghiệp",
}
# The demo network's closures start in 2026; the history's earlier public holidays (Tết Ất Tỵ and the rest).
EARLIER_HOLIDAYS = [
    ("2025-01-01", "2025-01-01"),
    ("2025-01-25", "2025-02-02"),
    ("2025-04-07", "2025-04-07"),
    ("2025-04-30", "2025-05-01"),
    ("2025-09-01", "2025-09-02"),
]
# Yearly growth of reader visits per site: most grow about 10 %, some stand still or shrink (they fall behind).
# Books in each of the history's rotating collections (the norm is 100–300).
COLLECTION_BOOKS = (150, 180, 220)
SITE_GROWTH = [0.15, 0.12, 0.18, 0.11, -0.06, 0.03, 0.17, 0.14]


@dataclass
class _State:
    rng: random.Random
    depot: object
    vehicles: list
    copies_on: dict = field(default_factory=dict)  # vehicle id -> available copies on the bus
    open_loans: dict = field(default_factory=dict)  # site id -> [Loan]
    readers: dict = field(default_factory=dict)  # site id -> [Reader]
    card_seq: int = 0
    stays: dict = field(default_factory=dict)  # collection id -> (collection, deposited on) while deposited
    collections: list = field(default_factory=list)
    cursors: dict = field(default_factory=dict)  # pool name -> next site: sites come round in turn, as planned

    def next_stops(self, name: str, pool: list, k: int) -> list:
        at = self.cursors.get(name, 0)
        self.cursors[name] = at + k
        return [pool[(at + i) % len(pool)] for i in range(min(k, len(pool)))]


def _event(day: datetime.date) -> str | None:
    if day.month == 4 and 14 <= day.day <= 25:
        return "book_day"
    if day.month == 10 and day.day <= 7:
        return "lifelong_learning_week"
    return None


def _km(a, b) -> float:
    """Road distance ≈ 1.3 × the straight line (DOMAIN.md), in metres."""
    lat = math.radians((a.latitude + b.latitude) / 2)
    dx = (b.longitude - a.longitude) * 111_320 * math.cos(lat)
    dy = (b.latitude - a.latitude) * 110_540
    return 1.3 * math.hypot(dx, dy)


def _aware(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, at))


@transaction.atomic
def demo_history_load(*, today: datetime.date | None = None, months: int | None = None, seed: int = SEED) -> dict:
    """Load history from ``months`` months back up to yesterday; return counts of what was added. By default 18
    months, and at least from 1 January last year. Needs the demo network (``places.demo.demo_load``); without its
    buses nothing is loaded."""
    today = today or timezone.localdate()
    vehicles = list(Vehicle.objects.filter(plate_number__in=PLATES).select_related("home_depot").order_by("id"))
    if not vehicles:
        return {"months": 0}
    sites = list(ServiceSite.objects.filter(is_active=True).select_related("library", "school").order_by("id"))
    loaded = {p.stats.get("demo_history") for p in Plan.objects.filter(stats__has_key="demo_history")}
    state = _State(rng=random.Random(seed), depot=vehicles[0].home_depot, vehicles=vehicles)
    _restore(state, sites)
    first = today.replace(day=1)
    for _ in range(months or MONTHS):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    if months is None:
        # The whole of last year too, so this year's figures to date have last year's to compare with.
        first = min(first, datetime.date(today.year - 1, 1, 1))
    counts = {"months": 0, "visits": 0, "loans": 0}
    month = first
    while month < today:
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        if f"{month:%Y-%m}" not in loaded:
            state.rng = random.Random(f"{seed}-{month:%Y-%m}")
            visits, loans = _load_month(state, sites, month, min(following, today) - datetime.timedelta(days=1), first)
            counts["months"] += 1
            counts["visits"] += visits
            counts["loans"] += loans
        month = following
    return counts


def _restore(state: _State, sites: list) -> None:
    """Pick up where an earlier load stopped: the buses' copies, open loans, readers, collections out."""
    for vehicle in state.vehicles:
        state.copies_on[vehicle.id] = list(Copy.objects.filter(holder_vehicle=vehicle, status="available"))
    for loan in Loan.objects.filter(returned_at=None, reader__card_number__startswith="DEMO-"):
        state.open_loans.setdefault(loan.site_id, []).append(loan)
    for reader in Reader.objects.filter(card_number__startswith="DEMO-"):
        state.readers.setdefault(reader.site_id, []).append(reader)
    state.card_seq = Reader.objects.filter(card_number__startswith="DEMO-").count()
    state.collections = list(RotatingCollection.objects.filter(code__startswith="DEMO-LC-"))
    for stay in CollectionStay.objects.filter(collected_on=None, collection__code__startswith="DEMO-LC-"):
        state.stays[stay.collection_id] = (stay.collection, stay.deposited_on)


def _closed_days(start: datetime.date, end: datetime.date) -> tuple[set, set]:
    holidays, breaks = set(), set()
    for closure in Closure.objects.filter(kind__in=[ClosureKind.HOLIDAY, ClosureKind.SCHOOL_BREAK],
                                          starts_on__lte=end, ends_on__gte=start):  # fmt: skip
        day = closure.starts_on
        while day <= closure.ends_on:
            (holidays if closure.kind == ClosureKind.HOLIDAY else breaks).add(day)
            day += datetime.timedelta(days=1)
    for first, last in EARLIER_HOLIDAYS:
        day, last = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        while day <= last:
            holidays.add(day)
            day += datetime.timedelta(days=1)
    return holidays, breaks


def _load_month(state: _State, sites: list, start: datetime.date, end: datetime.date, origin) -> tuple[int, int]:
    rng = state.rng
    revision = NetworkRevision.objects.filter(pk=1).values_list("value", flat=True).first() or 0
    plan = Plan.objects.create(
        starts_on=start,
        ends_on=end,
        status=PlanStatus.PUBLISHED,
        network_revision=revision,
        stats={"demo_history": f"{start:%Y-%m}"},
        published_at=_aware(start, datetime.time(8, 0)),
    )
    _acquire(state, start)
    holidays, breaks = _closed_days(start, end)
    schools = [s for s in sites if s.school_id]
    community = [s for s in sites if not s.school_id]
    visits = loans = 0
    day = start
    while day <= end:
        if day.weekday() < 5 and day not in holidays:
            summer = day in breaks or not schools
            pool = community if summer else schools + community
            for vehicle in state.vehicles:
                if rng.random() < 0.05:  # a day in the garage or at the depot
                    continue
                stops = state.next_stops("summer" if summer else "term", pool, 3 if _event(day) else 2)
                made, lent = _trip(state, plan, vehicle, day, stops, origin)
                visits += made
                loans += lent
        day += datetime.timedelta(days=1)
    plan.distance_m = sum(plan.routes.values_list("distance_m", flat=True))
    plan.save(update_fields=["distance_m", "updated_at"])
    _rotate(state, community, start, end)
    return visits, loans


def _trip(state: _State, plan, vehicle, day, stops, origin) -> tuple[int, int]:
    rng = state.rng
    depot = vehicle.home_depot
    slots = [(datetime.time(7, 45), datetime.time(10, 0)), (datetime.time(13, 30), datetime.time(15, 45)),
             (datetime.time(15, 50), datetime.time(16, 50))]  # fmt: skip
    legs = [_km(depot, stops[0])] + [_km(a, b) for a, b in zip(stops, stops[1:], strict=False)]
    route = PlanRoute.objects.create(
        plan=plan,
        vehicle=vehicle,
        date=day,
        starts_at=datetime.time(7, 0),
        ends_at=datetime.time(17, 0),
        distance_m=int(sum(legs) + _km(stops[-1], depot)),
    )
    made = lent = 0
    for position, (site, (begins, ends), leg) in enumerate(zip(stops, slots, legs, strict=False)):
        skipped = rng.random() < 0.06
        cause, reason = rng.choice(SKIP_REASONS) if skipped else ("", "")
        visit = PlannedVisit.objects.create(
            route=route,
            position=position,
            key=f"history:{site.id}:{day:%Y%m%d}",
            site=site,
            arrives_at=begins,
            starts_at=begins,
            departs_at=ends,
            distance_m=int(leg),
            status=VisitStatus.SKIPPED if skipped else VisitStatus.DONE,
            skip_cause=cause,
            skip_reason=reason,
        )
        if skipped:
            continue
        made += 1
        _report(state, visit, site, day, begins, ends, origin)
        lent += _lend_and_take_back(state, vehicle, visit, site, day, begins)
    return made, lent


def _report(state: _State, visit, site, day, begins, ends, origin) -> None:
    rng = state.rng
    growth = SITE_GROWTH[site.id % len(SITE_GROWTH)]
    factor = (1 + growth) ** ((day - origin).days / 365)
    event = _event(day)
    boost = 1.5 if event else 1.0
    if site.school_id:
        students, adults = rng.randint(70, 130), rng.randint(2, 8)
    else:
        students, adults = rng.randint(10, 30), rng.randint(20, 45)
    students, adults = round(students * factor * boost), round(adults * factor * boost)
    groups = site.priority_groups
    # Children are most of the school pupils (upper secondary pupils are not) and the children at community sites.
    upper_secondary = site.school_id and site.school.level == "upper_secondary"
    VisitReport.objects.create(
        visit=visit,
        arrived_at=_aware(day, begins) + datetime.timedelta(minutes=rng.randint(-5, 20)),
        left_at=_aware(day, ends) + datetime.timedelta(minutes=rng.randint(-15, 10)),
        students=students,
        adults=adults,
        children=0 if upper_secondary else students,
        elderly=round(adults * (0.5 if "elderly" in groups else 0.2)) if not site.school_id else 0,
        disabled=rng.randint(0, 2),
        ethnic_minority=round((students + adults) * rng.uniform(0.2, 0.4)) if "ethnic_minority" in groups else 0,
        # About two document uses per reader visit: most of them books read on the bus and at the point.
        reading_uses=round((students + adults) * rng.uniform(1.5, 2.0)),
        digital_uses=rng.randint(5, 25),
        activity_note=EVENT_NOTES[event] if event else "",
        host_name="",
        host_confirmed=True,
    )


def _acquire(state: _State, month: datetime.date) -> None:
    """Each month the library buys some books for the buses and receives some as gifts."""
    rng = state.rng
    for index in range(rng.randint(10, 16)):
        title = TITLES[rng.randrange(len(TITLES))]
        record = Record.objects.filter(title=title).first() or Record.objects.create(title=title)
        vehicle = state.vehicles[index % len(state.vehicles)]
        donated = rng.random() < 0.3
        copy = copy_acquire(
            record=record,
            barcode=f"DEMO{month:%Y%m}{index:03d}",
            vehicle=vehicle,
            at=_aware(month, datetime.time(9, 0)),
            acquired_on=month,
            source="donation" if donated else "purchase",
            donor="Hội Khuyến học thành phố" if donated else "",
        )
        state.copies_on.setdefault(vehicle.id, []).append(copy)


def _lend_and_take_back(state: _State, vehicle, visit, site, day, begins) -> int:
    rng = state.rng
    at = _aware(day, begins) + datetime.timedelta(minutes=30)
    for loan in list(state.open_loans.get(site.id, [])):
        if rng.random() < 0.85:  # the rest come back late, at a later visit, or stay out (overdue)
            loan_return(loan=loan, to=Holder.vehicle(vehicle), site=site, visit=visit, at=at)
            state.open_loans[site.id].remove(loan)
            state.copies_on.setdefault(vehicle.id, []).append(loan.copy)
    readers = state.readers.setdefault(site.id, [])
    for _ in range(rng.randint(0, 2)):
        state.card_seq += 1
        readers.append(
            reader_register(
                card_number=f"DEMO-{state.card_seq:05d}",
                full_name=f"Bạn đọc {state.card_seq}",
                site=site,
                at=at - datetime.timedelta(minutes=10),
            )  # fmt: skip
        )
    busy = {loan.reader_id for loan in state.open_loans.get(site.id, [])}
    free = [r for r in readers if r.id not in busy]
    shelf = state.copies_on.get(vehicle.id, [])
    lent = 0
    for reader in rng.sample(free, k=min(len(free), rng.randint(1, 4), len(shelf))):
        copy = shelf.pop(rng.randrange(len(shelf)))
        # Due at the next visit: sites come round about every six to eight weeks in term time.
        loan = loan_lend(copy=copy, reader=reader, site=site, visit=visit, at=at,
                         due_on=day + datetime.timedelta(days=56))  # fmt: skip
        state.open_loans.setdefault(site.id, []).append(loan)
        lent += 1
    return lent


def _rotate(state: _State, community: list, start: datetime.date, end: datetime.date) -> None:
    """Three rotating collections circulate among the community sites, staying about two months each."""
    if not community:
        return
    while len(state.collections) < 3:
        n = len(state.collections) + 1
        records = []
        for index in range(10):
            # Ten titles in 12–20 copies each: only titles held in at least 3 copies may rotate (Circular 05/2022).
            title = TITLES[(n * 5 + index) % len(TITLES)]
            records.append(Record.objects.filter(title=title).first() or Record.objects.create(title=title))
        copies = demo_copies_bulk(prefix=f"DEMO-LC{n}-", count=COLLECTION_BOOKS[n - 1],
                                  holder=Holder.library(state.depot), acquired_on=start, records=records)  # fmt: skip
        state.collections.append(
            collection_create(
                code=f"DEMO-LC-{n:02d}",
                name=f"Tủ sách luân chuyển {n:02d}",
                library=state.depot,
                reading_level="all",
                box_labels=["Thùng 1", "Thùng 2"],
                copies=copies,
            )  # fmt: skip
        )
    for index, collection in enumerate(state.collections):
        day = start + datetime.timedelta(days=3 + 7 * index)
        if day > end:
            continue
        if collection.id in state.stays:
            _, since = state.stays[collection.id]
            if (day - since).days >= 55:
                stay = collection_collect(collection=collection, to=Holder.library(state.depot),
                                          at=_aware(day, datetime.time(9, 0))).stay  # fmt: skip
                # The point's own count of uses while it had the books: one to three per book.
                collection_use_record(stay=stay, reading_uses=round(stay.copies_deposited * state.rng.uniform(1, 3)),
                                      source=UseSource.POINT)  # fmt: skip
                del state.stays[collection.id]
        else:
            site = community[state.rng.randrange(len(community))]
            if site.library_id and site.id not in _deposited_sites(state):
                collection_deposit(collection=collection, site=site, at=_aware(day, datetime.time(9, 0)),
                                   received_by_name="Cán bộ văn hóa xã")  # fmt: skip
                state.stays[collection.id] = (collection, day)


def _deposited_sites(state: _State) -> set:
    return set(CollectionStay.objects.filter(collected_on=None).values_list("site_id", flat=True))

"""Demo events and a donation drive, so that the console's event and drive pages and the reports' event figures are
not empty: the last Book Day (21/4) and Lifelong Learning Week (1–7/10) before today, planned on the history's
sessions and reported, and a spring book drive with persons and an organisation whose books entered the depot.

Loading twice changes nothing: each event and the drive are looked up by name first, donors by name, copies by
barcode.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.outreach.donations import DonatedItem, donation_receive, donor_create, drive_create
from backend.outreach.events import event_create, event_plan_visits, event_report
from backend.outreach.models import DonationDrive, Donor, DonorKind, Event
from backend.places.models import Library, LibraryKind, ServiceSite
from backend.planning.models import PlannedVisit, PlanStatus
from backend.stock.catalogue.titles import demo_isbn
from backend.stock.models import Copy, Record

# name, kind, first day (month, day), days, activities, participants (all, children, elderly, disabled, ethnic)
EVENTS = [
    ("Hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam", "book_day", (4, 20), 5,
     ["storytelling", "contest", "reading_club"], (1_860, 1_420, 95, 12, 64)),
    ("Tuần lễ hưởng ứng học tập suốt đời", "lifelong_week", (10, 1), 7,
     ["reading_club", "film", "storytelling"], (1_240, 610, 180, 20, 85)),
]  # fmt: skip
# Donors: a person's name in Vietnamese order, or an organisation; gifts as (month, day, copies, catalogued now).
DONORS = [
    ("person", "Trần Văn Hùng", [(3, 9, 45, 6), (4, 6, 20, 0)]),
    ("person", "Nguyễn Thị Bích Ngọc", [(3, 16, 12, 4)]),
    ("person", "Lê Minh Tâm", [(4, 2, 8, 2)]),
    ("organisation", "Công ty Cổ phần Sách Phương Nam – Chi nhánh Cần Thơ", [(3, 23, 300, 12)]),
    ("organisation", "Đoàn Thanh niên phường Ninh Kiều", [(4, 13, 150, 6)]),
]


def _last(today: datetime.date, month: int, day: int) -> datetime.date:
    this_year = datetime.date(today.year, month, day)
    return this_year if this_year < today else datetime.date(today.year - 1, month, day)


def _sites_served(first: datetime.date, last: datetime.date, count: int = 4) -> list[ServiceSite]:
    """Sites the history served on the days (schools first), else any active sites."""
    ids = list(
        PlannedVisit.objects.filter(route__plan__status=PlanStatus.PUBLISHED, route__date__range=(first, last))
        .order_by("site__school_id", "route__date", "site_id")
        .values_list("site_id", flat=True)
    )
    chosen = list(dict.fromkeys(ids))[:count]
    if chosen:
        return list(ServiceSite.objects.filter(pk__in=chosen))
    return list(ServiceSite.objects.filter(is_active=True).order_by("pk")[:count])


def _events(today: datetime.date, coordinator: User) -> int:
    made = 0
    for name, kind, (month, day), days, activities, figures in EVENTS:
        first = _last(today, month, day)
        last = first + datetime.timedelta(days=days - 1)
        full_name = f"{name} {first.year}"
        if Event.objects.filter(name=full_name).exists():
            continue
        sites = _sites_served(first, last)
        if not sites:
            continue
        event = event_create(sites=sites, kind=kind, name=full_name, starts_on=first, ends_on=last,
                             activities=activities, expected_participants=figures[0])  # fmt: skip
        event_plan_visits(event=event, by=coordinator, today=today)
        total, children, elderly, disabled, ethnic = figures
        event_report(
            event=event, by=coordinator, today=today, participants_total=total, participants_children=children,
            participants_elderly=elderly, participants_disabled=disabled, participants_ethnic_minority=ethnic,
            activities=activities, notes="Kể chuyện theo sách, thi vẽ tranh theo sách, giới thiệu sách mới.",
        )  # fmt: skip
        made += 1
    return made


def _donor(kind: str, name: str) -> Donor:
    if kind == DonorKind.ORGANISATION:
        found = Donor.objects.filter(kind=kind, organisation=name).first()
        return found or donor_create(kind=kind, organisation=name)
    family, *rest = name.split()
    found = Donor.objects.filter(kind=kind, family_name=family, given_name=rest[-1]).first()
    return found or donor_create(kind=kind, full_name=name)


def _drive(today: datetime.date, depot: Library, coordinator: User) -> int:
    year = _last(today, 4, 30).year
    name = f"Tủ sách cho em {year}"
    if DonationDrive.objects.filter(name=name).exists():
        return 0
    drive = drive_create(
        name=name, starts_on=datetime.date(year, 3, 1), ends_on=datetime.date(year, 4, 30), library=depot,
        organiser="Thư viện thành phố Cần Thơ phối hợp Đoàn Thanh niên phường Ninh Kiều",
        notes="Sách nhận được bổ sung vào kho và luân chuyển theo xe thư viện.",
    )  # fmt: skip
    records = list(Record.objects.filter(isbn__in=[demo_isbn(n) for n in range(1, 41)]).order_by("pk"))
    serial = 0
    for kind, donor_name, gifts in DONORS:
        donor = _donor(kind, donor_name)
        for month, day, copies, catalogued in gifts:
            items = []
            for _n in range(catalogued if records else 0):
                serial += 1
                barcode = f"QG{year}{serial:04d}"
                if not Copy.objects.filter(barcode=barcode).exists():
                    record = records[serial % len(records)]
                    items.append(DonatedItem(barcode=barcode, isbn=record.isbn))
            donation_receive(drive=drive, donor=donor, received_on=datetime.date(year, month, day), copies=copies,
                             items=items, by=coordinator, notes="")  # fmt: skip
    return 1


@transaction.atomic
def demo_outreach_load(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    depot = Library.objects.filter(kind=LibraryKind.PUBLIC, is_active=True).order_by("pk").first()
    coordinator = User.objects.filter(username="coordinator").first()
    if depot is None or coordinator is None:
        return {}
    return {"events": _events(today, coordinator), "donation drives": _drive(today, depot, coordinator)}

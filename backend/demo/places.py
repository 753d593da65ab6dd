"""The Cần Thơ demo network: the city library's mobile library bus and the schools and communes it serves.

Every step matches existing rows by a natural key and writes only what differs, so loading twice changes nothing.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from backend.accounts.models import Role, User
from backend.accounts.services import user_create
from backend.core.services import model_create, model_update
from backend.places import services
from backend.places.models import (
    Closure,
    ClosureKind,
    Commune,
    CrewRole,
    Library,
    LibraryKind,
    Lodging,
    School,
    ServiceSite,
    Vehicle,
)

DEMO_FILE = Path(__file__).with_name("data") / "can_tho.json"
CAN_THO = 92
DEMO_PASSWORD = "bookbus-demo"

_SITE_LIBRARY_KINDS = {
    "cultural_house": LibraryKind.COMMUNE,
    "commune_library": LibraryKind.COMMUNE,
    "learning_centre": LibraryKind.LEARNING_CENTRE,
    "private_library": LibraryKind.PRIVATE,
    "post_office_point": LibraryKind.POST_OFFICE,
}


def _t(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _windows(days: range | list[int], *spans: tuple[str, str]) -> list[dict]:
    return [{"weekday": d, "opens_at": _t(a), "closes_at": _t(b)} for d in days for a, b in spans]


WEEKDAYS = range(0, 5)
SCHOOL_WINDOWS = _windows(WEEKDAYS, ("07:00", "11:15"), ("13:30", "16:45"))
SCHOOL_WINDOWS_WITH_SATURDAY = SCHOOL_WINDOWS + _windows([5], ("07:00", "11:00"))
COMMUNITY_WINDOWS = {
    # Cultural houses open late afternoons and weekends; learning centres keep office hours and Saturday mornings.
    "cultural_house": _windows(range(1, 5), ("14:30", "17:00"))
    + _windows([5, 6], ("07:30", "11:00"), ("14:00", "17:00")),
    "commune_library": _windows(WEEKDAYS, ("07:30", "11:00"), ("14:00", "16:30")) + _windows([5], ("07:30", "11:00")),
    "learning_centre": _windows(WEEKDAYS, ("08:00", "11:00"), ("14:00", "16:30")) + _windows([5], ("07:30", "11:00")),
    "private_library": _windows([5, 6], ("07:30", "11:00"), ("14:00", "17:00")),
    "post_office_point": _windows(range(0, 6), ("07:30", "11:00"), ("13:30", "16:30")),
}
READING_DAYS = [
    # Book and Reading Culture Day (21/4) and Lifelong Learning Week (from 1/10): visits come more often.
    {
        "name": "Ngày Sách và Văn hóa đọc Việt Nam",
        "start_month": 4,
        "start_day": 14,
        "end_month": 4,
        "end_day": 25,
        "closed": False,
        "target_interval_days": 7,
    },
    {
        "name": "Tuần lễ hưởng ứng học tập suốt đời",
        "start_month": 10,
        "start_day": 1,
        "end_month": 10,
        "end_day": 7,
        "closed": False,
        "target_interval_days": 7,
    },
]
SUMMER = {
    "name": "Nghỉ hè",
    "start_month": 6,
    "start_day": 1,
    "end_month": 8,
    "end_day": 31,
    "closed": False,
    "target_interval_days": 14,
}

HOLIDAYS = [
    ("Tết Dương lịch 2026", "2026-01-01", "2026-01-01"),
    ("Tết Nguyên đán Bính Ngọ", "2026-02-14", "2026-02-22"),
    ("Giỗ Tổ Hùng Vương 2026", "2026-04-26", "2026-04-26"),
    ("Ngày Giải phóng miền Nam và Quốc tế Lao động 2026", "2026-04-30", "2026-05-01"),
    ("Quốc khánh 2026", "2026-09-01", "2026-09-02"),
    ("Tết Dương lịch 2027", "2027-01-01", "2027-01-01"),
    ("Tết Nguyên đán Đinh Mùi", "2027-02-04", "2027-02-12"),
    ("Giỗ Tổ Hùng Vương 2027", "2027-04-16", "2027-04-16"),
    ("Ngày Giải phóng miền Nam và Quốc tế Lao động 2027", "2027-04-30", "2027-05-01"),
    ("Quốc khánh 2027", "2027-09-01", "2027-09-02"),
]
SCHOOL_BREAKS = [
    ("Nghỉ hè 2025", "2025-06-01", "2025-08-31"),
    ("Nghỉ hè 2026", "2026-06-01", "2026-08-31"),
    ("Nghỉ hè 2027", "2027-06-01", "2027-08-31"),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str


DEMO_USERS = [
    DemoUser("admin", "Quản trị", "Hệ thống", Role.ADMIN),
    DemoUser("coordinator", "Lan", "Nguyễn Thị", Role.COORDINATOR),
    DemoUser("driver", "Hùng", "Trần Văn", Role.DRIVER_LIBRARIAN),
    DemoUser("librarian1", "Mai", "Lê Thị", Role.DRIVER_LIBRARIAN),
    DemoUser("librarian2", "Tuấn", "Phạm Minh", Role.DRIVER_LIBRARIAN),
    DemoUser("driver2", "Phúc", "Võ Hoàng", Role.DRIVER_LIBRARIAN),
    DemoUser("librarian3", "Hoa", "Huỳnh Thị", Role.DRIVER_LIBRARIAN),
    DemoUser("librarian4", "Khoa", "Đỗ Anh", Role.DRIVER_LIBRARIAN),
]
SCHOOL_CONTACT_USERNAME = "school"


@transaction.atomic
def demo_load(*, path: Path = DEMO_FILE) -> dict[str, int]:
    """Load the Cần Thơ demo network and its demo users; return counts of what exists afterwards."""
    data = json.loads(path.read_text(encoding="utf-8"))
    services.administrative_units_load()
    communes = {c.code: c for c in Commune.objects.filter(province__code=data["province_code"])}
    for item in data["communes"]:
        services.commune_set_location(commune=communes[item["code"]], latitude=item["lat"], longitude=item["lng"])

    depot = _upsert(
        Library,
        {"name": data["depot"]["name"]},
        {
            "kind": LibraryKind.PUBLIC,
            "address": data["depot"]["address"],
            "commune": communes[data["depot"]["commune_code"]],
            "latitude": data["depot"]["lat"],
            "longitude": data["depot"]["lng"],
            "phone": data["depot"]["phone"],
            "email": data["depot"]["email"],
        },
    )
    first_school = None
    for index, item in enumerate(data["schools"]):
        school = _load_school(item, communes[item["commune_code"]], index)
        first_school = first_school or school
    for index, item in enumerate(data["community_sites"]):
        _load_community_site(item, communes[item["commune_code"]], index)

    users = {u.username: _upsert_user(u) for u in DEMO_USERS}
    _upsert_user(DemoUser(SCHOOL_CONTACT_USERNAME, "Thảo", "Ngô Thị", Role.SCHOOL_CONTACT), school=first_school)
    _load_vehicle(
        "65A-001.23",
        "Xe thư viện lưu động số 1",
        depot,
        [
            (users["driver"], CrewRole.DRIVER),
            (users["librarian1"], CrewRole.LIBRARIAN),
            (users["librarian2"], CrewRole.LIBRARIAN),
        ],
    )
    _load_vehicle(
        "65A-004.56",
        "Xe thư viện lưu động số 2",
        depot,
        [
            (users["driver2"], CrewRole.DRIVER),
            (users["librarian3"], CrewRole.LIBRARIAN),
            (users["librarian4"], CrewRole.LIBRARIAN),
        ],
    )
    _load_closures()
    for item in data.get("lodgings", []):
        _load_lodging(item, communes[item["commune_code"]])
    return {
        "communes": len(data["communes"]),
        "schools": School.objects.count(),
        "sites": ServiceSite.objects.count(),
        "vehicles": Vehicle.objects.count(),
        "lodgings": Lodging.objects.count(),
        "users": User.objects.count(),
    }


def _load_lodging(item: dict, commune: Commune) -> Lodging:
    """A place in a far commune where a crew may spend the night. The demo's buses come back every evening (the
    farthest commune is about 50 km from the library); a run that lets a bus stay out two days can use it."""
    values = {
        "address": item["address"],
        "latitude": item["lat"],
        "longitude": item["lng"],
        "phone": item["phone"],
        "cost_per_night": item["cost_per_night"],
    }
    return _upsert(Lodging, {"name": item["name"], "commune": commune}, values)


def _upsert(model, lookup: dict, values: dict):
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model_create(model, {**lookup, **values})
    return model_update(instance, values)


# Communes of the demo with Khmer communities (Circular 05/2022 puts ethnic minorities first).
KHMER_COMMUNES = ("Thới Lai", "Trường Xuân", "Cờ Đỏ", "Thạnh Phú")


def _priority_groups(item: dict, commune: Commune, remote: bool, index: int) -> list[str]:
    groups = ["disadvantaged_area"] if remote else []
    if any(name in commune.name for name in KHMER_COMMUNES):
        groups.append("ethnic_minority")
    if "school_level" not in item and "level" not in item and index % 4 == 0:
        groups.append("elderly")  # a cultural house with an elderly people's reading club
    return groups


def _site_values(item: dict, commune: Commune, index: int) -> dict:
    # A few places far from the depot get a higher priority, as the rules favour remote and disadvantaged areas.
    remote = commune.longitude is not None and commune.longitude < 105.5
    return {
        "commune": commune,
        "address": item["address"],
        "latitude": item["lat"],
        "longitude": item["lng"],
        "priority": 4 if remote else 3,
        "priority_groups": _priority_groups(item, commune, remote, index),
        # What two buses making two or three stops a working day can keep up with across 138 sites: about every
        # eight weeks (ten for every third site), so the coverage map is mostly on time and shows the few late.
        "target_interval_days": 56 if index % 3 else 70,
    }


def _load_school(item: dict, commune: Commune, index: int) -> School:
    library = _upsert(
        Library,
        {"name": f"Thư viện {item['name']}"},
        {
            "kind": LibraryKind.SCHOOL,
            "address": item["address"],
            "commune": commune,
            "latitude": item["lat"],
            "longitude": item["lng"],
            "contact_name": item["contact_name"],
            "phone": item["contact_phone"],
        },
    )
    school = _upsert(
        School,
        {"name": item["name"]},
        {
            "level": item["level"],
            "students": item["students"],
            "commune": commune,
            "address": item["address"],
            "library": library,
        },
    )
    contact = {"name": item["contact_name"], "title": item["contact_role"], "phone": item["contact_phone"], "email": ""}
    if list(school.contacts.values("name", "title", "phone", "email")) != [contact]:
        services.school_update(school=school, data={}, contacts=[contact])
    windows = SCHOOL_WINDOWS_WITH_SATURDAY if index % 5 == 0 else SCHOOL_WINDOWS
    minutes = 90 if item["level"] == "primary" else 120
    _upsert_site(
        item["name"],
        {
            **_site_values(item, commune, index),
            "school": school,
            "library": library,
            "visit_minutes": minutes,
            "setup_minutes": 20,
        },
        windows,
        READING_DAYS,
    )
    return school


def _load_community_site(item: dict, commune: Commune, index: int) -> None:
    library = _upsert(
        Library,
        {"name": item["name"]},
        {
            "kind": _SITE_LIBRARY_KINDS[item["kind"]],
            "address": item["address"],
            "commune": commune,
            "latitude": item["lat"],
            "longitude": item["lng"],
            "contact_name": item["contact_name"],
            "phone": item["contact_phone"],
        },
    )
    _upsert_site(
        item["name"],
        {**_site_values(item, commune, index), "library": library, "visit_minutes": 150, "setup_minutes": 20},
        COMMUNITY_WINDOWS[item["kind"]],
        [SUMMER, *READING_DAYS],
    )


def _upsert_site(name: str, values: dict, windows: list[dict], overrides: list[dict]) -> ServiceSite:
    site = ServiceSite.objects.filter(name=name).first()
    if site is None:
        return services.site_create(name=name, windows=windows, seasonal_overrides=overrides, **values)
    same_windows = list(site.windows.values("weekday", "opens_at", "closes_at")) == windows
    same_overrides = list(site.seasonal_overrides.values(*overrides[0])) == overrides
    return services.site_update(
        site=site,
        data=values,
        windows=None if same_windows else windows,
        seasonal_overrides=None if same_overrides else overrides,
    )


def _upsert_user(demo: DemoUser, school: School | None = None) -> User:
    user = User.objects.filter(username=demo.username).first()
    values = {
        # Stored family, middle and given as Vietnamese write them: "Trần Văn" + "Hùng" -> Trần / Văn / Hùng.
        "first_name": demo.first_name,
        "last_name": demo.last_name.split(" ", 1)[0],
        "middle_name": demo.last_name.split(" ", 1)[1] if " " in demo.last_name else "",
        "role": demo.role,
        "school": school,
        "email": f"{demo.username}@bookbus.demo",
    }
    if user is None:
        admin = demo.role == Role.ADMIN
        return user_create(username=demo.username, password=DEMO_PASSWORD, is_staff=admin, is_superuser=admin, **values)
    return model_update(user, values)


def _load_vehicle(plate: str, name: str, depot: Library, crew: list[tuple[User, str]]) -> Vehicle:
    vehicle = Vehicle.objects.filter(plate_number=plate).first()
    values = {"name": name, "home_depot": depot, "capacity_books": 3500, "capacity_boxes": 14, "average_speed_kmh": 35}
    wanted = [{"user": user, "crew_role": role} for user, role in crew]
    if vehicle is None:
        return services.vehicle_create(plate_number=plate, crew=wanted, **values)
    current = [{"user": a.user, "crew_role": a.crew_role} for a in vehicle.crew_assignments.order_by("id")]
    return services.vehicle_update(vehicle=vehicle, data=values, crew=None if current == wanted else wanted)


def _load_closures() -> None:
    for kind, rows in ((ClosureKind.HOLIDAY, HOLIDAYS), (ClosureKind.SCHOOL_BREAK, SCHOOL_BREAKS)):
        for name, starts, ends in rows:
            _upsert(
                Closure,
                {"name": name},
                {
                    "kind": kind,
                    "starts_on": datetime.date.fromisoformat(starts),
                    "ends_on": datetime.date.fromisoformat(ends),
                },
            )

import datetime

import factory
from factory.django import DjangoModelFactory

from backend.accounts.models import User
from backend.places.models import (
    Closure,
    Commune,
    CrewAssignment,
    Library,
    OpeningWindow,
    Province,
    School,
    ServiceSite,
    Vehicle,
)


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = 92
    name = "Thành phố Cần Thơ"
    division_type = "thành phố trung ương"
    codename = "can_tho"


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune

    code = factory.Sequence(lambda n: 90000 + n)
    name = factory.Sequence(lambda n: f"Phường Ninh Kiều {n}")
    kind = "phuong"
    province = factory.SubFactory(ProvinceFactory)
    codename = factory.Sequence(lambda n: f"ninh_kieu_{n}")
    latitude = 10.03
    longitude = 105.78


class LibraryFactory(DjangoModelFactory):
    class Meta:
        model = Library

    name = factory.Sequence(lambda n: f"Thư viện xã {n}")
    kind = "commune"
    commune = factory.SubFactory(CommuneFactory)
    latitude = factory.Sequence(lambda n: 10.0 + (n % 50) * 0.004)
    longitude = factory.Sequence(lambda n: 105.6 + (n % 40) * 0.005)


class DepotFactory(LibraryFactory):
    name = factory.Sequence(lambda n: f"Thư viện thành phố Cần Thơ {n}")
    kind = "public"
    latitude = 10.033
    longitude = 105.783


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Trường Tiểu học Đoàn Thị Điểm {n}")
    level = "primary"
    students = 600
    commune = factory.SubFactory(CommuneFactory)


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = ServiceSite
        skip_postgeneration_save = True

    name = factory.LazyAttribute(lambda o: o.school.name if o.school else f"Nhà văn hóa {o.library.name}")
    school = factory.SubFactory(SchoolFactory)
    library = None
    commune = factory.SelfAttribute("school.commune")
    latitude = factory.Sequence(lambda n: 10.0 + (n % 50) * 0.004)
    longitude = factory.Sequence(lambda n: 105.6 + (n % 40) * 0.005)

    @factory.post_generation
    def windows(site, create, extracted, **kwargs):
        spans = extracted if extracted is not None else [(d, "07:00", "11:15") for d in range(5)]
        for weekday, opens, closes in spans:
            OpeningWindow.objects.create(
                site=site,
                weekday=weekday,
                opens_at=datetime.time.fromisoformat(opens),
                closes_at=datetime.time.fromisoformat(closes),
            )


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Lan"
    last_name = "Nguyễn"
    role = "coordinator"
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save()


class VehicleFactory(DjangoModelFactory):
    class Meta:
        model = Vehicle
        skip_postgeneration_save = True

    plate_number = factory.Sequence(lambda n: f"65A-{n:03d}.{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Xe thư viện số {n}")
    home_depot = factory.SubFactory(DepotFactory)

    @factory.post_generation
    def crew(vehicle, create, extracted, **kwargs):
        for index, user in enumerate(extracted or []):
            CrewAssignment.objects.create(vehicle=vehicle, user=user, crew_role="driver" if index == 0 else "librarian")


class ClosureFactory(DjangoModelFactory):
    class Meta:
        model = Closure

    kind = "site"
    name = "Sửa chữa hội trường"
    starts_on = datetime.date(2026, 12, 1)
    ends_on = datetime.date(2026, 12, 5)


# --- Catalogue and stock (issue 3) ---
from django.utils import timezone  # noqa: E402

from backend.stock.models import (  # noqa: E402
    Copy,
    Reader,  # noqa: E402
    Record,
)


class RecordFactory(DjangoModelFactory):
    class Meta:
        model = Record

    title = factory.Sequence(lambda n: f"Dế Mèn phiêu lưu ký {n}")
    authors = "Tô Hoài"
    publisher = "NXB Kim Đồng"
    year = 2020
    reading_level = "children"


class CopyFactory(DjangoModelFactory):
    """A copy acquired into ``library`` (or onto ``vehicle``) through the ledger, so the ledger stays whole."""

    class Meta:
        model = Copy

    record = factory.SubFactory(RecordFactory)
    barcode = factory.Sequence(lambda n: f"BB{n:07d}")
    library = factory.SubFactory(DepotFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from backend.stock.services import copy_acquire

        return copy_acquire(**kwargs)


class ReaderFactory(DjangoModelFactory):
    class Meta:
        model = Reader

    card_number = factory.Sequence(lambda n: f"BD-{n:05d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn An {n}")
    registered_at = factory.LazyFunction(timezone.now)


def rotatable_copies(library, titles: int):
    """One copy of each of ``titles`` titles, each title held in 3 copies (the least that may rotate)."""
    members = []
    for _ in range(titles):
        first = CopyFactory(library=library)
        CopyFactory(library=library, record=first.record)
        CopyFactory(library=library, record=first.record)
        members.append(first)
    return members


# --- planning rows made directly (no solver), for the phone API (issue 6) ---------------------------------

from backend.planning.models import Plan, PlannedVisit, PlanRoute  # noqa: E402


class PublishedPlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    starts_on = factory.LazyFunction(lambda: datetime.date.today())
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=27))
    status = "published"
    network_revision = 0


class PlanRouteFactory(DjangoModelFactory):
    class Meta:
        model = PlanRoute

    plan = factory.SubFactory(PublishedPlanFactory)
    vehicle = factory.SubFactory(VehicleFactory)
    date = factory.LazyAttribute(lambda o: o.plan.starts_on)
    starts_at = datetime.time(7, 0)
    ends_at = datetime.time(16, 30)


class PlannedVisitFactory(DjangoModelFactory):
    class Meta:
        model = PlannedVisit

    route = factory.SubFactory(PlanRouteFactory)
    position = factory.Sequence(lambda n: n + 1)
    key = factory.LazyAttribute(lambda o: f"site:{o.site.id}#1")
    site = factory.SubFactory(SiteFactory)
    arrives_at = datetime.time(7, 45)
    starts_at = datetime.time(8, 0)
    departs_at = datetime.time(9, 45)

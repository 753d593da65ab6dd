import datetime

import pytest
from django.core.exceptions import ValidationError

from backend.places import services
from backend.places.models import Closure, Commune, OpeningWindow, ServiceSite, Vehicle, VehicleStatus
from tests.backend.factories import LibraryFactory, UserFactory

WINDOW = {"weekday": 0, "opens_at": datetime.time(7, 0), "closes_at": datetime.time(11, 0)}


def site_data(school, **overrides):
    return {
        "name": "Điểm trường",
        "school": school,
        "commune": school.commune,
        "latitude": 10.0,
        "longitude": 105.7,
        **overrides,
    }


def test_site_create_saves_site_and_windows(school):
    site = services.site_create(windows=[WINDOW], **site_data(school))

    assert site.windows.count() == 1
    assert site.search_text == "diem truong"


def test_site_create_refuses_active_site_without_windows(school):
    with pytest.raises(ValidationError) as error:
        services.site_create(windows=[], **site_data(school))

    assert "windows" in error.value.message_dict
    assert not ServiceSite.objects.exists()


def test_site_create_refuses_window_ending_before_start_and_saves_nothing(school):
    bad = {**WINDOW, "opens_at": datetime.time(11, 0), "closes_at": datetime.time(7, 0)}

    with pytest.raises(ValidationError) as error:
        services.site_create(windows=[WINDOW, bad], **site_data(school))

    assert "windows.1.closes_at" in error.value.message_dict
    assert not ServiceSite.objects.exists()
    assert not OpeningWindow.objects.exists()


@pytest.mark.parametrize(("field", "value"), [("latitude", 45.0), ("longitude", 10.0), ("latitude", -3.0)])
def test_site_create_refuses_coordinates_outside_vietnam(school, field, value):
    with pytest.raises(ValidationError) as error:
        services.site_create(windows=[WINDOW], **site_data(school, **{field: value}))

    assert field in error.value.message_dict
    assert not ServiceSite.objects.exists()


def test_inactive_site_may_have_no_windows_but_cannot_be_activated(school):
    site = services.site_create(windows=[], **site_data(school, is_active=False))

    with pytest.raises(ValidationError):
        services.site_set_active(site=site, active=True)

    site.refresh_from_db()
    assert site.is_active is False


def test_site_update_replaces_windows_only_when_given(site):
    services.site_update(site=site, data={"priority": 5})
    assert site.windows.count() == 5

    services.site_update(site=site, data={}, windows=[WINDOW])
    assert list(site.windows.values_list("weekday", flat=True)) == [0]


def test_vehicle_needs_a_public_library_as_depot(commune):
    not_a_depot = LibraryFactory(commune=commune, kind="commune")

    with pytest.raises(ValidationError) as error:
        services.vehicle_create(plate_number="65A-999.99", name="Xe", home_depot=not_a_depot)

    assert "home_depot" in error.value.message_dict
    assert not Vehicle.objects.exists()


def test_vehicle_plate_numbers_are_unique_whatever_the_case(depot):
    services.vehicle_create(plate_number="65a-123.45", name="Xe 1", home_depot=depot)

    with pytest.raises(ValidationError) as error:
        services.vehicle_create(plate_number="65A-123.45", name="Xe 2", home_depot=depot)

    assert "plate_number" in error.value.message_dict
    assert Vehicle.objects.count() == 1


def test_vehicle_crew_must_be_driver_librarians(depot, coordinator):
    with pytest.raises(ValidationError) as error:
        services.vehicle_create(
            plate_number="65A-1", name="Xe", home_depot=depot, crew=[{"user": coordinator, "crew_role": "driver"}]
        )

    assert "crew" in error.value.message_dict
    assert not Vehicle.objects.exists()


def test_vehicle_is_unavailable_during_maintenance(vehicle):
    services.vehicle_update(
        vehicle=vehicle,
        data={
            "status": VehicleStatus.MAINTENANCE,
            "maintenance_from": datetime.date(2026, 12, 1),
            "maintenance_until": datetime.date(2026, 12, 3),
        },
    )

    assert vehicle.is_available_on(datetime.date(2026, 11, 30))
    assert not vehicle.is_available_on(datetime.date(2026, 12, 2))
    assert vehicle.is_available_on(datetime.date(2026, 12, 4))


def test_lunch_window_must_hold_the_break(depot):
    with pytest.raises(ValidationError) as error:
        services.vehicle_create(plate_number="65A-2", name="Xe", home_depot=depot, lunch_minutes=120)

    assert "lunch_latest" in error.value.message_dict


def test_closure_of_a_site_must_name_the_site(db):
    with pytest.raises(ValidationError) as error:
        services.closure_create(
            kind="site", name="Đóng cửa", starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2026, 12, 2)
        )

    assert "site" in error.value.message_dict
    assert not Closure.objects.exists()


def test_school_break_closes_school_sites_only(site, commune):
    community = services.site_create(
        name="Nhà văn hóa",
        library=LibraryFactory(commune=commune),
        commune=commune,
        latitude=10.0,
        longitude=105.7,
        windows=[WINDOW],
    )
    summer = services.closure_create(
        kind="school_break", name="Nghỉ hè", starts_on=datetime.date(2026, 6, 1), ends_on=datetime.date(2026, 8, 31)
    )
    day = datetime.date(2026, 7, 1)

    assert services.site_is_closed_on(site=site, day=day, closures=[summer])
    assert not services.site_is_closed_on(site=community, day=day, closures=[summer])


def test_seasonal_override_may_wrap_the_new_year(site):
    override = site.seasonal_overrides.create(
        name="Tết", start_month=12, start_day=20, end_month=1, end_day=10, closed=True
    )

    assert override.covers(datetime.date(2026, 12, 25))
    assert override.covers(datetime.date(2027, 1, 5))
    assert not override.covers(datetime.date(2027, 2, 1))


def test_administrative_units_load_is_idempotent(db):
    first = services.administrative_units_load(province_codes=[92])
    second = services.administrative_units_load(province_codes=[92])

    assert first == second
    assert first[0] == 1 and first[1] > 90
    ninh_kieu = Commune.objects.get(name="Phường Ninh Kiều")
    assert ninh_kieu.search_text == "phuong ninh kieu"  # loaded in bulk, still searchable without diacritics


def test_administrative_units_load_in_a_bounded_number_of_queries(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(150):  # a few per province (34), none per commune (3,321)
        services.administrative_units_load()


def test_all_official_units_load(db):
    provinces, communes = services.administrative_units_load()

    assert (provinces, communes) == (34, 3321)


def test_user_school_contact_needs_a_school(db):
    from backend.accounts.services import user_create

    with pytest.raises(ValidationError):
        user_create(username="thao", role="school_contact")
    assert not UserFactory._meta.model.objects.filter(username="thao").exists()

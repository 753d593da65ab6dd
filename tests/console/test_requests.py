"""The schools' requests inbox: every request with its state, the slots on offer, booking for a school, declining
with a reason; bad input is a field message and changes nothing."""

import datetime

import pytest
from django.urls import reverse

from backend.notifications.models import Notification
from backend.planning.models import RequestStatus, VisitRequest
from backend.planning.services import visit_request_create
from tests.backend.factories import UserFactory
from tests.console.planning_helpers import published_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(network):
    return UserFactory(role="school_contact", school=network["sites"][0].school)


def ask(contact, site, monday, **extra):
    return visit_request_create(
        user=contact,
        site=site,
        preferred_from=monday + datetime.timedelta(days=1),
        preferred_until=monday + datetime.timedelta(days=3),
        window_start=datetime.time(7, 30),
        window_end=datetime.time(11),
        students=120,
        grades="4, 5",
        theme="Ngày Sách",
        **extra,
    )


def test_the_inbox_lists_every_request_with_its_state(
    client, coordinator, contact, network, monday, django_assert_max_num_queries
):
    submitted = ask(contact, network["sites"][0], monday)
    declined = ask(coordinator, network["sites"][1], monday)
    VisitRequest.objects.filter(pk=declined.pk).update(status=RequestStatus.DECLINED, decline_reason="Xe bận")
    for n in range(2, 6):
        ask(coordinator, network["sites"][n], monday)
    client.force_login(coordinator)

    with django_assert_max_num_queries(8):
        everything = client.get(reverse("console:requests"), {"status": "all"})
    waiting = client.get(reverse("console:requests"))

    page = everything.content.decode()
    assert everything.status_code == 200 and len(everything.context["page"].object_list) == 6
    assert submitted.school.name in page and "Bị từ chối" in page
    assert [r.pk for r in waiting.context["page"].object_list if r.pk == declined.pk] == []
    tabs = {value: count for value, _label, count in everything.context["tabs"]}
    assert tabs["submitted"] == 5 and tabs["declined"] == 1 and tabs["all"] == 6


def test_a_coordinator_books_an_offered_slot_for_the_school(
    client, coordinator, contact, network, monday, django_assert_max_num_queries
):
    published_week(network, monday, coordinator)
    visit_request = ask(contact, network["sites"][0], monday)
    client.force_login(coordinator)
    url = reverse("console:request", args=[visit_request.pk])

    with django_assert_max_num_queries(6):
        page = client.get(url)
    slots = client.get(url, {"slots": "1"}, HTTP_HX_REQUEST="true")
    offer = slots.context["offers"][0][0]
    booked = client.post(
        reverse("console:request-book", args=[visit_request.pk]),
        {
            "date": offer.date.isoformat(),
            "vehicle": offer.vehicle_id,
            "starts_at": offer.starts_at.strftime("%H:%M:%S"),
        },
        follow=True,
    )

    assert page.status_code == 200 and b'hx-trigger="load"' in page.content
    assert (
        slots.status_code == 200
        and b"<html" not in slots.content
        and network["vehicle"].plate_number in slots.content.decode()
    )
    visit_request.refresh_from_db()
    assert visit_request.status == RequestStatus.SCHEDULED
    assert visit_request.scheduled_visit.route.date == offer.date
    assert Notification.objects.filter(recipient=contact, kind="request_status").exists()
    assert [m.level_tag for m in booked.context["messages"]] == ["success"]


def test_a_slot_taken_meanwhile_is_a_message_and_the_request_stays_open(client, coordinator, contact, network, monday):
    published_week(network, monday, coordinator)
    visit_request = ask(contact, network["sites"][0], monday)
    client.force_login(coordinator)

    response = client.post(
        reverse("console:request-book", args=[visit_request.pk]),
        {"date": monday.isoformat(), "vehicle": network["vehicle"].pk, "starts_at": "05:00:00"},
        follow=True,
    )
    unreadable = client.post(reverse("console:request-book", args=[visit_request.pk]), {"date": "soon"}, follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert [m.level_tag for m in unreadable.context["messages"]] == ["error"]
    assert VisitRequest.objects.get(pk=visit_request.pk).status == RequestStatus.SUBMITTED


def test_declining_needs_a_reason_and_tells_the_school(client, coordinator, contact, network, monday):
    visit_request = ask(contact, network["sites"][0], monday)
    client.force_login(coordinator)
    url = reverse("console:request-decline", args=[visit_request.pk])

    empty = client.post(url, {"reason": "   "})
    declined = client.post(url, {"reason": "Xe đã kín lịch tuần này"}, follow=True)

    assert empty.status_code == 400 and empty.context["decline_form"].errors["reason"]
    assert "Xe đã kín lịch tuần này" in declined.content.decode()
    visit_request.refresh_from_db()
    assert (visit_request.status, visit_request.decline_reason) == (RequestStatus.DECLINED, "Xe đã kín lịch tuần này")
    assert Notification.objects.get(recipient=contact).body == "Xe đã kín lịch tuần này"
    again = client.post(url, {"reason": "Lần nữa"}, follow=True)
    assert [m.level_tag for m in again.context["messages"]] == ["error"]


def test_other_roles_cannot_open_the_inbox(client, contact, network, monday):
    visit_request = ask(contact, network["sites"][0], monday)
    client.force_login(contact)
    assert client.get(reverse("console:requests")).status_code == 403
    assert client.post(reverse("console:request-decline", args=[visit_request.pk]), {"reason": "x"}).status_code == 403
    assert VisitRequest.objects.get(pk=visit_request.pk).status == RequestStatus.SUBMITTED

"""Stocktakes in the console: start (whole or partial), scan, finish, see the discrepancies with titles and settle
each one by a ledger movement."""

import pytest

from backend.stock.models import Movement, Stocktake
from backend.stock.services import Holder, collection_create, collection_move
from tests.backend.factories import CopyFactory, RecordFactory, rotatable_copies

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_partial_count_of_a_bus_is_settled_copy_by_copy(client, coordinator, depot, vehicle, other_vehicle):
    members = rotatable_copies(depot, 3)
    collection = collection_create(code="LC-BUS", name="Bộ trên xe", library=depot, copies=members)
    collection_move(collection=collection, kind="load", to=Holder.vehicle(vehicle))
    outside = CopyFactory(vehicle=vehicle, library=None)  # on the bus, outside the partial count
    stray = CopyFactory(vehicle=other_vehicle, library=None, record=RecordFactory(title="Tuổi thơ dữ dội"))
    client.force_login(coordinator)
    response = client.post("/console/stocktakes/", {"place": f"vehicle:{vehicle.pk}", "collection": collection.pk})
    assert response.status_code == 302
    for copy in (members[0], members[1], stray):
        line = client.post("/console/stocktakes/count/scan/", {"code": copy.barcode}, **HTMX).content.decode()
    assert "Tuổi thơ dữ dội" in line and other_vehicle.plate_number in line
    client.post("/console/stocktakes/count/scan/", {"code": "UNKNOWN-1"}, **HTMX)
    finish = client.post("/console/stocktakes/count/finish/")
    take = Stocktake.objects.get()
    assert finish["Location"].endswith(f"/stocktakes/{take.pk}/")
    page = client.get(finish["Location"]).content.decode()
    missing = members[2]
    assert missing.record.title in page and "Tuổi thơ dữ dội" in page and "UNKNOWN-1" in page
    assert outside.barcode not in page
    client.post(f"/console/stocktakes/{take.pk}/settle/", {"barcode": missing.barcode, "action": "lost"})
    missing.refresh_from_db()
    assert missing.status == "lost" and Movement.objects.filter(copy=missing).latest("pk").kind == "lost"
    again = client.post(f"/console/stocktakes/{take.pk}/settle/", {"barcode": missing.barcode, "action": "lost"})
    assert again.status_code == 302 and Movement.objects.filter(copy=missing, kind="lost").count() == 1
    client.post(f"/console/stocktakes/{take.pk}/settle/", {"barcode": stray.barcode, "action": "moved"})
    stray.refresh_from_db()
    assert stray.holder_vehicle_id == vehicle.pk
    wrong = client.post(f"/console/stocktakes/{take.pk}/settle/", {"barcode": members[0].barcode, "action": "lost"})
    assert wrong.status_code == 302
    members[0].refresh_from_db()
    assert members[0].status == "available"


def test_starting_without_a_place_says_so(client, coordinator, depot, django_assert_max_num_queries):
    client.force_login(coordinator)
    response = client.post("/console/stocktakes/", {"place": ""})
    assert response.status_code == 400 and response.context["form"].errors["place"]
    with django_assert_max_num_queries(12):
        assert client.get("/console/stocktakes/").status_code == 200


def test_a_reversed_shelf_range_is_refused_on_the_form(client, coordinator, depot):
    client.force_login(coordinator)

    response = client.post(
        "/console/stocktakes/", {"place": f"library:{depot.pk}", "shelf_from": "899", "shelf_to": "800"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["shelf_to"]
    assert "console_stocktake_draft" not in client.session

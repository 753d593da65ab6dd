"""Phone events act only on the stock the crew holds: its bus, the library of the stop it is at, the loans it made.

Every stock-touching event kind is sent against another bus's copy, a depot copy (where loading is the one thing
allowed), another school's copy, a copy on loan from another bus, and collections at the depot, on another bus
and at another school. None may be applied; the ledger stays as it was.
"""

import pytest

from backend.crew.kinds import STOCK_KINDS
from backend.crew.models import SyncConflict
from backend.stock.holders import Holder
from backend.stock.models import Copy, Loan, Movement
from backend.stock.services import collection_add_copies, collection_create, collection_move, loan_lend
from backend.stock.verify import ledger_verify
from tests.backend.factories import CopyFactory, LibraryFactory, ReaderFactory, SchoolFactory, rotatable_copies
from tests.mobile_api.conftest import event

pytestmark = pytest.mark.django_db

# Kinds that name no copy or collection of the ledger's to move: a new reader, a reservation of a title.
# Kinds that move no copy: readers and reservations; the crew's confirmation at departure; a point's confirmation of a
# handover record; uses reported for a collection at a point the crew's buses serve; the return stocktake of the
# crew's own bus, whose differences go to the conflict inbox rather than the ledger.
NOT_STOCK_MOVING = {
    "register_reader",
    "reserve",
    "crew_confirm",
    "handover_confirm",
    "collection_uses",
    "trip_stocktake",
}
COPY_KINDS = ["load", "unload", "deposit", "collect", "lend", "take_back", "damaged", "lost", "stocktake"]
COLLECTION_KINDS = ["load", "unload", "deposit", "collect"]


@pytest.fixture
def others(db, day, other_day, other_vehicle, depot, commune):
    """Stock the crew of ``vehicle`` does not hold."""
    other_school = SchoolFactory(commune=commune, library=LibraryFactory(kind="school", commune=commune))
    bus2_reader = ReaderFactory(site=other_day.site)
    on_loan = CopyFactory(library=None, vehicle=other_vehicle)
    loan_lend(copy=on_loan, reader=bus2_reader, site=other_day.site, visit=other_day)
    on_loan.refresh_from_db()
    collections = {}
    for name in ("depot", "other_bus", "other_school"):
        collection = collection_create(code=f"LC-{name}", name=name, library=depot)
        collection_add_copies(collection=collection, copies=rotatable_copies(depot, 1))
        collections[name] = collection
    collection_move(collection=collections["other_bus"], kind="load", to=Holder.vehicle(other_vehicle))
    collection_move(collection=collections["other_school"], kind="transfer", to=Holder.library(other_school.library))
    return {
        "copies": {
            "other_bus": CopyFactory(library=None, vehicle=other_vehicle),
            "depot": CopyFactory(library=depot),
            "other_school": CopyFactory(library=other_school.library),
            "other_bus_loan": on_loan,
        },
        "collections": collections,
        "other_school_library": other_school.library,
    }


def _copy_event(kind, visit, copy, reader, library):
    if kind == "stocktake":
        return event("stocktake", barcodes=[copy.barcode])
    data = {"barcode": copy.barcode}
    if kind == "lend":
        data["card_number"] = reader.card_number
    if kind in ("damaged", "lost"):
        data["note"] = "Rách"
    if kind == "load" and copy.holder_library_id == library.pk:
        data["library"] = library.pk
    at_stop = kind in ("deposit", "collect", "lend")
    return event(kind, visit if at_stop else None, **data)


def test_the_matrix_covers_every_stock_kind():
    assert set(COPY_KINDS) | NOT_STOCK_MOVING == set(STOCK_KINDS)


@pytest.mark.parametrize("kind", COPY_KINDS)
def test_no_event_acts_on_a_copy_the_crew_does_not_hold(phone, day, stock, others, kind):
    visit, reader = day["visits"][0], stock["reader"]
    targets = dict(others["copies"])
    if kind == "load":
        del targets["depot"]  # loading the bus at the depot is what loading is
    movements, loans = Movement.objects.count(), list(Loan.objects.values_list("pk", "returned_at"))

    answers = {}
    for name, copy in targets.items():
        body = _copy_event(kind, visit, copy, reader, others["other_school_library"])
        response = phone.post("/api/mobile/v1/sync/", {"events": [body]}, format="json")
        assert response.status_code == 200, response.content
        answers[name] = response.json()["results"][0]

    applied = {name: answer for name, answer in answers.items() if answer["status"] == "applied"}
    assert not applied, applied
    assert all(answer.get("code") for answer in answers.values()), answers
    assert Movement.objects.count() == movements
    assert list(Loan.objects.values_list("pk", "returned_at")) == loans
    for name, copy in targets.items():
        before = (copy.status, copy.holder_library_id, copy.holder_vehicle_id, copy.holder_loan_id)
        copy.refresh_from_db()
        assert (copy.status, copy.holder_library_id, copy.holder_vehicle_id, copy.holder_loan_id) == before, name
    assert ledger_verify().ok


@pytest.mark.parametrize("kind", COLLECTION_KINDS)
def test_no_event_moves_a_collection_the_crew_does_not_hold(phone, day, stock, others, kind):
    visit = day["visits"][0]
    targets = dict(others["collections"])
    if kind == "load":
        del targets["depot"]
    movements = Movement.objects.count()

    for name, collection in targets.items():
        at_stop = kind in ("deposit", "collect")
        body = event(kind, visit if at_stop else None, collection=collection.code)
        result = phone.post("/api/mobile/v1/sync/", {"events": [body]}, format="json").json()["results"][0]
        assert result["status"] != "applied" and result.get("code"), (name, result)

    assert Movement.objects.count() == movements
    assert ledger_verify().ok


def test_the_bus_is_unloaded_only_at_a_depot_or_the_stop_it_is_at(phone, day, stock, others, vehicle):
    visit = day["visits"][0]
    copies = stock["on_bus"]
    results = [
        phone.post("/api/mobile/v1/sync/", {"events": [body]}, format="json").json()["results"][0]
        for body in [
            event("unload", barcode=copies[0].barcode, library=others["other_school_library"].pk),
            event("unload", visit, barcode=copies[1].barcode, library=stock["school_library"].pk),
            event("unload", barcode=copies[2].barcode, library=vehicle.home_depot_id),
        ]
    ]

    assert [(r["status"], r.get("code")) for r in results] == [
        ("rejected", "unload_not_at_depot"),
        ("applied", None),
        ("applied", None),
    ]
    assert Copy.objects.get(pk=copies[0].pk).holder_vehicle_id == vehicle.pk


def test_the_crew_still_reports_what_it_holds_and_a_coordinator_settles_the_rest(
    phone, day, stock, others, client_for, coordinator
):
    visit, reader = day["visits"][0], stock["reader"]
    mine = stock["on_bus"][0]
    sync = [
        event("lend", visit, barcode=mine.barcode, card_number=reader.card_number),
        event("collect", visit, barcode=stock["at_school"].barcode),  # at the stop's own school library
        event("damaged", visit, barcode=stock["at_school"].barcode, note="Ướt"),
        event("lost", barcode=mine.barcode, note="Bạn đọc làm mất"),  # on a loan this crew made
        event("lost", barcode=others["copies"]["other_bus"].barcode, note="Không thấy"),
    ]

    results = phone.post("/api/mobile/v1/sync/", {"events": sync}, format="json").json()["results"]

    assert [(r["status"], r.get("code")) for r in results] == [
        ("applied", None),
        ("applied", None),
        ("applied", None),
        ("applied", None),
        ("conflict", "copy_not_held_by_crew"),
    ]
    conflict = SyncConflict.objects.get()
    assert conflict.details["ledger"]["vehicle"] == others["copies"]["other_bus"].holder_vehicle_id
    response = client_for(coordinator).post(
        f"/api/mobile/v1/conflicts/{conflict.id}/resolve/", {"resolution": "accept"}
    )
    assert response.status_code == 200, response.content
    assert Copy.objects.get(pk=others["copies"]["other_bus"].pk).status == "lost"
    assert ledger_verify().ok

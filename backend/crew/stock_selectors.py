"""What the run sheet shows from the stock ledger: per stop, collections to collect, loans due back and reserved
titles; per route, the bus manifest (copies and collections on board). A fixed number of queries per route."""

from collections import defaultdict
from typing import Any

from backend.stock.models import (
    CollectionStay,
    Copy,
    CopyStatus,
    Loan,
    Reservation,
    ReservationStatus,
    RotatingCollection,
)


def stop_stock_sections(visits) -> dict[int, dict[str, Any]]:
    """Per visit: ``collect`` (collections deposited there and due by that day), ``loans_due`` (open loans made
    there, due by that day) and ``reserved_titles`` (open reservations of readers of that stop)."""
    if not visits:
        return {}
    day = visits[0].route.date
    site_ids = {visit.site_id for visit in visits}
    stays = defaultdict(list)
    for stay in CollectionStay.objects.filter(
        site_id__in=site_ids, collected_on=None, expected_collection_on__lte=day
    ).select_related("collection"):
        stays[stay.site_id].append(
            {
                "collection": stay.collection.code,
                "name": stay.collection.name,
                "boxes": stay.collection.boxes,
                "deposited_on": stay.deposited_on.isoformat(),
                "expected_collection_on": stay.expected_collection_on.isoformat(),
            }
        )
    loans = defaultdict(list)
    for loan in Loan.objects.filter(site_id__in=site_ids, returned_at=None, due_on__lte=day).select_related(
        "copy__record", "reader"
    ):
        loans[loan.site_id].append(
            {
                "loan": loan.pk,
                "barcode": loan.copy.barcode,
                "title": loan.copy.record.title,
                "card_number": loan.reader.card_number,
                "reader": loan.reader.full_name,
                "due_on": loan.due_on.isoformat(),
            }
        )
    wanted = defaultdict(list)
    for reservation in Reservation.objects.filter(site_id__in=site_ids, status=ReservationStatus.OPEN).select_related(
        "record", "reader"
    ):
        wanted[reservation.site_id].append(
            {
                "reservation": reservation.pk,
                "record": reservation.record_id,
                "title": reservation.record.title,
                "card_number": reservation.reader.card_number,
                "reader": reservation.reader.full_name,
            }
        )
    return {
        visit.id: {
            "collect": stays[visit.site_id],
            "loans_due": loans[visit.site_id],
            "reserved_titles": wanted[visit.site_id],
        }
        for visit in visits
    }


def route_manifest(route) -> dict[str, Any]:
    """The bus manifest: every copy the ledger puts on the vehicle, and the collections it carries."""
    copies = (
        Copy.objects.filter(holder_vehicle_id=route.vehicle_id, status=CopyStatus.AVAILABLE)
        .select_related("record", "collection")
        .order_by("barcode")
    )
    collections = RotatingCollection.objects.filter(holder_vehicle_id=route.vehicle_id).order_by("code")
    return {
        "manifest": {
            "copies": [
                {
                    "barcode": c.barcode,
                    "record": c.record_id,
                    "title": c.record.title,
                    "collection": c.collection.code if c.collection else None,
                }
                for c in copies
            ],
            "collections": [{"code": c.code, "name": c.name, "boxes": c.boxes} for c in collections],
        }
    }

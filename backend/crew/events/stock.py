"""What the stock events share: preloading what a batch names, and applying an event through a stock service.

Where it happened is the stop: ``site`` and ``visit`` come from the event's visit, never from whoever uploaded
it. Events at the depot (loading in the morning) name the ``vehicle`` instead of a visit.
"""

import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from backend.core.exceptions import ApplicationError
from backend.crew.events.batch import Batch
from backend.crew.events.holdings import preload_depots, preload_loan_origins
from backend.places.models import Library
from backend.planning.models import PlannedVisit
from backend.stock.loan_batch import LoanBatch
from backend.stock.models import Copy, Reader, Reservation, ReservationStatus, RotatingCollection
from backend.sync.envelope import Envelope
from backend.sync.exceptions import EventRejected
from backend.sync.models import RawEvent


def preload(batch: Batch, envelopes: list[Envelope]) -> None:
    """Load every copy, collection, reader and library the stock events name, in a few queries.

    ``envelopes`` are the batch's stock events that could be read.
    """
    barcodes, codes, cards, libraries = set(), set(), set(), set()
    for env in envelopes:
        barcodes.update(filter(None, [env.data.get("barcode")]))
        codes.update(filter(None, [env.data.get("collection")]))
        cards.update(filter(None, [env.data.get("card_number")]))
        libraries.update(filter(None, [env.data.get("library")]))
    # Lock every copy the batch moves, in id order: two phones moving the same copies queue, never deadlock.
    batch.copies = {c.barcode: c for c in Copy.objects.select_for_update().filter(barcode__in=barcodes).order_by("pk")}
    batch.collections = {c.code: c for c in RotatingCollection.objects.filter(code__in=codes)}
    batch.readers = {r.card_number: r for r in Reader.objects.filter(card_number__in=cards)}
    batch.library_ids = set(Library.objects.filter(pk__in=libraries).values_list("pk", flat=True))
    if any(env.kind in ("load", "unload") for env in envelopes):
        preload_depots(batch)
    preload_loan_origins(batch, [copy.holder_loan_id for copy in batch.copies.values()])
    batch.reservations = set(
        Reservation.objects.filter(reader__card_number__in=cards, status=ReservationStatus.OPEN).values_list(
            "reader_id", "record_id"
        )
    )
    lends_and_take_backs = [env for env in envelopes if env.kind in ("lend", "take_back")]
    if lends_and_take_backs and connection.vendor == "postgresql" and not batch.force:
        batch.loan_batch = LoanBatch(
            copies=batch.copies.values(),
            reader_ids=[reader.pk for reader in batch.readers.values()],
            event_ids=[env.event_id for env in lends_and_take_backs],
            lends=sum(env.kind == "lend" for env in lends_and_take_backs),
        )
        batch.after_flush.insert(0, lambda: write_loans(batch))


def where(batch: Batch, env: Envelope, *, visit_required: bool) -> tuple[int, PlannedVisit | None]:
    """The vehicle the event happened on and its visit (the stop), checked against the user's vehicles."""
    if env.visit_id is not None:
        visit = batch.visit_for(env)
        return visit.route.vehicle_id, visit
    if visit_required:
        raise EventRejected("visit_required", _("This event needs a visit."), fields={"visit": [_("Required.")]})
    vehicle_id = env.data.get("vehicle")
    if vehicle_id is None and len(batch.vehicle_ids) == 1:
        vehicle_id = next(iter(batch.vehicle_ids))
    if vehicle_id is None:
        raise EventRejected("vehicle_required", _("Name the vehicle."), fields={"vehicle": [_("Required.")]})
    if vehicle_id not in batch.vehicle_ids:
        raise EventRejected("not_your_vehicle", _("You do not crew this vehicle."), status=403)
    return vehicle_id, None


def copy_of(batch: Batch, barcode: str) -> Copy:
    """The preloaded copy with this barcode, read again if an earlier event of the batch moved it."""
    copy = batch.copies.get(barcode)
    if copy is None:
        raise EventRejected("unknown_barcode", _("No copy has barcode %(b)s.") % {"b": barcode}, status=404)
    if barcode in batch.stale_copies:  # moved by an earlier event of this batch
        copy.refresh_from_db()
        batch.stale_copies.discard(barcode)
    return copy


def write_loans(batch: Batch) -> None:
    """Write the lends and take-backs applied in memory so far: the stock services read the ledger."""
    if batch.loan_batch is not None:
        batch.loan_batch.flush()


def ledger_first(apply):
    """For kinds applied through the stock services: the lends and take-backs before them are written first."""

    @functools.wraps(apply)
    def applying(batch: Batch, row: RawEvent, env: Envelope) -> dict:
        write_loans(batch)
        return apply(batch, row, env)

    return applying


def stock_call(call, **kwargs):
    """Call a stock service; its errors become this event's rejection (the service wrote nothing)."""
    try:
        return call(**kwargs)
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise EventRejected("invalid_data", _("Some fields of the event are not valid."), fields=fields) from None
    except ApplicationError as error:
        raise EventRejected(error.code, error.message, fields=error.extra.get("fields")) from None


def common_fields(batch: Batch, row: RawEvent, env: Envelope, visit) -> dict[str, Any]:
    """What every stock service is told of an event: where (stop and visit), by whom, when, which event."""
    return {
        "site": visit.site if visit else None,
        "visit": visit,
        "by": batch.user,
        "at": env.device_time,
        "source_event_id": row.event_id,
    }


def mark_moved(batch: Batch, barcode: str | None = None) -> None:
    """A stock service moved this copy (or, without a barcode, a collection): its preloaded row is stale."""
    if barcode:
        batch.stale_copies.add(barcode)
    else:  # a collection moved: any of its copies may be cached
        batch.stale_copies.update(batch.copies)

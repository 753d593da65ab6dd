"""Handover and return records of a rotating collection's stay (Circular 05/2022, Form 02), and its uses.

Depositing a collection at a point makes its handover record (the item list as deposited); collecting it makes the
return record (what came back, what is missing or damaged, the uses it had at the point). The point's person
confirms a record on the phone (name and confirmation) or a signed scan is uploaded. Records are never deleted.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.core.exceptions import ConflictError
from backend.core.names import user_name
from backend.places.models import Library, Vehicle
from backend.places.roster import crew_on
from backend.places.selectors import vehicles_crewed_by
from backend.planning.models import PlannedVisit, PlanStatus

from .holders import Holder
from .models import (
    CollectionStay,
    CollectionUse,
    Condition,
    ConfirmedVia,
    Copy,
    HandoverRecord,
    Movement,
    MovementKind,
    RecordKind,
    UseSource,
)

NUMBER_PREFIX = {RecordKind.HANDOVER: "BG", RecordKind.RETURN: "TH"}  # biên bản bàn giao / thu hồi
MAX_SCAN_BYTES = 10 * 1024 * 1024


class RecordConfirmedError(ConflictError):
    code = "record_already_confirmed"


def default_guidance() -> str:
    return settings.BOOKBUS["HANDOVER_GUIDANCE"] or _(
        "Keep the books dry, out of direct sun and apart from the point's own stock; lend them to readers and "
        "note each loan and reading use; report a lost or damaged book at the bus's next visit; hand back the "
        "whole collection when the bus collects it."
    )


def _crew_names(vehicle_id: int | None, day: datetime.date, by: User | None) -> str:
    if vehicle_id is not None:
        crew = crew_on(vehicle=Vehicle.objects.get(pk=vehicle_id), day=day)
        if crew.members:
            return ", ".join(m.name for m in crew.members)
    return user_name(by) if by is not None else ""


def _issuing_library(from_holder: Holder, to: Holder) -> int:
    for holder in (from_holder, to):
        if holder.vehicle_id:
            return Vehicle.objects.values_list("home_depot_id", flat=True).get(pk=holder.vehicle_id)
    depot = Library.objects.filter(vehicles__isnull=False).values_list("pk", flat=True).first()
    return depot or from_holder.library_id


def _items(copy_ids) -> list[dict]:
    copies = Copy.objects.filter(pk__in=copy_ids).select_related("record").order_by("barcode")
    return [
        {"barcode": c.barcode, "title": c.record.title, "authors": c.record.authors, "condition": c.condition}
        for c in copies
    ]


def handover_record_make(
    *,
    stay: CollectionStay,
    kind: str,
    copy_ids,
    from_holder: Holder,
    to: Holder,
    by=None,
    visit=None,
    person="",
    on_loan_ids=(),
) -> HandoverRecord:
    """Make the handover (``deposit``) or return (``collect``) record of ``stay`` for the copies moved.

    ``person`` is the point's person: who received the collection, or who handed it back. ``on_loan_ids``: copies
    of the collection still out on a reader's loan, which are not missing (they follow the collection later).
    """
    day = stay.deposited_on if kind == RecordKind.HANDOVER else stay.collected_on
    vehicle_id = visit.route.vehicle_id if visit is not None else (from_holder.vehicle_id or to.vehicle_id)
    if vehicle_id is None:  # recorded at the console: the bus that visited the point that day, if one did
        vehicle_id = (
            PlannedVisit.objects.filter(site_id=stay.site_id, route__date=day, route__plan__status=PlanStatus.PUBLISHED)
            .values_list("route__vehicle_id", flat=True)
            .first()
        )
    crew = _crew_names(vehicle_id, day, by)
    items = _items(copy_ids)
    record = HandoverRecord(
        stay=stay,
        kind=kind,
        number=f"{NUMBER_PREFIX[kind]}-{day:%Y}-{stay.pk:05d}",
        collection_id=stay.collection_id,
        site_id=stay.site_id,
        library_id=_issuing_library(from_holder, to),
        date=day,
        items=items,
        item_count=len(items),
        guidance=default_guidance() if kind == RecordKind.HANDOVER else "",
        created_by=by,
    )
    if kind == RecordKind.HANDOVER:
        record.handed_over_by, record.received_by = crew, person or stay.received_by_name
    else:
        record.handed_over_by, record.received_by = person, crew
        handed = stay.records.filter(kind=RecordKind.HANDOVER).values_list("items", flat=True).first() or []
        on_loan = list(Copy.objects.filter(pk__in=on_loan_ids).values_list("barcode", flat=True).order_by("barcode"))
        back = {item["barcode"] for item in items} | set(on_loan)
        record.missing = sorted(item["barcode"] for item in handed if item["barcode"] not in back)
        record.damaged = [item["barcode"] for item in items if item["condition"] == Condition.DAMAGED]
        record.uses = stay_use_count(stay=stay)
        record.condition_notes = _return_notes(record, on_loan)
    record.save()
    return record


def _return_notes(record: HandoverRecord, on_loan: list[str]) -> str:
    notes = [_("Still on loan to readers: %s.") % ", ".join(on_loan)] if on_loan else []
    if record.missing:
        notes.append(_("Not returned: %s.") % ", ".join(record.missing))
    if record.damaged:
        notes.append(_("Returned damaged: %s.") % ", ".join(record.damaged))
    return " ".join(notes)


@transaction.atomic
def handover_record_confirm(
    *,
    record: HandoverRecord,
    name: str,
    by: User | None = None,
    via: str = ConfirmedVia.PHONE,
    scan=None,
    condition_notes: str | None = None,
    at: datetime.datetime | None = None,
) -> HandoverRecord:
    """The point's person confirms the record: their name, on the phone or with a signed scan uploaded.

    Raises ``ValidationError`` without the person's name, or with ``via="scan"`` and no file;
    ``RecordConfirmedError`` (409) when it was already confirmed. Nothing is saved then.
    """
    record = HandoverRecord.objects.select_for_update().get(pk=record.pk)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("Give the name of the point's person who receives or hands back the collection.")]
    if via not in ConfirmedVia.values:
        errors["via"] = [_("Confirm on the phone or with a signed scan.")]
    if via == ConfirmedVia.SCAN and not scan:
        errors["scan"] = [_("Upload the signed record.")]
    if scan is not None and scan.size > MAX_SCAN_BYTES:
        errors["scan"] = [_("The scan is larger than 10 MB.")]
    if errors:
        raise ValidationError(errors)
    if record.confirmed_at is not None:
        raise RecordConfirmedError(_("Record %s was already confirmed.") % record.number)
    record.confirmed_name, record.confirmed_via, record.confirmed_at = name[:120], via, at or timezone.now()
    person_field = "received_by" if record.kind == RecordKind.HANDOVER else "handed_over_by"
    if not getattr(record, person_field):
        setattr(record, person_field, record.confirmed_name)
    if condition_notes:
        record.condition_notes = "\n".join(filter(None, [record.condition_notes, condition_notes.strip()]))
    if scan is not None:
        record.signed_scan.save(f"{record.number}-{scan.name.rsplit('/', 1)[-1]}", scan, save=False)
    record.save()
    return record


def stay_use_count(*, stay: CollectionStay) -> int:
    """Uses of a collection during its stay: reading uses and loans reported, plus loans from its copies at the
    point recorded in the ledger."""
    reported = stay.uses.aggregate(reading=Sum("reading_uses"), loans=Sum("loans"))
    until = stay.collected_on or timezone.localdate()
    lent = Movement.objects.filter(
        kind=MovementKind.LEND,
        copy__collection_id=stay.collection_id,
        site_id=stay.site_id,
        at__date__gte=stay.deposited_on,
        at__date__lte=until,
    ).count()
    return (reported["reading"] or 0) + (reported["loans"] or 0) + lent


@transaction.atomic
def collection_use_record(
    *,
    stay: CollectionStay,
    reading_uses: int,
    loans: int = 0,
    period_from: datetime.date | None = None,
    period_until: datetime.date | None = None,
    source: str = UseSource.CREW,
    by: User | None = None,
    source_event_id: uuid.UUID | None = None,
) -> CollectionUse:
    """Record uses of a deposited collection reported by the point or the crew. A replayed event changes nothing.

    Raises ``ValidationError`` for negative counts or a period outside the stay.
    """
    if source_event_id is not None:
        earlier = CollectionUse.objects.filter(source_event_id=source_event_id).first()
        if earlier is not None:
            return earlier
    period_from = period_from or stay.deposited_on
    period_until = period_until or stay.collected_on or timezone.localdate()
    errors = {}
    if reading_uses < 0 or loans < 0:
        errors["reading_uses"] = [_("Uses cannot be negative.")]
    if period_from < stay.deposited_on or (stay.collected_on and period_until > stay.collected_on):
        errors["period_from"] = [_("The period must lie within the collection's stay at the point.")]
    if period_until < period_from:
        errors["period_until"] = [_("The period cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)
    use = CollectionUse.objects.create(
        stay=stay,
        period_from=period_from,
        period_until=period_until,
        reading_uses=reading_uses,
        loans=loans,
        source=source,
        reported_by=by,
        source_event_id=source_event_id,
    )
    # Uses reported after the collection still belong on its return record.
    stay.records.filter(kind=RecordKind.RETURN).update(uses=stay_use_count(stay=stay), updated_at=timezone.now())
    return use


def handover_record_list_for(*, user: User) -> QuerySet[HandoverRecord]:
    """Coordinators see every record; crews the records of their vehicles' points; a school contact their school's."""
    records = HandoverRecord.objects.select_related("collection", "site", "library", "stay")
    if user.is_coordinator:
        return records
    if user.is_school_contact:
        return records.filter(site__school_id=user.school_id)
    if user.is_driver_librarian:
        vehicles = vehicles_crewed_by(user=user)
        return records.filter(
            Q(stay__deposit_visit__route__vehicle__in=vehicles)
            | Q(stay__collect_visit__route__vehicle__in=vehicles)
            | Q(created_by=user)
        ).distinct()
    return records.none()

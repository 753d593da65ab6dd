"""Phone events of a trip under Circular 05/2022: the crew confirms who is on board at departure, counts the bus on
its return (which closes the trip), the point's person confirms a handover or return record, and the crew reports
the uses a deposited collection had.

Each kind's ``data`` is read by its ``*_data`` function and applied by its ``apply_*`` function (see ``kinds.py``).
"""

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.crew import validate as v
from backend.crew.events.batch import Batch
from backend.crew.events.stock import stock_call, where
from backend.crew.trips import trip_return_stocktake
from backend.places.models import CrewRole, Vehicle
from backend.places.roster import trip_crew_confirm
from backend.stock.handover import collection_use_record, handover_record_confirm, handover_record_list_for
from backend.stock.models import CollectionStay, ConfirmedVia, UseSource
from backend.sync.envelope import Envelope
from backend.sync.exceptions import EventRejected
from backend.sync.models import RawEvent


def _day(data: dict, name: str = "date") -> datetime.date | None:
    return v.date_value(data, name)


def crew_confirm_data(data: dict) -> dict[str, Any]:
    members = data.get("members")
    if members is not None:
        valid = isinstance(members, list) and all(
            isinstance(m, dict) and isinstance(m.get("user"), int) and m.get("crew_role") in CrewRole.values
            for m in members
        )
        if not valid or len(members) > 10:
            raise v._invalid("members", _("A list of {user, crew_role} (driver or librarian) is expected."))
    return {"vehicle": v._optional_id(data, "vehicle"), "date": _day(data), "members": members}


def trip_stocktake_data(data: dict) -> dict[str, Any]:
    return {**v.stocktake_data(data), "date": _day(data)}


def handover_confirm_data(data: dict) -> dict[str, Any]:
    return {
        "record": v.number(data, "record", low=1, high=2**62, integer=True),
        "name": v.text(data, "name", max_length=120),
        "notes": v.text(data, "notes", max_length=2000, required=False),
    }


def collection_uses_data(data: dict) -> dict[str, Any]:
    return {
        "collection": v.text(data, "collection", max_length=30),
        "reading_uses": v.number(data, "reading_uses", low=0, high=100_000, integer=True),
        "loans": v.number(data, "loans", low=0, high=100_000, required=False, integer=True) or 0,
        "source": UseSource.POINT if data.get("source") == UseSource.POINT else UseSource.CREW,
    }


def _local_day(env: Envelope) -> datetime.date:
    return timezone.localtime(env.device_time).date() if env.device_time else timezone.localdate()


def apply_crew_confirm(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, _visit = where(batch, env, visit_required=False)
    day = env.data["date"] or _local_day(env)
    members = env.data["members"]
    if members is not None:
        users = User.objects.in_bulk([m["user"] for m in members])
        if len(users) != len({m["user"] for m in members}):
            raise EventRejected("invalid_data", _("Unknown crew member."), fields={"members": [_("Unknown user.")]})
        members = [{"user": users[m["user"]], "crew_role": m["crew_role"]} for m in members]
    vehicle = Vehicle.objects.get(pk=vehicle_id)
    trip = stock_call(trip_crew_confirm, vehicle=vehicle, day=day, by=batch.user, members=members, at=env.device_time)
    return {"vehicle": vehicle_id, "date": day.isoformat(), "trip_crew": trip.pk, "members": trip.members.count()}


def apply_trip_stocktake(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    vehicle_id, _visit = where(batch, env, visit_required=False)
    day = env.data["date"] or _local_day(env)
    closure = stock_call(
        trip_return_stocktake,
        vehicle=Vehicle.objects.get(pk=vehicle_id),
        day=day,
        barcodes=env.data["barcodes"],
        by=batch.user,
        at=env.device_time,
        source_event_id=row.event_id,
        event=row,
    )
    result = closure.stocktake.result
    return {
        "trip_closed": closure.pk,
        "date": day.isoformat(),
        "missing": result["missing"],
        "misplaced": [m["barcode"] for m in result["misplaced"]],
        "conflict": closure.conflict_id,
    }


def apply_handover_confirm(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    record = handover_record_list_for(user=batch.user).filter(pk=env.data["record"]).first()
    if record is None:
        raise EventRejected("unknown_record", _("No handover or return record of yours has this number."), status=404)
    if record.confirmed_at is not None and record.confirmed_name == env.data["name"]:
        return {"record": record.pk, "confirmed_at": record.confirmed_at.isoformat()}  # sent again
    record = stock_call(
        handover_record_confirm,
        record=record,
        name=env.data["name"],
        by=batch.user,
        via=ConfirmedVia.PHONE,
        condition_notes=env.data["notes"],
        at=env.device_time,
    )
    return {"record": record.pk, "confirmed_at": record.confirmed_at.isoformat()}


def apply_collection_uses(batch: Batch, row: RawEvent, env: Envelope) -> dict:
    stay = (
        CollectionStay.objects.filter(collection__code=env.data["collection"], collected_on__isnull=True)
        # A crew reports uses only at points its buses serve.
        .filter(
            Q(deposit_visit__route__vehicle_id__in=batch.vehicle_ids)
            | Q(site__planned_visits__route__vehicle_id__in=batch.vehicle_ids)
        )
        .distinct()
        .select_related("collection")
        .first()
    )
    if stay is None:
        raise EventRejected(
            "collection_not_deposited", _("Collection %s is not deposited anywhere.") % env.data["collection"]
        )
    use = stock_call(
        collection_use_record,
        stay=stay,
        reading_uses=env.data["reading_uses"],
        loans=env.data["loans"],
        period_until=min(_local_day(env), timezone.localdate()),
        source=env.data["source"],
        by=batch.user,
        source_event_id=row.event_id,
    )
    return {"collection": stay.collection.code, "use": use.pk}

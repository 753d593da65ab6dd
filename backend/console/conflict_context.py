"""A sync conflict in words for the inbox: which copy (title and barcode), which reader, which stop, what the phone
said and what the server's record says. Names are looked up for a whole page of conflicts at once (a fixed number of
queries), and nothing is shown by its database id (never ``library:2``)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.crew.models import SyncConflict
from backend.places.models import Library, Vehicle
from backend.planning.models import PlannedVisit, SkipCause
from backend.stock.models import Copy, Loan, Reader

LISTED_COPIES = 10  # of a stocktake's missing or unexpected copies, the first ones by barcode

WHAT_THE_CREW_DID = {
    "arrive": gettext_lazy("Arrived at the stop"),
    "leave": gettext_lazy("Left the stop"),
    "visitors": gettext_lazy("Counted the visitors"),
    "activity_note": gettext_lazy("Wrote an activity note"),
    "proof": gettext_lazy("Recorded the proof of visit"),
    "skip": gettext_lazy("Skipped the visit"),
    "load": gettext_lazy("Loaded books onto the bus"),
    "unload": gettext_lazy("Unloaded books from the bus"),
    "deposit": gettext_lazy("Left books at the stop"),
    "collect": gettext_lazy("Collected books from the stop"),
    "register_reader": gettext_lazy("Registered a reader"),
    "lend": gettext_lazy("Lent a book"),
    "reserve": gettext_lazy("Reserved a title for a reader"),
    "take_back": gettext_lazy("Took back a book"),
    "damaged": gettext_lazy("Reported a damaged book"),
    "lost": gettext_lazy("Reported a lost book"),
    "stocktake": gettext_lazy("Counted the books on the bus"),
}

WHAT_ACCEPTING_DOES = {
    "copy_not_on_bus": gettext_lazy("Accepting puts the copy on the bus and lends it, as the crew recorded."),
    "visit_was_skipped": gettext_lazy("Accepting reopens the visit and applies the crew's record to it."),
    "visit_already_made": gettext_lazy("Accepting records the visit as skipped after all."),
    "visit_no_longer_planned": gettext_lazy("Accepting charges the crew's record to the visit they made."),
    "visit_moved": gettext_lazy("Accepting charges the crew's record to the visit they made."),
    "stocktake_discrepancy": gettext_lazy("Accepting corrects the ledger to what the crew scanned."),
}


@dataclass
class ConflictView:
    conflict: SyncConflict
    what: str
    crew: str
    device: str
    recorded_at: object
    stop: str | None = None
    copy: str | None = None
    reader: str | None = None
    phone_said: list[str] = field(default_factory=list)
    server_says: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @property
    def accepting_does(self) -> str:
        return str(WHAT_ACCEPTING_DOES.get(self.conflict.code, _("Accepting applies the crew's record anyway.")))


@dataclass
class _Names:
    copies: dict[str, str]
    readers: dict[str, str]
    libraries: dict[int, str]
    vehicles: dict[int, str]
    loans: dict[int, str]
    visits: dict[int, PlannedVisit]

    def copy(self, barcode: str | None) -> str | None:
        if not barcode:
            return None
        title = self.copies.get(barcode)
        return f"«{title}» ({barcode})" if title else barcode

    def reader(self, card: str | None) -> str | None:
        if not card:
            return None
        name = self.readers.get(card)
        return _("%(name)s (card %(card)s)") % {"name": name, "card": card} if name else card

    def holder(self, ledger: dict) -> str:
        if ledger.get("library"):
            return self.libraries.get(ledger["library"], _("a library"))
        if ledger.get("vehicle"):
            return _("the bus %(plate)s") % {"plate": self.vehicles.get(ledger["vehicle"], "?")}
        if ledger.get("loan"):
            return _("a loan to %(reader)s") % {"reader": self.loans.get(ledger["loan"], _("a reader"))}
        return {"lost": _("the lost books"), "withdrawn": _("the withdrawn books")}.get(ledger.get("kind"), "—")


def person_name(user) -> str:
    """Family and middle names, then the given name, as Vietnamese write them."""
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def conflict_views(conflicts: list[SyncConflict]) -> list[ConflictView]:
    """Each conflict (from ``backend.crew.selectors.conflict_list``) in words, in the same order."""
    names = _names(conflicts)
    return [_view(conflict, names) for conflict in conflicts]


def _data(conflict: SyncConflict) -> dict:
    return (conflict.event.payload or {}).get("data") or {}


def _names(conflicts: list[SyncConflict]) -> _Names:
    barcodes, cards, libraries, vehicles, loans, visits = set(), set(), set(), set(), set(), set()
    for conflict in conflicts:
        data, details = _data(conflict), conflict.details or {}
        barcodes.update(b for b in (data.get("barcode"), details.get("barcode")) if isinstance(b, str))
        for listed in ("missing", "unexpected"):
            barcodes.update(sorted(details.get(listed) or [])[:LISTED_COPIES])
        if isinstance(data.get("card_number"), str):
            cards.add(data["card_number"])
        ledger = details.get("ledger") or {}
        libraries.add(ledger.get("library"))
        vehicles.update((ledger.get("vehicle"), details.get("vehicle")))
        loans.add(ledger.get("loan"))
        visits.add(details.get("moved_to"))
    return _Names(
        copies=_lookup(Copy.objects.filter(barcode__in=barcodes), "barcode", "record__title", barcodes),
        readers=_lookup(Reader.objects.filter(card_number__in=cards), "card_number", "full_name", cards),
        libraries=_lookup(Library.objects.filter(pk__in=libraries - {None}), "pk", "name", libraries - {None}),
        vehicles=_lookup(Vehicle.objects.filter(pk__in=vehicles - {None}), "pk", "plate_number", vehicles - {None}),
        loans=_lookup(Loan.objects.filter(pk__in=loans - {None}), "pk", "reader__full_name", loans - {None}),
        visits=PlannedVisit.objects.select_related("route").in_bulk(visits - {None}) if visits - {None} else {},
    )


def _lookup(rows, key: str, value: str, wanted: set) -> dict:
    return dict(rows.values_list(key, value)) if wanted else {}


def _view(conflict: SyncConflict, names: _Names) -> ConflictView:
    event, data, details = conflict.event, _data(conflict), conflict.details or {}
    visit = conflict.visit
    view = ConflictView(
        conflict=conflict,
        what=str(WHAT_THE_CREW_DID.get(event.kind, event.kind)),
        crew=person_name(event.user),
        device=event.device.name if event.device_id else "",
        recorded_at=event.device_time,
        stop=(
            f"{visit.site.name} · {visit.route.date:%d/%m/%Y} {visit.starts_at:%H:%M}" if visit is not None else None
        ),
        copy=names.copy(data.get("barcode") or details.get("barcode")),
        reader=names.reader(data.get("card_number")),
    )
    view.phone_said = _phone_said(event.kind, data, names)
    view.server_says = _server_says(conflict, details, names, view)
    return view


def _phone_said(kind: str, data: dict, names: _Names) -> list[str]:
    copy, reader = names.copy(data.get("barcode")), names.reader(data.get("card_number"))
    if kind == "lend":
        return [_("Lent %(copy)s to %(reader)s.") % {"copy": copy, "reader": reader}]
    if kind == "skip":
        cause = dict(SkipCause.choices).get(data.get("cause"), "")
        return [_("The visit was not made: %(cause)s.") % {"cause": cause}, data.get("reason", "")]
    if kind == "stocktake":
        return [_("Scanned %(n)d books on the bus.") % {"n": len(data.get("barcodes") or [])}]
    if kind == "visitors":
        return [_("%(s)s students and %(a)s adults came.") % {"s": data.get("students", 0), "a": data.get("adults", 0)}]
    if kind == "activity_note":
        return [data.get("note", "")[:300]]
    if kind == "proof":
        return [_("Host: %(name)s.") % {"name": data.get("host_name", "—")}]
    if kind in ("arrive", "leave"):
        return []  # when: the event's own time, shown beside it
    said = [copy or data.get("collection") or ""]
    if data.get("note"):
        said.append(data["note"][:300])
    return [s for s in said if s]


def _server_says(conflict: SyncConflict, details: dict, names: _Names, view: ConflictView) -> list[str]:
    code, visit = conflict.code, conflict.visit
    if code == "copy_not_on_bus":
        holder = names.holder(details.get("ledger") or {})
        return [_("The ledger puts %(copy)s at %(holder)s.") % {"copy": view.copy, "holder": holder}]
    if code == "visit_was_skipped":
        reason = visit.skip_reason if visit is not None and visit.skip_reason else "—"
        return [_("The visit is recorded as skipped (%(reason)s).") % {"reason": reason}]
    if code == "visit_already_made":
        return [_("The visit is recorded as made.")]
    if code == "visit_no_longer_planned":
        return [_("The visit was dropped from the plan after the phone downloaded its run sheet.")]
    if code == "visit_moved":
        moved = names.visits.get(details.get("moved_to"))
        day = f"{moved.route.date:%d/%m/%Y}" if moved is not None else "?"
        return [_("The visit was moved to %(date)s after the phone downloaded its run sheet.") % {"date": day}]
    if code == "stocktake_discrepancy":
        missing, unexpected = sorted(details.get("missing") or []), sorted(details.get("unexpected") or [])
        view.missing = [names.copy(b) for b in missing[:LISTED_COPIES]]
        view.unexpected = [names.copy(b) for b in unexpected[:LISTED_COPIES]]
        counts = {"n": details.get("expected", 0), "m": len(missing), "u": len(unexpected)}
        said = _("The ledger puts %(n)d books on the bus: %(m)d were not scanned, %(u)d scanned are not on its list.")
        return [said % counts]
    return [conflict.message]

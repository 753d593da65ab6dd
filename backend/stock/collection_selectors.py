"""Reads for rotating collections in words: where each is, since when, when it is due back, and its history."""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from .describe import holder_names
from .holders import Holder
from .models import CollectionStay, CopyStatus, Movement, RotatingCollection


def collection_overview() -> list[dict]:
    """Every active collection with where it is (in words), its open stay (since, due back) and its size. Four
    queries whatever the number of collections."""
    open_stays = CollectionStay.objects.filter(collected_on=None).select_related("site")
    collections = list(
        RotatingCollection.objects.filter(is_active=True)
        .annotate(
            copies_in=Count("copies", filter=~Q(copies__status__in=[CopyStatus.LOST, CopyStatus.WITHDRAWN])),
            # A subquery, not a second join: joining copies and movements together would multiply the rows (and
            # the count) by each collection's movements.
            last_moved=Subquery(Movement.objects.filter(collection=OuterRef("pk")).order_by("-at").values("at")[:1]),
        )
        .prefetch_related(Prefetch("stays", queryset=open_stays, to_attr="open_stays"))
        .order_by("code")
    )
    holders = {c.pk: _holder(c) for c in collections}
    names = holder_names(holders.values())
    rows = []
    for collection in collections:
        stay = collection.open_stays[0] if collection.open_stays else None
        rows.append(
            {
                "collection": collection,
                "where": stay.site.name if stay else names[holders[collection.pk]],
                "stay": stay,
                "since": stay.deposited_on
                if stay
                else (collection.last_moved.date() if collection.last_moved else None),
            }
        )
    return rows


def _holder(collection: RotatingCollection) -> Holder:
    if collection.holder_vehicle_id:
        return Holder.vehicle(collection.holder_vehicle_id)
    return Holder.library(collection.holder_library_id)


def collection_where(collection: RotatingCollection) -> str:
    return _holder(collection).label()

"""Usage-led rotation (Circular 05/2022: how much a point used its batch guides the choice of its next one): the
rotation planner's usage input from the database, and its usage reasons in words.

A stay's uses are the reading uses and loans reported for it (``CollectionUse``) plus the loans the ledger records
from its copies at the point during the stay. Sites are similar when they share a group (a school's level, else the
kind of its library); collections are similar by their subjects and DDC classes.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, DateField, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from backend.core.text import fold
from backend.places.models import ServiceSite
from routing.rotation import PastUse

from .models import CollectionStay, CollectionUse, Copy, Movement, MovementKind


def site_group(site: ServiceSite) -> str:
    """Which sites count as similar: schools of one level, else libraries of one kind."""
    if site.school_id:
        return f"school:{site.school.level}"
    return f"library:{site.library.kind}" if site.library_id else "other"


def collection_profiles(collection_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """What each collection is about: its titles' subjects (folded) and DDC hundreds."""
    profile = defaultdict(set)
    rows = Copy.objects.filter(collection_id__in=list(collection_ids)).values_list(
        "collection_id", "record__ddc", "record__subjects"
    )
    for collection_id, ddc, subjects in rows.distinct():
        if ddc and ddc[:1].isdigit():
            profile[collection_id].add(f"ddc:{ddc[:1]}")
        for subject in (subjects or "").split(";"):
            if subject.strip():
                profile[collection_id].add(fold(subject.strip()))
    return {cid: frozenset(p) for cid, p in profile.items()}


def reported_uses_of_stay() -> Subquery:
    """For a query over stays: the uses the point or the crew reported for each (``CollectionUse``), or null."""
    reported = (
        CollectionUse.objects.filter(stay=OuterRef("pk"))
        .values("stay")
        .annotate(n=Sum("reading_uses") + Sum("loans"))
        .values("n")
    )
    return Subquery(reported, output_field=IntegerField())


def stays_with_uses():
    """Every stay with ``use_count``: reported uses plus the ledger's loans from its copies at the point."""
    lent = (
        Movement.objects.filter(
            kind=MovementKind.LEND,
            copy__collection_id=OuterRef("collection_id"),
            site_id=OuterRef("site_id"),
            at__date__gte=OuterRef("deposited_on"),
            at__date__lte=OuterRef("until"),
        )
        .values("site_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    today = Value(timezone.localdate(), output_field=DateField())
    return CollectionStay.objects.annotate(until=Coalesce("collected_on", today)).annotate(
        reported_uses=Coalesce(reported_uses_of_stay(), zero),
        lent_uses=Coalesce(Subquery(lent, output_field=IntegerField()), zero),
    )


def past_uses() -> list[PastUse]:
    """How much each site used each collection it had, per 100 books deposited, as planner input."""
    stays = list(
        stays_with_uses()
        .filter(copies_deposited__gt=0)
        .select_related("site__school", "site__library", "collection")
        .order_by("site_id", "-deposited_on")
    )
    profiles = collection_profiles({s.collection_id for s in stays})
    return [
        PastUse(
            site_id=s.site_id,
            site_group=site_group(s.site),
            collection_id=s.collection_id,
            collection_code=s.collection.code,
            profile=profiles.get(s.collection_id, frozenset()),
            uses_per_100_books=100 * (s.reported_uses + s.lent_uses) // s.copies_deposited,
        )
        for s in stays
    ]


def _per_book(uses_per_100: int) -> str:
    return formats.number_format(uses_per_100 / 100, decimal_pos=1, use_l10n=True)


def usage_reasons_text(reasons: Iterable[str], group_label: str) -> str:
    """The planner's usage reasons (``peers:…``, ``like_heavy:…``, ``like_light:…``) in words."""
    parts = []
    for reason in reasons:
        kind, _sep, rest = reason.partition(":")
        if kind == "peers":
            stays, uses = (int(v) for v in rest.split(":"))
            parts.append(
                _("similar points (%(group)s) used it %(uses)s times per book over %(stays)d stays")
                % {"group": group_label, "uses": _per_book(uses), "stays": stays}
            )
        elif kind in ("like_heavy", "like_light"):
            code, uses, similar = rest.rsplit(":", 2)
            values = {"code": code, "uses": _per_book(int(uses)), "similar": similar}
            if kind == "like_heavy":
                parts.append(
                    _(
                        "this point used %(code)s heavily (%(uses)s uses per book) and this collection is "
                        "%(similar)s %% like it"
                    )
                    % values
                )
            else:
                parts.append(
                    _(
                        "this point hardly used %(code)s (%(uses)s uses per book); being %(similar)s %% like it "
                        "counts against this collection"
                    )
                    % values
                )
    return "; ".join(parts)

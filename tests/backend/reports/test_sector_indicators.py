"""The sector's indicators on a small known history: document uses, digital uses, new and regular readers, persons
served by priority group."""

import datetime

import pytest
from django.utils import timezone

from backend.crew.models import VisitReport
from backend.planning.models import PlannedVisit
from backend.reports.indicators import BY_KEY, INDICATORS
from backend.reports.periods import Period, ReportQuery
from backend.reports.selectors import indicator_table, indicator_totals, report_scope_for
from backend.stock.holders import Holder
from backend.stock.models import Record
from backend.stock.services import (
    collection_collect,
    collection_create,
    collection_deposit,
    collection_stay_report_uses,
    copy_acquire,
    loan_lend,
    reader_register,
)

MARCH_2026 = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


def at(month: int, day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, month, day, hour))


@pytest.fixture
def sector_history(reader_history, depot):
    """March 2026: the crews count priority groups, reading on the spot and computer uses; three loans by two
    readers of before and one new reader; a collection at the cultural house used 45 times."""
    site, house, far = reader_history["site"], reader_history["house"], reader_history["far_site"]
    far.priority_groups = ["ethnic_minority", "border_area"]
    far.save()
    parts = {
        (site, 2): {"children": 30, "reading_uses": 40, "digital_uses": 6},
        (site, 9): {"children": 35, "elderly": 0, "reading_uses": 50, "digital_uses": 4},
        (house, 9): {"elderly": 6, "disabled": 1, "reading_uses": 12},
        (far, 4): {"children": 20, "ethnic_minority": 8, "reading_uses": 25, "digital_uses": 10},
    }
    for (where, day), values in parts.items():
        VisitReport.objects.filter(visit__site=where, visit__route__date=datetime.date(2026, 3, day)).update(**values)
    record = Record.objects.create(title="Dế Mèn phiêu lưu ký")
    copies = [copy_acquire(record=record, barcode=f"SI{n:03d}", library=depot, at=at(1, 5)) for n in range(8)]
    old = [reader_register(card_number=f"OLD-{n}", full_name=f"Trần Văn Cũ {n}", site=site, at=at(1, 10))
           for n in range(2)]  # fmt: skip
    new = reader_register(card_number="NEW-1", full_name="Lê Thị Mới", site=site, at=at(3, 2))
    visit = PlannedVisit.objects.get(site=site, route__date=datetime.date(2026, 3, 2), route__plan__status="published")
    for copy, reader in zip(copies[:4], [old[0], old[0], old[1], new], strict=True):
        loan_lend(copy=copy, reader=reader, visit=visit, due_on=datetime.date(2026, 3, 30), at=at(3, 2, 10))
    # A loan in February by an old reader: not March's.
    loan_lend(copy=copies[4], reader=old[1], site=site, due_on=datetime.date(2026, 3, 1), at=at(2, 20))
    collection = collection_create(code="LC-SI", name="Tủ sách", library=depot, reading_level="children",
                                   box_labels=["Thùng 1"], copies=copies[5:])  # fmt: skip
    collection_deposit(collection=collection, site=house, at=at(3, 3))
    stay = collection_collect(collection=collection, to=Holder.library(depot), site=house, at=at(3, 25)).stay
    collection_stay_report_uses(stay=stay, uses=45)
    return reader_history


def test_every_indicator_has_one_definition_with_a_vietnamese_name():
    assert len(BY_KEY) == len(INDICATORS)
    for indicator in INDICATORS:
        assert indicator.vi and indicator.en and indicator.definition_vi and indicator.definition_en
    assert BY_KEY["document_uses"].vi == "Lượt tài liệu lưu hành"
    assert BY_KEY["visits_made"].vi == "Buổi phục vụ đã thực hiện"
    assert not any("Lượt phục vụ" in i.vi for i in INDICATORS)


def test_document_uses_digital_uses_and_readers(sector_history, coordinator):
    totals = indicator_totals(period=MARCH_2026, scope=report_scope_for(user=coordinator))

    assert (totals["loans"], totals["reading_uses"], totals["collection_uses"]) == (4, 127, 45)
    assert totals["document_uses"] == 4 + 127 + 45
    assert totals["digital_uses"] == 20
    # Two readers with cards from January borrowed in March (one of them twice); one reader is new.
    assert (totals["new_readers"], totals["regular_readers"]) == (1, 2)


def test_persons_served_by_priority_group(sector_history, coordinator):
    totals = indicator_totals(period=MARCH_2026, scope=report_scope_for(user=coordinator))

    got = {k: totals[k] for k in ("served_children", "served_elderly", "served_disabled", "served_ethnic_minority")}
    assert got == {"served_children": 85, "served_elderly": 6, "served_disabled": 1, "served_ethnic_minority": 8}
    # The far site is in a border area: its 20 reader visits count.
    assert totals["served_priority_areas"] == 20


def test_indicators_per_site_and_per_month(sector_history, coordinator):
    scope = report_scope_for(user=coordinator)
    by_site = {r["group"]: r for r in indicator_table(query=ReportQuery(MARCH_2026, "total", "site"), scope=scope)}
    site, house, far = (sector_history[k].name for k in ("site", "house", "far_site"))

    assert (by_site[site]["document_uses"], by_site[site]["regular_readers"]) == (4 + 90, 2)
    assert (by_site[house]["document_uses"], by_site[house]["collection_uses"]) == (12 + 45, 45)
    assert (by_site[far]["served_priority_areas"], by_site[far]["digital_uses"]) == (20, 10)
    # Month by month, a reader is regular in a month when the card is older than the month.
    period = Period(datetime.date(2026, 2, 1), datetime.date(2026, 3, 31))
    months = {r["period"]: r for r in indicator_table(query=ReportQuery(period, "month", "total"), scope=scope)}
    assert (months["2026-02"]["regular_readers"], months["2026-02"]["loans"]) == (1, 1)
    assert months["2026-03"]["regular_readers"] == 2

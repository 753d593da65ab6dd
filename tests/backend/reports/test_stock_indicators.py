"""Tests of the stock indicators (issue 3 ledger): new readers, loans, returns, overdue, rotations, acquisitions."""

import datetime

import pytest
from django.utils import timezone

from backend.planning.models import PlannedVisit
from backend.reports.periods import Period, ReportQuery
from backend.reports.selectors import indicator_table, indicator_totals, report_scope_for
from backend.stock.holders import Holder
from backend.stock.models import Record
from backend.stock.services import (
    collection_collect,
    collection_create,
    collection_deposit,
    copy_acquire,
    loan_lend,
    loan_return,
    reader_register,
)

MARCH_2026 = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


def at(day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 3, day, hour))


@pytest.fixture
def stock_history(history, depot):
    record = Record.objects.create(title="Dế Mèn phiêu lưu ký")
    copies = [
        copy_acquire(record=record, barcode=f"BB{n:04d}", library=depot, at=at(1), source=source)
        for n, source in enumerate(["purchase", "purchase", "donation", "purchase", "purchase"])
    ]
    site, house = history["site"], history["house"]
    visit = PlannedVisit.objects.get(site=site, route__date=datetime.date(2026, 3, 2))
    back_visit = PlannedVisit.objects.get(site=site, route__date=datetime.date(2026, 3, 9))
    readers = [reader_register(card_number=f"CT-{n}", full_name=f"Bạn đọc {n}", site=site, at=at(2)) for n in range(2)]
    reader_register(card_number="CT-old", full_name="Bạn đọc cũ", site=site, at=at(2) - datetime.timedelta(days=40))
    returned = loan_lend(copy=copies[0], reader=readers[0], visit=visit, due_on=datetime.date(2026, 3, 9), at=at(2))
    loan_lend(copy=copies[1], reader=readers[1], visit=visit, due_on=datetime.date(2026, 3, 9), at=at(2))
    loan_return(loan=returned, to=Holder.library(depot), visit=back_visit, at=at(9))
    collection = collection_create(
        code="LC-01", name="Tủ sách 01", library=depot, reading_level="children", box_labels=["Thùng 1"],
        copies=copies[2:],
    )  # fmt: skip
    collection_deposit(collection=collection, site=house, at=at(3))
    collection_collect(collection=collection, to=Holder.library(depot), site=house, at=at(20))
    return history


def test_stock_figures_for_the_whole_network(stock_history, coordinator):
    totals = indicator_totals(period=MARCH_2026, scope=report_scope_for(user=coordinator))

    keys = ["new_readers", "loans", "returns", "overdue_loans", "collections_deposited", "collections_collected"]
    keys += ["copies_rotated", "copies_purchased", "copies_donated"]
    got = {k: totals[k] for k in keys}
    assert got == {
        "new_readers": 2,
        "loans": 2,
        "returns": 1,
        "overdue_loans": 1,
        "collections_deposited": 1,
        "collections_collected": 1,
        "copies_rotated": 3,
        "copies_purchased": 4,
        "copies_donated": 1,
    }


def test_stock_figures_by_site_and_by_trip(stock_history, coordinator):
    scope = report_scope_for(user=coordinator)
    sites = {r["group"]: r for r in indicator_table(query=ReportQuery(MARCH_2026, "total", "site"), scope=scope)}
    trips = indicator_table(query=ReportQuery(MARCH_2026, "total", "trip"), scope=scope)

    site, house = sites[stock_history["site"].name], sites[stock_history["house"].name]
    assert (site["loans"], site["returns"], site["new_readers"]) == (2, 1, 2)
    assert (house["collections_deposited"], house["copies_rotated"], house["loans"]) == (1, 3, 0)
    assert sorted(r["loans"] for r in trips) == [0, 0, 0, 2]
    assert [r["group"] for r in trips if r["loans"]][0].endswith("2026-03-02")
    # The collection was deposited and collected outside a recorded visit: it belongs to no trip.
    assert [(r["group"], r["collections_deposited"]) for r in trips][-1] == ("—", 1)


def test_school_contact_sees_their_school_loans_only(stock_history, school_contact, other_site):
    totals = indicator_totals(period=MARCH_2026, scope=report_scope_for(user=school_contact))

    assert (totals["loans"], totals["collections_deposited"], totals["copies_purchased"]) == (2, 0, 0)

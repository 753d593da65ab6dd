"""Tests of the demo history: published past trips with head counts, loans and rotations; loading twice adds nothing."""

import datetime

from backend.crew.models import VisitReport
from backend.demo.history import demo_history_load
from backend.demo.places import demo_load
from backend.planning.models import Plan, PlannedVisit
from backend.reports.periods import Period, ReportQuery
from backend.reports.selectors import ReportScope, indicator_table, indicator_totals
from backend.stock.models import CollectionStay, Loan, Movement
from backend.stock.verify import ledger_verify

TODAY = datetime.date(2026, 5, 10)


def test_history_fills_past_months_consistently_and_loading_again_adds_nothing(db):
    demo_load()

    counts = demo_history_load(today=TODAY, months=3)

    assert counts["months"] == 4  # February to April, and May up to yesterday
    plans = Plan.objects.filter(stats__has_key="demo_history")
    assert plans.count() == 4 and set(plans.values_list("status", flat=True)) == {"published"}
    assert not PlannedVisit.objects.filter(route__date__gte=TODAY).exists()
    assert set(PlannedVisit.objects.values_list("status", flat=True)) == {"done", "skipped"}
    assert not PlannedVisit.objects.filter(status="skipped", skip_reason="").exists()
    assert VisitReport.objects.count() == PlannedVisit.objects.filter(status="done").count() == counts["visits"]
    assert ledger_verify().mismatches == []
    assert Loan.objects.count() == counts["loans"] > 50
    assert Loan.objects.filter(returned_at__isnull=False).exists()
    assert CollectionStay.objects.exists()
    assert Movement.objects.filter(kind="acquire", copy__source="donation").exists()
    # Book Day brings more visitors and three stops a trip.
    april = indicator_table(
        query=ReportQuery(Period(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)), "total", "total"),
        scope=ReportScope(),
    )[0]
    book_day = indicator_totals(
        period=Period(datetime.date(2026, 4, 14), datetime.date(2026, 4, 25)), scope=ReportScope()
    )
    assert book_day["reader_visits"] / book_day["visits_made"] > april["reader_visits"] / april["visits_made"]

    before = (PlannedVisit.objects.count(), Loan.objects.count(), Movement.objects.count())
    assert demo_history_load(today=TODAY, months=3) == {"months": 0, "visits": 0, "loans": 0}
    assert (PlannedVisit.objects.count(), Loan.objects.count(), Movement.objects.count()) == before

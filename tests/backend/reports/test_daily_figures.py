"""The daily figures give every report exactly what the records give: for every grouping, step and period (whole
months, days at either end), for the network and a crew; and still after a late-synced event and a correction."""

import datetime

import pytest

from backend.crew.services import sync_batch_apply
from backend.reports.completeness import months_with_service
from backend.reports.daily import report_days_rebuild, report_days_refresh_stale
from backend.reports.models import DayFigures, MonthFigures, StaleDay
from backend.reports.periods import GROUPINGS, STEPS, Period, ReportQuery
from backend.reports.selectors import ReportScope, growth_report, indicator_table, report_scope_for
from backend.stock.services import loan_lend, reader_register
from tests.backend.factories import CopyFactory
from tests.mobile_api.conftest import day, device, event, today  # noqa: F401

PERIODS = [
    Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    Period(datetime.date(2025, 12, 1), datetime.date(2026, 11, 30)),  # the sector's evaluation year
    Period(datetime.date(2026, 3, 3), datetime.date(2026, 4, 10)),  # days at both ends of a whole month
    Period(datetime.date(2026, 3, 2), datetime.date(2026, 3, 9)),  # no whole month
    Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
]


def _from_days_and_from_records(settings, read):
    settings.BOOKBUS = {**settings.BOOKBUS, "REPORT_DAILY_FIGURES": True}
    from_days = read()
    settings.BOOKBUS = {**settings.BOOKBUS, "REPORT_DAILY_FIGURES": False}
    from_records = read()
    settings.BOOKBUS = {**settings.BOOKBUS, "REPORT_DAILY_FIGURES": True}
    return from_days, from_records


def test_every_report_from_the_daily_figures_equals_the_one_over_the_records(
    sector_history, coordinator, driver, settings
):
    for scope in (report_scope_for(user=coordinator), report_scope_for(user=driver)):
        for period in PERIODS:
            for step in STEPS:
                for grouping in GROUPINGS:
                    query = ReportQuery(period=period, step=step, grouping=grouping)
                    from_days, from_records = _from_days_and_from_records(
                        settings, lambda q=query, s=scope: indicator_table(query=q, scope=s)
                    )
                    assert from_days == from_records, (scope, period, step, grouping)
            growth = _from_days_and_from_records(
                settings,
                lambda p=period, s=scope: growth_report(period=p, grouping="commune", metric="document_uses", scope=s),
            )
            assert growth[0] == growth[1]
            months = _from_days_and_from_records(
                settings, lambda p=period, s=scope: months_with_service(period=p, scope=s)
            )
            assert months[0] == months[1]
    assert MonthFigures.objects.filter(by="site").exists() and MonthFigures.objects.filter(by="vehicle").exists()


def test_the_history_counts_once_in_the_daily_figures(sector_history, coordinator):
    report_days_refresh_stale()
    march = DayFigures.objects.filter(date__range=(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)))
    assert sum(march.values_list("visits_made", flat=True)) == 4
    assert sum(march.values_list("loans", flat=True)) == 4
    assert not StaleDay.objects.exists()
    # A rebuild from nothing gives the same rows.
    columns = ("date", "site_id", "vehicle_id", "trip_id", "visits_made", "loans", "returns", "new_readers")
    before = sorted(DayFigures.objects.values_list(*columns), key=repr)
    assert report_days_rebuild()["rows"] == len(before)
    after = sorted(DayFigures.objects.values_list(*columns), key=repr)
    assert after == before


@pytest.mark.django_db(transaction=True)
def test_a_late_synced_event_and_a_correction_reach_the_reports_on_commit(device, day, today, settings):  # noqa: F811
    period = Period(today - datetime.timedelta(days=40), today)
    query = ReportQuery(period=period, step="month", grouping="site")
    scope = ReportScope()

    def totals():
        return indicator_table(query=ReportQuery(period=period, step="total", grouping="total"), scope=scope)[0]

    assert totals()["reader_visits"] == 0  # figures computed: nothing is stale any more
    assert not StaleDay.objects.exists()

    first, second = day["visits"][0], day["visits"][1]
    sync_batch_apply(device=device, events=[event("visitors", first, seq=1, students=12, adults=3),
                                            event("arrive", second, seq=2)])  # fmt: skip
    # Computed again when the batch committed, before any report asked.
    assert not StaleDay.objects.exists()
    assert totals()["reader_visits"] == 15 and totals()["visits_made"] == 1
    from_days, from_records = _from_days_and_from_records(settings, lambda: indicator_table(query=query, scope=scope))
    assert from_days == from_records

    # The crew corrects its count; a loan recorded at the first stop and a new reader arrive too.
    sync_batch_apply(device=device, events=[event("visitors", first, seq=3, students=10, adults=3)])
    reader = reader_register(card_number="LATE-1", full_name="Nguyễn Văn Muộn", site=first.site)
    loan_lend(copy=CopyFactory(), reader=reader, visit=first, due_on=today + datetime.timedelta(days=14))
    assert not StaleDay.objects.exists()
    figures = totals()
    assert (figures["reader_visits"], figures["loans"], figures["new_readers"]) == (13, 1, 1)
    from_days, from_records = _from_days_and_from_records(settings, lambda: indicator_table(query=query, scope=scope))
    assert from_days == from_records

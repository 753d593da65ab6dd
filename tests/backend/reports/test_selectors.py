"""Tests of the indicator selectors: figures per period and group, aggregated in the database, scoped by role."""

import datetime

from django.db import connection
from django.utils import translation

from backend.reports.periods import Period, ReportQuery
from backend.reports.selectors import (
    growth_report,
    indicator_table,
    indicator_totals,
    report_scope_for,
    skip_reasons,
)

MARCH_2026 = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
YEAR_2026 = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_totals_count_trips_visits_km_and_hours_of_published_plans_only(history, coordinator):
    totals = indicator_totals(period=MARCH_2026, scope=report_scope_for(user=coordinator))

    assert totals["trips_planned"] == 3
    assert totals["trips_made"] == 3
    assert totals["visits_planned"] == 5
    assert totals["visits_made"] == 4
    assert totals["visits_skipped"] == 1
    assert totals["km"] == 110.0
    assert totals["hours_at_sites"] == 8.0


def test_monthly_rows_by_vehicle_split_trips_and_planned_work(history, coordinator):
    query = ReportQuery(period=YEAR_2026, step="month", grouping="vehicle")

    rows = indicator_table(query=query, scope=report_scope_for(user=coordinator))

    got = [(r["period"], r["group"], r["trips_planned"], r["trips_made"], r["visits_made"], r["km"]) for r in rows]
    bus, other = history["bus"].plate_number, history["other_bus"].plate_number
    assert sorted(got) == sorted(
        [
            ("2026-03", bus, 2, 2, 3, 90.0),
            ("2026-03", other, 1, 1, 1, 20.0),
            ("2026-04", bus, 1, 0, 0, 0.0),
        ]
    )


def test_site_grouping_counts_legs_driven_to_each_site(history, coordinator):
    query = ReportQuery(period=MARCH_2026, step="total", grouping="site")

    rows = {r["group"]: r for r in indicator_table(query=query, scope=report_scope_for(user=coordinator))}

    assert rows[history["site"].name]["visits_made"] == 2
    assert rows[history["site"].name]["km"] == 30.0
    assert rows[history["house"].name]["visits_skipped"] == 1
    assert rows[history["house"].name]["visits_made"] == 1


def test_site_kind_and_quarter_grouping(history, coordinator):
    query = ReportQuery(period=YEAR_2026, step="quarter", grouping="site_kind")

    rows = indicator_table(query=query, scope=report_scope_for(user=coordinator))

    assert [(r["period"], r["group"], r["visits_made"]) for r in rows] == [
        ("2026-Q1", "commune", 1),
        ("2026-Q1", "school", 3),
        ("2026-Q2", "school", 0),
    ]


def test_school_contact_counts_only_their_school(history, school_contact):
    totals = indicator_totals(period=MARCH_2026, scope=report_scope_for(user=school_contact))

    assert (totals["visits_planned"], totals["visits_made"], totals["trips_made"]) == (2, 2, 2)


def test_driver_counts_only_their_vehicles(history, driver):
    totals = indicator_totals(period=MARCH_2026, scope=report_scope_for(user=driver))

    assert (totals["trips_made"], totals["visits_made"], totals["km"]) == (2, 3, 90.0)


def test_growth_lists_sites_falling_behind_first(history, coordinator):
    report = growth_report(
        period=MARCH_2026, grouping="site", metric="visits_made", scope=report_scope_for(user=coordinator)
    )

    assert report["overall"] == {
        "current": 4,
        "previous": 2,
        "change": 2,
        "growth_pct": 100.0,
        "target": 2.2,
        "target_gap": 1.8,
        "on_track": True,
    }
    order = [(g["group"], g["on_track"]) for g in report["groups"]]
    assert order == [
        (history["house"].name, False),
        (history["far_site"].name, None),
        (history["site"].name, True),
    ]


def test_skip_reasons_are_counted_by_cause(history, coordinator):
    from backend.planning.models import PlannedVisit

    with translation.override("en"):
        assert skip_reasons(period=MARCH_2026, scope=report_scope_for(user=coordinator)) == [
            {
                "group_key": "",
                "group": "",
                "cause": "site_busy",
                "reason": "site closed or busy (exams, events)",
                "visits": 1,
            }
        ]
    PlannedVisit.objects.filter(status="skipped").update(skip_cause="")  # skipped before causes were recorded
    assert [r["cause"] for r in skip_reasons(period=MARCH_2026, scope=report_scope_for(user=coordinator))] == ["other"]


def test_indicator_table_is_one_query_per_source(history, coordinator, django_assert_num_queries, settings):
    settings.BOOKBUS = {**settings.BOOKBUS, "REPORT_DAILY_FIGURES": False}
    scope = report_scope_for(user=coordinator)
    # A savepoint, (on PostgreSQL) SET LOCAL jit = off, then one query per source: visits (with their reports),
    # trips, trips made, loans, overdue loans, returns, deposits, collections, new readers, acquisitions, events;
    # release.
    with django_assert_num_queries(13 + (connection.vendor == "postgresql")):
        indicator_table(query=ReportQuery(period=YEAR_2026, step="month", grouping="total"), scope=scope)


def test_indicator_table_from_daily_figures_is_a_few_queries(history, coordinator, django_assert_max_num_queries):
    scope = report_scope_for(user=coordinator)
    query = ReportQuery(period=YEAR_2026, step="month", grouping="total")
    indicator_table(query=query, scope=scope)  # computes the days the history marked stale
    # A savepoint, SET LOCAL jit = off, the stale days (none left), the year's monthly figures, the regular readers
    # over the loans, (when the year holds today's month) loans still out this month, the reported events (network
    # totals, over their records); release.
    with django_assert_max_num_queries(7 + (connection.vendor == "postgresql")):
        indicator_table(query=query, scope=scope)


def test_reader_visits_come_from_visit_reports_and_their_times(reader_history, coordinator):
    totals = indicator_totals(period=MARCH_2026, scope=report_scope_for(user=coordinator))

    assert (totals["reader_visits_students"], totals["reader_visits_adults"], totals["reader_visits"]) == (95, 17, 112)
    # Four visits made, each reported 3 hours on site (instead of the 2 hours planned).
    assert totals["hours_at_sites"] == 12.0
    assert totals["reader_visits_per_hour"] == 9.3


def test_reader_visit_growth_puts_the_standing_still_house_first(reader_history, coordinator):
    report = growth_report(
        period=MARCH_2026, grouping="site", metric="reader_visits", scope=report_scope_for(user=coordinator)
    )

    assert report["overall"]["growth_pct"] == round(100 * (112 - 45) / 45, 1)
    assert [(g["group"], g["current"], g["previous"], g["on_track"]) for g in report["groups"]] == [
        (reader_history["house"].name, 20, 20, False),
        (reader_history["far_site"].name, 20, 0, None),
        (reader_history["site"].name, 72, 25, True),
    ]


def test_event_activities_carry_the_crews_notes(reader_history, coordinator):
    from backend.reports.selectors import event_activities

    rows = event_activities(period=MARCH_2026, scope=report_scope_for(user=coordinator))

    assert [r["note"] for r in rows if r["note"]] == ["Kể chuyện sách"]
    assert len(rows) == 4

"""Tests of the benchmark's set-up: it generates the rows it claims, runs every report query, and leaves nothing."""

from backend.places.models import ServiceSite
from backend.planning.models import PlannedVisit
from backend.reports.bench import reports_bench


def test_bench_counts_its_events_times_every_query_and_rolls_back(db):
    counts, rows = reports_bench(events=4000, year=2026)

    assert counts["visits"] == 1000 and counts["visit_reports"] == 1000
    assert counts["loans"] == 800 and counts["returns"] == 800 and counts["readers"] == 400
    assert counts["events_in_year"] == 4000
    assert counts["figures_rows"] > 0  # the daily figures the reports read were computed
    assert len(rows) == 11 and all(r.seconds > 0 for r in rows)
    by_month = next(r for r in rows if r.name == "yearly report by month")
    assert by_month.rows == 12
    assert not ServiceSite.objects.exists() and not PlannedVisit.objects.exists()

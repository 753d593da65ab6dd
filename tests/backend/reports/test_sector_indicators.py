"""The sector's indicators on a small known history: document uses, digital uses, new and regular readers, persons
served by priority group."""

import datetime

from backend.reports.indicators import BY_KEY, INDICATORS
from backend.reports.periods import Period, ReportQuery
from backend.reports.selectors import indicator_table, indicator_totals, report_scope_for

MARCH_2026 = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


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

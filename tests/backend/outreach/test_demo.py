"""The demo's events and donation drive: two past events planned on the history's sessions and reported, a drive
whose catalogued copies went through the ledger; loading again adds nothing."""

import datetime

from backend.demo.history import demo_history_load
from backend.demo.outreach import demo_outreach_load
from backend.demo.places import demo_load
from backend.demo.stock import stock_demo_load
from backend.outreach.models import DonatedCopy, Donation, DonationDrive, Event
from backend.reports.periods import Period
from backend.reports.selectors import ReportScope, indicator_totals
from backend.stock.models import CopySource
from backend.stock.verify import ledger_verify

TODAY = datetime.date(2026, 5, 10)


def test_the_demo_has_past_events_and_a_drive(db):
    demo_load()
    stock_demo_load()
    demo_history_load(today=TODAY, months=2)

    assert demo_outreach_load(today=TODAY) == {"events": 2, "donation drives": 1}

    book_day = Event.objects.get(kind="book_day")
    assert (book_day.starts_on, book_day.ends_on) == (datetime.date(2026, 4, 20), datetime.date(2026, 4, 24))
    assert book_day.visits.exists() and book_day.is_reported  # planned on the history's sessions
    week = Event.objects.get(kind="lifelong_week")
    assert week.starts_on == datetime.date(2025, 10, 1) and week.participants_total == 1_240
    totals = indicator_totals(
        period=Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)), scope=ReportScope()
    )
    assert totals["event_participants"] == 1_860
    drive = DonationDrive.objects.get()
    assert sum(Donation.objects.filter(drive=drive).values_list("copies", flat=True)) == 535
    catalogued = DonatedCopy.objects.filter(donation__drive=drive).select_related("copy")
    assert catalogued.count() == 30 and {d.copy.source for d in catalogued} == {CopySource.DONATION}
    assert ledger_verify().mismatches == []
    assert demo_outreach_load(today=TODAY) == {"events": 0, "donation drives": 0}

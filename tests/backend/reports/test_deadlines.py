"""Reporting deadlines: the calendar with prefilled reports, and one reminder a week before each."""

import datetime

from django.core import mail

from backend.notifications.models import Notification
from backend.reports.deadlines import deadline_calendar, deadline_reminders_send


def test_the_calendar_lists_each_deadline_with_its_period_and_report(db):
    rows = deadline_calendar(today=datetime.date(2026, 12, 5))

    assert [(r["key"], r["due"]) for r in rows] == [
        ("sector_yearly_report", datetime.date(2026, 12, 30)),
        ("school_self_assessment", datetime.date(2027, 6, 12)),
        ("lifelong_learning_results", datetime.date(2027, 11, 15)),
    ]
    yearly = rows[0]
    assert (yearly["period"].start, yearly["period"].end) == (datetime.date(2025, 12, 1), datetime.date(2026, 11, 30))
    assert yearly["url"] == "/reports/form01/?start=2025-12-01&end=2026-11-30"
    assert rows[1]["url"] == "/reports/form01/?start=2026-09-01&end=2027-05-31"


def test_a_deadline_seven_days_away_yields_one_reminder(coordinator, driver, django_capture_on_commit_callbacks):
    coordinator.email = "dieu.phoi@bookbus.test"
    coordinator.save()

    with django_capture_on_commit_callbacks(execute=True):
        made = deadline_reminders_send(today=datetime.date(2026, 12, 23))

    assert made == 1
    note = Notification.objects.get()
    assert (note.recipient, note.kind, note.data["deadline"]) == (coordinator, "deadline", "sector_yearly_report")
    assert "30/12/2026" in note.subject and "/reports/form01/?start=2025-12-01&end=2026-11-30" in note.body
    assert [m.to for m in mail.outbox] == [["dieu.phoi@bookbus.test"]]
    # The same day again, or a day with no deadline a week away: nothing more.
    assert deadline_reminders_send(today=datetime.date(2026, 12, 23)) == 0
    assert deadline_reminders_send(today=datetime.date(2026, 12, 22)) == 0
    assert deadline_reminders_send(today=datetime.date(2026, 12, 24)) == 0
    assert Notification.objects.count() == 1


def test_the_dashboard_shows_the_deadlines(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/reports/").content.decode()
    assert 'data-deadline="sector_yearly_report"' in html and "/reports/form01/?start=" in html

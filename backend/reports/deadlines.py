"""The reporting deadlines of the plans, each with the report that answers it (prefilled with its period), and
the reminders coordinators get by notification and e-mail a week before (``BOOKBUS["DEADLINE_REMINDER_DAYS"]``)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.notifications.models import NotificationKind
from backend.notifications.services import notification_send_to_coordinators

from .periods import Period, year_period


@dataclass(frozen=True)
class Deadline:
    key: str
    month: int
    day: int
    name: str
    report: str  # what to send, in a sentence

    def due_after(self, today: datetime.date) -> datetime.date:
        """The next due date on or after ``today``."""
        due = datetime.date(today.year, self.month, self.day)
        return due if due >= today else datetime.date(today.year + 1, self.month, self.day)


DEADLINES = [
    Deadline("school_self_assessment", 6, 12, gettext_lazy("School-library self-assessment (Circular 16/2022)"),
             gettext_lazy("The mobile library's service to each school in the school year (September to May).")),
    Deadline("lifelong_learning_results", 11, 15, gettext_lazy("Commune lifelong-learning results"),
             gettext_lazy("Service per commune and point from 1 December to the end of October.")),
    Deadline("sector_yearly_report", 12, 30, gettext_lazy("Library sector's yearly report"),
             gettext_lazy("Form 01 and the yearly report for the evaluation year 1/12–30/11.")),
]  # fmt: skip
BY_KEY = {d.key: d for d in DEADLINES}


def deadline_period(deadline: Deadline, due: datetime.date) -> Period:
    """The period the report for ``deadline`` due on ``due`` covers."""
    if deadline.key == "school_self_assessment":
        return Period(datetime.date(due.year - 1, 9, 1), datetime.date(due.year, 5, 31))
    if deadline.key == "lifelong_learning_results":
        return Period(datetime.date(due.year - 1, 12, 1), datetime.date(due.year, 10, 31))
    return year_period(due.year, sector=True)


def deadline_report_url(deadline: Deadline, due: datetime.date) -> str:
    """Form 01 for the deadline's period (its per-point sheet is what each of these reports asks for)."""
    period = deadline_period(deadline, due)
    return reverse("reports:form01") + "?" + urlencode({"start": period.start, "end": period.end})


def deadline_calendar(*, today: datetime.date) -> list[dict]:
    """Every deadline's next due date, soonest first, with days left, the period and the prefilled report."""
    rows = []
    for deadline in DEADLINES:
        due = deadline.due_after(today)
        rows.append({"key": deadline.key, "name": str(deadline.name), "report": str(deadline.report), "due": due,
                     "days_left": (due - today).days, "period": deadline_period(deadline, due),
                     "url": deadline_report_url(deadline, due)})  # fmt: skip
    return sorted(rows, key=lambda r: r["due"])


@transaction.atomic
def deadline_reminders_send(*, today: datetime.date) -> int:
    """Remind every coordinator of each deadline exactly ``DEADLINE_REMINDER_DAYS`` away (7 by default); a second
    run the same day sends nothing more. Returns the number of notifications made."""
    made = 0
    for row in deadline_calendar(today=today):
        if row["days_left"] not in settings.BOOKBUS["DEADLINE_REMINDER_DAYS"]:
            continue
        subject = _("%(name)s due on %(due)s") % {"name": row["name"], "due": f"{row['due']:%d/%m/%Y}"}
        body = _("%(days)d days left until %(due)s. %(report)s Prefilled report: %(url)s") % {
            "days": row["days_left"], "due": f"{row['due']:%d/%m/%Y}", "report": row["report"], "url": row["url"]
        }  # fmt: skip
        data = {"deadline": row["key"], "due_on": row["due"].isoformat(), "days_left": row["days_left"]}
        made += len(notification_send_to_coordinators(kind=NotificationKind.DEADLINE, subject=subject, body=body,
                                                      data=data, once=True))  # fmt: skip
    return made

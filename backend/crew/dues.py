"""When a published plan moves or drops a visit, or replaces one the crew skipped or missed, what was due at it
follows: loans due back at that visit and collections due for collection there move to the new visit (the make-up
visit of a skipped one; if none, the bus's next published visit to the stop), and the school's contacts and the
readers concerned are told (the readers through the configured senders: SMS, e-mail)."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.core.signals import records_changed
from backend.crew.models import ReaderNotice
from backend.crew.tasks import reader_notices_send_task
from backend.notifications.models import NotificationKind
from backend.notifications.services import notification_send_to_school
from backend.planning.models import PlannedVisit, VisitStatus
from backend.stock.loans import loan_due_on
from backend.stock.models import CollectionStay, Loan
from backend.stock.selectors import site_next_visit_on


def dues_follow_plan(*, old_visits: dict[str, PlannedVisit], new_visits: dict[str, PlannedVisit]) -> dict[str, int]:
    """Move loan due dates and expected collection dates off visits the new plan moved or dropped.

    Returns how many loans and stays moved. Called inside ``plan_publish``'s transaction (signal
    ``plan_published``), so it commits or rolls back with the publication.
    """
    moved = {"loans": 0, "stays": 0}
    for key, before in old_visits.items():
        if before.status == VisitStatus.DONE:
            continue  # made: what was due there was settled at the stop
        after = new_visits.get(key)
        old_day = before.route.date
        if after is not None and after.route.date == old_day and after.site_id == before.site_id:
            continue
        new_day = after.route.date if after is not None else site_next_visit_on(site=before.site, after=old_day)
        moved["loans"] += _loans_follow(before, old_day, new_day)
        moved["stays"] += _stays_follow(before, old_day, new_day)
    return moved


def _loans_follow(before: PlannedVisit, old_day: datetime.date, new_day: datetime.date | None) -> int:
    loans = list(Loan.objects.filter(site_id=before.site_id, returned_at=None, due_on=old_day))
    for loan in loans:
        # Dropped with no later visit planned: the usual fallback (so many days after lending).
        loan.due_on = new_day or loan_due_on(site=None, lent_on=timezone.localtime(loan.lent_at).date())
    records_changed.send(sender=Loan, pks=[loan.pk for loan in loans])  # the days they leave, and (below) reach
    Loan.objects.bulk_update(loans, ["due_on"])
    records_changed.send(sender=Loan, pks=[loan.pk for loan in loans])
    _tell_readers(before, loans)
    if loans and before.site.school_id:
        due = loans[0].due_on
        notification_send_to_school(
            school=before.site.school,
            kind=NotificationKind.VISIT_TIME,
            subject=_("Books lent by the library bus: new return date"),
            body=_("%(n)d books lent at %(site)s are now due back on %(date)s.")
            % {"n": len(loans), "site": before.site.name, "date": due.strftime("%d/%m/%Y")},
            data={"site": before.site_id, "due_on": due.isoformat(), "loans": [loan.pk for loan in loans]},
        )
    return len(loans)


def _stays_follow(before: PlannedVisit, old_day: datetime.date, new_day: datetime.date | None) -> int:
    if new_day is None:
        return 0  # nothing planned yet: the stay keeps its date until a plan brings the bus back
    stays = list(
        CollectionStay.objects.filter(
            site_id=before.site_id, collected_on=None, expected_collection_on=old_day
        ).select_related("collection")
    )
    for stay in stays:
        stay.expected_collection_on = max(new_day, stay.deposited_on)
    CollectionStay.objects.bulk_update(stays, ["expected_collection_on"])
    if before.site.school_id:
        for stay in stays:
            notification_send_to_school(
                school=before.site.school,
                kind=NotificationKind.COLLECTION_DUE,
                subject=_("New collection date for the rotating collection"),
                body=_("The library bus will collect %(name)s from %(site)s on %(date)s.")
                % {
                    "name": stay.collection.name,
                    "site": before.site.name,
                    "date": stay.expected_collection_on.strftime("%d/%m/%Y"),
                },
                data={"stay": stay.pk, "expected_collection_on": stay.expected_collection_on.isoformat()},
            )
    return len(stays)


def _tell_readers(before: PlannedVisit, loans: list[Loan]) -> None:
    """One notice per reader whose books' return date moved, sent once the publication commits."""
    by_reader = defaultdict(list)
    for loan in loans:
        by_reader[loan.reader_id].append(loan)
    notices = []
    for reader_loans in by_reader.values():
        due = reader_loans[0].due_on
        notices.append(
            ReaderNotice(
                reader_id=reader_loans[0].reader_id,
                subject=_("Library bus: new return date"),
                body=_("The library bus did not stop at %(site)s on %(old)s. Bring back your %(n)d books on %(date)s.")
                % {
                    "site": before.site.name,
                    "old": before.route.date.strftime("%d/%m/%Y"),
                    "n": len(reader_loans),
                    "date": due.strftime("%d/%m/%Y"),
                },
                data={"site": before.site_id, "due_on": due.isoformat(), "loans": [loan.pk for loan in reader_loans]},
            )
        )
    ReaderNotice.objects.bulk_create(notices)
    # Sent by a task once the publication commits: a slow or broken gateway never holds up the publication.
    transaction.on_commit(lambda: reader_notices_send_task.delay([notice.pk for notice in notices]))

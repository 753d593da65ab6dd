"""The reference client plays a whole day against a live server, through a connection that loses a response."""

import httpx
import pytest
from django.utils import timezone

from backend.crew.models import PositionPing, VisitReport
from backend.planning.models import PlannedVisit
from backend.stock.models import Loan, Reader
from backend.stock.services import loan_lend
from backend.stock.verify import ledger_verify
from backend.sync.models import RawEvent
from mobile_api.reference_client import Phone, play_day
from tests.backend.factories import ReaderFactory

pytestmark = pytest.mark.django_db(transaction=True)


class LosesFirstSyncAnswer(httpx.HTTPTransport):
    """The first batch reaches the server, but its answer is lost on the way back (a tunnel, a dead zone)."""

    def __init__(self):
        super().__init__()
        self.lost = 0

    def handle_request(self, request):
        response = super().handle_request(request)
        if request.url.path.endswith("/sync/") and not self.lost:
            self.lost += 1
            response.read()
            raise httpx.ReadError("connection lost", request=request)
        return response


def test_reference_client_plays_a_whole_day_offline_and_syncs_exactly_once(live_server, day, stock, driver, tmp_path):
    visits = day["visits"]
    earlier = loan_lend(
        copy=stock["on_bus"][4], reader=ReaderFactory(), site=visits[1].site, due_on=timezone.localdate()
    )
    transport = LosesFirstSyncAnswer()
    phone = Phone(live_server.url, state_path=tmp_path / "phone.json", transport=transport, pause_s=0.01)
    phone.sign_in(username=driver.username, password="secret-pass-123", name="Điện thoại Lan")

    summary = play_day(phone, offline=True)

    assert transport.lost == 1
    assert summary["queue_left"] == 0 and summary["codes"] == {}
    assert summary["answers"] == {"applied": RawEvent.objects.count()}
    assert summary["server_received_through_seq"] == RawEvent.objects.count() == phone.state["next_seq"] - 1
    for visit in visits:
        report = VisitReport.objects.get(visit=visit)
        assert report.arrived_at and report.left_at and report.host_confirmed and report.students
        assert PlannedVisit.objects.get(pk=visit.pk).status == "done"
    # Two new readers and loans per stop while books last: 4 on board, plus the one taken back at the second stop.
    assert Reader.objects.filter(card_number__startswith="RC-").count() == 5
    assert Loan.objects.filter(returned_at=None, reader__card_number__startswith="RC-").count() == 5
    earlier.refresh_from_db()
    assert earlier.returned_at is not None  # taken back at the stop where it was due
    assert PositionPing.objects.count() == 3 + 6  # one ping per stop, plus the fix of each arrival and departure
    assert ledger_verify().ok

    # The next morning the run sheet is unchanged for the same date: 304, served from the phone's cache.
    assert phone.run_sheet() == phone.state["run_sheet"]["body"]


def test_reference_client_keeps_its_token_and_queue_between_runs(live_server, day, driver, tmp_path):
    state = tmp_path / "phone.json"
    first = Phone(live_server.url, state_path=state)
    first.sign_in(username=driver.username, password="secret-pass-123", name="A")
    first.record("visitors", day["visits"][0].id, students=12, adults=1)

    again = Phone(live_server.url, state_path=state)  # the app was closed and opened again
    again.sign_in(username=driver.username, password="secret-pass-123", name="A")
    again.sync()

    assert again.state["queue"] == [] and VisitReport.objects.get(visit=day["visits"][0]).students == 12
    assert driver.devices.count() == 1

"""Readers' notices through a real HTTP SMS gateway: a server started here, in a thread, answers as told."""

import datetime
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from backend.crew.models import NoticeStatus, ReaderNotice
from backend.crew.notices import reader_notices_retry, reader_notices_send
from backend.notifications.senders import HttpSmsSender, Message, SendError
from tests.backend.factories import ReaderFactory

pytestmark = pytest.mark.django_db


class Gateway:
    """An SMS gateway on 127.0.0.1: records what it is sent, answers ``status`` after ``delay_s``."""

    def __init__(self):
        self.received: list[dict] = []
        self.status, self.delay_s = 200, 0.0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers["Content-Length"])
                gateway.received.append(
                    {"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length).decode()}
                )
                time.sleep(gateway.delay_s)
                answer = b'{"ok": true}' if gateway.status < 300 else b'{"error": "quota exceeded"}'
                try:
                    self.send_response(gateway.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    running = Gateway()
    settings.BOOKBUS = {
        **settings.BOOKBUS,
        "NOTIFICATION_SENDERS": ["backend.notifications.senders.HttpSmsSender"],
        "SMS_GATEWAY": {
            "URL": running.url,
            "FORMAT": "json",
            "API_KEY": "key-123",
            "API_KEY_HEADER": "Authorization",
            "SENDER": "THUVIEN",
            "FIELDS": {"to": "to", "from": "from", "text": "text"},
            "TIMEOUT_S": 5,
        },
    }
    yield running
    running.close()


def notice_for(phone="0909123456"):
    return ReaderNotice.objects.create(
        reader=ReaderFactory(phone=phone), subject="Xe thư viện: ngày trả sách mới", body="Trả sách ngày 12/12/2026."
    )


def test_the_sender_posts_the_text_as_json_with_the_api_key(gateway):
    assert HttpSmsSender().send(Message(name="Lan", subject="s", body="Trả sách ngày 12/12", phone="0909123456"))

    [request] = gateway.received
    assert request["path"] == "/sms/send"
    assert request["headers"]["Authorization"] == "Bearer key-123"
    assert json.loads(request["body"]) == {"to": "0909123456", "from": "THUVIEN", "text": "Trả sách ngày 12/12"}


def test_the_sender_posts_a_form_under_the_gateway_s_own_field_names(gateway, settings):
    settings.BOOKBUS["SMS_GATEWAY"] |= {
        "FORMAT": "form",
        "API_KEY_HEADER": "X-Api-Key",
        "FIELDS": {"to": "Phone", "from": "Brandname", "text": "Content"},
    }
    assert HttpSmsSender().send(Message(name="Lan", subject="s", body="Trả sách", phone="0909123456"))

    [request] = gateway.received
    assert request["headers"]["X-Api-Key"] == "key-123" and "Authorization" not in request["headers"]
    assert urllib.parse.parse_qs(request["body"]) == {
        "Phone": ["0909123456"],
        "Brandname": ["THUVIEN"],
        "Content": ["Trả sách"],
    }


def test_a_reader_without_a_phone_is_not_texted(gateway):
    assert HttpSmsSender().send(Message(name="Lan", subject="s", body="b")) is False
    assert gateway.received == []


def test_a_refusal_raises_with_the_gateway_s_answer(gateway):
    gateway.status = 503
    with pytest.raises(SendError, match="503.*quota exceeded"):
        HttpSmsSender().send(Message(name="Lan", subject="s", body="b", phone="0909123456"))


def test_a_sent_notice_records_its_channel(gateway):
    notice = notice_for()

    assert reader_notices_send(ids=[notice.pk]) == []

    notice.refresh_from_db()
    assert (notice.status, notice.channels, notice.attempts, notice.failure) == (NoticeStatus.SENT, ["sms"], 1, "")
    assert notice.sent_at is not None and len(gateway.received) == 1
    assert reader_notices_send(ids=[notice.pk]) == [] and len(gateway.received) == 1  # never sent twice


def test_a_failed_notice_keeps_the_reason_and_is_sent_again_later(gateway):
    notice = notice_for()
    gateway.status = 500
    before = timezone.now()

    assert reader_notices_send(ids=[notice.pk]) == [notice.pk]

    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.channels, notice.sent_at) == (NoticeStatus.FAILED, 1, [], None)
    assert "sms: SMS gateway answered 500" in notice.failure
    assert notice.next_attempt_at >= before + datetime.timedelta(seconds=300)
    assert reader_notices_retry(now=before) == 0  # not yet

    gateway.status = 200
    assert reader_notices_retry(now=notice.next_attempt_at) == 1

    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.channels, notice.failure) == (NoticeStatus.SENT, 2, ["sms"], "")
    assert len(gateway.received) == 2


def test_each_failure_waits_twice_as_long_and_the_last_one_stops_the_retries(gateway, settings):
    settings.BOOKBUS["NOTICE_MAX_ATTEMPTS"] = 3
    notice = notice_for()
    gateway.status = 500
    waits = []
    for _attempt in range(3):
        started = timezone.now()
        reader_notices_send(ids=[notice.pk])
        notice.refresh_from_db()
        waits.append(notice.next_attempt_at and round((notice.next_attempt_at - started).total_seconds() / 60))

    assert waits == [5, 10, None] and notice.status == NoticeStatus.FAILED and notice.attempts == 3


def test_a_gateway_too_slow_fails_at_the_timeout(gateway, settings):
    settings.BOOKBUS["SMS_GATEWAY"] |= {"TIMEOUT_S": 0.3}
    gateway.delay_s = 2.0
    notice = notice_for()

    reader_notices_send(ids=[notice.pk])

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FAILED and "no answer within 0.3 s" in notice.failure


def test_a_gateway_down_fails_with_a_reason(gateway, settings):
    gateway.close()
    notice = notice_for()

    reader_notices_send(ids=[notice.pk])

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FAILED and "SMS gateway unreachable" in notice.failure


def test_a_gateway_not_configured_is_the_reason_recorded(gateway, settings):
    settings.BOOKBUS["SMS_GATEWAY"] |= {"URL": ""}
    notice = notice_for()

    reader_notices_send(ids=[notice.pk])

    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FAILED and "BOOKBUS_SMS_GATEWAY_URL" in notice.failure

"""The phone API's real body limit is the documented one (MOBILE_MAX_JSON_BYTES, 10 MiB): a 3 MiB batch is read,
and a body over the limit is a JSON 413, never Django's HTML 400."""

import json
import uuid

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _batch(visit, note_length: int, count: int = 500) -> str:
    events = [
        {
            "id": str(uuid.uuid4()),
            "kind": "activity_note",
            "visit": visit.id,
            "device_time": timezone.now().isoformat(),
            "data": {"note": "ệ" * note_length},
        }
        for _ in range(count)
    ]
    return json.dumps({"events": events})


def test_a_3_mib_batch_is_read(phone, day):
    body = _batch(day["visits"][0], 1000)  # 500 notes of 1,000 "ệ", 6 bytes each as JSON escapes
    assert 2.6 * 2**20 < len(body) < 10 * 2**20

    response = phone.post("/api/mobile/v1/sync/", body, content_type="application/json")

    assert response.status_code == 200, response.content[:300]
    assert response.json()["summary"]["applied"] == 500


def test_a_body_over_the_limit_is_a_json_413(phone, day, settings):
    settings.MOBILE_MAX_JSON_BYTES = 3 * 2**20
    body = _batch(day["visits"][0], 1000, count=900)

    response = phone.post("/api/mobile/v1/sync/", body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json") and response.json()["code"] == "body_too_large"

"""Reference phone client for the BookBus phone API: plays a whole day of a crew against a running server.

It does what a phone app must do: sign in once (device token), download the run sheet (again only when its ETag
changed), record every action offline in a local queue with a UUID and a sequence number, and sync the queue in
batches with retries. A batch is retried with the same ``Idempotency-Key``, so a response lost on a bad
connection is simply replayed by the server; each event is dropped from the queue once the server has answered it.

    python -m mobile_api.reference_client --server http://127.0.0.1:8000 --username lan --password … --offline

Only the standard library and httpx: no Django, as on a phone.
"""

import argparse
import datetime
import hashlib
import json
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

API = "/api/mobile/v1"
FINAL = {"applied", "duplicate", "rejected", "conflict", "waiting"}
RETRY_STATUS = {409, 429, 500, 502, 503, 504}


class Phone:
    """A phone with a local queue kept in a JSON file (it survives the app being closed)."""

    def __init__(self, server: str, *, state_path: Path, transport=None, retries: int = 6, pause_s: float = 0.2):
        self.state_path = Path(state_path)
        self.state = json.loads(self.state_path.read_text()) if self.state_path.exists() else {}
        self.state.setdefault("next_seq", 1)
        self.state.setdefault("queue", [])
        self.state.setdefault("pings", [])
        self.http = httpx.Client(base_url=server, transport=transport, timeout=30)
        self.retries, self.pause_s = retries, pause_s
        self.answers: Counter = Counter()
        self.codes: Counter = Counter()

    # --- state ------------------------------------------------------------------------------------------

    def save(self) -> None:
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.state_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.state, ensure_ascii=False, indent=1))
        temporary.replace(self.state_path)  # atomic: a crash never leaves half a queue

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.state['token']}"}

    # --- online steps -----------------------------------------------------------------------------------

    def sign_in(self, *, username: str, password: str, name: str) -> None:
        """Get a device token once; it is kept in the state file."""
        if self.state.get("token"):
            return
        response = self._send(
            "POST", f"{API}/devices/", json={"username": username, "password": password, "name": name}
        )
        response.raise_for_status()
        self.state["token"] = response.json()["token"]
        self.save()

    def run_sheet(self, day: datetime.date | None = None) -> dict[str, Any]:
        """The run sheet, downloaded again only when it changed (ETag / If-None-Match)."""
        params = {"date": day.isoformat()} if day else {}
        cached = self.state.get("run_sheet")
        headers = dict(self.headers)
        if cached and cached["params"] == params:
            headers["If-None-Match"] = cached["etag"]
        response = self._send("GET", f"{API}/run-sheet/", params=params, headers=headers)
        if response.status_code == 304:
            return cached["body"]
        response.raise_for_status()
        self.state["run_sheet"] = {"params": params, "etag": response.headers["ETag"], "body": response.json()}
        self.save()
        return response.json()

    def sync(self, *, batch_size: int = 500) -> None:
        """Send the queue in batches until it is empty; every answered event leaves the queue."""
        while self.state["queue"]:
            batch = self.state["queue"][:batch_size]
            key = "sync-" + hashlib.sha256("".join(e["id"] for e in batch).encode()).hexdigest()[:40]
            response = self._send(
                "POST", f"{API}/sync/", json={"events": batch}, headers={**self.headers, "Idempotency-Key": key}
            )
            response.raise_for_status()
            body = response.json()
            answered = {r["id"] for r in body["results"] if r["status"] in FINAL}
            for result in body["results"]:
                self.answers[result.get("original_status") or result["status"]] += 1
                if result.get("code"):
                    self.codes[result["code"]] += 1
            self.state["queue"] = [e for e in self.state["queue"] if e["id"] not in answered]
            self.state["server_received_through_seq"] = body["device"]["received_through_seq"]
            self.save()
        self._send_pings()

    def _send_pings(self) -> None:
        while self.state["pings"]:
            pings = self.state["pings"][:1000]
            key = "gps-" + hashlib.sha256(json.dumps(pings).encode()).hexdigest()[:40]
            response = self._send(
                "POST", f"{API}/positions/", json={"pings": pings}, headers={**self.headers, "Idempotency-Key": key}
            )
            response.raise_for_status()
            self.state["pings"] = self.state["pings"][len(pings) :]
            self.save()

    def _send(self, method: str, url: str, **kwargs) -> httpx.Response:
        """Send with retries: connection errors, 5xx and 409 (the same request still running) back off and retry."""
        for attempt in range(self.retries):
            try:
                response = self.http.request(method, url, **kwargs)
            except httpx.TransportError:
                if attempt == self.retries - 1:
                    raise
            else:
                if response.status_code not in RETRY_STATUS or attempt == self.retries - 1:
                    return response
            time.sleep(self.pause_s * 2**attempt)
        raise RuntimeError("unreachable")

    # --- offline steps ----------------------------------------------------------------------------------

    def record(self, kind: str, visit: int | None = None, **data) -> dict[str, Any]:
        """Queue an event (no network needed)."""
        event = {
            "id": str(uuid.uuid4()),
            "seq": self.state["next_seq"],
            "kind": kind,
            "device_time": datetime.datetime.now(datetime.UTC).isoformat(),
            "data": data,
        }
        if visit is not None:
            event["visit"] = visit
        self.state["next_seq"] += 1
        self.state["queue"].append(event)
        self.save()
        return event

    def ping(self, vehicle: int, latitude: float, longitude: float) -> None:
        at = datetime.datetime.now(datetime.UTC).isoformat()
        self.state["pings"].append({"vehicle": vehicle, "at": at, "latitude": latitude, "longitude": longitude})
        self.save()


def play_day(phone: Phone, *, day: datetime.date | None = None, offline: bool = True) -> dict[str, Any]:
    """One day of the crew: every stop of the run sheet, recorded offline, synced at the end (or after each stop
    when ``offline`` is false). Returns a summary."""
    sheet = phone.run_sheet(day)
    readers = 0
    for route in sheet["routes"]:
        vehicle = route["vehicle"]["id"]
        on_board = [c["barcode"] for c in route.get("manifest", {}).get("copies", [])]
        for stop in route["stops"]:
            if stop["status"] != "planned":
                continue
            visit, site = stop["visit"], stop["site"]
            phone.ping(vehicle, site["latitude"], site["longitude"])
            phone.record("arrive", visit, latitude=site["latitude"], longitude=site["longitude"])
            for loan in stop.get("loans_due", []):
                phone.record("take_back", visit, barcode=loan["barcode"])
                on_board.append(loan["barcode"])
            phone.record("visitors", visit, students=40 + 5 * stop["position"], adults=3)
            phone.record("activity_note", visit, note="Giới thiệu sách mới, đọc truyện cho học sinh")
            for _ in range(min(2, len(on_board))):
                readers += 1
                card = f"RC-{uuid.uuid4().hex[:10].upper()}"
                phone.record("register_reader", visit, card_number=card, full_name=f"Bạn đọc {readers}")
                phone.record("lend", visit, barcode=on_board.pop(0), card_number=card)
            host = (stop.get("contacts") or [{"name": "Người tiếp đón"}])[0]["name"] or "Người tiếp đón"
            phone.record("proof", visit, host_name=host, host_confirmed=True)
            phone.record("leave", visit, latitude=site["latitude"], longitude=site["longitude"])
            if not offline:
                phone.sync()
        phone.record("stocktake", vehicle=vehicle, barcodes=on_board)  # after every trip (Circular 05/2022)
    phone.sync()
    return {
        "stops": sum(len(r["stops"]) for r in sheet["routes"]),
        "answers": dict(phone.answers),
        "codes": dict(phone.codes),
        "queue_left": len(phone.state["queue"]),
        "server_received_through_seq": phone.state.get("server_received_through_seq"),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8000")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--device-name", default="Reference client")
    parser.add_argument("--state", default="var/reference-phone.json", help="Local queue and token file.")
    parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)
    parser.add_argument("--offline", action="store_true", help="Sync only at the end of the day.")
    args = parser.parse_args(argv)
    phone = Phone(args.server, state_path=Path(args.state))
    phone.sign_in(username=args.username, password=args.password, name=args.device_name)
    print(json.dumps(play_day(phone, day=args.date, offline=args.offline), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

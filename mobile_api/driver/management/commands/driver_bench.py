"""On-demand speed figures of the driver app, measured in headless Chromium against this database:

    python manage.py load_demo && python manage.py mobile_demo_day
    python manage.py driver_bench            # starts its own server; or --server http://127.0.0.1:8000

It signs the demo driver in (a device is registered) and syncs ``--events`` activity notes and visitor counts to
the first stop of today's run sheet: run it on a demo database, not on production. Needs the dev dependencies
(Playwright) and Debian's chromium.
"""

import statistics
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mobile_api.driver import views

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
OPEN_STOP = """async (visit) => {
  const main = document.querySelector("main");
  const t0 = performance.now();
  const shown = new Promise((resolve) => {
    const seen = new MutationObserver(() => {
      if (main.dataset.screen === "stop") { seen.disconnect(); resolve(); }
    });
    seen.observe(main, { attributes: true });
  });
  location.hash = `#/stop/${visit}`;
  await shown;
  await new Promise(requestAnimationFrame);
  return performance.now() - t0;
}"""
SHEET_SIZE = """async (pad) => {
  const app = document.querySelector("script[type=module]").src;
  const store = await import(app.replace(/app[.]js$/, "store.js"));
  const kept = await store.get("runSheet");
  const copies = kept.body.routes[0].manifest.copies;
  for (let i = copies.length; i < pad; i++) {
    copies.push({ barcode: `PAD${String(i).padStart(7, "0")}`, record: i, title: `Sách số ${i}`, collection: null });
  }
  await store.set("runSheet", kept);
  const sheet = (await store.get("runSheet")).body;
  return [sheet.routes.flatMap((r) => r.stops).length, sheet.routes.flatMap((r) => r.manifest.copies).length];
}"""
RECORD = r"""async ([visit, count]) => {
  const app = document.querySelector("script[type=module]").src;
  const store = await import(app.replace(/app\.js$/, "store.js"));
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    if (i % 2) await store.recordEvent("visitors", visit, { students: 40 + (i % 50), adults: i % 7 });
    else await store.recordEvent("activity_note", visit, { note: `Đọc truyện cùng học sinh, lần ${i}` });
  }
  const elapsed = performance.now() - t0;
  await (await import(app.replace(/app[.]js$/, "sync.js"))).refreshState(); // the bar shows what waits
  return elapsed;
}"""


class Command(BaseCommand):
    help = "Measure the driver app: first load, opening a stop from the local store, syncing a full outbox."

    def add_arguments(self, parser):
        parser.add_argument("--server", help="A running BookBus (default: start one on this database).")
        parser.add_argument("--username", default="driver")
        parser.add_argument("--password", default="bookbus-demo")
        parser.add_argument("--events", type=int, default=500, help="Events in the outbox to sync (at most 500).")
        parser.add_argument("--runs", type=int, default=30, help="How many times a stop screen is opened.")
        parser.add_argument(
            "--manifest", type=int, default=4000, help="Pad the stored run sheet's bus manifest to this many copies."
        )

    def handle(self, *args, **options):
        if not Path(CHROMIUM).exists():
            raise CommandError(f"{CHROMIUM} is missing: apt-get install chromium")
        if not 1 <= options["events"] <= 500:
            raise CommandError("--events must be between 1 and 500 (one sync batch).")
        server, thread = options["server"], None
        if not server:
            thread = start_server()
            server = f"http://127.0.0.1:{thread.port}"
        try:
            rows = measure(server, options)
        finally:
            if thread:
                thread.terminate()
        self.stdout.write(table(rows))


def start_server():
    """This project on a free port, in a thread, with its static files (as the test live server does)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise CommandError(f"could not start a server: {thread.error}")
    return thread


def measure(server: str, options) -> list[tuple[str, str, str]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=ARGS, viewport={"width": 360, "height": 640}, is_mobile=True
        )
        page = context.pages[0] if context.pages else context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        sizes, urls = {}, {}
        cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        page.goto(f"{server}/driver/")
        page.wait_for_selector("body[data-ready='1']")
        page.wait_for_timeout(300)
        loaded = {urls.get(k, "?"): v for k, v in sizes.items()}
        first = sum(v for u, v in loaded.items() if not u.endswith(".wasm"))
        rows.append(("first load, transferred (no wasm)", kb(first), f"{len(loaded)} requests; budget 500 KB"))
        cached = [p for p in views.shell_files() if p.suffix != ".wasm"]
        rows.append(("app files kept offline (no wasm)", kb(sum(p.stat().st_size for p in cached)), "uncompressed"))
        wasm = views.STATIC_DIR / "vendor" / "zxing-wasm" / "zxing_reader.wasm"
        rows.append(
            ("scanning WebAssembly, cached once", kb(wasm.stat().st_size), "kept by the service worker at install")
        )

        page.fill("[name=username]", options["username"])
        page.fill("[name=password]", options["password"])
        page.click("button[type=submit]")
        try:
            page.wait_for_selector("[data-testid=stop]", timeout=20_000)
        except Exception as exc:
            raise CommandError("no stop on today's run sheet: run load_demo and mobile_demo_day first") from exc
        visit = int(page.get_attribute("[data-testid=stop]", "href").rsplit("/", 1)[1])
        stops, copies = page.evaluate(SHEET_SIZE, options["manifest"])
        rows.append(("run sheet in the local store", f"{stops} stops", f"{copies} copies on the bus (padded)"))
        context.set_offline(True)
        cold = []
        page.goto(f"{server}/driver/#/stop/{visit}")
        for _ in range(5):
            page.reload()  # a new document: performance.now() counts from its navigation
            page.wait_for_selector("main[data-screen=stop]")
            cold.append(page.evaluate("performance.now()"))
        rows.append(
            (
                "open the app on a stop, offline",
                f"{statistics.median(cold):.0f} ms",
                "navigation to screen: shell, modules, store",
            )
        )
        times = []
        for _ in range(options["runs"]):
            page.evaluate("location.hash = '#/'")
            page.wait_for_selector("[data-testid=stop]")
            times.append(page.evaluate(OPEN_STOP, visit))
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        rows.append(
            (
                "open a stop from the local store",
                f"{statistics.median(times):.1f} ms",
                f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms; budget 100 ms",
            )
        )

        recorded_ms = page.evaluate(RECORD, [visit, options["events"]])
        page.wait_for_selector(f"[data-testid=waiting]:has-text(': {options['events']}')")
        rows.append(
            (
                f"record {options['events']} events in the outbox",
                f"{recorded_ms:.0f} ms",
                f"{recorded_ms / options['events']:.1f} ms each",
            )
        )
        syncs = []  # round trips of the sync requests, in ms (the sync may start by itself when the network returns)
        page.on("requestfinished", lambda r: r.url.endswith("/api/mobile/v1/sync/") and syncs.append(r.timing))
        context.set_offline(False)
        page.click("#bar button.sync")
        page.wait_for_selector("[data-testid=waiting]:has-text(': 0')", timeout=120_000)
        page.wait_for_timeout(200)
        round_trip = sum(t["responseEnd"] for t in syncs)
        rows.append(
            (
                f"sync {options['events']} events",
                f"{round_trip:.0f} ms",
                f"{len(syncs)} request(s) to /sync/, round trip",
            )
        )
        context.close()
    return rows


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def table(rows) -> str:
    widths = [max(len(r[i]) for r in rows + [("what", "figure", "notes")]) for i in range(3)]
    line = "| " + " | ".join(f"{{:<{w}}}" for w in widths) + " |"
    out = [line.format("what", "figure", "notes"), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line.format(*row) for row in rows]
    return "\n".join(out)

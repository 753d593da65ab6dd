"""Screenshots of the console's pages for the README, in Debian's Chromium, from a running server with the demo.

    make run   # or: manage.py load_demo && manage.py runserver
    python -m tests.console.screenshots [--url http://127.0.0.1:8000] [--out docs/screenshots/console]

Signs in as the demo coordinator and photographs each area's pages (``tests/console/screenshot_pages/<area>.py``)
at 1280 and 360 px wide.
"""

import argparse
import importlib
import pkgutil
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.console import screenshot_pages

WIDTHS = {1280: 800, 360: 640}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="docs/screenshots/console")
    parser.add_argument("--user", default="coordinator")
    parser.add_argument("--password", default="bookbus-demo")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        for width, height in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
            page = context.new_page()
            page.goto(f"{args.url}/accounts/login/?next=/console/")
            page.fill("[name=username]", args.user)
            page.fill("[name=password]", args.password)
            page.click("main button[type=submit]")
            page.wait_for_url("**/console/")
            for module in pkgutil.iter_modules(screenshot_pages.__path__):
                area = importlib.import_module(f"{screenshot_pages.__name__}.{module.name}")
                for name, url in area.pages(args.url, page):
                    page.goto(f"{args.url}{url}", wait_until="load")
                    for frame in page.frames[1:]:  # an embedded map: wait until Leaflet has drawn it
                        frame.wait_for_selector(".leaflet-container", timeout=30_000)
                    page.wait_for_timeout(500)
                    page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                    print(out / f"{name}-{width}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()

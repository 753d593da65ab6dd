"""Screenshots of the console's pages for the README, in Debian's Chromium at 1280 and 360 px, from a running demo.

    manage.py load_demo && manage.py load_demo_inbox && manage.py runserver 127.0.0.1:8000
    python -m tests.console.screenshots --base-url http://127.0.0.1:8000 --out docs/screenshots/console

Signs in as the demo coordinator; each module of ``tests/console/screenshot_pages`` lists its pages.
"""

import argparse
import importlib
import pkgutil
from pathlib import Path

from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.console import screenshot_pages

MAX_SCREENS = 4
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 640}}


def pages():
    for module in pkgutil.iter_modules(screenshot_pages.__path__):
        yield from importlib.import_module(f"{screenshot_pages.__name__}.{module.name}").PAGES


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots/console"))
    parser.add_argument("--username", default="coordinator")
    parser.add_argument("--password", default="bookbus-demo")
    parser.add_argument("--only", nargs="*", help="page names to take (default: all)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        for viewport in WIDTHS.values():
            context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
            page = context.new_page()
            page.goto(f"{args.base_url}/accounts/login/?next=/console/")
            page.fill("[name=username]", args.username)
            page.fill("[name=password]", args.password)
            page.click("main button[type=submit]")
            page.wait_for_url(f"{args.base_url}/console/*")
            for name, how in pages():
                if args.only and name not in args.only:
                    continue
                if callable(how):
                    if how(page, args.base_url) is False:
                        print(f"{name}: nothing to show on this server, no screenshot")
                        continue
                else:
                    page.goto(f"{args.base_url}{how}")
                path = args.out / f"{name}-{viewport['width']}.png"
                # The whole page, but a long list (a title's 200 copies) only as far as four screens down.
                height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_SCREENS * viewport["height"])
                width = page.evaluate("document.documentElement.scrollWidth")
                page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
                print(path)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()

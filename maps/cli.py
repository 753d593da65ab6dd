"""Command line: ``python -m maps plan INSTANCE.json PLAN.json --out map.html`` (see maps/README.md)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from maps.assets import to_html
from maps.messages import messages_for
from maps.render import render_plan
from routing import Plan
from routing.exceptions import InvalidInstanceError
from routing.instance import load_instance


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maps", description="BookBus maps")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("plan", help="draw a plan (routing JSON instance + plan) as a self-contained HTML page")
    p.add_argument("instance", type=Path, help="the routing JSON instance (visits may carry a display 'name')")
    p.add_argument("plan", type=Path, help="the plan, as written by `python -m routing solve --out`")
    p.add_argument("--out", type=Path, default=Path("map.html"), help="the page to write (default map.html)")
    p.add_argument("--vehicle", help="only this vehicle's routes")
    p.add_argument("--date", type=date.fromisoformat, help="only this date's routes (YYYY-MM-DD)")
    p.add_argument("--group-by", choices=("date", "vehicle"), default="date", help="one layer per date or vehicle")
    p.add_argument("--lang", default="vi", help="vi (default) or en")
    p.add_argument("--tile-url", help="tile URL template (default OpenStreetMap; '' for no tiles)")
    p.add_argument("--tile-attribution", help="attribution for --tile-url")
    p.add_argument("--link-assets", metavar="BASE_URL", help="link Leaflet under BASE_URL instead of inlining it")
    args = parser.parse_args(argv)
    try:
        return _plan(args)
    except (InvalidInstanceError, FileNotFoundError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _plan(args) -> int:
    problem, _ = load_instance(args.instance)
    try:
        plan = Plan.from_dict(json.loads(args.plan.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise InvalidInstanceError(f"malformed plan: {exc!r}", source=str(args.plan)) from exc
    result = render_plan(
        plan, problem, site_labels=_site_names(args.instance), vehicle=args.vehicle, day=args.date,
        group_by=args.group_by, tile_url=args.tile_url, tile_attribution=args.tile_attribution,
        messages=messages_for(args.lang),
    )  # fmt: skip
    html = to_html(result, inline_assets=args.link_assets is None, base_url=args.link_assets)
    args.out.write_text(html, encoding="utf-8")
    routes = sum(1 for r in plan.routes if (args.vehicle in (None, r.vehicle_id)) and (args.date in (None, r.date)))
    print(f"{args.out}: {routes} routes, {len(html.encode('utf-8')) / 1024:.0f} KiB")
    return 0


def _site_names(instance: Path) -> dict[str, str]:
    """Optional ``"name"`` of each visit in the instance (the planner ignores it), by site id."""
    data = json.loads(instance.read_text(encoding="utf-8"))
    names = {}
    for v in data.get("visits", []):
        if isinstance(v, dict) and v.get("name"):
            names[str(v.get("site", v.get("id")))] = str(v["name"])
    return names

"""BookBus maps: plan, coverage, live and activity maps drawn with Folium over plain data (no Django).

The names below are the public surface. Pages load Leaflet from the project's static files
(:func:`use_local_assets`) or inline it (``to_html(m, inline_assets=True)``); nothing comes from a CDN.
"""

from maps.activity import render_activity
from maps.assets import STATIC_DIR, asset_base_url, to_html, use_local_assets
from maps.coverage import coverage_status, render_coverage
from maps.data import ActivityPoint, ChangeMarker, CoverageSite, LiveStop, LiveVehicle, MapResult
from maps.layers import add_changes
from maps.live import render_live
from maps.messages import EN, VI, Messages, messages_for
from maps.render import render_plan

__all__ = [
    "EN", "STATIC_DIR", "VI", "ActivityPoint", "ChangeMarker", "CoverageSite", "LiveStop", "LiveVehicle", "MapResult",
    "Messages", "add_changes", "asset_base_url", "coverage_status", "messages_for", "render_activity",
    "render_coverage", "render_live", "render_plan", "to_html", "use_local_assets",
]  # fmt: skip

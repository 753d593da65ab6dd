"""The dashboard's trips under Circular 05/2022: trips still waiting for their return stocktake, and the latest
closed trips with who went."""

import datetime
from typing import Any

from backend.crew.models import TripClosure
from backend.crew.trips import trip_open_list

RECENT_TRIPS = 10


def trips_dashboard_data(*, today: datetime.date) -> dict[str, Any]:
    """Open trips (oldest first) and the latest closed trips with their crews, for the dashboard."""
    closed = TripClosure.objects.select_related("vehicle", "stocktake").order_by("-date", "vehicle_id")[:RECENT_TRIPS]
    return {
        "open_trips": [
            {**trip, "date": datetime.date.fromisoformat(trip["date"])} for trip in trip_open_list(before=today)
        ],
        "closed_trips": [
            {
                "vehicle": str(c.vehicle),
                "date": c.date,
                "crew": ", ".join(m["name"] for m in c.crew.get("members", [])),
                "missing": len(c.stocktake.result.get("missing", [])),
            }
            for c in closed
        ],
    }

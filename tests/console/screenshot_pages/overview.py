"""The console's first page: what waits for the coordinator today."""

PAGES = [("overview", "/console/")]

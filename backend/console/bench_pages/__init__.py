"""The console's pages to time, one module per area; each has ``pages() -> list[(name, url)]`` read from the demo."""

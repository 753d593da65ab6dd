"""The pages ``manage.py console_bench`` times, one module per area; each has ``pages() -> list[(label, url)]``."""

"""The pages ``manage.py console_bench`` times, one module per area: each has ``pages()``, a list of
``(name, path)`` read from the database it runs on (e.g. the latest re-plan's page)."""

"""Pages ``python -m tests.console.screenshots`` photographs, one module per area: ``pages(base_url, page)``."""

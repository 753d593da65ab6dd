"""The console pages the README shows, one module per area: each has ``PAGES``, a list of ``(name, how)`` where
``how`` is a path on the server or a function ``how(page, base_url)`` that opens the page."""

"""The driver-librarian's app: an installable, offline-first web app on the phone API, served at /driver/.

Static ES modules (no bundler) in ``static/driver/``; this package serves the app shell, the service worker and
the manifest from ``/driver/`` so that the service worker's scope covers the app. See mobile_api/README.md.
"""

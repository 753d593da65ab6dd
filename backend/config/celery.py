"""Celery application; a worker starts with `celery -A backend.config worker`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings.production")

app = Celery("bookbus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

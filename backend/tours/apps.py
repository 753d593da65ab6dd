from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToursConfig(AppConfig):
    name = "backend.tours"
    label = "tours"
    verbose_name = _("Route planning")

    def ready(self):
        from . import signals  # noqa: F401  (network changes make drafts stale)

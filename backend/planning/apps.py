from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "backend.planning"
    label = "planning"
    verbose_name = _("Route planning")

    def ready(self):
        from backend.planning import signals  # noqa: F401  (network changes make drafts stale)

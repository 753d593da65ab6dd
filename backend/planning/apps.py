from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "backend.planning"
    label = "planning"
    verbose_name = _("Route planning")

    def ready(self):
        # signals: network changes make drafts stale. tasks: registered in every process, not only in a worker (where
        # Celery's autodiscovery runs), or an eager call by name would find no task and go to the broker instead.
        from backend.planning import signals, tasks  # noqa: F401

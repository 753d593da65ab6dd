from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "backend.planning"
    label = "planning"
    verbose_name = _("Route planning")

    def ready(self):
        # signals: network changes make drafts stale. tasks: the run's task is queued by name; registering it here
        # lets a process without a broker (eager) find and carry it out, where Celery's lazy autodiscovery would load
        # it only in a worker.
        from backend.planning import signals, tasks  # noqa: F401

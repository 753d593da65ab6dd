from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrewConfig(AppConfig):
    name = "backend.crew"
    label = "crew"
    verbose_name = _("Fieldwork")

    def ready(self):
        from backend.crew import receivers  # noqa: F401  (plan_published → loans and collections follow their visits)

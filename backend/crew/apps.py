from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrewConfig(AppConfig):
    name = "backend.crew"
    label = "crew"
    verbose_name = _("Fieldwork")

    def ready(self):
        from backend.crew import receivers  # noqa: F401  (plan_published → loans and collections follow their visits)
        from backend.crew.eta import visit_etas
        from backend.planning.providers import eta_provider_register

        eta_provider_register(visit_etas)  # the school's page, in planning, shows when the bus is expected

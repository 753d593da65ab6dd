from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "backend.fieldwork"
    label = "fieldwork"
    verbose_name = _("Fieldwork")

    def ready(self):
        from . import receivers  # noqa: F401  (plan_published → loans and collections follow their visits)

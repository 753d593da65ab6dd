from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    """The coordinators' console: server-rendered pages over the apps' services, made interactive with htmx."""

    name = "backend.console"
    verbose_name = _("Coordinators' console")

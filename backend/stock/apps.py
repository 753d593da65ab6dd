from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from backend.planning.providers import box_load_provider_register


class StockConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "backend.stock"
    verbose_name = _("book stock and rotation")

    def ready(self):
        # Route planning gives each site's next visit the rotation boxes accepted proposals and due collections
        # move (planning sits below stock, so stock tells it). Selectors need the models, loaded only by now.
        from backend.stock.selectors import rotation_load_pending

        box_load_provider_register(rotation_load_pending)

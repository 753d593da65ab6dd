from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MappingConfig(AppConfig):
    name = "backend.mapping"
    label = "mapping"
    verbose_name = _("Maps")

    def ready(self):
        from django.templatetags.static import static

        import maps

        # Leaflet comes from our own static files (hashed names in production), never from a CDN.
        maps.use_local_assets(lambda rel: static("maps/" + rel))

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from backend.config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("api/v1/", include(("backend.api.urls", "api"), namespace="api")),
    path("api/mobile/v1/", include("mobile_api.urls", namespace="mobile")),
    path("driver/", include("mobile_api.driver.urls", namespace="driver")),
    path("requests/", include("backend.visits.urls")),
    path("maps/", include("backend.mapping.urls")),
    path("maps/", include("backend.reports.map_urls")),
    path("reports/", include("backend.reports.urls")),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]

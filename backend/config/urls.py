from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from backend.api.conflicts import ConflictListApi, ConflictResolveApi
from backend.config import views
from mobile_api import urls as mobile_urls
from mobile_api.apis.base import MobileApiView

# The conflict inbox is the coordinators' (backend.api.conflicts, /api/v1/conflicts/). Its first paths under the phone
# API keep answering as they did, with the phone API's ways in (a device token first) and in its "mobile" namespace;
# they are joined to the phone API's routes here because mobile_api may not import the coordinators' API.
PHONE_API_WAYS_IN = {
    "authentication_classes": MobileApiView.authentication_classes,
    "parser_classes": MobileApiView.parser_classes,
}
phone_api_routes = [
    path("conflicts/", ConflictListApi.as_view(**PHONE_API_WAYS_IN), name="conflicts"),
    path("conflicts/<int:pk>/resolve/", ConflictResolveApi.as_view(**PHONE_API_WAYS_IN), name="conflict-resolve"),
    *mobile_urls.urlpatterns,
]

handler404 = views.page_not_found

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Both sign-in pages count their attempts like the API's sign-ins (views.sign_in_limited).
    path("accounts/login/", views.sign_in_limited(LoginView.as_view()), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/login/", views.sign_in_limited(admin.site.login)),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    # ReDoc writes its styles into <style> elements it makes at run time, with no way to give them a nonce, and
    # searches in a worker made from a blob: its page allows those (never inline scripts).
    path(
        "api/redoc/",
        csp_replace({"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="schema")
        ),
        name="redoc",
    ),
    path("api/v1/", include(("backend.api.urls", "api"), namespace="api")),
    path("api/mobile/v1/", include((phone_api_routes, mobile_urls.app_name), namespace="mobile")),
    path("driver/", include("mobile_api.driver.urls", namespace="driver")),
    path("requests/", include("backend.planning.urls")),
    path("maps/", include("backend.mapping.urls")),
    path("reports/", include("backend.reports.urls")),
    path("console/", include("backend.console.urls")),
    path("stock/", include("backend.stock.urls")),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]

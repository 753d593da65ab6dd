from django.urls import path

from . import views
from .views import conflicts, disruptions, requests

app_name = "console"

urlpatterns = [
    path("", views.index, name="index"),
    path("disruptions/", disruptions.disruption_index, name="disruptions"),
    path("disruptions/vehicle-out/", disruptions.vehicle_out, name="disruption-vehicle-out"),
    path("disruptions/site-closed/", disruptions.site_closed, name="disruption-site-closed"),
    path("disruptions/visit-skipped/", disruptions.visit_skip, name="disruption-visit-skip"),
    path("disruptions/replans/<int:run_id>/", disruptions.replan_detail, name="replan"),
    path("disruptions/replans/<int:run_id>/publish/", disruptions.replan_publish, name="replan-publish"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/<int:pk>/", requests.request_detail, name="request"),
    path("requests/<int:pk>/book/", requests.request_book, name="request-book"),
    path("requests/<int:pk>/decline/", requests.request_decline, name="request-decline"),
    path("conflicts/", conflicts.conflict_list, name="conflicts"),
    path("conflicts/<int:pk>/resolve/", conflicts.conflict_resolve, name="conflict-resolve"),
]

from django.urls import path

from . import views

app_name = "mapping"
urlpatterns = [
    path("plan/<int:plan_id>/", views.plan_map, name="plan"),
    path("plan/<int:plan_id>/download/", views.plan_map_download, name="plan-download"),
    path("coverage/", views.coverage_map, name="coverage"),
    path("live/", views.live_map, name="live"),
    path("activity/", views.activity_map, name="activity"),
]

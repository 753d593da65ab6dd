from django.urls import path

from . import views

app_name = "mapping"
urlpatterns = [
    path("plan/<int:plan_id>/", views.plan_map, name="plan"),
    path("plan/<int:plan_id>/embed/", views.plan_map_embed, name="plan-embed"),
    path("plan/<int:plan_id>/download/", views.plan_map_download, name="plan-download"),
    path("coverage/", views.coverage_map, name="coverage"),
    path("coverage/embed/", views.coverage_map_embed, name="coverage-embed"),
    path("live/", views.live_map, name="live"),
    path("live/embed/", views.live_map_embed, name="live-embed"),
    path("activity/", views.activity_map, name="activity"),
    path("activity/embed/", views.activity_map_embed, name="activity-embed"),
]

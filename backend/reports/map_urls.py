"""The activity map lives beside the other maps, under /maps/ (issue 7)."""

from django.urls import path

from . import views

app_name = "reports-maps"
urlpatterns = [path("activity/", views.activity_map, name="activity")]

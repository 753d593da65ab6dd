"""The driver app's own URLs: everything under /driver/, so that the service worker's scope covers the app."""

from django.urls import path

from . import views

app_name = "driver"

urlpatterns = [
    path("", views.shell, name="shell"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]

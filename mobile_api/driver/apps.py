from django.apps import AppConfig


class DriverAppConfig(AppConfig):
    """Only so that Django finds the app's static files; the app has no models."""

    name = "mobile_api.driver"
    label = "driver_app"

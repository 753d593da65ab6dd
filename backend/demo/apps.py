from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo network, stock, plans and history (``load_demo``); nothing else depends on it."""

    name = "backend.demo"
    label = "demo"

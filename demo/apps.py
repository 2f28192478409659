from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The local demo (``manage.py demo_data``): an app of its own so that no programme app imports the demo."""

    name = "demo"
    verbose_name = "Demo"

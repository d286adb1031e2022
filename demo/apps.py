from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for every app: on top of all of them, and known by none."""

    name = "demo"
    verbose_name = _("Demodata")

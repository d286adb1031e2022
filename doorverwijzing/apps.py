from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoorverwijzingConfig(AppConfig):
    name = "doorverwijzing"
    verbose_name = _("Doorverwijzingen en toeleidingen")

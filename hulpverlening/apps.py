from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HulpverleningConfig(AppConfig):
    name = "hulpverlening"
    verbose_name = _("Gemeenten, organisaties, gezinnen en kaarten")

    def ready(self) -> None:
        from . import audit, sessies  # noqa: F401 - connect the login/logout receivers

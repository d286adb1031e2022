from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HulpverleningConfig(AppConfig):
    name = "hulpverlening"
    verbose_name = _("Gemeenten, organisaties, gezinnen en kaarten")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import audit  # noqa: F401 - connects the login/logout receivers
        from .models import HulpvormManager

        post_migrate.connect(
            lambda **kwargs: HulpvormManager._standaard.clear(),
            dispatch_uid="hulpvorm_standaard_vergeten",
            weak=False,
        )

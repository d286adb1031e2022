from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HulpverleningConfig(AppConfig):
    name = "hulpverlening"
    verbose_name = _("Gemeenten, organisaties, gezinnen en kaarten")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Connect the receivers: login and logout, and a new stamp for changed memberships.
        from . import audit, lidmaatschappen, sessies  # noqa: F401

        # Every app declares in its own privacy.py what retention, erasure and the
        # art. 15 export do with its models (hulpverlening/privacy.py).
        autodiscover_modules("privacy")

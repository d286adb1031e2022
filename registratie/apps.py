from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistratieConfig(AppConfig):
    name = "registratie"
    verbose_name = _("Afhalingen registreren")

    def ready(self) -> None:
        from hulpverlening import afhaalgegevens

        from .afhaalgegevens import Afhaalbron

        # The referral pages ask for moment pressure and pickup figures through the core.
        afhaalgegevens.aansluiten(Afhaalbron())

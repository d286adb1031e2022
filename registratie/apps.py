from django.apps import AppConfig


class RegistratieConfig(AppConfig):
    name = "registratie"
    verbose_name = "Afhalingen registreren"

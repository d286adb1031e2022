from django.apps import AppConfig


class HulpverleningConfig(AppConfig):
    name = "hulpverlening"
    verbose_name = "Gemeenten, organisaties, gezinnen en kaarten"

    def ready(self) -> None:
        from . import audit  # noqa: F401 - connects the login/logout receivers

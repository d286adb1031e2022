from django.apps import AppConfig


class HulpverleningConfig(AppConfig):
    name = "hulpverlening"
    verbose_name = "Gemeenten, organisaties, gezinnen en kaarten"

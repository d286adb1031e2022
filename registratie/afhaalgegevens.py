"""The registration's answers to hulpverlening.afhaalgegevens (connected in apps.py)."""

from django.db.models import Count, Max, Min

from hulpverlening.afhaalgegevens import Gebruik

from . import drukte, rechten
from .models import Afhaling


class Afhaalbron:
    def drukte(self, organisaties, *, tot):
        return drukte.momenten_met_drukte(organisaties, tot=tot)

    def werkgebied(self, organisatie):
        return rechten.regels_van(organisatie).postcodelijst

    def gebruik(self, doorverwijzing):
        cijfers = Afhaling.objects.filter(
            doorverwijzing=doorverwijzing, status=Afhaling.Status.GEREGISTREERD
        ).aggregate(aantal=Count("id"), eerste=Min("datum"), laatste=Max("datum"))
        return Gebruik(**cijfers)

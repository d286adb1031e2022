"""The gezinsdossier: one household's trajectory across organisations, for caseworkers."""

from dataclasses import dataclass
from datetime import datetime, time

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from doorverwijzing.rechtenverkenning import benoemd, rechtnamen
from hulpverlening.access import rol_vereist
from hulpverlening.models import Rol

from .dossier import Gezinsdossier, gezinsdossier_getoond
from .models import Afhaling


@dataclass(frozen=True)
class Gebeurtenis:
    wanneer: datetime
    soort: str
    tekst: str
    organisatie: str


def _dag(dag) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time(12)))


def tijdlijn(dossier: Gezinsdossier) -> list[Gebeurtenis]:
    items: list[Gebeurtenis] = []
    for dv in dossier.doorverwijzingen.select_related("verwijzer", "organisatie", "hulpvorm"):
        items.append(
            Gebeurtenis(
                dv.aangemaakt_op,
                dv.get_soort_display(),
                _("%(hulpvorm)s bij %(initiatief)s, %(start)s–%(einde)s · %(status)s")
                % {
                    "hulpvorm": dv.hulpvorm.naam,
                    "initiatief": dv.organisatie.naam,
                    "start": f"{dv.start:%d/%m/%Y}",
                    "einde": f"{dv.einde:%d/%m/%Y}",
                    "status": dv.get_status_display(),
                },
                dv.verwijzer.naam,
            )
        )
    afhalingen = dossier.afhalingen.select_related("organisatie", "hulpvorm", "locatie")
    for afhaling in afhalingen.order_by("-datum")[:200]:
        items.append(
            Gebeurtenis(
                _dag(afhaling.datum),
                _("afhaling"),
                f"{afhaling.hulpvorm.naam} · {afhaling.locatie.naam}"
                + (
                    " · " + _("te controleren")
                    if afhaling.status == Afhaling.Status.TE_CONTROLEREN
                    and dossier.partij(afhaling.organisatie_id)
                    else ""
                ),
                afhaling.organisatie.naam,
            )
        )
    namen = rechtnamen(dossier.gezin.gemeente_id)
    for t in dossier.toeleidingen.select_related("van", "naar", "rechtenverkenning"):
        tekst = _("naar %(organisatie)s · %(status)s") % {
            "organisatie": t.naar.naam,
            "status": t.get_status_display(),
        }
        verkenning = getattr(t, "rechtenverkenning", None)
        # Which rights someone may miss is between the initiative and the social service.
        if verkenning is not None and verkenning.gemist and dossier.partij(t.van_id, t.naar_id):
            tekst += " · " + _("mogelijk gemiste rechten: %(rechten)s") % {
                "rechten": ", ".join(benoemd(verkenning.gemist, namen))
            }
        items.append(Gebeurtenis(t.aangemaakt_op, _("toeleiding"), tekst, t.van.naam))
    return sorted(items, key=lambda g: g.wanneer, reverse=True)


@rol_vereist(Rol.MAATSCHAPPELIJK_WERKER)
def gezinsdossier(request: HttpRequest, gezin: int) -> HttpResponse:
    dossier = gezinsdossier_getoond(request, gezin)
    return render(
        request,
        "registratie/gezinsdossier.html",
        {"gezin": dossier.gezin, "tijdlijn": tijdlijn(dossier)},
    )

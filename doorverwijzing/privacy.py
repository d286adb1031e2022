"""What retention, erasure and the art. 15 export do with referrals, toeleidingen
and rights checks (see hulpverlening/privacy.py)."""

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

from hulpverlening.privacy import Behandeling, registreer

from .models import Doorverwijzing


def _lopende_doorverwijzingen(gezin, dag) -> list[str]:
    lopend = (
        Doorverwijzing.objects.geldig_op(dag)
        .filter(gezin=gezin)
        .select_related("organisatie", "hulpvorm")
    )
    return [
        gettext("%(hulpvorm)s — %(organisatie)s, doorverwijzing tot %(einde)s")
        % {
            "hulpvorm": dv.hulpvorm,
            "organisatie": dv.organisatie,
            "einde": formats.date_format(dv.einde, "d/m/Y"),
        }
        for dv in lopend
    ]


registreer(
    "doorverwijzing.Doorverwijzing",
    Behandeling(
        sleutel="doorverwijzingen",
        titel=gettext_lazy("Doorverwijzingen"),
        # extern_id leads back to the person's file in the social dossier.
        leegmaken=("bericht", "extern_id"),
        export=(
            "soort",
            "hulpvorm",
            "organisatie",
            "verwijzer",
            "start",
            "einde",
            "status",
            "reden",
            "pakket",
            "frequentie",
            "afhaalmoment",
            "bericht",
            "weigerreden",
            "aangemaakt_op",
            "extern_id",
        ),
        partijen=("verwijzer_id", "organisatie_id"),
        vertrouwelijk=("reden", "bericht", "weigerreden", "extern_id"),
        niet_exporteren=(
            "id",
            "aangemaakt_door",
            "beantwoord_op",
            "beantwoord_door",
            "gestopt_op",
            "vorige",
        ),
        activiteit=lambda dag, moment: Q(einde__gte=dag) | Q(aangemaakt_op__gte=moment),
        lopend=_lopende_doorverwijzingen,
    ),
)

registreer(
    "doorverwijzing.Toeleiding",
    Behandeling(
        sleutel="toeleidingen",
        titel=gettext_lazy("Toeleidingen naar de Sociale Dienst"),
        export=("van", "naar", "reden", "status", "aangemaakt_op", "uitkomst_op"),
        partijen=("van_id", "naar_id"),
        vertrouwelijk=("reden",),
        niet_exporteren=("id", "toestemming", "aangemaakt_door", "uitkomst_door"),
        activiteit=lambda _dag, moment: Q(aangemaakt_op__gte=moment),
    ),
)

registreer(
    "doorverwijzing.Rechtenverkenning",
    Behandeling(
        sleutel="rechtenverkenningen",
        titel=gettext_lazy("Verkenning van sociale rechten"),
        # The missed rights are counted for Lokaal Signaal; the answers themselves
        # (which rights someone already has) are needed by no figure.
        leegmaken=("antwoorden",),
        tekst_bewaren=("gemist",),
        export=("aangemaakt_op", "antwoorden", "gemist"),
        niet_exporteren=("id",),
        pad="toeleiding__gezin",
        partijen=("toeleiding.van_id", "toeleiding.naar_id"),
        vertrouwelijk=("antwoorden", "gemist"),
    ),
)

"""What retention, erasure and the art. 15 export do with pickups
(see hulpverlening/privacy.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy

from hulpverlening.privacy import Behandeling, registreer

registreer(
    "registratie.Afhaling",
    Behandeling(
        sleutel="afhalingen",
        titel=gettext_lazy("Afhalingen"),
        vervangen=("override_reden", "controle_reden"),
        tekst_bewaren=("apparaat", "inhoud_hash"),
        export=(
            "datum",
            "locatie",
            "organisatie",
            "hulpvorm",
            "status",
            "bewijs",
            "override_reden",
            # A meal's count and tariff, what the household paid: its own data.
            "aantal",
            "volwassenen",
            "kinderen",
            "tarief",
            "bedrag",
        ),
        partijen=("organisatie_id",),
        vertrouwelijk=("override_reden",),
        niet_exporteren=(
            "id",
            "idempotentiesleutel",
            "kaart",
            "afhaalmoment",
            "gescand_op",
            "ontvangen_op",
            "geregistreerd_door",
            "apparaat",
            "controle_reden",
            "zelfmelder",
            "doorverwijzing",
            "inhoud_hash",
            "bezoek",
        ),
        # The card stays with the person after erasure: it must lead to no history.
        loskoppelen=("kaart",),
        activiteit=lambda dag, _moment: Q(datum__gte=dag),
    ),
)

registreer(
    "registratie.Waardebon",
    Behandeling(
        sleutel="waardebonnen",
        titel=gettext_lazy("Waardebonnen"),
        # A partner's name is no personal data of the household; it stays for the figures.
        tekst_bewaren=("ingewisseld_bij",),
        export=(
            "nummer",
            "organisatie",
            "waarde",
            "uitgegeven_op",
            "geldig_tot",
            "ingewisseld_op",
            "ingewisseld_bij",
        ),
        partijen=("organisatie_id",),
        niet_exporteren=("id", "afhaling", "ingewisseld_door"),
        activiteit=lambda dag, _moment: Q(uitgegeven_op__gte=dag),
    ),
)

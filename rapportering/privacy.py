"""What retention, erasure and the art. 15 export do with the monthly totals
(see hulpverlening/privacy.py)."""

from django.utils.translation import gettext_lazy

from hulpverlening.privacy import Behandeling, registreer

registreer(
    "rapportering.Maandtotaal",
    Behandeling(
        sleutel="maandtotalen",
        titel=gettext_lazy("Maandtotalen"),
        # Counts made from the pickups, which the export holds one by one: nothing new
        # about the person. Pseudonymisation keeps them (no name in them), erasure
        # removes them with the household (on_delete=CASCADE).
        niet_exporteren=(
            "id",
            "maand",
            "gemeente",
            "organisatie",
            "hulpvorm",
            "afhalingen",
            "bezoeken",
            "eenheden",
            "bedrag",
            "zelfmelder",
            "verwezen",
            "personen",
            "eerste",
            "laatste",
        ),
    ),
)

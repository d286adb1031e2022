"""Consent texts shown to a person. A new wording gets a new version, never an edit.

A translation renders the same version, so it must say exactly what the Dutch says.
"""

from django.utils.translation import gettext_lazy as _

ZELFMELDER_VERSIE = "zelfmelder-2026-11"
ZELFMELDER_TEKST = _(
    "We noteren uw naam, geboortejaar, gezin en postcode. Zo weten we wie hulp kreeg en hoe "
    "vaak. Enkel organisaties die u helpen zien uw naam. De stad ziet alleen tellingen. "
    "U mag altijd vragen wat we over u bijhouden, of dat we het wissen."
)

TOELEIDING_VERSIE = "toeleiding-2026-11"
TOELEIDING_TEKST = _(
    "We geven uw naam en gezin door aan de Sociale Dienst. Zij nemen contact op om te kijken "
    "of u recht hebt op meer hulp. U kiest zelf of u daarop ingaat."
)

IMPORT_VERSIE = "import-2026-11"
IMPORT_TEKST = _(
    "De Sociale Dienst geeft uw naam, geboortejaar, gezin, postcode en de hulp die u krijgt "
    "door aan het platform Materiële hulp. Zo herkent het initiatief dat u helpt u en kan het "
    "uw recht nakijken. Enkel organisaties die u helpen zien uw naam. U mag altijd vragen wat "
    "we over u bijhouden, of dat we het wissen."
)

DOSSIER_VERSIE = "dossier-2026-12"
DOSSIER_TEKST = _(
    "Mag deze organisatie uw naam, uw gezin en de hulp die u hier kreeg bewaren en inzien? "
    "Zo vindt ze u ook terug zonder kaart. Zonder uw toestemming ziet ze aan de balie enkel "
    "uw voornaam en of u recht hebt op hulp. U mag altijd vragen wat we over u bijhouden, "
    "of dat we het wissen."
)

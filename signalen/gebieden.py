"""Areas a melding can be about: a postcode, or a wijk the municipality knows."""

import re

from hulpverlening.models import Gemeente, Locatie

from .models import Melding

# Ghent's wijken as people name them, with their postcode.
WIJKEN: dict[str, dict[str, str]] = {
    "gent": {
        "Binnenstad": "9000",
        "Bloemekenswijk": "9000",
        "Brugse Poort": "9000",
        "Dampoort": "9000",
        "Drongen": "9031",
        "Ekkergem": "9000",
        "Gentbrugge": "9050",
        "Heirnis": "9000",
        "Ledeberg": "9050",
        "Macharius": "9000",
        "Mariakerke": "9030",
        "Meulestede": "9000",
        "Moscou": "9050",
        "Muide": "9000",
        "Nieuw Gent": "9000",
        "Oostakker": "9041",
        "Rabot": "9000",
        "Sint-Amandsberg": "9040",
        "Sint-Denijs-Westrem": "9051",
        "Sint-Kruis-Winkel": "9042",
        "Sluizeken": "9000",
        "Stationsbuurt": "9000",
        "Tolhuis": "9000",
        "Wondelgem": "9032",
        "Zwijnaarde": "9052",
    },
}
POSTCODE = re.compile(r"[1-9][0-9]{3}")


def suggesties(gemeente: Gemeente) -> list[str]:
    """Wijken and postcodes to offer in the form's list, known ones first."""
    wijken = set(WIJKEN.get(gemeente.slug, {}))
    wijken |= set(
        Melding.objects.filter(gemeente=gemeente)
        .exclude(wijk="")
        .values_list("wijk", flat=True)
        .distinct()[:200]
    )
    postcodes = set(
        Locatie.objects.filter(organisatie__gemeente=gemeente).values_list("postcode", flat=True)
    )
    postcodes |= set(WIJKEN.get(gemeente.slug, {}).values())
    return sorted(wijken, key=str.lower) + sorted(postcodes)


def ontleed(gemeente: Gemeente, tekst: str) -> tuple[str, str]:
    """(postcode, wijk) from what was typed: "9000", "Rabot", "Rabot 9000" or "9000 Rabot"."""
    tekst = " ".join(tekst.split())
    postcode_match = POSTCODE.search(tekst)
    postcode = postcode_match.group() if postcode_match else ""
    wijk = POSTCODE.sub("", tekst).strip(" ,-") if postcode else tekst
    bekend = {naam.lower(): (naam, pc) for naam, pc in WIJKEN.get(gemeente.slug, {}).items()}
    if wijk.lower() in bekend:
        wijk, bekende_postcode = bekend[wijk.lower()]
        postcode = postcode or bekende_postcode
    return postcode, wijk

"""Demo meldingen and signalen for Lokaal Signaal: Gent and Eeklo take part.

`manage.py seed_signalen` is a thin wrapper around `seed_signalen()`. It needs
the organisations and users of `seed_demo` (demo/seed.py) and adds, once:
participation of Gent and Eeklo, their default themes, some thirty plausible
meldingen over the last months from several Ghent organisations, two signalen in
Gent (one with actions the reporting volunteer sees) and one in Eeklo.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from doorverwijzing import rechtenverkenning
from doorverwijzing import services as doorverwijzing_services
from doorverwijzing.models import Rechtenverkenning, Toeleiding
from hulpverlening.models import Gemeente, Gezin, Lidmaatschap, Organisatie, Rol
from signalen import services
from signalen.gebieden import ontleed
from signalen.models import Deelname, Melding, Signaal
from signalen.themas import themas_voor

from . import gegevens as basisdemo

OM = Melding.Omvang
FR = Melding.Frequentie

# (themes, text, how many, how often, area, days ago)
GENT_ENERGIE = [
    (
        ("energie",),
        "Veel gezinnen kunnen hun energiefactuur niet meer betalen sinds de nieuwe jaarafrekening.",
        OM.VEEL,
        FR.WEKELIJKS,
        "Brugse Poort",
        8,
    ),
    (
        ("energie", "schulden"),
        (
            "Mensen vragen of we hun afrekening van gas en elektriciteit kunnen "
            "uitleggen; de voorschotten zijn verdubbeld."
        ),
        OM.ENKELE,
        FR.WEKELIJKS,
        "Rabot",
        15,
    ),
    (
        ("energie",),
        "Ouderen zetten de verwarming niet meer aan uit schrik voor de factuur.",
        OM.ENKELE,
        FR.MAANDELIJKS,
        "Sint-Amandsberg",
        22,
    ),
    (
        ("energie", "wonen"),
        "Slecht geïsoleerde huurwoningen: mensen stoken veel en betalen te veel voor energie.",
        OM.VEEL,
        FR.WEKELIJKS,
        "Brugse Poort",
        30,
    ),
    (
        ("energie",),
        "Budgetmeters die leeg staan en mensen die niet weten hoe ze die opladen.",
        OM.ENKELE,
        FR.MAANDELIJKS,
        "Nieuw Gent",
        38,
    ),
    (
        ("energie",),
        "Gezinnen weten niet dat ze recht hebben op het sociaal tarief voor energie.",
        OM.VEEL,
        FR.WEKELIJKS,
        "Ledeberg",
        44,
    ),
    (
        ("energie", "schulden"),
        "Afbetalingsplannen bij de energieleverancier lopen vast, mensen komen met aanmaningen.",
        OM.ENKELE,
        FR.MAANDELIJKS,
        "Dampoort",
        70,
    ),
    (
        ("energie",),
        "De energiefactuur is het eerste waarover mensen beginnen aan de balie.",
        OM.VEEL,
        FR.DAGELIJKS,
        "Brugse Poort",
        3,
    ),
]
GENT_DIGITAAL = [
    (
        ("digitale-kloof", "administratie"),
        (
            "Ouderen krijgen hun bankzaken niet meer geregeld sinds het kantoor "
            "sloot; alles moet via een app."
        ),
        OM.ENKELE,
        FR.WEKELIJKS,
        "Sint-Amandsberg",
        12,
    ),
    (
        ("digitale-kloof",),
        "Mensen zonder smartphone kunnen geen afspraak maken bij diensten die enkel online werken.",
        OM.VEEL,
        FR.WEKELIJKS,
        "Rabot",
        19,
    ),
    (
        ("digitale-kloof", "administratie"),
        "Itsme en de kaartlezer: veel bezoekers raken niet aan hun documenten van de overheid.",
        OM.ENKELE,
        FR.WEKELIJKS,
        "Macharius",
        26,
    ),
    (
        ("digitale-kloof", "onderwijs"),
        "Kinderen moeten huiswerk online maken maar thuis is er geen laptop of internet.",
        OM.VEEL,
        FR.WEKELIJKS,
        "Nieuw Gent",
        41,
    ),
    (
        ("digitale-kloof",),
        "Mensen vragen ons om hun mails te lezen omdat ze het zelf niet kunnen.",
        OM.ENKELE,
        FR.DAGELIJKS,
        "Dampoort",
        55,
    ),
]
GENT_INBOX = [
    (
        ("wonen",),
        (
            "Vochtproblemen en schimmel in huurwoningen; huurders durven niet te "
            "klagen bij de eigenaar."
        ),
        OM.ENKELE,
        FR.MAANDELIJKS,
        "Ledeberg",
        2,
    ),
    (
        ("wonen",),
        "Wachtlijst voor een sociale woning is zo lang dat gezinnen in te kleine studio's blijven.",
        OM.VEEL,
        FR.WEKELIJKS,
        "9000",
        5,
    ),
    (
        ("gezondheid",),
        "Mensen stellen tandartsbezoek uit omdat ze het voorschot niet kunnen betalen.",
        OM.ENKELE,
        FR.MAANDELIJKS,
        "Brugse Poort",
        6,
    ),
    (
        ("voeding",),
        "Meer studenten komen een voedselpakket vragen dan vorig jaar.",
        OM.ENKELE,
        FR.WEKELIJKS,
        "Zwijnaarde",
        4,
    ),
    (
        ("voeding",),
        "Op donderdag is het pakket op voor de laatste mensen in de rij.",
        OM.VEEL,
        FR.WEKELIJKS,
        "Brugse Poort",
        1,
    ),
    (
        ("mobiliteit",),
        "Bewoners van Sint-Kruis-Winkel raken niet tot bij de voedselbedeling zonder auto.",
        OM.ENKELE,
        FR.WEKELIJKS,
        "Sint-Kruis-Winkel",
        9,
    ),
    (
        ("schulden",),
        (
            "Mensen met schulden bij de school van hun kinderen durven niet meer "
            "naar het oudercontact."
        ),
        OM.ENKELE,
        FR.MAANDELIJKS,
        "Muide",
        11,
    ),
    (
        ("energie",),
        (
            "Nieuwe klanten met een energiefactuur die ze niet kunnen betalen, "
            "vooral gezinnen met kinderen."
        ),
        OM.ENKELE,
        FR.WEKELIJKS,
        "Brugse Poort",
        2,
    ),
    (
        ("administratie",),
        "Brieven van de belastingen worden niet begrepen en blijven ongeopend liggen.",
        OM.ENKELE,
        FR.WEKELIJKS,
        "Rabot",
        7,
    ),
    (
        ("eenzaamheid",),
        "Alleenstaande ouderen komen vooral voor een babbel; ze zien verder niemand.",
        OM.ENKELE,
        FR.WEKELIJKS,
        "Gentbrugge",
        13,
    ),
]
EEKLO = [
    (
        ("mobiliteit",),
        "Geen bus meer na 19 uur: mensen uit de deelgemeenten raken niet tot bij de bedeling.",
        OM.ENKELE,
        FR.WEKELIJKS,
        "9900",
        10,
    ),
    (
        ("mobiliteit",),
        "Mensen zonder auto missen afspraken in het ziekenhuis omdat er geen verbinding is.",
        OM.ENKELE,
        FR.MAANDELIJKS,
        "9900",
        24,
    ),
    (
        ("voeding",),
        "Meer gezinnen met werk komen voor een voedselpakket.",
        OM.ENKELE,
        FR.WEKELIJKS,
        "9900",
        6,
    ),
]

GENT_ORGANISATIES = [
    basisdemo.DEMO_INITIATIEF,
    basisdemo.TWEEDE_INITIATIEF,
    basisdemo.SOCIALE_DIENST,
    "CAW Oost-Vlaanderen",
    "Kras-dienst Brugse Poort",
    "Wijkgezondheidscentrum De Meersen",
]


@dataclass
class Resultaat:
    meldingen: int = 0
    signalen: int = 0
    rechtenverkenningen: int = 0
    overgeslagen: bool = False


class DemoFout(Exception):
    pass


def _lidmaatschap(gemeente: Gemeente, organisatienaam: str) -> Lidmaatschap:
    """A field worker of this organisation: the demo volunteer where it exists, else a new one."""
    organisatie = Organisatie.objects.get(gemeente=gemeente, naam=organisatienaam)
    bestaand = (
        Lidmaatschap.objects.filter(
            organisatie=organisatie,
            rol__in=[Rol.VRIJWILLIGER, Rol.MAATSCHAPPELIJK_WERKER, Rol.COORDINATOR],
        )
        .select_related("user", "organisatie__gemeente")
        .order_by("user__username")
    )
    for username in ("vrijwilliger", "maatschappelijkwerker", "caw", "eeklo"):
        voorkeur = bestaand.filter(user__username=username).first()
        if voorkeur:
            return voorkeur
    if bestaand.exists():
        return bestaand.first()
    user = get_user_model().objects.create_user(
        username=f"veldwerker-{organisatie.pk}", password=basisdemo.DEMO_WACHTWOORD
    )
    return Lidmaatschap.objects.create(
        user=user, organisatie=organisatie, rol=Rol.MAATSCHAPPELIJK_WERKER
    )


def _meld(lid: Lidmaatschap, rij, *, nu, rng: random.Random, met_organisatie=True) -> Melding:
    slugs, tekst, omvang, frequentie, gebied, dagen = rij
    gemeente = lid.organisatie.gemeente
    themas = {t.slug: t for t in themas_voor(gemeente)}
    postcode, wijk = ontleed(gemeente, gebied)
    melding = services.melding_aanmaken(
        lidmaatschap=lid,
        themas=[themas[s] for s in slugs],
        tekst=tekst,
        omvang=omvang,
        frequentie=frequentie,
        postcode=postcode,
        wijk=wijk,
        met_organisatie=met_organisatie,
        bron=rng.choice([Melding.Bron.FORMULIER, Melding.Bron.BALIE]),
    )
    Melding.objects.filter(pk=melding.pk).update(
        gemeld_op=nu - timedelta(days=dagen, hours=rng.randint(0, 8))
    )
    return melding


@transaction.atomic
def seed_signalen(*, seed: int = 2026) -> Resultaat:
    gent = Gemeente.objects.filter(slug=basisdemo.GENT[1]).first()
    eeklo = Gemeente.objects.filter(slug=basisdemo.EEKLO[1]).first()
    if gent is None or eeklo is None:
        raise DemoFout("Maak eerst de basisdemo: manage.py seed_demo.")
    if Melding.objects.filter(gemeente=gent).exists():
        return Resultaat(overgeslagen=True)
    rng = random.Random(seed)
    nu = timezone.now()
    for gemeente in (gent, eeklo):
        Deelname.objects.get_or_create(gemeente=gemeente)
        themas_voor(gemeente)
    leden = [_lidmaatschap(gent, naam) for naam in GENT_ORGANISATIES]
    beleid = Lidmaatschap.objects.select_related("organisatie__gemeente", "user").get(
        user__username="beleid", organisatie__gemeente=gent
    )
    resultaat = Resultaat()

    def meld_reeks(rijen, gemeente_leden):
        meldingen = []
        for i, rij in enumerate(rijen):
            lid = gemeente_leden[0] if i % 3 == 0 else rng.choice(gemeente_leden)
            meldingen.append(_meld(lid, rij, nu=nu, rng=rng, met_organisatie=i % 5 != 4))
        resultaat.meldingen += len(meldingen)
        return meldingen

    energie = meld_reeks(GENT_ENERGIE, leden)
    digitaal = meld_reeks(GENT_DIGITAAL, leden)
    meld_reeks(GENT_INBOX, leden)

    signaal = services.signaal_aanmaken(
        lidmaatschap=beleid,
        titel="Energiefacturen die niet betaald raken",
        omschrijving=(
            "Sinds de nieuwe jaarafrekeningen zien voedselhulp, de Sociale Dienst en het CAW "
            "meer mensen die hun energiefactuur niet kunnen betalen, vooral in slecht "
            "geïsoleerde huurwoningen. Het sociaal tarief wordt vaak niet gevraagd."
        ),
        ernst=4,
        meldingen=energie,
    )
    services.signaal_status_wijzigen(
        signaal=signaal,
        lidmaatschap=beleid,
        naar=Signaal.Status.IN_BEHANDELING,
        tekst="Besproken op het overleg armoedebestrijding; de energiecel zoekt cijfers op.",
    )
    services.signaal_status_wijzigen(
        signaal=signaal,
        lidmaatschap=beleid,
        naar=Signaal.Status.ACTIE_ONDERNOMEN,
        tekst=(
            "Extra zitdagen van de energiecel in het wijkgezondheidscentrum en het buurtcentrum "
            "van de Brugse Poort; folder over het sociaal tarief bij elk voedselpakket."
        ),
    )
    services.signaal_aanmaken(
        lidmaatschap=beleid,
        titel="Digitale loketten sluiten mensen uit",
        ernst=3,
        meldingen=digitaal,
    )
    resultaat.signalen += 2

    eeklo_lid = _lidmaatschap(eeklo, basisdemo.INITIATIEF_EEKLO)
    eeklo_meldingen = meld_reeks(EEKLO, [eeklo_lid])
    eeklo_beleid = _beleid_eeklo(eeklo)
    services.signaal_aanmaken(
        lidmaatschap=eeklo_beleid,
        titel="Geen openbaar vervoer 's avonds",
        ernst=3,
        meldingen=eeklo_meldingen[:2],
    )
    resultaat.signalen += 1
    resultaat.rechtenverkenningen = _rechtenverkenningen(leden[0], rng)
    return resultaat


# How often each right is answered nee / weet niet in the demo rights checks.
GEMIST_KANS = {
    "sociaal_energietarief": 0.55,
    "verhoogde_tegemoetkoming": 0.4,
    "uitpas_kansentarief": 0.6,
    "huurpremie": 0.5,
    "groeipakket_toeslag": 0.2,
    "leefloon": 0.15,
    "schooltoeslag": 0.3,
    "sociaal_watertarief": 0.45,
}


def _rechtenverkenningen(lid: Lidmaatschap, rng: random.Random, aantal: int = 30) -> int:
    """Rights checks with toeleidingen, so a signaal has missed rights to show as evidence."""
    gemeente = lid.organisatie.gemeente
    if Rechtenverkenning.objects.filter(toeleiding__gezin__gemeente=gemeente).exists():
        return 0
    vragen = rechtenverkenning.vragen_voor(gemeente)
    gezinnen = Gezin.objects.zichtbaar_voor(lid.organisatie).exclude(toeleidingen__isnull=False)[
        :aantal
    ]
    gemaakt = 0
    for gezin in gezinnen:
        antwoorden = {
            v.recht: ("nee" if rng.random() < GEMIST_KANS.get(v.recht, 0.3) else "ja")
            for v in vragen
        }
        doorverwijzing_services.toeleiding_aanmaken(
            lidmaatschap=lid, gezin=gezin, reden=Toeleiding.Reden.RECHTEN, antwoorden=antwoorden
        )
        gemaakt += 1
    return gemaakt


def _beleid_eeklo(eeklo: Gemeente) -> Lidmaatschap:
    stad, _ = Organisatie.objects.get_or_create(
        gemeente=eeklo, naam="Stad Eeklo", defaults={"soort": Organisatie.Soort.STAD}
    )
    user, nieuw = get_user_model().objects.get_or_create(
        username="beleid-eeklo", defaults={"first_name": "Els", "last_name": "De Vriendt"}
    )
    if nieuw:
        user.set_password(basisdemo.DEMO_WACHTWOORD)
        user.save()
    lid, _ = Lidmaatschap.objects.get_or_create(
        user=user, organisatie=stad, defaults={"rol": Rol.BELEIDSMEDEWERKER}
    )
    return Lidmaatschap.objects.select_related("organisatie__gemeente", "user").get(pk=lid.pk)

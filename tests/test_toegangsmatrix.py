"""Every URL × every role × own / other organisation / other municipality / anonymous.

The list of URLs comes from the URL configuration itself: a view that is not in
MATRIX (or PUBLIEK) makes test_every_url_is_in_the_matrix fail, so a new view
cannot ship without saying who may use it.
"""

import uuid
from dataclasses import dataclass, field
from datetime import time, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from doorverwijzing import services as doorverwijzing_services
from hulpverlening import services
from hulpverlening.models import Afhaalmoment, Hulpvorm, Locatie, Organisatie, Rol
from rapportering.models import Rapport
from registratie import services as registratie_services

from .conftest import maak_gebruiker, maak_gezin
from .mfa_helpers import aanmelden

ALLE = frozenset(Rol.values)
GEZIN = frozenset({Rol.VRIJWILLIGER, Rol.COORDINATOR, Rol.MAATSCHAPPELIJK_WERKER})
KAART = frozenset({Rol.COORDINATOR, Rol.MAATSCHAPPELIJK_WERKER})
BALIE = frozenset({Rol.VRIJWILLIGER, Rol.COORDINATOR})
COORD = frozenset({Rol.COORDINATOR})
RAPPORT = frozenset({Rol.COORDINATOR, Rol.STADSMEDEWERKER})

# Served to everyone (the PWA shell) or guarded by the third-party app itself.
PUBLIEK = {"pwa_manifest", "pwa_service_worker", "pwa_offline", "javascript_catalog"}
EIGEN_BEVEILIGING = ("beheer/", "account/")


@dataclass(frozen=True)
class Regel:
    rollen: frozenset
    methode: str = "GET"
    object: str | None = None  # which kind of object the URL names
    ok: frozenset = frozenset({200})
    anoniem: int = 302
    ander: int = 404  # an object of another organisation or municipality
    data: dict = field(default_factory=dict)
    # Whose object is "own": the persona works at initiative A, or at the social service
    # for actions only it can take on what was sent to it.
    bij: str = "initiatief_a"
    vreemd: tuple = ("andere_organisatie", "andere_gemeente")


MATRIX: dict[str, Regel] = {
    "home": Regel(ALLE),
    "kies_organisatie": Regel(ALLE),
    "gezin_lijst": Regel(GEZIN),
    "gezin_nieuw": Regel(KAART),
    "gezin_detail": Regel(GEZIN, object="gezin"),
    "gezin_wijzigen": Regel(KAART, object="gezin"),
    "organisatie_contact": Regel(COORD),
    "gezin_kaart_nieuw": Regel(KAART, "POST", "gezin", ok=frozenset({302})),
    "gezin_kaart_koppelen": Regel(KAART, "POST", "gezin", ok=frozenset({422})),
    "gezin_kaart_intrekken": Regel(KAART, "POST", "gezin", ok=frozenset({422})),
    "gezin_kaart_pdf": Regel(KAART, object="gezin"),
    "kaart_opzoeken": Regel(GEZIN),
    "kaartbatch_lijst": Regel(KAART),
    "kaartbatch_pdf": Regel(KAART, object="batch"),
    "balie_kiezen": Regel(BALIE, ok=frozenset({200, 302})),
    "balie": Regel(BALIE, object="moment"),
    # A card comes only by POST: a bare GET goes back to the desk.
    "paneel": Regel(BALIE, "POST", "moment"),
    "registreren": Regel(BALIE, "POST", "moment", ok=frozenset({302})),
    "balie_zoeken": Regel(BALIE, "POST", "moment"),
    # Without a scanned card there is no consent to note: the panel comes back.
    "balie_toestemming": Regel(BALIE, "POST", "moment", ok=frozenset({422})),
    "zelfmelder": Regel(BALIE, object="moment"),
    "rooster": Regel(BALIE, object="moment"),
    # Undoing someone else's pickup answers like an unknown key: nothing leaks.
    "afhaling_ongedaan": Regel(BALIE, "POST", "afhaling", ok=frozenset({302}), ander=302),
    "sync_api": Regel(BALIE, "POST", anoniem=401, data={"afhalingen": []}),
    "sync_bekend": Regel(BALIE, "POST", anoniem=401, data={"sleutels": []}),
    "te_controleren": Regel(COORD),
    "afhaalregels": Regel(COORD),
    "waardebonnen": Regel(COORD),
    "vrijwilligers": Regel(COORD),
    "vrijwilliger_afmelden": Regel(COORD, "POST", "vrijwilliger", ok=frozenset({302})),
    "auditlog": Regel(frozenset({Rol.BEHEERDER})),
    "doorverwijzing_lijst": Regel(KAART),
    "doorverwijzing_nieuw": Regel(frozenset({Rol.MAATSCHAPPELIJK_WERKER}), object="gezin"),
    "doorverwijzing_detail": Regel(KAART, object="doorverwijzing"),
    "doorverwijzing_actie": Regel(
        KAART, "POST", "doorverwijzing", ok=frozenset({302, 422}), data={"weigerreden": ""}
    ),
    "doorverwijzing_brief": Regel(KAART, object="doorverwijzing"),
    "toeleiding_nieuw": Regel(BALIE, object="gezin"),
    # Initiatives see what they sent (status only); the social service its inbox.
    "toeleiding_lijst": Regel(KAART),
    "toeleiding_uitkomst": Regel(
        frozenset({Rol.MAATSCHAPPELIJK_WERKER}),
        "POST",
        "toeleiding",
        ok=frozenset({302}),
        bij="sociale_dienst",
        vreemd=("andere_gemeente",),
    ),
    "gezinsdossier": Regel(frozenset({Rol.MAATSCHAPPELIJK_WERKER}), object="gezin"),
    "rapporten": Regel(RAPPORT),
    "rapport_aanvragen": Regel(RAPPORT, "POST", ok=frozenset({302})),
    # City staff may open every submitted report of their municipality, so only the
    # other municipality is foreign here; coordinators of B: test_foodsavers_rapport.
    "rapport_status": Regel(RAPPORT, object="rapport", vreemd=("andere_gemeente",)),
    "rapport_download": Regel(RAPPORT, object="rapport", vreemd=("andere_gemeente",)),
    "rapport_indienen": Regel(
        COORD, "POST", "rapport", ok=frozenset({302}), vreemd=("andere_gemeente",)
    ),
    "leveringen": Regel(COORD),
    "dashboard": Regel(RAPPORT),
    "berichten": Regel(ALLE),
    "leveringen_importeren": Regel(COORD, "POST", ok=frozenset({422})),
    "gezin_export_json": Regel(KAART, object="gezin"),
    "gezin_export_pdf": Regel(KAART, object="gezin"),
    # Without the typed confirmation nothing is erased: the form comes back.
    "gezin_wissen": Regel(KAART, "POST", "gezin", ok=frozenset({422})),
    "verwerkingsregister": Regel(ALLE),
    # Lokaal Signaal: field workers report, the municipality's policy staff work the
    # meldingen; a signaal belongs to the municipality, so only Eeklo's is foreign.
    "melding_nieuw": Regel(GEZIN),
    "melding_controleren": Regel(GEZIN, "POST", data={"tekst": "Veel mensen"}),
    "mijn_meldingen": Regel(GEZIN),
    "signalen_inbox": Regel(frozenset({Rol.BELEIDSMEDEWERKER})),
    "melding_klasseren": Regel(
        frozenset({Rol.BELEIDSMEDEWERKER}),
        "POST",
        "melding",
        ok=frozenset({422}),
        vreemd=("andere_gemeente",),
    ),
    "meldingen_geklasseerd": Regel(frozenset({Rol.BELEIDSMEDEWERKER})),
    # The matrix's melding is in the inbox, not set aside: a message, back to the list.
    "melding_terugzetten": Regel(
        frozenset({Rol.BELEIDSMEDEWERKER}),
        "POST",
        "melding",
        ok=frozenset({302}),
        vreemd=("andere_gemeente",),
    ),
    "signaal_nieuw": Regel(frozenset({Rol.BELEIDSMEDEWERKER})),
    "signaal_lijst": Regel(frozenset({Rol.BELEIDSMEDEWERKER})),
    "signaal_detail": Regel(
        frozenset({Rol.BELEIDSMEDEWERKER}), object="signaal", vreemd=("andere_gemeente",)
    ),
    "signaal_status": Regel(
        frozenset({Rol.BELEIDSMEDEWERKER}),
        "POST",
        "signaal",
        ok=frozenset({422}),
        vreemd=("andere_gemeente",),
    ),
    "signaal_bewerken": Regel(
        frozenset({Rol.BELEIDSMEDEWERKER}),
        "POST",
        "signaal",
        ok=frozenset({422}),
        vreemd=("andere_gemeente",),
    ),
    "signaal_meldingen": Regel(
        frozenset({Rol.BELEIDSMEDEWERKER}),
        "POST",
        "signaal",
        ok=frozenset({302}),
        vreemd=("andere_gemeente",),
    ),
    "signalen_pdf": Regel(frozenset({Rol.BELEIDSMEDEWERKER})),
    "signalen_csv": Regel(frozenset({Rol.BELEIDSMEDEWERKER})),
    "signalen_themas": Regel(frozenset({Rol.BELEIDSMEDEWERKER})),
    # Counts across municipalities, small numbers masked (tests/signalen/test_signalen_workflow.py).
    "signalen_vvsg": Regel(frozenset({Rol.BELEIDSMEDEWERKER, Rol.BEHEERDER})),
    # Import from the social dossier: its caseworkers only
    # (tests/doorverwijzing/test_import_views.py).
    "import_upload": Regel(frozenset({Rol.MAATSCHAPPELIJK_WERKER}), bij="sociale_dienst"),
    # Without the key of a report just made there is nothing to download.
    "import_verslag_csv": Regel(
        frozenset({Rol.MAATSCHAPPELIJK_WERKER}), bij="sociale_dienst", ok=frozenset({404})
    ),
    # A bearer token, never a session: 401 for everyone (tests/doorverwijzing/test_import_api.py).
    "import_api": Regel(ALLE, "POST", anoniem=401, ok=frozenset({401})),
}


def _url_namen() -> set[str]:
    def walk(resolver, prefix=""):
        for patroon in resolver.url_patterns:
            pad = prefix + str(patroon.pattern)
            if isinstance(patroon, URLResolver):
                yield from walk(patroon, pad)
            elif isinstance(patroon, URLPattern) and not pad.startswith(EIGEN_BEVEILIGING):
                yield patroon.name

    return set(walk(get_resolver()))


def test_every_url_is_in_the_matrix():
    namen = _url_namen()
    assert None not in namen, "every URL needs a name to be checked"
    assert namen - PUBLIEK - set(MATRIX) == set(), "add these views to MATRIX"
    assert set(MATRIX) - namen == set(), "these MATRIX entries have no URL any more"


@dataclass
class Objecten:
    gezin: int
    batch: int
    moment: int
    afhaling: uuid.UUID
    doorverwijzing: int
    toeleiding: int
    rapport: int
    melding: int | None = None
    signaal: int | None = None
    vrijwilliger: int | None = None


def _objecten(organisatie, door) -> Objecten:
    gezin = maak_gezin(organisatie, voornaam=f"Test{organisatie.pk}")
    kaart = services.kaart_uitgeven(gezin=gezin, organisatie=organisatie)
    batch = services.kaartbatch_aanmaken(organisatie=organisatie, aantal=1, door=None)
    locatie = Locatie.objects.create(organisatie=organisatie, naam="Zaal", postcode="9000")
    moment = Afhaalmoment.objects.create(
        locatie=locatie,
        weekdag=timezone.localdate().weekday(),
        start=time(0, 0),
        einde=time(23, 59),
        capaciteit=10,
    )
    afhaling = registratie_services.afhaling_registreren(
        sleutel=uuid.uuid4(),
        lidmaatschap=door.lidmaatschappen.get(),
        afhaalmoment=moment,
        dag=timezone.localdate(),
        gescand_op=timezone.now(),
        kaart=kaart,
    ).afhaling
    sociale_dienst, _ = Organisatie.objects.get_or_create(
        gemeente=organisatie.gemeente,
        soort=Organisatie.Soort.SOCIALE_DIENST,
        defaults={"naam": f"Sociale Dienst {organisatie.gemeente}"},
    )
    verwijzer = maak_gebruiker(f"mw_{organisatie.pk}", sociale_dienst, Rol.MAATSCHAPPELIJK_WERKER)
    services.gezinsrelatie_leggen(gezin=gezin, organisatie=sociale_dienst, reden="doorverwijzing")
    doorverwijzing = doorverwijzing_services.doorverwijzing_aanmaken(
        lidmaatschap=verwijzer.lidmaatschappen.get(),
        gezin=gezin,
        organisatie=organisatie,
        soort="doorverwijzing",
        hulpvorm=Hulpvorm.objects.standaard(),
        start=timezone.localdate(),
        einde=timezone.localdate() + timedelta(days=30),
        frequentie="wekelijks",
        pakket="middel",
        reden="laag_inkomen",
    )
    toeleiding = doorverwijzing_services.toeleiding_aanmaken(
        lidmaatschap=door.lidmaatschappen.get(), gezin=gezin, reden="zelfmelder"
    )
    melding, signaal = _signalen(door.lidmaatschappen.get())
    return Objecten(
        gezin.pk,
        batch.pk,
        moment.pk,
        afhaling.idempotentiesleutel,
        doorverwijzing.pk,
        toeleiding.pk,
        _rapport(organisatie).pk,
        melding.pk,
        signaal.pk,
        maak_gebruiker(f"vw_{organisatie.pk}", organisatie, Rol.VRIJWILLIGER).pk,
    )


def _signalen(lidmaatschap):
    """A melding in the inbox and a signaal of the member's municipality, which takes part."""
    from signalen import services as signalen_services
    from signalen.models import Deelname
    from signalen.themas import themas_voor

    Deelname.objects.get_or_create(gemeente=lidmaatschap.organisatie.gemeente)
    melding = {
        "lidmaatschap": lidmaatschap,
        "themas": themas_voor(lidmaatschap.organisatie.gemeente)[:1],
        "omvang": "2-5",
        "frequentie": "wekelijks",
        "postcode": "9000",
    }
    gebundeld = signalen_services.melding_aanmaken(tekst="Wachtlijst sociale woning", **melding)
    signaal = signalen_services.signaal_aanmaken(
        lidmaatschap=lidmaatschap, titel="Wachtlijsten", meldingen=[gebundeld]
    )
    return signalen_services.melding_aanmaken(tekst="Facturen te hoog", **melding), signaal


def _rapport(organisatie):
    """A finished, submitted monthly report of this organisation (its CSV only: cheap)."""
    rapport = Rapport(
        gemeente=organisatie.gemeente,
        organisatie=organisatie,
        maand=timezone.localdate().replace(day=1),
        status=Rapport.Status.KLAAR,
        ingediend_op=timezone.now(),
    )
    rapport.csv.save(f"matrix-{organisatie.pk}.csv", ContentFile(b"onderdeel;cijfer;waarde\n"))
    return rapport


@pytest.fixture
def werelden(wereld):
    """Objects of initiative A (own), B (other organisation) and Eeklo (other municipality)."""
    return {
        "eigen": _objecten(
            wereld.initiatief_a, maak_gebruiker("balie_a", wereld.initiatief_a, Rol.VRIJWILLIGER)
        ),
        "andere_organisatie": _objecten(
            wereld.initiatief_b, maak_gebruiker("balie_b", wereld.initiatief_b, Rol.VRIJWILLIGER)
        ),
        "andere_gemeente": _objecten(
            wereld.initiatief_eeklo,
            maak_gebruiker("balie_e", wereld.initiatief_eeklo, Rol.VRIJWILLIGER),
        ),
    }


def _url(naam: str, regel: Regel, objecten: Objecten) -> str:
    if regel.object is None:
        return reverse(naam)
    waarde = getattr(objecten, regel.object)
    parameter = {
        "gezin": "pk",
        "batch": "pk",
        "moment": "moment",
        "afhaling": "sleutel",
        "doorverwijzing": "pk",
        "toeleiding": "pk",
        "rapport": "pk",
        "melding": "pk",
        "signaal": "pk",
        "vrijwilliger": "pk",
    }
    kwargs = {parameter[regel.object]: waarde}
    if naam in ("doorverwijzing_nieuw", "toeleiding_nieuw", "gezinsdossier"):
        kwargs = {"gezin": waarde}
    if naam == "doorverwijzing_actie":
        kwargs["actie"] = "weigeren"
    if naam == "rapport_download":
        kwargs["formaat"] = "csv"
    return reverse(naam, kwargs=kwargs)


def _vraag(client, naam: str, regel: Regel, url: str):
    if regel.methode == "GET":
        return client.get(url)
    if naam in ("sync_api", "sync_bekend"):
        return client.post(url, regel.data, content_type="application/json")
    return client.post(url, regel.data)


@pytest.mark.parametrize("naam", sorted(MATRIX))
def test_access_by_role_and_organisation(naam, client, wereld, werelden):
    regel = MATRIX[naam]
    eigen = werelden["eigen"]
    url = _url(naam, regel, eigen)

    response = _vraag(client, naam, regel, url)
    assert response.status_code == regel.anoniem, f"anoniem {url}"
    if regel.anoniem == 302:
        assert response.url.startswith(reverse("account_login"))

    for rol in Rol.values:
        user = maak_gebruiker(f"{naam[:20]}_{rol}", getattr(wereld, regel.bij), rol)
        aanmelden(client, user)
        # A fresh object for actions that change it (a revoked card stays revoked).
        response = _vraag(client, naam, regel, url)
        if rol not in regel.rollen:
            assert response.status_code == 403, f"{rol} {url}"
            continue
        assert response.status_code in regel.ok, f"{rol} eigen {url}: {response.status_code}"
        if regel.object is not None:
            for scope in regel.vreemd:
                vreemde_url = _url(naam, regel, werelden[scope])
                status = _vraag(client, naam, regel, vreemde_url).status_code
                assert status == regel.ander, f"{rol} {scope} {vreemde_url}: {status}"
        client.logout()


def test_django_admin_is_for_beheerders_only(client, vrijwilliger, beheerder):
    assert client.get("/beheer/").status_code == 302
    aanmelden(client, vrijwilliger)
    assert client.get("/beheer/").status_code == 302
    aanmelden(client, beheerder)
    assert client.get("/beheer/").status_code == 200


GEZIN_URLS = sorted(naam for naam, regel in MATRIX.items() if regel.object == "gezin")


@pytest.mark.parametrize("naam", GEZIN_URLS)
def test_desk_level_opens_no_file_url(naam, client, wereld):
    """The matrix's other dimension: an organisation that knows a household at its desk only
    (a pickup with its card) gets 404 on every URL of the household's file, in every role."""
    gezin = maak_gezin(wereld.initiatief_a, voornaam="Balie")
    services.kaart_uitgeven(gezin=gezin, organisatie=wereld.initiatief_a)
    services.gezinsrelatie_leggen(gezin=gezin, organisatie=wereld.initiatief_b, reden="afhaling")
    regel = MATRIX[naam]
    url = _url(naam, regel, Objecten(gezin.pk, 0, 0, uuid.uuid4(), 0, 0, 0))
    for rol in regel.rollen:
        user = maak_gebruiker(f"b_{naam[:18]}_{rol}", wereld.initiatief_b, rol)
        aanmelden(client, user)
        assert _vraag(client, naam, regel, url).status_code == 404, f"{rol} {url}"
        client.logout()
    # The same household with a file-level reason opens to the same organisation.
    services.gezinsrelatie_leggen(gezin=gezin, organisatie=wereld.initiatief_b, reden="toestemming")
    rol = sorted(regel.rollen)[0]
    aanmelden(client, maak_gebruiker(f"b2_{naam[:18]}", wereld.initiatief_b, rol))
    assert _vraag(client, naam, regel, url).status_code in regel.ok, url

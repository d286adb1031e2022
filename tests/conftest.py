"""Personas built in code: who works where, in which role.

Gent has two food initiatives (A and B), the social service and the city;
Eeklo is another municipality. Every test that needs people uses these.
"""

import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass

import dj_database_url
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management.commands import flush as flush_command
from django.db import connection

from hulpverlening import services
from hulpverlening.models import Gemeente, Lidmaatschap, Organisatie, Rol

from .mfa_helpers import aanmelden

WACHTWOORD = "test-wachtwoord-123"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids repeat between tests on SQLite, so a
    cached dashboard or login cooloff of an earlier test would otherwise show up."""
    from django.core.cache import cache

    from hulpverlening import namen

    cache.clear()
    namen.vergeet()


# A Wednesday afternoon in Ghent, far from midnight and from a month's edge: tests
# whose outcome depends on the day or the hour travel here, and the clock ticks on.
WOENSDAGMIDDAG = "2026-11-18 14:00:00 +01:00"


@pytest.fixture
def op_een_woensdag():
    with time_machine.travel(WOENSDAGMIDDAG, tick=True) as reis:
        yield reis


@dataclass
class Wereld:
    gent: Gemeente
    eeklo: Gemeente
    initiatief_a: Organisatie
    initiatief_b: Organisatie
    sociale_dienst: Organisatie
    stad: Organisatie
    initiatief_eeklo: Organisatie


def maak_gebruiker(username: str, organisatie: Organisatie, rol: Rol, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=WACHTWOORD, email=f"{username}@example.org", **extra
    )
    Lidmaatschap.objects.create(user=user, organisatie=organisatie, rol=rol)
    return user


def maak_gezin(organisatie: Organisatie, voornaam="Amina", achternaam="El Idrissi", jaar=1985):
    return services.gezin_aanmaken(
        organisatie=organisatie,
        personen=[services.PersoonGegevens(voornaam, achternaam, jaar)],
        volwassenen=1,
        kinderen_3_11=2,
        postcode="9000",
    )


def nieuw_gezin_post(**overrides) -> dict:
    """A valid POST of the new-household form (one person), with fields to change."""
    return {
        "persoon-TOTAL_FORMS": "1",
        "persoon-INITIAL_FORMS": "0",
        "persoon-MIN_NUM_FORMS": "1",
        "persoon-MAX_NUM_FORMS": "20",
        "persoon-0-voornaam": "Fatma",
        "persoon-0-achternaam": "Yilmaz",
        "persoon-0-geboortejaar": "1979",
        "persoon-0-relatie": "referentiepersoon",
        "volwassenen": "2",
        "kinderen_0_2": "0",
        "kinderen_3_11": "1",
        "kinderen_12_17": "1",
        "postcode": "9040",
    } | overrides


@pytest.fixture
def wereld(db) -> Wereld:
    gent = Gemeente.objects.create(naam="Gent", slug="gent")
    eeklo = Gemeente.objects.create(naam="Eeklo", slug="eeklo")
    soort = Organisatie.Soort
    return Wereld(
        gent=gent,
        eeklo=eeklo,
        initiatief_a=Organisatie.objects.create(
            gemeente=gent, naam="Voedselbank Brugse Poort", soort=soort.VOEDSELHULP
        ),
        initiatief_b=Organisatie.objects.create(
            gemeente=gent, naam="Sociale Kruidenier Ledeberg", soort=soort.SOCIALE_KRUIDENIER
        ),
        sociale_dienst=Organisatie.objects.create(
            gemeente=gent, naam="Sociale Dienst Gent", soort=soort.SOCIALE_DIENST
        ),
        stad=Organisatie.objects.create(gemeente=gent, naam="Stad Gent", soort=soort.STAD),
        initiatief_eeklo=Organisatie.objects.create(
            gemeente=eeklo, naam="Voedselhulp Eeklo", soort=soort.VOEDSELHULP
        ),
    )


@pytest.fixture
def vrijwilliger(wereld):
    return maak_gebruiker("vrijwilliger_a", wereld.initiatief_a, Rol.VRIJWILLIGER)


@pytest.fixture
def coordinator(wereld):
    return maak_gebruiker("coordinator_a", wereld.initiatief_a, Rol.COORDINATOR)


@pytest.fixture
def coordinator_b(wereld):
    return maak_gebruiker("coordinator_b", wereld.initiatief_b, Rol.COORDINATOR)


@pytest.fixture
def vrijwilliger_b(wereld):
    return maak_gebruiker("vrijwilliger_b", wereld.initiatief_b, Rol.VRIJWILLIGER)


@pytest.fixture
def maatschappelijk_werker(wereld):
    return maak_gebruiker("mw", wereld.sociale_dienst, Rol.MAATSCHAPPELIJK_WERKER)


@pytest.fixture
def coordinator_eeklo(wereld):
    return maak_gebruiker("coordinator_eeklo", wereld.initiatief_eeklo, Rol.COORDINATOR)


@pytest.fixture
def stadsmedewerker(wereld):
    return maak_gebruiker("stad", wereld.stad, Rol.STADSMEDEWERKER)


@pytest.fixture
def beleidsmedewerker(wereld):
    return maak_gebruiker("beleid", wereld.stad, Rol.BELEIDSMEDEWERKER)


@pytest.fixture
def beheerder(wereld):
    return maak_gebruiker("beheerder", wereld.stad, Rol.BEHEERDER, is_staff=True)


@pytest.fixture
def gezin_a(wereld):
    """A household known only to initiative A."""
    return maak_gezin(wereld.initiatief_a)


@pytest.fixture
def gezin_b(wereld):
    """A household known only to initiative B."""
    return maak_gezin(wereld.initiatief_b, voornaam="Jan", achternaam="Claeys", jaar=1961)


@pytest.fixture
def als(client):
    """Log the test client in as a persona, past the second step where the role needs one."""

    def login(user):
        return aanmelden(client, user)

    return login


@pytest.fixture
def moment_a(wereld):
    """Today's pickup moment at initiative A's location."""
    from datetime import time

    from django.utils import timezone

    from hulpverlening.models import Afhaalmoment, Locatie

    locatie = Locatie.objects.create(
        organisatie=wereld.initiatief_a, naam="Kerkzaal Brugse Poort", postcode="9000"
    )
    return Afhaalmoment.objects.create(
        locatie=locatie,
        weekdag=timezone.localdate().weekday(),
        start=time(0, 0),
        einde=time(23, 59),
        capaciteit=40,
    )


@pytest.fixture
def kaart_a(wereld, gezin_a):
    return services.kaart_uitgeven(gezin=gezin_a, organisatie=wereld.initiatief_a)


# --- Database roles -----------------------------------------------------------------------------
# With MIGRATE_DATABASE_URL (CI: scripts/pg.sh url eigenaar) the test database is
# created, migrated, flushed and dropped as the role that owns the tables, and
# the tests themselves run as DATABASE_URL's role, as the application does in
# production (docs/infrastructure.md, "Databaserollen"). Without it, one role
# does everything, as before.


def eigenaar_gegevens() -> dict | None:
    url = os.environ.get("MIGRATE_DATABASE_URL")
    if not url or connection.vendor != "postgresql":
        return None
    instellingen = dj_database_url.parse(url)
    return {k: instellingen[k] for k in ("USER", "PASSWORD", "HOST", "PORT")}


def _verbinden_als(gegevens: dict) -> dict:
    """Reconnects the default database with these credentials; returns the previous ones."""
    vorige = {k: connection.settings_dict[k] for k in gegevens}
    connection.close()
    connection.settings_dict.update(gegevens)
    return vorige


@contextmanager
def als_eigenaar():
    if (eigenaar := eigenaar_gegevens()) is None:
        yield
        return
    app = _verbinden_als(eigenaar)
    try:
        yield
    finally:
        _verbinden_als(app)


_APP_GEGEVENS: dict = {}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The test database is created and migrated as the owner (see django_db_setup).

    On SQLite the test database is a file, not memory: an in-memory database is one
    connection that the live server's threads share, and a phone's page and service
    worker asking at once then collide inside it ("bad parameter or other API
    misuse"). A file gives every thread its own connection, as in the demo.
    """
    from django.conf import settings

    instellingen = settings.DATABASES["default"]
    if instellingen["ENGINE"] == "django.db.backends.sqlite3":
        map_ = tempfile.mkdtemp(prefix="materielehulp-test-")
        instellingen.setdefault("TEST", {})["NAME"] = os.path.join(map_, "test.sqlite3")
    if (eigenaar := eigenaar_gegevens()) is not None:
        _APP_GEGEVENS.update(_verbinden_als(eigenaar))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Then the tests run as the app role; flushes (transactional tests) and the
    final drop run as the owner again: the app role may not TRUNCATE the audit log."""
    if not _APP_GEGEVENS:
        yield
        return
    eigenaar = _verbinden_als(_APP_GEGEVENS)
    flush = flush_command.Command.handle

    def flush_als_eigenaar(self, *args, **kwargs):
        with als_eigenaar():
            return flush(self, *args, **kwargs)

    flush_command.Command.handle = flush_als_eigenaar
    try:
        yield
    finally:
        flush_command.Command.handle = flush
        _verbinden_als(eigenaar)

"""Checks on the models themselves, so that data added later is covered automatically."""

import re
import unicodedata

import pytest
from django.apps import apps
from django.db import models

from hulpverlening import privacy

TEKSTVELDEN = (models.CharField, models.TextField, models.JSONField)

# Belgian national register number (rijksregisternummer, INSZ, NISS), BIS number, and
# the foreign words for the same idea. Matched on the name with separators removed.
NATIONAAL_NUMMER = re.compile(
    r"rijksregist|registrenational|nationaalnummer|nationalnumber|nationalid|numeronational"
    r"|nationalregist|insz|niss|bisnummer|bisnumber|numerobis|socialsecurity|socialezekerheid"
    r"|^ssn|ssn$|^rrn|rrn$"
)


def _lijkt_nationaal_nummer(tekst: str) -> bool:
    ascii_tekst = unicodedata.normalize("NFKD", str(tekst)).encode("ascii", "ignore").decode()
    return bool(NATIONAAL_NUMMER.search(re.sub(r"[^a-z]", "", ascii_tekst.lower())))


@pytest.mark.parametrize(
    "naam",
    [
        "rijksregisternummer",
        "Rijksregister-nr",
        "insz",
        "INSZ-nummer",
        "national_number",
        "National register number",
        "ssn",
        "patient_ssn",
        "bis_nummer",
        "BIS-nummer",
        "numéro national",
        "niss",
        "rrn",
    ],
)
def test_the_national_number_detector_catches_the_usual_spellings(naam):
    assert _lijkt_nationaal_nummer(naam)


@pytest.mark.parametrize(
    "naam", ["session_key", "classname", "voornaam", "kinderen_0_2", "business"]
)
def test_the_national_number_detector_leaves_ordinary_fields_alone(naam):
    assert not _lijkt_nationaal_nummer(naam)


def test_no_model_field_holds_a_national_register_number():
    """The platform never stores a rijksregisternummer, in any app, now or later."""
    verdacht = [
        f"{model._meta.label}.{veld.name}"
        for model in apps.get_models()
        for veld in model._meta.get_fields()
        if _lijkt_nationaal_nummer(veld.name)
        or _lijkt_nationaal_nummer(getattr(veld, "verbose_name", "") or "")
        or _lijkt_nationaal_nummer(getattr(veld, "help_text", "") or "")
    ]
    assert verdacht == []


def test_every_model_that_belongs_to_a_household_is_handled_by_retention_and_export():
    labels = {model._meta.label for model in privacy.gezinsmodellen()}
    assert labels == set(privacy.BEHANDELING), (
        "say in the app's privacy.py (privacy.registreer) what pseudonymisation and the "
        "export do with these models"
    )


@pytest.mark.parametrize("label", sorted(privacy.BEHANDELING))
def test_every_field_is_classified_for_pseudonymisation_and_export(label):
    model = apps.get_model(label)
    behandeling = privacy.BEHANDELING[label]
    pad = behandeling.pad.split("__")[0]
    velden = {
        veld.name: veld for veld in model._meta.get_fields() if veld.concrete and veld.name != pad
    }
    genoemd = [
        *behandeling.leegmaken,
        *behandeling.vervangen,
        *behandeling.tekst_bewaren,
        *behandeling.export,
        *behandeling.niet_exporteren,
    ]
    assert set(genoemd) <= set(velden) | {"id"}, "BEHANDELING names a field that does not exist"

    niet_ingedeeld = set(velden) - set(behandeling.export) - set(behandeling.niet_exporteren)
    assert niet_ingedeeld == set(), f"export or leave out (niet_exporteren): {niet_ingedeeld}"
    assert not set(behandeling.export) & set(behandeling.niet_exporteren)

    if behandeling.verwijderen:
        return
    vrije_tekst = {
        naam for naam, veld in velden.items() if isinstance(veld, TEKSTVELDEN) and not veld.choices
    }
    ingedeeld = {*behandeling.leegmaken, *behandeling.vervangen, *behandeling.tekst_bewaren}
    assert vrije_tekst - ingedeeld == set(), "clear this text on pseudonymisation, or keep it"

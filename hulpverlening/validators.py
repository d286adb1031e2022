"""The rules of one value of a household, kept on the model field for every form and import.

A ModelForm takes a field's validators and the model's constraints (with the
message set on each) by itself: the caseworker's household form, the desk's
walk-in intake and the import of a social dossier check a household the same
way, and the database holds the same rule for whatever comes past them.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No household has more than this many in one age group; more is a typing error.
MAX_PER_LEEFTIJDSGROEP = 20
EERSTE_GEBOORTEJAAR = 1900

POSTCODE_FOUT = _("Een Belgische postcode heeft 4 cijfers, bv. 9000.")
GEBOORTEJAAR_FOUT = _("Geef een geboortejaar tussen 1900 en nu, bv. 1984.")
GROEP_FOUT = _("Hoogstens 20 per leeftijdsgroep.")
MINSTENS_EEN_FOUT = _("Een gezin heeft minstens één volwassene of tiener.")

hoogstens_per_groep = MaxValueValidator(MAX_PER_LEEFTIJDSGROEP, message=GROEP_FOUT)


def is_postcode(waarde: str) -> bool:
    return len(waarde) == 4 and waarde.isascii() and waarde.isdigit() and waarde[0] != "0"


def postcode(waarde: str) -> None:
    if waarde and not is_postcode(waarde):
        raise ValidationError(POSTCODE_FOUT, code="postcode")


def geboortejaar(jaar: int) -> None:
    # Belgian today, not the server's: at new year the two differ for an hour.
    if not EERSTE_GEBOORTEJAAR <= jaar <= timezone.localdate().year:
        raise ValidationError(GEBOORTEJAAR_FOUT, code="geboortejaar")


TELEFOON_FOUT = _("Typ een telefoonnummer met cijfers, bv. 09 266 12 34 of +32 9 266 12 34.")


def telefoon(waarde: str) -> None:
    """A number a person with the letter in hand can call: digits, spaces, + / . -"""
    # ASCII digits only: str.isdigit() also takes "²" and Arabic-Indic digits.
    cijfers = [c for c in waarde if c in "0123456789"]
    if not (8 <= len(cijfers) <= 15 and all(c in "0123456789 +/.-()" for c in waarde)):
        raise ValidationError(TELEFOON_FOUT, code="telefoon")

"""Import from the social dossier: households, persons and referrals, keyed by the dossier's ids.

The formats are described in docs/import-formaat.md. The upload page and the
API both read a file with `lees_bestanden` and hand the rows to
`dossier_importeren`, which answers with a report per row.

The rule for bad rows: every row is checked on its own. A row with an error is
rejected and reported (row number, field, reason); the other rows are written.
A row that needs a rejected row (a person of a rejected household) is rejected
too, with that reason. The whole import is one transaction: when something
unexpected fails, nothing at all is written and the caller says so. A dry run
(`alleen_controleren`) runs exactly the same code and rolls back at the end.

Idempotent on the dossier's ids: a household is (bron, extern_id), a person
(household, extern_id), a referral (verwijzer, extern_id). A row equal to what
is stored changes nothing and is reported as unchanged; an import never
deletes.

Written in batches, because 50,000 rows one by one take minutes: a batch that
hits a constraint (a concurrent import of the same file) is redone row by row,
each in a savepoint, so only the clashing rows are rejected. New referrals are
checked by the referral service's own rules (`services.doorverwijzing_controleren`, the check
`doorverwijzing_aanmaken` runs) and then written in batches with the same
fields and relationships that service gives them; the initiative gets one
message per import instead of one per referral. A changed referral goes
through `doorverwijzing_verlengen`.

The package is split along these seams: lezen.py (files to rows), rijen.py
(a row checked), schrijven.py (rows written); this module holds the whole
import (`dossier_importeren`) and the names callers use.
"""

from django.db import transaction
from django.utils.translation import gettext

from hulpverlening import audit
from hulpverlening.models import Organisatie

from .lezen import (
    AANGEMAAKT,
    BIJGEWERKT,
    DOORVERWIJZINGEN,
    GEWEIGERD,
    GEZINNEN,
    KOLOMMEN,
    MAX_RIJEN,
    ONGEWIJZIGD,
    PARTIJ,
    PERSONEN,
    RRN_REDEN,
    TOESTEMMING_TEKST,
    TOESTEMMING_VERSIE,
    Bestandsfout,
    Importverslag,
    Invoer,
    Rijverslag,
    TeVeelRijen,
    lees_bestanden,
    lees_csv,
    lees_json,
    lijkt_rijksregisternummer,
)
from .rijen import _Rij
from .schrijven import (
    _gezinnen_verwerken,
    _partijen,
    _personen_verwerken,
    _verwijzingen_verwerken,
)

__all__ = [
    "AANGEMAAKT",
    "BIJGEWERKT",
    "DOORVERWIJZINGEN",
    "GEWEIGERD",
    "GEZINNEN",
    "KOLOMMEN",
    "MAX_RIJEN",
    "ONGEWIJZIGD",
    "PARTIJ",
    "PERSONEN",
    "RRN_REDEN",
    "TOESTEMMING_TEKST",
    "TOESTEMMING_VERSIE",
    "Bestandsfout",
    "Importverslag",
    "Invoer",
    "Rijverslag",
    "TeVeelRijen",
    "_Rij",
    "_partijen",
    "dossier_importeren",
    "lees_bestanden",
    "lees_csv",
    "lees_json",
    "lijkt_rijksregisternummer",
]


def dossier_importeren(
    *,
    invoer: Invoer,
    organisatie: Organisatie,
    door=None,
    alleen_controleren: bool = False,
) -> Importverslag:
    """Import households, persons and referrals for the social service `organisatie`.

    `door` is the caseworker (None for the API). With `alleen_controleren`
    everything is checked and written, then rolled back: the report is exact.
    """
    if organisatie.soort != Organisatie.Soort.SOCIALE_DIENST:
        raise Bestandsfout(
            gettext("Enkel de Sociale Dienst kan uit het sociaal dossier importeren.")
        )
    verslag = Importverslag(meldingen=list(invoer.meldingen), alleen_controleren=alleen_controleren)
    with transaction.atomic():
        gezinnen = _gezinnen_verwerken(invoer.rijen[GEZINNEN], organisatie, door, verslag)
        _personen_verwerken(invoer.rijen[PERSONEN], organisatie, gezinnen, verslag)
        _verwijzingen_verwerken(
            invoer.rijen[DOORVERWIJZINGEN], organisatie, door, gezinnen, verslag
        )
        if alleen_controleren:
            transaction.set_rollback(True)
    verslag.uitgevoerd = not alleen_controleren
    if verslag.uitgevoerd:
        # An import that changed nothing still leaves a line: someone imported.
        audit.schrijf(audit.Actie.GEWIJZIGD, verslag.gewijzigde_gezinnen or [None])
    return verslag

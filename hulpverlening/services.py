"""Use cases that write households and cards; views, imports and tasks call these."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from . import audit, kaartcodes
from .models import Gezin, Gezinsrelatie, Kaart, KaartBatch, Organisatie, Persoon


class KaartFout(Exception):
    """A card action that cannot be done; the message is shown to the user as is."""


@dataclass(frozen=True)
class PersoonGegevens:
    voornaam: str
    achternaam: str
    geboortejaar: int
    relatie: str = Persoon.Relatie.REFERENTIEPERSOON


def gezinsrelatie_leggen(*, gezin: Gezin, organisatie: Organisatie, reden: str) -> None:
    """Idempotent, also under concurrency; the level follows the reason (Gezinsrelatie.niveau_van).

    A desk-level relationship that gets a file-level reason (a referral, the
    person's consent) is raised to file level and takes that reason; a
    file-level one never goes down.
    """
    niveau = Gezinsrelatie.niveau_van(reden)
    Gezinsrelatie.objects.bulk_create(
        [Gezinsrelatie(gezin=gezin, organisatie=organisatie, reden=reden, niveau=niveau)],
        ignore_conflicts=True,
    )
    if niveau == Gezinsrelatie.Niveau.DOSSIER:
        Gezinsrelatie.objects.filter(
            gezin=gezin, organisatie=organisatie, niveau=Gezinsrelatie.Niveau.BALIE
        ).update(niveau=niveau, reden=reden, sinds=timezone.now())


def _kaart_met_unieke_code(**velden) -> Kaart:
    # 40 random bits make a clash rare, not impossible: retry on the constraint.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Kaart.objects.create(code=kaartcodes.new_code(), **velden)
        except IntegrityError:
            continue
    raise KaartFout(gettext("Er kon geen nieuwe kaartcode gemaakt worden. Probeer opnieuw."))


@transaction.atomic
def gezin_aanmaken(
    *,
    organisatie: Organisatie,
    personen: list[PersoonGegevens],
    volwassenen: int,
    kinderen_0_2: int = 0,
    kinderen_3_11: int = 0,
    kinderen_12_17: int = 0,
    postcode: str = "",
) -> Gezin:
    gezin = Gezin.objects.create(
        gemeente_id=organisatie.gemeente_id,
        aangemaakt_door=organisatie,
        volwassenen=volwassenen,
        kinderen_0_2=kinderen_0_2,
        kinderen_3_11=kinderen_3_11,
        kinderen_12_17=kinderen_12_17,
        postcode=postcode,
    )
    Persoon.objects.bulk_create(
        Persoon(
            gezin=gezin,
            voornaam=p.voornaam.strip(),
            achternaam=p.achternaam.strip(),
            geboortejaar=p.geboortejaar,
            relatie=p.relatie,
        )
        for p in personen
    )
    gezinsrelatie_leggen(gezin=gezin, organisatie=organisatie, reden=Gezinsrelatie.Reden.AANGEMAAKT)
    audit.gewijzigd([gezin.pk])
    return gezin


@dataclass(frozen=True)
class PersoonWijziging:
    """One person of the edit form: an existing one (pk) or a new one; `gegevens` None
    removes the person."""

    pk: int | None
    gegevens: PersoonGegevens | None


SAMENSTELLING = ("volwassenen", "kinderen_0_2", "kinderen_3_11", "kinderen_12_17", "postcode")


@transaction.atomic
def gezin_wijzigen(*, gezin: Gezin, samenstelling: dict, personen: list[PersoonWijziging]) -> Gezin:
    """Composition, postcode and persons after a birth, a new partner, a move.

    Persons of another household cannot be touched through a forged pk: only
    this household's persons are looked up. The reference person moves first,
    so the database's one-per-household rule holds at every statement.
    """
    gezin = Gezin.objects.select_for_update().get(pk=gezin.pk)
    for veld in SAMENSTELLING:
        setattr(gezin, veld, samenstelling[veld])
    gezin.save(update_fields=[*SAMENSTELLING])
    bestaand = {p.pk: p for p in gezin.personen.all()}
    te_wissen = [w.pk for w in personen if w.pk in bestaand and w.gegevens is None]
    gezin.personen.filter(pk__in=te_wissen).delete()
    bijwerken = [w for w in personen if w.pk in bestaand and w.gegevens is not None]
    # Who stops being the reference person is saved before who becomes it.
    bijwerken.sort(key=lambda w: w.gegevens.relatie == Persoon.Relatie.REFERENTIEPERSOON)
    for wijziging in bijwerken:
        persoon, g = bestaand[wijziging.pk], wijziging.gegevens
        persoon.voornaam, persoon.achternaam = g.voornaam.strip(), g.achternaam.strip()
        persoon.geboortejaar, persoon.relatie = g.geboortejaar, g.relatie
        persoon.save(update_fields=["voornaam", "achternaam", "geboortejaar", "relatie"])
    Persoon.objects.bulk_create(
        Persoon(
            gezin=gezin,
            voornaam=w.gegevens.voornaam.strip(),
            achternaam=w.gegevens.achternaam.strip(),
            geboortejaar=w.gegevens.geboortejaar,
            relatie=w.gegevens.relatie,
        )
        for w in personen
        if w.pk is None and w.gegevens is not None
    )
    audit.gewijzigd([gezin.pk])
    return gezin


@transaction.atomic
def kaartbatch_aanmaken(*, organisatie: Organisatie, aantal: int, door) -> KaartBatch:
    batch = KaartBatch.objects.create(organisatie=organisatie, aantal=aantal, aangemaakt_door=door)
    for _ in range(aantal):
        _kaart_met_unieke_code(
            gemeente_id=organisatie.gemeente_id, uitgegeven_door=organisatie, batch=batch
        )
    return batch


@transaction.atomic
def kaart_uitgeven(*, gezin: Gezin, organisatie: Organisatie) -> Kaart:
    """A new card for a household; an active card it still has is revoked as replaced."""
    gezin = Gezin.objects.select_for_update().get(pk=gezin.pk)
    oude = gezin.kaarten.actief().first()
    if oude is not None:
        oude.revoke(Kaart.Intrekkingsreden.VERVANGEN)
        oude.save(update_fields=["ingetrokken_op", "intrekkingsreden"])
    nieuwe = _kaart_met_unieke_code(
        gemeente_id=gezin.gemeente_id,
        uitgegeven_door=organisatie,
        gezin=gezin,
        gekoppeld_op=timezone.now(),
    )
    if oude is not None:
        oude.vervangen_door = nieuwe
        oude.save(update_fields=["vervangen_door"])
    audit.gewijzigd([gezin.pk])
    return nieuwe


@transaction.atomic
def kaart_koppelen(*, kaart: Kaart, gezin: Gezin, organisatie: Organisatie) -> Kaart:
    """Link a pre-printed card to a household on the spot, replacing its old card."""
    gezin = Gezin.objects.select_for_update().get(pk=gezin.pk)
    kaart = Kaart.objects.select_for_update().get(pk=kaart.pk)
    if kaart.gemeente_id != gezin.gemeente_id:
        raise KaartFout(gettext("Deze kaart is van een andere gemeente."))
    if not kaart.is_actief:
        raise KaartFout(gettext("Deze kaart is ingetrokken en kan niet meer gebruikt worden."))
    if kaart.gezin_id == gezin.pk:
        return kaart
    if kaart.gezin_id is not None:
        raise KaartFout(gettext("Deze kaart hoort al bij een ander gezin. Neem een nieuwe kaart."))
    oude = gezin.kaarten.actief().first()
    if oude is not None:
        oude.revoke(Kaart.Intrekkingsreden.VERVANGEN)
        oude.vervangen_door = kaart
        oude.save(update_fields=["ingetrokken_op", "intrekkingsreden", "vervangen_door"])
    kaart.gezin = gezin
    kaart.gekoppeld_op = timezone.now()
    kaart.save(update_fields=["gezin", "gekoppeld_op"])
    gezinsrelatie_leggen(gezin=gezin, organisatie=organisatie, reden=Gezinsrelatie.Reden.KAART)
    audit.gewijzigd([gezin.pk])
    return kaart


@transaction.atomic
def kaart_intrekken(*, kaart: Kaart, reden: str) -> Kaart:
    if reden not in Kaart.Intrekkingsreden.values:
        raise KaartFout(gettext("Kies een reden om de kaart in te trekken."))
    kaart = Kaart.objects.select_for_update().get(pk=kaart.pk)
    if not kaart.is_actief:
        raise KaartFout(gettext("Deze kaart was al ingetrokken."))
    kaart.revoke(reden)
    kaart.save(update_fields=["ingetrokken_op", "intrekkingsreden"])
    audit.gewijzigd([kaart.gezin_id])
    return kaart

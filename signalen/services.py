"""Writes of Lokaal Signaal: each use case one atomic function."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hulpverlening import namen
from hulpverlening.models import Lidmaatschap

from . import persoonsgegevens
from .models import Actie, Melding, Signaal, Thema
from .themas import doet_mee

Status = Signaal.Status

# The flow nieuw → in behandeling → actie ondernomen → afgesloten; a signaal may be
# closed without action (with the reason why), sent back, and reopened.
VOLGENDE: dict[str, tuple[str, ...]] = {
    Status.NIEUW: (Status.IN_BEHANDELING,),
    Status.IN_BEHANDELING: (Status.ACTIE_ONDERNOMEN, Status.AFGESLOTEN),
    Status.ACTIE_ONDERNOMEN: (Status.AFGESLOTEN, Status.IN_BEHANDELING),
    Status.AFGESLOTEN: (Status.IN_BEHANDELING,),
}
TEKST_VERPLICHT = frozenset({Status.ACTIE_ONDERNOMEN, Status.AFGESLOTEN})


class SignaalFout(Exception):
    """A rule of Lokaal Signaal was broken; the message says which, in Dutch."""


def persoonsgegevens_weigeren(tekst: str, gemeente_id: int) -> None:
    """Refuses a text with personal data, also names of people in the municipality's registry."""
    vondsten = persoonsgegevens.zoek(tekst, namen.van_gemeente(gemeente_id))
    if vondsten:
        raise SignaalFout(
            _(
                "Niet bewaard: de tekst bevat persoonsgegevens (%(uitleg)s). Lokaal Signaal "
                "bewaart geen gegevens over personen."
            )
            % {"uitleg": persoonsgegevens.uitleg(vondsten)}
        )


def _titel_vereist(titel: str) -> str:
    """A signaal is found again by its title in lists, the dossier and the melders' page."""
    titel = titel.strip()
    if not titel:
        raise SignaalFout(_("Geef het signaal een korte titel."))
    maximum = Signaal._meta.get_field("titel").max_length
    if len(titel) > maximum:
        raise SignaalFout(
            _("De titel is te lang: hoogstens %(maximum)d tekens.") % {"maximum": maximum}
        )
    return titel


def _themas_van_gemeente(themas: list[Thema], gemeente_id: int) -> None:
    if any(t.gemeente_id != gemeente_id for t in themas):
        raise SignaalFout(_("Kies thema's van uw eigen gemeente."))


@transaction.atomic
def melding_aanmaken(
    *,
    lidmaatschap: Lidmaatschap,
    themas: list[Thema],
    tekst: str,
    omvang: str,
    frequentie: str,
    postcode: str = "",
    wijk: str = "",
    met_organisatie: bool = True,
    bron: str = Melding.Bron.FORMULIER,
) -> Melding:
    gemeente = lidmaatschap.organisatie.gemeente
    if not doet_mee(gemeente):
        raise SignaalFout(
            _("%(gemeente)s doet (nog) niet mee aan Lokaal Signaal.") % {"gemeente": gemeente}
        )
    if not themas:
        raise SignaalFout(_("Kies minstens één thema."))
    _themas_van_gemeente(themas, gemeente.pk)
    persoonsgegevens_weigeren(tekst, gemeente.pk)
    melding = Melding.objects.create(
        gemeente=gemeente,
        organisatie=lidmaatschap.organisatie if met_organisatie else None,
        gemeld_door=lidmaatschap.user,
        tekst=tekst,
        omvang=omvang,
        frequentie=frequentie,
        postcode=postcode,
        wijk=wijk,
        bron=bron,
    )
    melding.themas.set(themas)
    return melding


def _bundel(signaal: Signaal, meldingen: list[Melding]) -> int:
    nu = timezone.now()
    aantal = (
        Melding.objects.in_inbox()
        .filter(pk__in=[m.pk for m in meldingen], gemeente_id=signaal.gemeente_id)
        .update(signaal=signaal, gebundeld_op=nu)
    )
    if aantal != len(meldingen):
        raise SignaalFout(
            _(
                "Niet alle gekozen meldingen staan nog in de inbox: iemand anders heeft ze "
                "intussen gebundeld of geklasseerd. Kijk de lijst opnieuw na."
            )
        )
    themas = Thema.objects.filter(meldingen__in=meldingen).distinct()
    signaal.themas.add(*themas)
    Signaal.objects.filter(pk=signaal.pk).update(bijgewerkt_op=nu)
    return aantal


@transaction.atomic
def signaal_aanmaken(
    *,
    lidmaatschap: Lidmaatschap,
    titel: str,
    meldingen: list[Melding],
    omschrijving: str = "",
    ernst: int = 3,
) -> Signaal:
    if not meldingen:
        raise SignaalFout(_("Kies minstens één melding om een signaal van te maken."))
    titel = _titel_vereist(titel)
    persoonsgegevens_weigeren(f"{titel}\n{omschrijving}", lidmaatschap.organisatie.gemeente_id)
    signaal = Signaal.objects.create(
        gemeente=lidmaatschap.organisatie.gemeente,
        titel=titel,
        omschrijving=omschrijving,
        ernst=ernst,
        aangemaakt_door=lidmaatschap.user,
    )
    _bundel(signaal, meldingen)
    return signaal


@transaction.atomic
def meldingen_toevoegen(*, signaal: Signaal, meldingen: list[Melding]) -> int:
    if not meldingen:
        raise SignaalFout(_("Kies minstens één melding."))
    return _bundel(signaal, meldingen)


@transaction.atomic
def melding_loskoppelen(*, signaal: Signaal, melding: Melding) -> None:
    """Back to the inbox; the signaal keeps its themes (staff may change them)."""
    Melding.objects.filter(pk=melding.pk, signaal=signaal).update(signaal=None, gebundeld_op=None)
    Signaal.objects.filter(pk=signaal.pk).update(bijgewerkt_op=timezone.now())


@transaction.atomic
def melding_klasseren(*, melding: Melding, reden: str) -> None:
    """Set aside without a signaal (not structural, double ...); the melder sees why."""
    persoonsgegevens_weigeren(reden, melding.gemeente_id)
    aantal = (
        Melding.objects.in_inbox()
        .filter(pk=melding.pk)
        .update(geklasseerd_op=timezone.now(), klasseerreden=reden)
    )
    if not aantal:
        raise SignaalFout(_("Deze melding staat niet meer in de inbox."))


@transaction.atomic
def melding_terugzetten(*, melding: Melding) -> None:
    """Undo klasseren: back to the inbox, with the date; the melder no longer sees a reason."""
    aantal = (
        Melding.objects.geklasseerd()
        .filter(pk=melding.pk)
        .update(geklasseerd_op=None, klasseerreden="", teruggezet_op=timezone.now())
    )
    if not aantal:
        raise SignaalFout(
            _("Deze melding is niet geklasseerd: ze staat al in de inbox of in een signaal.")
        )


@transaction.atomic
def signaal_bewerken(
    *, signaal: Signaal, titel: str, omschrijving: str, ernst: int, themas: list[Thema]
) -> None:
    titel = _titel_vereist(titel)
    persoonsgegevens_weigeren(f"{titel}\n{omschrijving}", signaal.gemeente_id)
    _themas_van_gemeente(themas, signaal.gemeente_id)
    signaal.titel, signaal.omschrijving, signaal.ernst = titel, omschrijving, ernst
    signaal.bijgewerkt_op = timezone.now()
    signaal.save(update_fields=["titel", "omschrijving", "ernst", "bijgewerkt_op"])
    signaal.themas.set(themas)


@transaction.atomic
def signaal_status_wijzigen(
    *, signaal: Signaal, lidmaatschap: Lidmaatschap, naar: str, tekst: str = ""
) -> Actie:
    """A step in the flow, or a note when `naar` is the current status; melders see it."""
    van = signaal.status
    tekst = tekst.strip()
    if naar not in Status.values:
        raise SignaalFout(_("Onbekende status."))
    if naar != van and naar not in VOLGENDE[van]:
        raise SignaalFout(
            _("Van “%(van)s” gaat een signaal naar %(volgende)s, niet naar “%(naar)s”.")
            % {
                "van": Status(van).label,
                # Translators: between two statuses, "“in behandeling” of “afgesloten”".
                "volgende": _(" of ").join(
                    _("“%(status)s”") % {"status": Status(s).label} for s in VOLGENDE[van]
                ),
                "naar": Status(naar).label,
            }
        )
    if (naar == van or naar in TEKST_VERPLICHT) and not tekst:
        raise SignaalFout(
            _("Schrijf kort wat er gedaan is of waarom: de melders lezen het.")
            if naar != van
            else _("Schrijf de actie of de stand van zaken.")
        )
    persoonsgegevens_weigeren(tekst, signaal.gemeente_id)
    nu = timezone.now()
    # Two staff members moving the same signaal: the second gets a message, not a double step.
    if not Signaal.objects.filter(pk=signaal.pk, status=van).update(status=naar, bijgewerkt_op=nu):
        raise SignaalFout(_("De status is intussen door iemand anders gewijzigd. Kijk opnieuw."))
    signaal.status, signaal.bijgewerkt_op = naar, nu
    return Actie.objects.create(
        signaal=signaal,
        van_status=van,
        naar_status=naar,
        tekst=tekst,
        door=lidmaatschap.user,
        door_organisatie=lidmaatschap.organisatie,
        op=nu,
    )

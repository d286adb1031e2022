"""Referrals from caseworkers to initiatives: issue, answer, extend, stop, renew, expire."""

from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hulpverlening import audit, kalender
from hulpverlening import toestemmingsteksten as toestemming
from hulpverlening.models import (
    Afhaalmoment,
    Gezin,
    Gezinsrelatie,
    Hulpvorm,
    Lidmaatschap,
    Notification,
    Organisatie,
    Toestemming,
)
from hulpverlening.services import gezinsrelatie_leggen

from . import rechtenverkenning
from .models import Doorverwijzing, Rechtenverkenning, Toeleiding

AANMELDING_MAX_DAGEN = 62
# The form's proposal for a referral by the social service: half a year, then a
# review; the municipality's maximum (Gemeente.max_doorverwijzing_maanden) still holds.
STANDAARD_DOORVERWIJZING_MAANDEN = 6
WAARSCHUW_DAGEN = 14
VERWIJZENDE_SOORTEN = (Organisatie.Soort.SOCIALE_DIENST, Organisatie.Soort.DOORVERWIJZER)


class DoorverwijzingFout(Exception):
    """A referral action that cannot be done; the message is for the user, in Dutch."""


def _datum(dag: date) -> str:
    return formats.date_format(dag, "j F Y")


def max_einde(*, soort: str, start: date, gemeente) -> date:
    if soort == Doorverwijzing.Soort.AANMELDING:
        return start + timedelta(days=AANMELDING_MAX_DAGEN)
    maanden = gemeente.max_doorverwijzing_maanden
    # At most the 28th: a referral's maximum end never depends on the month's length.
    return kalender.maanden_verder(start.replace(day=min(start.day, 28)), maanden)


def biedt_hulpvorm_aan(organisatie: Organisatie, hulpvorm: Hulpvorm) -> bool:
    return hulpvorm.slug in organisatie.hulpvorm_slugs()


def doorverwijzing_controleren(
    *, verwijzer: Organisatie, organisatie: Organisatie, soort: str, hulpvorm, start, einde
) -> None:
    """The rules every new referral meets, whoever makes it (the form, the import).

    Raises DoorverwijzingFout with the reason, for the caseworker.
    """
    if verwijzer.soort not in VERWIJZENDE_SOORTEN:
        raise DoorverwijzingFout(
            _("Enkel de Sociale Dienst en doorverwijzers kunnen doorverwijzen.")
        )
    if soort == Doorverwijzing.Soort.DOORVERWIJZING and (
        verwijzer.soort != Organisatie.Soort.SOCIALE_DIENST
    ):
        raise DoorverwijzingFout(
            _(
                "Enkel de Sociale Dienst maakt een doorverwijzing. Maak een aanmelding "
                "(hoogstens %(maanden)s maanden)."
            )
            % {"maanden": AANMELDING_MAX_DAGEN // 31}
        )
    if organisatie.gemeente_id != verwijzer.gemeente_id or not organisatie.deelt_hulp_uit:
        raise DoorverwijzingFout(_("Kies een initiatief in uw gemeente."))
    if not organisatie.actief:
        raise DoorverwijzingFout(_("Dit initiatief is niet meer actief."))
    if not biedt_hulpvorm_aan(organisatie, hulpvorm):
        raise DoorverwijzingFout(
            _("%(initiatief)s geeft geen %(hulpvorm)s.")
            % {"initiatief": organisatie.naam, "hulpvorm": hulpvorm.naam.lower()}
        )
    if einde < start:
        raise DoorverwijzingFout(_("De einddatum ligt voor de begindatum."))
    grens = max_einde(soort=soort, start=start, gemeente=verwijzer.gemeente)
    if einde > grens:
        raise DoorverwijzingFout(
            _("Een %(soort)s loopt hoogstens tot %(datum)s.")
            % {"soort": Doorverwijzing.Soort(soort).label, "datum": _datum(grens)}
        )
    if start < timezone.localdate() - timedelta(days=31):
        raise DoorverwijzingFout(_("De begindatum ligt meer dan een maand in het verleden."))


def _meld(
    *,
    tekst: str,
    link: str = "",
    organisatie=None,
    user=None,
    sleutel: str = "",
    gezin: Gezin | None = None,
    soort: str = "",
) -> None:
    """One message; `gezin` lets the page name the household to readers with file level."""
    try:
        with transaction.atomic():
            Notification.objects.create(
                organisatie=organisatie,
                user=user,
                tekst=tekst[:300],
                link=link,
                sleutel=sleutel,
                gezin=gezin,
                soort=soort,
            )
    except IntegrityError:
        pass  # already sent (same sleutel): a task that runs twice warns once


@transaction.atomic
def doorverwijzing_aanmaken(
    *,
    lidmaatschap: Lidmaatschap,
    gezin: Gezin,
    organisatie: Organisatie,
    soort: str,
    hulpvorm: Hulpvorm,
    start: date,
    einde: date,
    frequentie: str,
    pakket: str,
    reden: str,
    bericht: str = "",
    extern_id: str = "",
    vorige: Doorverwijzing | None = None,
) -> Doorverwijzing:
    verwijzer = lidmaatschap.organisatie
    doorverwijzing_controleren(
        verwijzer=verwijzer,
        organisatie=organisatie,
        soort=soort,
        hulpvorm=hulpvorm,
        start=start,
        einde=einde,
    )
    dv = Doorverwijzing.objects.create(
        gezin=gezin,
        organisatie=organisatie,
        verwijzer=verwijzer,
        soort=soort,
        hulpvorm=hulpvorm,
        start=start,
        einde=einde,
        frequentie=frequentie,
        pakket=pakket,
        reden=reden,
        bericht=bericht.strip()[:300],
        extern_id=extern_id,
        vorige=vorige,
        aangemaakt_door=lidmaatschap.user,
    )
    gezinsrelatie_leggen(
        gezin=gezin, organisatie=organisatie, reden=Gezinsrelatie.Reden.DOORVERWIJZING
    )
    gezinsrelatie_leggen(
        gezin=gezin, organisatie=verwijzer, reden=Gezinsrelatie.Reden.DOORVERWIJZING
    )
    Gezin.objects.filter(pk=gezin.pk).update(laatste_activiteit=timezone.now())
    _meld(
        organisatie=organisatie,
        tekst=_("Nieuwe %(soort)s van %(verwijzer)s: %(hulpvorm)s, %(start)s tot %(einde)s.")
        % {
            "soort": dv.get_soort_display(),
            "verwijzer": verwijzer.naam,
            "hulpvorm": hulpvorm.naam,
            "start": _datum(start),
            "einde": _datum(einde),
        },
        link=reverse("doorverwijzing_detail", args=[dv.pk]),
        gezin=gezin,
        soort="doorverwijzing_nieuw",
    )
    audit.gewijzigd([dv.gezin_id])
    return dv


def _beantwoord(dv: Doorverwijzing, lidmaatschap: Lidmaatschap, **velden) -> Doorverwijzing:
    """Answer a referral once: a conditional update, so two coordinators cannot both answer."""
    if dv.organisatie_id != lidmaatschap.organisatie_id:
        raise DoorverwijzingFout(_("Deze doorverwijzing is niet voor uw organisatie."))
    aantal = Doorverwijzing.objects.filter(pk=dv.pk, status=Doorverwijzing.Status.VERSTUURD).update(
        beantwoord_op=timezone.now(), beantwoord_door=lidmaatschap.user, **velden
    )
    if aantal == 0:
        raise DoorverwijzingFout(_("Deze doorverwijzing werd al beantwoord."))
    dv.refresh_from_db()
    return dv


@transaction.atomic
def doorverwijzing_aanvaarden(
    *, doorverwijzing: Doorverwijzing, lidmaatschap: Lidmaatschap, afhaalmoment: Afhaalmoment
) -> Doorverwijzing:
    if afhaalmoment.locatie.organisatie_id != lidmaatschap.organisatie_id:
        raise DoorverwijzingFout(_("Kies een afhaalmoment van uw organisatie."))
    dv = _beantwoord(
        doorverwijzing,
        lidmaatschap,
        status=Doorverwijzing.Status.AANVAARD,
        afhaalmoment=afhaalmoment,
    )
    if dv.aangemaakt_door:
        _meld(
            user=dv.aangemaakt_door,
            tekst=_("%(initiatief)s aanvaardde de %(soort)s: %(locatie)s, %(moment)s.")
            % {
                "initiatief": dv.organisatie.naam,
                "soort": dv.get_soort_display(),
                "locatie": afhaalmoment.locatie.naam,
                "moment": afhaalmoment,
            },
            link=reverse("doorverwijzing_detail", args=[dv.pk]),
            gezin=dv.gezin,
        )
    audit.gewijzigd([dv.gezin_id])
    return dv


@transaction.atomic
def doorverwijzing_weigeren(
    *, doorverwijzing: Doorverwijzing, lidmaatschap: Lidmaatschap, weigerreden: str
) -> Doorverwijzing:
    if weigerreden not in Doorverwijzing.Weigerreden.values:
        raise DoorverwijzingFout(_("Kies waarom u weigert."))
    dv = _beantwoord(
        doorverwijzing,
        lidmaatschap,
        status=Doorverwijzing.Status.GEWEIGERD,
        weigerreden=weigerreden,
    )
    if dv.aangemaakt_door:
        _meld(
            user=dv.aangemaakt_door,
            tekst=_("%(initiatief)s weigerde de %(soort)s: %(reden)s.")
            % {
                "initiatief": dv.organisatie.naam,
                "soort": dv.get_soort_display(),
                "reden": dv.get_weigerreden_display(),
            },
            link=reverse("doorverwijzing_detail", args=[dv.pk]),
            gezin=dv.gezin,
        )
    audit.gewijzigd([dv.gezin_id])
    return dv


def _eigen_verwijzing(dv: Doorverwijzing, lidmaatschap: Lidmaatschap) -> None:
    if dv.verwijzer_id != lidmaatschap.organisatie_id:
        raise DoorverwijzingFout(_("Enkel de organisatie die doorverwees kan dit wijzigen."))


@transaction.atomic
def doorverwijzing_verlengen(
    *, doorverwijzing: Doorverwijzing, lidmaatschap: Lidmaatschap, einde: date
) -> Doorverwijzing:
    dv = Doorverwijzing.objects.select_for_update().get(pk=doorverwijzing.pk)
    _eigen_verwijzing(dv, lidmaatschap)
    if dv.status not in (Doorverwijzing.Status.VERSTUURD, Doorverwijzing.Status.AANVAARD):
        raise DoorverwijzingFout(_("Enkel een lopende doorverwijzing kan verlengd worden."))
    if einde <= dv.einde:
        raise DoorverwijzingFout(_("Kies een einddatum na de huidige einddatum."))
    grens = max_einde(soort=dv.soort, start=dv.start, gemeente=dv.verwijzer.gemeente)
    if einde > grens:
        raise DoorverwijzingFout(
            _("Deze %(soort)s kan hoogstens tot %(datum)s lopen. Hernieuw ze daarna.")
            % {"soort": dv.get_soort_display(), "datum": _datum(grens)}
        )
    dv.einde = einde
    dv.save(update_fields=["einde"])
    _meld(
        organisatie=dv.organisatie,
        tekst=_("%(soort)s verlengd tot %(datum)s.")
        % {"soort": dv.get_soort_display().capitalize(), "datum": _datum(einde)},
        link=reverse("doorverwijzing_detail", args=[dv.pk]),
        gezin=dv.gezin,
    )
    audit.gewijzigd([dv.gezin_id])
    return dv


@transaction.atomic
def doorverwijzing_stoppen(
    *, doorverwijzing: Doorverwijzing, lidmaatschap: Lidmaatschap
) -> Doorverwijzing:
    dv = Doorverwijzing.objects.select_for_update().get(pk=doorverwijzing.pk)
    _eigen_verwijzing(dv, lidmaatschap)
    if dv.status not in (Doorverwijzing.Status.VERSTUURD, Doorverwijzing.Status.AANVAARD):
        raise DoorverwijzingFout(_("Deze doorverwijzing loopt niet meer."))
    vandaag = timezone.localdate()
    dv.status = Doorverwijzing.Status.GESTOPT
    dv.gestopt_op = timezone.now()
    dv.einde = max(dv.start, min(dv.einde, vandaag))
    dv.save(update_fields=["status", "gestopt_op", "einde"])
    _meld(
        organisatie=dv.organisatie,
        tekst=_("%(soort)s gestopt door %(verwijzer)s.")
        % {"soort": dv.get_soort_display().capitalize(), "verwijzer": dv.verwijzer.naam},
        link=reverse("doorverwijzing_detail", args=[dv.pk]),
        gezin=dv.gezin,
    )
    audit.gewijzigd([dv.gezin_id])
    return dv


def doorverwijzing_hernieuwen(
    *, doorverwijzing: Doorverwijzing, lidmaatschap: Lidmaatschap, einde: date
) -> Doorverwijzing:
    """A new right that starts where the old one ends (or today, if it already ended)."""
    dv = doorverwijzing
    _eigen_verwijzing(dv, lidmaatschap)
    if hasattr(dv, "hernieuwing"):
        raise DoorverwijzingFout(_("Deze doorverwijzing werd al hernieuwd."))
    start = max(dv.einde + timedelta(days=1), timezone.localdate())
    return doorverwijzing_aanmaken(
        lidmaatschap=lidmaatschap,
        gezin=dv.gezin,
        organisatie=dv.organisatie,
        soort=dv.soort,
        hulpvorm=dv.hulpvorm,
        start=start,
        einde=einde,
        frequentie=dv.frequentie,
        pakket=dv.pakket,
        reden=dv.reden,
        bericht=dv.bericht,
        vorige=dv,
    )


def doorverwijzingen_opvolgen(*, op: date) -> tuple[int, int]:
    """Daily: mark ended rights as expired and warn 14 days before the end, once.

    Returns (expired, warned). Safe to run twice a day: the warnings carry a key.
    """
    lopend = Q(status__in=[Doorverwijzing.Status.VERSTUURD, Doorverwijzing.Status.AANVAARD])
    verlopen = Doorverwijzing.objects.filter(lopend, einde__lt=op).update(
        status=Doorverwijzing.Status.VERLOPEN
    )
    bijna = (
        Doorverwijzing.objects.filter(
            lopend, einde__gte=op, einde__lte=op + timedelta(days=WAARSCHUW_DAGEN)
        )
        .filter(hernieuwing__isnull=True)
        .select_related("gezin", "organisatie", "aangemaakt_door", "hulpvorm")
    )
    gewaarschuwd = 0
    for dv in bijna:
        sleutel = f"dv-{dv.pk}-einde-{dv.einde.isoformat()}"
        tekst = _(
            "%(soort)s %(nummer)s (%(hulpvorm)s bij %(initiatief)s) loopt af op %(datum)s."
        ) % {
            "soort": dv.get_soort_display().capitalize(),
            "nummer": dv.pk,
            "hulpvorm": dv.hulpvorm.naam,
            "initiatief": dv.organisatie.naam,
            "datum": _datum(dv.einde),
        }
        link = reverse("doorverwijzing_detail", args=[dv.pk])
        al_gemeld = Notification.objects.filter(sleutel=sleutel).exists()
        _meld(
            organisatie=dv.organisatie,
            tekst=tekst,
            link=link,
            sleutel=sleutel,
            gezin=dv.gezin,
            soort="doorverwijzing_einde",
        )
        if dv.aangemaakt_door:
            _meld(
                user=dv.aangemaakt_door,
                tekst=tekst + " " + _("Verleng of hernieuw ze."),
                link=link,
                sleutel=sleutel,
                gezin=dv.gezin,
                soort="doorverwijzing_einde",
            )
            if not al_gemeld and dv.aangemaakt_door.email:
                # No names in e-mail: the referral number leads to the platform.
                soort = dv.get_soort_display().capitalize()
                send_mail(
                    subject=_("%(soort)s %(nummer)s loopt af op %(datum)s")
                    % {"soort": soort, "nummer": dv.pk, "datum": _datum(dv.einde)},
                    message=tekst + " " + _("Verleng of hernieuw ze in het platform."),
                    from_email=None,
                    recipient_list=[dv.aangemaakt_door.email],
                )
        if not al_gemeld:
            gewaarschuwd += 1
    return verlopen, gewaarschuwd


@transaction.atomic
def toeleiding_aanmaken(
    *,
    lidmaatschap: Lidmaatschap,
    gezin: Gezin,
    reden: str,
    antwoorden: dict[str, str] | None = None,
) -> Toeleiding:
    """Send a household to the social service, with the person's consent recorded."""
    van = lidmaatschap.organisatie
    sociale_dienst = Organisatie.objects.filter(
        gemeente_id=van.gemeente_id, soort=Organisatie.Soort.SOCIALE_DIENST, actief=True
    ).first()
    if sociale_dienst is None:
        raise DoorverwijzingFout(_("Er is geen Sociale Dienst gekend in uw gemeente."))
    if Toeleiding.objects.wacht_op_contact(gezin.pk).filter(naar=sociale_dienst).exists():
        raise DoorverwijzingFout(_("Dit gezin werd al doorgestuurd en wacht op contact."))
    akkoord = Toestemming.objects.create(
        gezin=gezin,
        organisatie=van,
        doel=Toestemming.Doel.TOELEIDING,
        tekstversie=toestemming.TOELEIDING_VERSIE,
        geregistreerd_door=lidmaatschap.user,
    )
    toeleiding = Toeleiding.objects.create(
        gezin=gezin,
        van=van,
        naar=sociale_dienst,
        toestemming=akkoord,
        reden=reden,
        aangemaakt_door=lidmaatschap.user,
    )
    if antwoorden:
        Rechtenverkenning.objects.create(
            toeleiding=toeleiding,
            antwoorden=antwoorden,
            gemist=rechtenverkenning.gemiste_rechten(antwoorden),
        )
    gezinsrelatie_leggen(
        gezin=gezin, organisatie=sociale_dienst, reden=Gezinsrelatie.Reden.TOELEIDING
    )
    _meld(
        organisatie=sociale_dienst,
        tekst=_("Nieuwe toeleiding van %(organisatie)s.") % {"organisatie": van.naam},
        link=f"{reverse('toeleiding_lijst')}?toeleiding={toeleiding.pk}",
        gezin=gezin,
        soort="toeleiding_nieuw",
    )
    audit.gewijzigd([toeleiding.gezin_id])
    return toeleiding


@transaction.atomic
def toeleiding_uitkomst(
    *, toeleiding: Toeleiding, lidmaatschap: Lidmaatschap, status: str
) -> Toeleiding:
    if toeleiding.naar_id != lidmaatschap.organisatie_id:
        raise DoorverwijzingFout(_("Enkel de Sociale Dienst noteert de uitkomst."))
    if status not in Toeleiding.Status.values or status == Toeleiding.Status.AANGEBODEN:
        raise DoorverwijzingFout(_("Kies wat er gebeurde."))
    toeleiding.status = status
    toeleiding.uitkomst_op = timezone.now()
    toeleiding.uitkomst_door = lidmaatschap.user
    toeleiding.save(update_fields=["status", "uitkomst_op", "uitkomst_door"])
    _meld(
        organisatie=toeleiding.van,
        tekst=_("Toeleiding naar %(naar)s: %(status)s.")
        % {"naar": toeleiding.naar.naam, "status": toeleiding.get_status_display()},
        link=f"{reverse('toeleiding_lijst')}?toeleiding={toeleiding.pk}",
        gezin=toeleiding.gezin,
        soort="toeleiding_uitkomst",
    )
    audit.gewijzigd([toeleiding.gezin_id])
    return toeleiding

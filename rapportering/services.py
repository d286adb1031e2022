"""Asking for a monthly report and building it; the Celery task calls `rapport_bouwen`."""

import hashlib
import json
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hulpverlening.models import Gemeente, Organisatie

from . import bestanden
from .cijfers import foodsavers_cijfers, maand_van
from .models import Rapport


class RapportFout(Exception):
    """The report cannot be asked for or submitted; the message is for the user."""


def _hash(cijfers: dict) -> str:
    return hashlib.sha256(json.dumps(cijfers, sort_keys=True).encode()).hexdigest()


def rapport_aanvragen(
    *, gemeente: Gemeente, organisatie: Organisatie | None, maand: date
) -> tuple[Rapport, bool]:
    """The stored report when its data did not change; otherwise queue a new build.

    Returns (report, queued).
    """
    from .tasks import rapport_maken

    maand = maand_van(maand)
    if maand > timezone.localdate():
        raise RapportFout(_("Deze maand is nog niet begonnen."))
    with transaction.atomic():
        rapport, _nieuw = Rapport.objects.select_for_update().get_or_create(
            gemeente=gemeente, organisatie=organisatie, maand=maand
        )
        if rapport.status in (Rapport.Status.WACHTEND, Rapport.Status.BEZIG) and not _nieuw:
            return rapport, False
        if rapport.status == Rapport.Status.KLAAR:
            cijfers = foodsavers_cijfers(gemeente=gemeente, organisatie=organisatie, maand=maand)
            if _hash(cijfers) == rapport.gegevens_hash:
                return rapport, False
        rapport.status = Rapport.Status.WACHTEND
        rapport.gevraagd_op = timezone.now()
        rapport.ingediend_op = None
        rapport.save(update_fields=["status", "gevraagd_op", "ingediend_op"])
        transaction.on_commit(lambda: rapport_maken.delay(rapport.pk))
    return rapport, True


def rapport_bouwen(*, rapport: Rapport) -> Rapport:
    # Claim the job: a second worker picking up the same id does nothing.
    geclaimd = Rapport.objects.filter(
        pk=rapport.pk, status__in=[Rapport.Status.WACHTEND, Rapport.Status.FOUT]
    ).update(status=Rapport.Status.BEZIG)
    if not geclaimd:
        return Rapport.objects.get(pk=rapport.pk)
    rapport.refresh_from_db()
    try:
        cijfers = foodsavers_cijfers(
            gemeente=rapport.gemeente, organisatie=rapport.organisatie, maand=rapport.maand
        )
        naam = f"foodsavers-{rapport.organisatie_id or 'stad'}-{rapport.maand:%Y-%m}"
        inhoud = {
            "pdf": bestanden.als_pdf(cijfers),
            "xlsx": bestanden.als_xlsx(cijfers),
            "csv": bestanden.als_csv(cijfers),
        }
        for formaat, data in inhoud.items():
            getattr(rapport, formaat).save(f"{naam}.{formaat}", ContentFile(data), save=False)
        rapport.checksums = {f: hashlib.sha256(d).hexdigest() for f, d in inhoud.items()}
        rapport.cijfers = cijfers
        rapport.gegevens_hash = _hash(cijfers)
        rapport.status = Rapport.Status.KLAAR
        rapport.gemaakt_op = timezone.now()
        rapport.fout = ""
    except Exception as fout:  # noqa: BLE001 - recorded on the report, shown to the user
        rapport.status = Rapport.Status.FOUT
        rapport.fout = (
            _("Het rapport kon niet gemaakt worden (%(fout)s).") % {"fout": type(fout).__name__}
        )[:300]
        rapport.save()
        raise
    rapport.save()
    return rapport


def rapport_indienen(*, rapport: Rapport, door) -> Rapport:
    if rapport.status != Rapport.Status.KLAAR:
        raise RapportFout(_("Het rapport is nog niet klaar."))
    if rapport.organisatie is None:
        raise RapportFout(_("Het stadsrapport wordt niet ingediend."))
    rapport.ingediend_op = timezone.now()
    rapport.ingediend_door = door
    rapport.save(update_fields=["ingediend_op", "ingediend_door"])
    return rapport


def maandrapporten_maken(*, maand: date) -> int:
    """The 1st of the month: every organisation that had pickups or deliveries, and the city."""
    from registratie.models import Afhaling

    from .cijfers import volgende_maand
    from .models import Levering

    maand = maand_van(maand)
    einde = volgende_maand(maand)
    organisaties = set(
        Afhaling.objects.filter(datum__gte=maand, datum__lt=einde).values_list(
            "organisatie_id", flat=True
        )
    ) | set(
        Levering.objects.filter(datum__gte=maand, datum__lt=einde).values_list(
            "organisatie_id", flat=True
        )
    )
    aantal = 0
    for organisatie in Organisatie.objects.filter(pk__in=organisaties).select_related("gemeente"):
        _r, gestart = rapport_aanvragen(
            gemeente=organisatie.gemeente, organisatie=organisatie, maand=maand
        )
        aantal += gestart
    for gemeente in Gemeente.objects.filter(organisaties__pk__in=organisaties).distinct():
        _r, gestart = rapport_aanvragen(gemeente=gemeente, organisatie=None, maand=maand)
        aantal += gestart
    return aantal

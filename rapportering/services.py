"""Asking for a monthly report and building it; the Celery task calls `rapport_bouwen`.

The report's row is the source of truth, not the broker: a message can be lost
(Redis down when asked, a shutdown before a worker took it) and a worker can die
mid-build. A build can be claimed from "wachtend", "fout" or a "bezig" older
than RAPPORT_BEZIG_GRENS, so running it again is always safe; beat re-sends
what got stuck (`rapporten_herstellen`), and asking again does too.
"""

import hashlib
import json
import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hulpverlening.models import Gemeente, Organisatie

from . import bestanden
from .cijfers import foodsavers_cijfers, maand_van
from .models import Rapport

logger = logging.getLogger(__name__)


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
    maand = maand_van(maand)
    if maand > timezone.localdate():
        raise RapportFout(_("Deze maand is nog niet begonnen."))
    with transaction.atomic():
        rapport, _nieuw = Rapport.objects.select_for_update().get_or_create(
            gemeente=gemeente, organisatie=organisatie, maand=maand
        )
        if rapport.status == Rapport.Status.BEZIG and not rapport.is_vastgelopen:
            return rapport, False
        if rapport.status == Rapport.Status.WACHTEND and not _nieuw:
            # Asked again while waiting: perhaps its message never arrived. A second
            # message is harmless (only one build can claim the row).
            return rapport, True
        if rapport.status == Rapport.Status.KLAAR:
            cijfers = foodsavers_cijfers(gemeente=gemeente, organisatie=organisatie, maand=maand)
            if _hash(cijfers) == rapport.gegevens_hash:
                return rapport, False
        rapport.status = Rapport.Status.WACHTEND
        rapport.gevraagd_op = timezone.now()
        rapport.verstuurd_op = None
        rapport.ingediend_op = None
        rapport.save(update_fields=["status", "gevraagd_op", "verstuurd_op", "ingediend_op"])
    return rapport, True


def verstuurd(rapport_id: int) -> None:
    """The build's message reached the broker."""
    Rapport.objects.filter(pk=rapport_id, status=Rapport.Status.WACHTEND).update(
        verstuurd_op=timezone.now()
    )


def _claimbaar() -> Q:
    grens = timezone.now() - timedelta(seconds=settings.RAPPORT_BEZIG_GRENS)
    return Q(status__in=[Rapport.Status.WACHTEND, Rapport.Status.FOUT]) | Q(
        Q(bezig_sinds__lt=grens) | Q(bezig_sinds__isnull=True), status=Rapport.Status.BEZIG
    )


def vastgelopen() -> list[int]:
    """Reports whose message is lost or whose build died: to be sent again."""
    nu = timezone.now()
    wachtend_grens = nu - timedelta(seconds=settings.RAPPORT_WACHTEND_GRENS)
    bezig_grens = nu - timedelta(seconds=settings.RAPPORT_BEZIG_GRENS)
    vast = Rapport.objects.filter(
        Q(status=Rapport.Status.WACHTEND)
        & (Q(verstuurd_op__isnull=True) | Q(verstuurd_op__lt=wachtend_grens))
        | Q(status=Rapport.Status.BEZIG)
        & (Q(bezig_sinds__lt=bezig_grens) | Q(bezig_sinds__isnull=True))
    ).values_list("pk", flat=True)
    return list(vast)


def rapport_bouwen(*, rapport: Rapport) -> Rapport:
    # Claim the job: a second message for the same id does nothing while a build
    # runs; a build whose worker died is claimed again after RAPPORT_BEZIG_GRENS.
    geclaimd = (
        Rapport.objects.filter(pk=rapport.pk)
        .filter(_claimbaar())
        .update(status=Rapport.Status.BEZIG, bezig_sinds=timezone.now())
    )
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
    if rapport.loopt_nog or rapport.onvolledig_tot:
        raise RapportFout(
            _("Deze maand is nog niet voorbij. Maak het rapport opnieuw na het einde van de maand.")
        )
    rapport.ingediend_op = timezone.now()
    rapport.ingediend_door = door
    rapport.save(update_fields=["ingediend_op", "ingediend_door"])
    return rapport


def maandrapporten(*, maand: date) -> list[tuple[Gemeente, Organisatie | None]]:
    """The 1st of the month: every organisation that had pickups or deliveries, and the
    city of each (organisatie None)."""
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
    per_organisatie = [
        (organisatie.gemeente, organisatie)
        for organisatie in Organisatie.objects.filter(pk__in=organisaties).select_related(
            "gemeente"
        )
    ]
    steden = [
        (gemeente, None)
        for gemeente in Gemeente.objects.filter(organisaties__pk__in=organisaties).distinct()
    ]
    return per_organisatie + steden

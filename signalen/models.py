"""Lokaal Signaal: anonymous meldingen from the field, bundled into signalen by policy staff.

Nothing here belongs to a household: a melding describes a problem seen in the
field (themes, what, how many, how often, where), never a person, and the text
is checked for personal data before it is saved (persoonsgegevens.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hulpverlening.models import Gemeente, Organisatie

TEKST_MAX = 1000
OMSCHRIJVING_MAX = 2000


class DeelnameQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(actief=True)


class Deelname(models.Model):
    """A municipality that takes part in Lokaal Signaal (set by a beheerder)."""

    gemeente = models.OneToOneField(
        Gemeente, on_delete=models.CASCADE, related_name="signalen_deelname"
    )
    actief = models.BooleanField(_("doet mee"), default=True)
    sinds = models.DateField(_("sinds"), default=timezone.localdate)

    objects = DeelnameQuerySet.as_manager()

    class Meta:
        verbose_name = _("deelname aan Lokaal Signaal")
        verbose_name_plural = _("deelnames aan Lokaal Signaal")
        ordering = ["gemeente__naam"]

    def __str__(self) -> str:
        return str(self.gemeente)


class Thema(models.Model):
    """One theme of a municipality's list; slugs are shared so VVSG can add them up."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="signaalthemas")
    slug = models.SlugField(max_length=40)
    naam = models.CharField(_("naam"), max_length=60)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["volgorde", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "slug"], name="thema_slug_uniek")
        ]

    def __str__(self) -> str:
        return self.naam


class Signaal(models.Model):
    class Status(models.TextChoices):
        NIEUW = "nieuw", _("nieuw")
        IN_BEHANDELING = "in_behandeling", _("in behandeling")
        ACTIE_ONDERNOMEN = "actie_ondernomen", _("actie ondernomen")
        AFGESLOTEN = "afgesloten", _("afgesloten")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    titel = models.CharField(_("titel"), max_length=120)
    omschrijving = models.TextField(_("omschrijving"), blank=True)
    themas = models.ManyToManyField(Thema, blank=True, related_name="signalen")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NIEUW
    )
    ernst = models.PositiveSmallIntegerField(
        _("ernst"), default=3, help_text=_("1 (licht) tot 5 (zeer ernstig), door de dienst.")
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    bijgewerkt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-bijgewerkt_op", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["nieuw", "in_behandeling", "actie_ondernomen", "afgesloten"]
                ),
                name="signaal_status_geldig",
            ),
            models.CheckConstraint(
                condition=Q(ernst__gte=1) & Q(ernst__lte=5), name="signaal_ernst_1_tot_5"
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("titel"), 1)
                & LessThanOrEqual(Length("omschrijving"), OMSCHRIJVING_MAX),
                name="signaal_tekst_lengte",
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    def get_absolute_url(self) -> str:
        return reverse("signaal_detail", args=[self.pk])

    @property
    def stap(self) -> int:
        """1-based position in the status flow, for the progress shown to field workers."""
        return list(self.Status.values).index(self.status) + 1


class MeldingQuerySet(models.QuerySet):
    def in_inbox(self):
        return self.filter(signaal__isnull=True, geklasseerd_op__isnull=True)

    def geklasseerd(self):
        return self.filter(geklasseerd_op__isnull=False)


class Melding(models.Model):
    class Omvang(models.TextChoices):
        EEN = "1", _("1 persoon of gezin")
        ENKELE = "2-5", _("2 tot 5")
        VEEL = "6-20", _("6 tot 20")
        ZEER_VEEL = "20+", _("meer dan 20")

    class Frequentie(models.TextChoices):
        EENMALIG = "eenmalig", _("eenmalig")
        MAANDELIJKS = "maandelijks", _("af en toe (maandelijks)")
        WEKELIJKS = "wekelijks", _("wekelijks")
        DAGELIJKS = "dagelijks", _("(bijna) dagelijks")

    class Bron(models.TextChoices):
        FORMULIER = "formulier", _("formulier")
        BALIE = "balie", _("afhaalbalie")
        RECHTENVERKENNING = "rechtenverkenning", _("rechtenverkenning")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Enkel als de melder zijn organisatie wou vermelden."),
    )
    # Who reported it, so they can follow it up; never shown to policy staff.
    gemeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    themas = models.ManyToManyField(Thema, related_name="meldingen")
    tekst = models.TextField(_("wat ziet u"))
    omvang = models.CharField(_("hoeveel mensen"), max_length=5, choices=Omvang.choices)
    frequentie = models.CharField(_("hoe vaak"), max_length=12, choices=Frequentie.choices)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    wijk = models.CharField(_("wijk"), max_length=60, blank=True)
    bron = models.CharField(max_length=20, choices=Bron.choices, default=Bron.FORMULIER)
    gemeld_op = models.DateTimeField(default=timezone.now)
    signaal = models.ForeignKey(
        Signaal, on_delete=models.SET_NULL, null=True, blank=True, related_name="meldingen"
    )
    gebundeld_op = models.DateTimeField(null=True, blank=True)
    geklasseerd_op = models.DateTimeField(null=True, blank=True)
    klasseerreden = models.CharField(_("waarom geen signaal"), max_length=200, blank=True)
    teruggezet_op = models.DateTimeField(_("teruggezet in de inbox op"), null=True, blank=True)

    objects = MeldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-gemeld_op", "-id"]
        indexes = [models.Index(fields=["gemeente", "gemeld_op"], name="melding_gemeente_datum")]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("tekst"), 1)
                & LessThanOrEqual(Length("tekst"), TEKST_MAX),
                name="melding_tekst_lengte",
            ),
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=r"^[1-9][0-9]{3}$"),
                name="melding_postcode_belgisch",
            ),
            models.CheckConstraint(
                condition=~Q(postcode="") | ~Q(wijk=""), name="melding_heeft_gebied"
            ),
            models.CheckConstraint(
                condition=Q(omvang__in=["1", "2-5", "6-20", "20+"])
                & Q(frequentie__in=["eenmalig", "maandelijks", "wekelijks", "dagelijks"]),
                name="melding_keuzes_geldig",
            ),
            # In a signaal or set aside, never both.
            models.CheckConstraint(
                condition=Q(signaal__isnull=True) | Q(geklasseerd_op__isnull=True),
                name="melding_signaal_of_geklasseerd",
            ),
        ]

    def __str__(self) -> str:
        return f"Melding {self.pk} van {self.gemeld_op:%d/%m/%Y}"

    @property
    def gebied(self) -> str:
        return " · ".join(deel for deel in (self.wijk, self.postcode) if deel)

    @property
    def in_inbox(self) -> bool:
        return self.signaal_id is None and self.geklasseerd_op is None


class Actie(models.Model):
    """What the municipality did with a signaal: a status step or a note. Melders see it."""

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="acties")
    van_status = models.CharField(max_length=20, choices=Signaal.Status.choices, blank=True)
    naar_status = models.CharField(max_length=20, choices=Signaal.Status.choices)
    tekst = models.TextField(_("wat is er gedaan"), blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    door_organisatie = models.ForeignKey(
        Organisatie, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["op", "id"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("tekst"), TEKST_MAX), name="actie_tekst_lengte"
            )
        ]

    def __str__(self) -> str:
        return f"{self.signaal}: {self.get_naar_status_display()}"

    @property
    def is_statuswijziging(self) -> bool:
        return self.van_status != self.naar_status

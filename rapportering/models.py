from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hulpverlening.kalender import maanden_verder
from hulpverlening.models import Gemeente, Organisatie

CATEGORIEEN = [
    ("groenten_fruit", _("groenten en fruit")),
    ("zuivel", _("zuivel")),
    ("brood", _("brood")),
    ("droge_voeding", _("droge voeding")),
    ("vlees_vis", _("vlees en vis")),
    ("andere", _("andere")),
]


def _kg(label):
    return models.DecimalField(
        label, max_digits=8, decimal_places=1, default=Decimal("0"), help_text=_("in kg")
    )


class Levering(models.Model):
    """A delivery of food surplus from FoodSavers to an organisation, in kg per category."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="leveringen"
    )
    datum = models.DateField(_("datum"))
    groenten_fruit = _kg(_("groenten en fruit"))
    zuivel = _kg(_("zuivel"))
    brood = _kg(_("brood"))
    droge_voeding = _kg(_("droge voeding"))
    vlees_vis = _kg(_("vlees en vis"))
    andere = _kg(_("andere"))
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("levering")
        verbose_name_plural = _("leveringen")
        ordering = ["-datum", "-id"]
        indexes = [models.Index(fields=["organisatie", "datum"], name="levering_org_datum")]
        constraints = [
            models.CheckConstraint(
                condition=Q(groenten_fruit__gte=0)
                & Q(zuivel__gte=0)
                & Q(brood__gte=0)
                & Q(droge_voeding__gte=0)
                & Q(vlees_vis__gte=0)
                & Q(andere__gte=0),
                name="levering_kg_niet_negatief",
            )
        ]

    def __str__(self) -> str:
        return f"Levering {self.organisatie} {self.datum:%d/%m/%Y}"

    @property
    def totaal(self) -> Decimal:
        return sum((getattr(self, veld) for veld, _label in CATEGORIEEN), Decimal("0"))


class Rapport(models.Model):
    """A monthly FoodSavers report of one organisation, or of the whole city (organisatie empty).

    Built by a Celery task; stored with the figures it was built from, so asking
    again returns the same files unless the data changed.
    """

    class Status(models.TextChoices):
        WACHTEND = "wachtend", _("in de wachtrij")
        BEZIG = "bezig", _("wordt gemaakt")
        KLAAR = "klaar", _("klaar")
        FOUT = "fout", _("mislukt")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="rapporten"
    )
    maand = models.DateField(help_text="The first day of the month reported on.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHTEND)
    cijfers = models.JSONField(default=dict, blank=True)
    gegevens_hash = models.CharField(max_length=64, blank=True)
    pdf = models.FileField(upload_to="rapporten/", blank=True)
    xlsx = models.FileField(upload_to="rapporten/", blank=True)
    csv = models.FileField(upload_to="rapporten/", blank=True)
    checksums = models.JSONField(default=dict, blank=True)
    fout = models.CharField(max_length=300, blank=True)
    gevraagd_op = models.DateTimeField(default=timezone.now)
    # When the build message reached the broker (None: not yet, e.g. Redis was down),
    # and when a worker claimed the build: what beat needs to find stuck reports.
    verstuurd_op = models.DateTimeField(null=True, blank=True)
    bezig_sinds = models.DateTimeField(null=True, blank=True)
    gemaakt_op = models.DateTimeField(null=True, blank=True)
    ingediend_op = models.DateTimeField(null=True, blank=True)
    ingediend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("FoodSavers-rapport")
        verbose_name_plural = _("FoodSavers-rapporten")
        ordering = ["-maand"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "maand"],
                condition=Q(organisatie__isnull=False),
                name="rapport_een_per_organisatie_per_maand",
            ),
            models.UniqueConstraint(
                fields=["gemeente", "maand"],
                condition=Q(organisatie__isnull=True),
                name="rapport_een_stadsrapport_per_maand",
            ),
        ]

    def __str__(self) -> str:
        wie = self.organisatie or self.gemeente
        return f"FoodSavers-rapport {wie} {self.maand:%m/%Y}"

    @property
    def is_vastgelopen(self) -> bool:
        """Building longer than any build takes: its worker died (beat sends it again)."""
        grens = timezone.now() - timedelta(seconds=settings.RAPPORT_BEZIG_GRENS)
        return self.status == self.Status.BEZIG and (
            self.bezig_sinds is None or self.bezig_sinds < grens
        )

    @property
    def onvolledig_tot(self) -> date | None:
        """The last day its figures cover, when it was made before its month ended."""
        tot = self.cijfers.get("onvolledig_tot") if self.status == self.Status.KLAAR else None
        return date.fromisoformat(tot) if tot else None

    @property
    def loopt_nog(self) -> bool:
        """Its month has not ended: nothing to submit yet."""
        return timezone.localdate() < maanden_verder(self.maand, 1)

    @property
    def wacht_op_wachtrij(self) -> bool:
        """Asked for, but the queue could not be reached yet."""
        return self.status == self.Status.WACHTEND and self.verstuurd_op is None


class Maandtotaal(models.Model):
    """One household's pickups of one aid at one organisation in one month (issue 15.1).

    Built for closed months from the pickups (rapportering/maandtotalen.py), so that
    figures over many months read thousands of rows, not millions. Unique counts
    stay exact: households are counted distinct over these rows, never summed.
    """

    maand = models.DateField(_("maand"))  # the first day
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="+")
    gezin = models.ForeignKey("hulpverlening.Gezin", on_delete=models.CASCADE, related_name="+")
    hulpvorm = models.ForeignKey(
        "hulpverlening.Hulpvorm", on_delete=models.PROTECT, related_name="+"
    )
    afhalingen = models.PositiveIntegerField(_("afhalingen"))
    bezoeken = models.PositiveIntegerField(_("bezoeken"))
    eenheden = models.PositiveIntegerField(_("eenheden"))
    bedrag = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    zelfmelder = models.PositiveIntegerField(_("afhalingen zonder doorverwijzing"))
    verwezen = models.PositiveIntegerField(_("afhalingen met doorverwijzing"))
    # The household's size when the month was built.
    personen = models.PositiveSmallIntegerField(_("personen"))
    eerste = models.DateField(_("eerste afhaling"))
    laatste = models.DateField(_("laatste afhaling"))

    class Meta:
        verbose_name = _("maandtotaal")
        verbose_name_plural = _("maandtotalen")
        constraints = [
            models.UniqueConstraint(
                fields=["maand", "organisatie", "gezin", "hulpvorm"], name="maandtotaal_uniek"
            ),
            models.CheckConstraint(
                condition=Q(eerste__lte=models.F("laatste")), name="maandtotaal_eerste_laatste"
            ),
        ]
        indexes = [
            models.Index(fields=["gemeente", "maand"], name="maandtotaal_gemeente_maand"),
            models.Index(fields=["organisatie", "maand"], name="maandtotaal_org_maand"),
        ]

    def __str__(self) -> str:
        return f"{self.maand:%Y-%m} {self.organisatie_id}/{self.gezin_id}/{self.hulpvorm_id}"


class GebouwdeMaand(models.Model):
    """A month whose totals were built: figures read Maandtotaal for it, the pickups
    for any other month (the running one, or one not built yet)."""

    maand = models.DateField(_("maand"), unique=True)
    gebouwd_op = models.DateTimeField(_("gebouwd op"), default=timezone.now)

    class Meta:
        verbose_name = _("gebouwde maand")
        verbose_name_plural = _("gebouwde maanden")

    def __str__(self) -> str:
        return f"{self.maand:%Y-%m}"

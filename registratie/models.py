import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hulpverlening.models import Afhaalmoment, Gezin, Hulpvorm, Kaart, Locatie, Organisatie


class Afhaalregels(models.Model):
    """An initiative's own rules for who may pick up, checked at the desk and offline."""

    organisatie = models.OneToOneField(
        Organisatie, on_delete=models.CASCADE, related_name="afhaalregels"
    )
    vereist_doorverwijzing = models.BooleanField(
        _("enkel met doorverwijzing of aanmelding"),
        default=False,
        help_text=_("Zelfmelders krijgen dan enkel de toegestane bezoeken hieronder."),
    )
    zelfmelder_bezoeken = models.PositiveSmallIntegerField(
        _("bezoeken voor zelfmelders"),
        default=3,
        help_text=_("Hoe vaak iemand zonder doorverwijzing mag komen. 0 = nooit."),
    )
    max_per_week = models.PositiveSmallIntegerField(
        _("afhalingen per week"), default=1, help_text=_("Voor gezinnen zonder doorverwijzing.")
    )
    postcodes = models.CharField(
        _("postcodes van het werkgebied"),
        max_length=300,
        blank=True,
        help_text=_("Gescheiden door komma's, bv. 9000, 9040. Leeg = iedereen."),
    )

    class Meta:
        verbose_name = _("afhaalregels")
        verbose_name_plural = _("afhaalregels")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_per_week__gte=1), name="afhaalregels_minstens_een_per_week"
            )
        ]

    def __str__(self) -> str:
        return gettext("Afhaalregels van %(organisatie)s") % {"organisatie": self.organisatie}

    @property
    def postcodelijst(self) -> list[str]:
        return [p.strip() for p in self.postcodes.split(",") if p.strip()]


class Hulpvormregels(models.Model):
    """The rules of one aid at one organisation (issue 13.2). Without them, the
    organisation's general rules (Afhaalregels) apply to that aid."""

    class Periode(models.TextChoices):
        WEEK = "week", _("per week")
        TWEE_WEKEN = "twee_weken", _("per twee weken")
        MAAND = "maand", _("per maand")

    class Voorwaarde(models.TextChoices):
        GEEN = "", _("geen")
        KIND_0_2 = "kind_0_2", _("een kind van 0 tot 2 jaar")
        KINDEREN = "kinderen", _("minstens één kind")

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="hulpvormregels"
    )
    hulpvorm = models.ForeignKey(Hulpvorm, on_delete=models.CASCADE, related_name="+")
    vereist_doorverwijzing = models.BooleanField(
        _("enkel met doorverwijzing"),
        default=False,
        help_text=_("Zelfmelders krijgen dit dan enkel de toegestane bezoeken hieronder."),
    )
    zelfmelder_bezoeken = models.PositiveSmallIntegerField(
        _("bezoeken voor zelfmelders"),
        default=3,
        help_text=_("Hoe vaak iemand zonder doorverwijzing dit mag krijgen. 0 = nooit."),
    )
    max_per_periode = models.PositiveSmallIntegerField(
        _("hoe vaak zonder doorverwijzing"),
        default=1,
        help_text=_("Zet 0 voor geen grens, bv. bij een maaltijd."),
    )
    periode = models.CharField(
        _("periode"), max_length=10, choices=Periode.choices, default=Periode.WEEK
    )
    postcodes = models.CharField(
        _("postcodes"),
        max_length=300,
        blank=True,
        help_text=_("Gescheiden door komma's. Leeg = die van de organisatie."),
    )
    voorwaarde = models.CharField(
        _("enkel voor gezinnen met"),
        max_length=10,
        choices=Voorwaarde.choices,
        blank=True,
    )

    class Meta:
        verbose_name = _("regels van een hulpvorm")
        verbose_name_plural = _("regels van hulpvormen")
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "hulpvorm"], name="hulpvormregels_een_per_hulpvorm"
            ),
            models.CheckConstraint(
                condition=Q(periode__in=["week", "twee_weken", "maand"]),
                name="hulpvormregels_periode_geldig",
            ),
            models.CheckConstraint(
                condition=Q(voorwaarde__in=["", "kind_0_2", "kinderen"]),
                name="hulpvormregels_voorwaarde_geldig",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Regels voor %(hulpvorm)s bij %(organisatie)s") % {
            "hulpvorm": self.hulpvorm_id,
            "organisatie": self.organisatie_id,
        }

    @property
    def postcodelijst(self) -> list[str]:
        return [p.strip() for p in self.postcodes.split(",") if p.strip()]


class Afhaling(models.Model):
    """One registered pickup: the fact every figure of the platform is counted from."""

    class Status(models.TextChoices):
        GEREGISTREERD = "geregistreerd", _("geregistreerd")
        TE_CONTROLEREN = "te_controleren", _("te controleren")
        ONGEDAAN = "ongedaan", _("ongedaan gemaakt")

    class Bewijs(models.TextChoices):
        """How the household was identified: a scanned card is stronger proof than a typed code."""

        GESCAND = "gescand", _("kaart gescand")
        GETYPT = "getypt", _("code getypt")
        GEZOCHT = "gezocht", _("gezocht op naam")
        ONBEKEND = "", _("niet bijgehouden")

    class Tarief(models.TextChoices):
        GEEN = "", _("geen")
        SOCIAAL = "sociaal", _("sociaal tarief")
        VOL = "vol", _("vol tarief")

    idempotentiesleutel = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # The lines handed out in one visit share this key (issue 13.3): undone together.
    # A pickup registered alone is a visit of one line, its key its own.
    bezoek = models.UUIDField(_("bezoek"), default=uuid.uuid4, editable=False, db_index=True)
    # How many of the aid's unit: meals (adults + children), vouchers; 1 for a parcel.
    aantal = models.PositiveSmallIntegerField(_("aantal"), default=1)
    # Of a meal: who ate, at which tariff, and what it cost the household.
    volwassenen = models.PositiveSmallIntegerField(_("maaltijden volwassenen"), default=0)
    kinderen = models.PositiveSmallIntegerField(_("maaltijden kinderen"), default=0)
    tarief = models.CharField(_("tarief"), max_length=10, choices=Tarief.choices, blank=True)
    bedrag = models.DecimalField(
        _("bedrag (euro)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # Indexed through the composite indexes in Meta, which lead with these columns.
    gezin = models.ForeignKey(
        Gezin, on_delete=models.PROTECT, related_name="afhalingen", db_index=False
    )
    kaart = models.ForeignKey(
        Kaart, on_delete=models.SET_NULL, null=True, blank=True, related_name="afhalingen"
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    locatie = models.ForeignKey(Locatie, on_delete=models.PROTECT, related_name="afhalingen")
    afhaalmoment = models.ForeignKey(
        Afhaalmoment, on_delete=models.PROTECT, null=True, blank=True, related_name="afhalingen"
    )
    hulpvorm = models.ForeignKey(Hulpvorm, on_delete=models.PROTECT, related_name="+")
    datum = models.DateField(_("datum"), db_index=True)
    gescand_op = models.DateTimeField(_("gescand op"))
    ontvangen_op = models.DateTimeField(default=timezone.now)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    apparaat = models.CharField(max_length=64, blank=True)
    bewijs = models.CharField(_("herkend door"), max_length=10, choices=Bewijs.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.GEREGISTREERD)
    override_reden = models.CharField(_("reden van uitzondering"), max_length=200, blank=True)
    controle_reden = models.CharField(_("te controleren omdat"), max_length=200, blank=True)
    zelfmelder = models.BooleanField(default=False)
    doorverwijzing = models.ForeignKey(
        "doorverwijzing.Doorverwijzing",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="afhalingen",
    )
    inhoud_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="Hash of what the device sent, to refuse the same key with another body.",
    )

    class Meta:
        verbose_name = _("afhaling")
        verbose_name_plural = _("afhalingen")
        indexes = [
            models.Index(fields=["organisatie", "datum"], name="afhaling_org_datum"),
            models.Index(fields=["gezin", "datum"], name="afhaling_gezin_datum"),
        ]
        constraints = [
            # Two volunteers scanning one card at one moment register one pickup,
            # unless a volunteer deliberately overrode it with a reason.
            # A deliberate override (with a reason) and a pickup flagged for review
            # stand outside it, so nothing a volunteer registered is lost.
            # Per aid: a food parcel and a baby kit at one moment are both kept.
            models.UniqueConstraint(
                fields=["gezin", "afhaalmoment", "datum", "hulpvorm"],
                condition=Q(override_reden="", status="geregistreerd"),
                name="afhaling_een_per_gezin_per_moment_per_hulpvorm",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["geregistreerd", "te_controleren", "ongedaan"]),
                name="afhaling_status_geldig",
            ),
            models.CheckConstraint(
                condition=Q(bewijs__in=["gescand", "getypt", "gezocht", ""]),
                name="afhaling_bewijs_geldig",
            ),
            # A queue at a restaurant door: at most 30 meals on one line, never 0.
            models.CheckConstraint(
                condition=Q(aantal__gte=1, aantal__lte=30), name="afhaling_aantal_redelijk"
            ),
            models.CheckConstraint(
                condition=Q(tarief__in=["", "sociaal", "vol"]), name="afhaling_tarief_geldig"
            ),
            models.CheckConstraint(
                condition=Q(bedrag__isnull=True) | Q(bedrag__gte=0),
                name="afhaling_bedrag_niet_negatief",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Afhaling %(gezin)s op %(datum)s") % {
            "gezin": self.gezin_id,
            "datum": f"{self.datum:%d/%m/%Y}",
        }


class WaardebonQuerySet(models.QuerySet):
    def open_op(self, dag):
        return self.filter(ingewisseld_op__isnull=True, geldig_tot__gte=dag)

    def vervallen_op(self, dag):
        return self.filter(ingewisseld_op__isnull=True, geldig_tot__lt=dag)


class Waardebon(models.Model):
    """A meal voucher handed out at the desk (issue 13.5), by the number printed on it.

    Initiatives hand out numbered paper vouchers, also without network: the volunteer
    types the first number and how many; the partner (a restaurant, a shop) gives them
    back, and the initiative records them as redeemed by number."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    nummer = models.PositiveIntegerField(_("nummer"))
    gezin = models.ForeignKey(Gezin, on_delete=models.PROTECT, related_name="waardebonnen")
    afhaling = models.ForeignKey(Afhaling, on_delete=models.CASCADE, related_name="waardebonnen")
    waarde = models.DecimalField(_("waarde (euro)"), max_digits=6, decimal_places=2)
    uitgegeven_op = models.DateField(_("uitgegeven op"))
    geldig_tot = models.DateField(_("geldig tot"))
    ingewisseld_op = models.DateTimeField(_("ingewisseld op"), null=True, blank=True)
    ingewisseld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ingewisseld_bij = models.CharField(_("ingewisseld bij"), max_length=100, blank=True)

    objects = WaardebonQuerySet.as_manager()

    class Meta:
        verbose_name = _("waardebon")
        verbose_name_plural = _("waardebonnen")
        ordering = ["organisatie", "nummer"]
        constraints = [
            # One number once per organisation: a booklet's voucher is handed out once.
            models.UniqueConstraint(
                fields=["organisatie", "nummer"], name="waardebon_nummer_een_keer"
            ),
            models.CheckConstraint(condition=Q(waarde__gt=0), name="waardebon_waarde_positief"),
            models.CheckConstraint(
                condition=Q(geldig_tot__gte=F("uitgegeven_op")), name="waardebon_geldig_na_uitgifte"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Bon %(nummer)s") % {"nummer": self.nummer}

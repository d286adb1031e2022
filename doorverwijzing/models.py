from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hulpverlening.models import Gezin, Hulpvorm, Organisatie


class DoorverwijzingQuerySet(models.QuerySet):
    def met_huidige_status(self, status: str, dag: date):
        """Those whose status, as the dates say it on `dag`, is `status` (see
        Doorverwijzing.huidige_status): a running one past its end is verlopen."""
        lopend = [Doorverwijzing.Status.VERSTUURD, Doorverwijzing.Status.AANVAARD]
        if status == Doorverwijzing.Status.VERLOPEN:
            return self.filter(Q(status=status) | Q(status__in=lopend, einde__lt=dag))
        if status in lopend:
            return self.filter(status=status, einde__gte=dag)
        return self.filter(status=status)

    def eerst_te_doen(self, dag: date):
        """New ones first, then running ones that end within 14 days, then the other
        running ones, then those that ended, were declined or stopped."""
        lopend = [Doorverwijzing.Status.VERSTUURD, Doorverwijzing.Status.AANVAARD]
        return self.annotate(
            voorrang=models.Case(
                models.When(status=Doorverwijzing.Status.VERSTUURD, einde__gte=dag, then=0),
                models.When(
                    status__in=lopend, einde__gte=dag, einde__lte=dag + timedelta(days=14), then=1
                ),
                models.When(status__in=lopend, einde__gte=dag, then=2),
                default=3,
            )
        ).order_by("voorrang", "einde", "pk")

    def geldig_op(self, dag: date):
        return self.filter(
            status__in=[Doorverwijzing.Status.VERSTUURD, Doorverwijzing.Status.AANVAARD],
            start__lte=dag,
            einde__gte=dag,
        )


class Doorverwijzing(models.Model):
    """A household's right to a Hulpvorm at an initiative, for a period and a frequency.

    An aanmelding comes from any referring organisation and lasts at most two
    months; a doorverwijzing comes from the social service and may last longer.
    """

    class Soort(models.TextChoices):
        AANMELDING = "aanmelding", _("aanmelding")
        DOORVERWIJZING = "doorverwijzing", _("doorverwijzing")

    class Status(models.TextChoices):
        VERSTUURD = "verstuurd", _("verstuurd")
        AANVAARD = "aanvaard", _("aanvaard")
        GEWEIGERD = "geweigerd", _("geweigerd")
        GESTOPT = "gestopt", _("gestopt")
        VERLOPEN = "verlopen", _("verlopen")

    class Frequentie(models.TextChoices):
        WEKELIJKS = "wekelijks", _("elke week")
        TWEEWEKELIJKS = "tweewekelijks", _("om de twee weken")
        MAANDELIJKS = "maandelijks", _("elke maand")

    class Pakket(models.TextChoices):
        KLEIN = "klein", _("klein")
        MIDDEL = "middel", _("middelgroot")
        GROOT = "groot", _("groot")

    class Reden(models.TextChoices):
        # A short list on purpose: the reason helps the initiative plan, it is
        # no diagnosis. No free text about the person's situation.
        LAAG_INKOMEN = "laag_inkomen", _("inkomen te laag voor de basisbehoeften")
        WACHTTIJD = "wachttijd", _("wacht op een uitkering of loon")
        SCHULDEN = "schulden", _("in schuldhulpverlening")
        ONVERWACHTE_KOSTEN = "onverwachte_kosten", _("onverwachte kosten")
        NIEUWKOMER = "nieuwkomer", _("nieuwkomer zonder inkomen")
        CRISIS = "crisis", _("tijdelijke crisis")
        ANDERE = "andere", _("andere reden")

    class Weigerreden(models.TextChoices):
        VOLZET = "volzet", _("alle afhaalmomenten zijn volzet")
        WERKGEBIED = "werkgebied", _("woont buiten ons werkgebied")
        HULPVORM = "hulpvorm", _("wij geven deze hulpvorm niet")
        AL_GEHOLPEN = "al_geholpen", _("het gezin krijgt al hulp bij ons")
        ANDERE = "andere", _("andere reden, we bellen u")

    gezin = models.ForeignKey(Gezin, on_delete=models.PROTECT, related_name="doorverwijzingen")
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="inkomende_doorverwijzingen",
        verbose_name=_("initiatief"),
    )
    verwijzer = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="uitgaande_doorverwijzingen"
    )
    soort = models.CharField(max_length=20, choices=Soort.choices)
    hulpvorm = models.ForeignKey(Hulpvorm, on_delete=models.PROTECT, related_name="+")
    pakket = models.CharField(max_length=10, choices=Pakket.choices, default=Pakket.MIDDEL)
    frequentie = models.CharField(
        max_length=20, choices=Frequentie.choices, default=Frequentie.WEKELIJKS
    )
    start = models.DateField()
    einde = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VERSTUURD)
    reden = models.CharField(
        _("reden"), max_length=30, choices=Reden.choices, default=Reden.LAAG_INKOMEN
    )
    bericht = models.CharField(
        _("bericht aan het initiatief"),
        max_length=300,
        blank=True,
        help_text=_("Praktisch, bv. 'komt met de fiets, kan niet veel dragen'. Geen diagnose."),
    )
    afhaalmoment = models.ForeignKey(
        "hulpverlening.Afhaalmoment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="doorverwijzingen",
    )
    weigerreden = models.CharField(max_length=20, choices=Weigerreden.choices, blank=True)
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gestopt_op = models.DateTimeField(null=True, blank=True)
    vorige = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="hernieuwing"
    )
    extern_id = models.CharField(
        _("id in het sociaal dossier"), max_length=64, blank=True, db_index=True
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    objects = DoorverwijzingQuerySet.as_manager()

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        indexes = [models.Index(fields=["organisatie", "gezin"], name="dv_org_gezin")]
        constraints = [
            models.CheckConstraint(condition=Q(einde__gte=F("start")), name="dv_einde_na_start"),
            # An aanmelding lasts at most two months (62 days).
            models.CheckConstraint(
                condition=~Q(soort="aanmelding") | Q(einde__lte=F("start") + timedelta(days=62)),
                name="dv_aanmelding_max_twee_maanden",
            ),
            models.CheckConstraint(
                condition=~Q(status="geweigerd") | ~Q(weigerreden=""),
                name="dv_weigering_met_reden",
            ),
            models.UniqueConstraint(
                fields=["verwijzer", "extern_id"],
                condition=~Q(extern_id=""),
                name="dv_extern_id_uniek_per_verwijzer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.gezin_id} → {self.organisatie}"

    def is_actief_op(self, dag: date) -> bool:
        return (
            self.status in (self.Status.VERSTUURD, self.Status.AANVAARD)
            and self.start <= dag <= self.einde
        )

    @property
    def huidige_status(self) -> str:
        """The status as the dates say it today: a running referral past its end date is
        verlopen, also before the nightly task has written that (the desk already
        treats the household as a zelfmelder)."""
        lopend = self.status in (self.Status.VERSTUURD, self.Status.AANVAARD)
        if lopend and self.einde < timezone.localdate():
            return self.Status.VERLOPEN
        return self.status

    @property
    def huidige_status_label(self) -> str:
        return self.Status(self.huidige_status).label

    @property
    def afhalingen_per_week(self) -> float:
        return {"wekelijks": 1, "tweewekelijks": 0.5, "maandelijks": 0.25}[self.frequentie]


class ToeleidingQuerySet(models.QuerySet):
    def wacht_op_contact(self, gezin_id: int):
        """Sent and not yet answered: the social service will call; no second one."""
        return self.filter(gezin_id=gezin_id, status=Toeleiding.Status.AANGEBODEN)


class Toeleiding(models.Model):
    """An initiative sends a household it met on to the social service, with consent.

    The initiative sees the outcome as a status only, never the social file.
    """

    class Status(models.TextChoices):
        AANGEBODEN = "aangeboden", _("verstuurd")
        CONTACT_OPGENOMEN = "contact", _("contact opgenomen")
        HULP_GESTART = "hulp_gestart", _("hulp gestart")
        GEEN_CONTACT = "geen_contact", _("geen contact")

    class Reden(models.TextChoices):
        ZELFMELDER = "zelfmelder", _("komt zonder doorverwijzing")
        VAAK = "vaak", _("komt al lang of vaak")
        RECHTEN = "rechten", _("mist mogelijk rechten")
        VRAAGT_HULP = "vraagt_hulp", _("vraagt zelf om hulp")
        ANDERE = "andere", _("andere reden")

    gezin = models.ForeignKey(Gezin, on_delete=models.PROTECT, related_name="toeleidingen")
    van = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    naar = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="inkomende_toeleidingen"
    )
    toestemming = models.ForeignKey(
        "hulpverlening.Toestemming", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AANGEBODEN)
    reden = models.CharField(max_length=20, choices=Reden.choices, default=Reden.ZELFMELDER)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    uitkomst_op = models.DateTimeField(null=True, blank=True)
    uitkomst_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ToeleidingQuerySet.as_manager()

    class Meta:
        verbose_name = _("toeleiding")
        verbose_name_plural = _("toeleidingen")

    def __str__(self) -> str:
        return f"Toeleiding {self.gezin_id} → {self.naar}"


class Rechtenvraag(models.Model):
    """One plain question about a right that is often not taken up; set per municipality."""

    MAX_PER_GEMEENTE = 8

    gemeente = models.ForeignKey(
        "hulpverlening.Gemeente", on_delete=models.CASCADE, related_name="rechtenvragen"
    )
    recht = models.SlugField(_("recht"), max_length=40)
    naam = models.CharField(_("naam van het recht"), max_length=80)
    vraag = models.CharField(_("vraag"), max_length=200)
    volgorde = models.PositiveSmallIntegerField(default=0)
    actief = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("rechtenvraag")
        verbose_name_plural = _("rechtenvragen")
        ordering = ["volgorde", "id"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "recht"], name="rechtenvraag_uniek")
        ]

    def __str__(self) -> str:
        return self.naam


class Rechtenverkenning(models.Model):
    """The answers of one short rights check, attached to a toeleiding."""

    class Antwoord(models.TextChoices):
        JA = "ja", _("ja")
        NEE = "nee", _("nee")
        WEET_NIET = "weet_niet", _("weet niet")

    toeleiding = models.OneToOneField(
        Toeleiding, on_delete=models.CASCADE, related_name="rechtenverkenning"
    )
    antwoorden = models.JSONField(default=dict, help_text="recht → ja / nee / weet_niet")
    gemist = models.JSONField(
        default=list, help_text="Rights probably not taken up: answered nee or weet niet."
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rechtenverkenning")
        verbose_name_plural = _("rechtenverkenningen")

    def __str__(self) -> str:
        return f"Rechtenverkenning bij toeleiding {self.toeleiding_id}"

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import kaartcodes, validators


class Gemeente(models.Model):
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    retentie_maanden = models.PositiveSmallIntegerField(
        _("bewaartermijn (maanden)"),
        default=24,
        help_text=_("Een gezin zonder activiteit wordt na deze termijn gepseudonimiseerd."),
    )
    max_doorverwijzing_maanden = models.PositiveSmallIntegerField(
        _("langste doorverwijzing (maanden)"),
        default=12,
        help_text=_("Een doorverwijzing door de Sociale Dienst duurt hoogstens zo lang."),
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(retentie_maanden__gte=1), name="gemeente_retentie_positief"
            )
        ]

    def __str__(self) -> str:
        return self.naam


HULPVORMEN_SLEUTEL = "organisatie:{}:hulpvormen"
MOMENT_HULPVORMEN_SLEUTEL = "afhaalmoment:{}:hulpvormen"


class Organisatie(models.Model):
    class Soort(models.TextChoices):
        VOEDSELHULP = "voedselhulp", _("voedselhulp")
        SOCIALE_KRUIDENIER = "sociale_kruidenier", _("sociale kruidenier")
        SOCIAAL_RESTAURANT = "sociaal_restaurant", _("sociaal restaurant")
        SOCIALE_DIENST = "sociale_dienst", _("Sociale Dienst (OCMW)")
        DOORVERWIJZER = "doorverwijzer", _("CAW of andere doorverwijzer")
        STAD = "stad", _("stad")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="organisaties")
    naam = models.CharField(_("naam"), max_length=150)
    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices)
    actief = models.BooleanField(_("actief"), default=True)
    # On referral letters: people without a phone of their own call from elsewhere.
    telefoon = models.CharField(
        _("telefoon"),
        max_length=30,
        blank=True,
        validators=[validators.telefoon],
        help_text=_("Staat op de brieven voor mensen die hulp krijgen."),
    )
    adres = models.CharField(
        _("adres"),
        max_length=200,
        blank=True,
        help_text=_("Waar mensen met vragen terechtkunnen, bv. Kerkstraat 12, 9000 Gent."),
    )
    hulpvormen = models.ManyToManyField(
        "Hulpvorm",
        blank=True,
        related_name="organisaties",
        verbose_name=_("hulpvormen"),
        help_text=_("Wat dit initiatief uitdeelt."),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "naam"], name="organisatie_naam_uniek"),
            models.CheckConstraint(
                condition=Q(
                    soort__in=[
                        "voedselhulp",
                        "sociale_kruidenier",
                        "sociaal_restaurant",
                        "sociale_dienst",
                        "doorverwijzer",
                        "stad",
                    ]
                ),
                name="organisatie_soort_geldig",
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    @property
    def deelt_hulp_uit(self) -> bool:
        return self.soort in (
            self.Soort.VOEDSELHULP,
            self.Soort.SOCIALE_KRUIDENIER,
            self.Soort.SOCIAAL_RESTAURANT,
        )

    def hulpvorm_slugs(self) -> frozenset[str]:
        """The aids it gives; one that never listed any is taken to give food parcels.

        Every registration asks, so the answer waits in the shared cache; changing
        the list clears it (_vergeet_hulpvormen, on m2m_changed)."""
        # Also on the instance, which lives for one request: a batch of 200 items asks
        # the shared cache once.
        if (slugs := self.__dict__.get("_hulpvorm_slugs")) is not None:
            return slugs
        sleutel = HULPVORMEN_SLEUTEL.format(self.pk)
        slugs = cache.get(sleutel)
        if slugs is None:
            slugs = frozenset(self.hulpvormen.values_list("slug", flat=True)) or frozenset(
                {"voedselpakket"}
            )
            cache.set(sleutel, slugs, timeout=3600)
        self.__dict__["_hulpvorm_slugs"] = slugs
        return slugs

    @property
    def geeft_waardebonnen(self) -> bool:
        alle = Hulpvorm.objects.per_slug()
        return any(
            alle[slug].soort == Hulpvorm.Soort.WAARDEBON
            for slug in self.hulpvorm_slugs()
            if slug in alle
        )


class Locatie(models.Model):
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="locaties")
    naam = models.CharField(_("naam"), max_length=150)
    adres = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode__regex=r"^[1-9][0-9]{3}$"), name="locatie_postcode_belgisch"
            )
        ]

    def __str__(self) -> str:
        return self.naam


class Afhaalmoment(models.Model):
    class Weekdag(models.IntegerChoices):
        MAANDAG = 0, _("maandag")
        DINSDAG = 1, _("dinsdag")
        WOENSDAG = 2, _("woensdag")
        DONDERDAG = 3, _("donderdag")
        VRIJDAG = 4, _("vrijdag")
        ZATERDAG = 5, _("zaterdag")
        ZONDAG = 6, _("zondag")

    locatie = models.ForeignKey(Locatie, on_delete=models.CASCADE, related_name="afhaalmomenten")
    weekdag = models.PositiveSmallIntegerField(_("weekdag"), choices=Weekdag.choices)
    start = models.TimeField(_("begin"))
    einde = models.TimeField(_("einde"))
    capaciteit = models.PositiveIntegerField(
        _("capaciteit"), help_text=_("Hoeveel gezinnen er in dit moment geholpen kunnen worden.")
    )
    actief = models.BooleanField(_("actief"), default=True)
    hulpvormen = models.ManyToManyField(
        "Hulpvorm",
        blank=True,
        related_name="+",
        verbose_name=_("hulpvormen op dit moment"),
        help_text=_("Leeg: alles wat de organisatie geeft."),
    )

    class Meta:
        verbose_name = _("afhaalmoment")
        verbose_name_plural = _("afhaalmomenten")
        ordering = ["weekdag", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(capaciteit__gt=0), name="afhaalmoment_capaciteit"),
            models.CheckConstraint(condition=Q(einde__gt=F("start")), name="afhaalmoment_einde"),
            models.CheckConstraint(
                condition=Q(weekdag__gte=0, weekdag__lte=6), name="afhaalmoment_weekdag"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekdag_display()} {self.start:%H:%M}–{self.einde:%H:%M}"

    def valt_op(self, dag: date) -> bool:
        return self.weekdag == dag.weekday()

    def hulpvorm_slugs(self, organisatie: "Organisatie") -> frozenset[str]:
        """The aids handed out at this moment: its own list within the organisation's,
        or all the organisation's when the moment names none. Cached as the
        organisation's are (cleared on m2m_changed)."""
        eigen = self.__dict__.get("_hulpvorm_slugs")
        if eigen is None:
            sleutel = MOMENT_HULPVORMEN_SLEUTEL.format(self.pk)
            eigen = cache.get(sleutel)
            if eigen is None:
                eigen = frozenset(self.hulpvormen.values_list("slug", flat=True))
                cache.set(sleutel, eigen, timeout=3600)
            self.__dict__["_hulpvorm_slugs"] = eigen
        van_organisatie = organisatie.hulpvorm_slugs()
        return (eigen & van_organisatie) or van_organisatie


class Rol(models.TextChoices):  # noqa: DJ012 - shared by Lidmaatschap and the access checks
    VRIJWILLIGER = "vrijwilliger", _("vrijwilliger")
    COORDINATOR = "coordinator", _("coördinator")
    MAATSCHAPPELIJK_WERKER = "maatschappelijk_werker", _("maatschappelijk werker")
    STADSMEDEWERKER = "stadsmedewerker", _("stadsmedewerker")
    BELEIDSMEDEWERKER = "beleidsmedewerker", _("beleidsmedewerker")
    BEHEERDER = "beheerder", _("beheerder")


# Who may do what, named once; views say rol_vereist(*Rol.BALIE).
# Open a household's personal data (within the organisation's relationships).
# City and policy staff see aggregates only.
Rol.GEZINSGEGEVENS = frozenset({Rol.VRIJWILLIGER, Rol.COORDINATOR, Rol.MAATSCHAPPELIJK_WERKER})
# Work at the desk: scan, register, take in a walk-in, send on to the social service.
Rol.BALIE = frozenset({Rol.VRIJWILLIGER, Rol.COORDINATOR})
# Make households and cards, and handle a person's rights (export, erasure).
Rol.DOSSIERBEHEER = frozenset({Rol.COORDINATOR, Rol.MAATSCHAPPELIJK_WERKER})
# Send referrals; both sides of a referral (sender and initiative).
Rol.VERWIJZERS = frozenset({Rol.MAATSCHAPPELIJK_WERKER})
Rol.DOORVERWIJZING = frozenset({Rol.MAATSCHAPPELIJK_WERKER, Rol.COORDINATOR})
Rol.RAPPORTEN = frozenset({Rol.COORDINATOR, Rol.STADSMEDEWERKER})
# Lokaal Signaal: who reports (field workers) and who bundles (policy staff).
Rol.VELDWERKERS = frozenset({Rol.VRIJWILLIGER, Rol.COORDINATOR, Rol.MAATSCHAPPELIJK_WERKER})
Rol.BELEID = frozenset({Rol.BELEIDSMEDEWERKER})
# Everyone who sees more than a volunteer logs in with a second factor (mfa.py).
Rol.MET_MFA = frozenset(set(Rol) - {Rol.VRIJWILLIGER})


class LidmaatschapQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(actief=True, organisatie__actief=True)


class Lidmaatschap(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lidmaatschappen"
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="lidmaatschappen"
    )
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)
    actief = models.BooleanField(_("actief"), default=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    objects = LidmaatschapQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisatie"], name="lidmaatschap_een_rol_per_organisatie"
            ),
            models.CheckConstraint(
                condition=Q(rol__in=[r.value for r in Rol]), name="lidmaatschap_rol_geldig"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(gebruiker)s — %(rol)s bij %(organisatie)s") % {
            "gebruiker": self.user,
            "rol": self.get_rol_display(),
            "organisatie": self.organisatie,
        }

    @property
    def ziet_gezinsgegevens(self) -> bool:
        return self.rol in Rol.GEZINSGEGEVENS


class HulpvormManager(models.Manager):
    STANDAARD_SLEUTEL = "hulpvorm:standaard"
    ALLE_SLEUTEL = "hulpvorm:alle"

    def per_slug(self) -> dict[str, "Hulpvorm"]:
        """Every active aid by slug, from the shared cache (cleared as `standaard` is):
        the desk builds each household's offer from it without a query per aid."""
        rijen = cache.get(self.ALLE_SLEUTEL)
        if rijen is None:
            rijen = [
                {f.attname: getattr(h, f.attname) for f in self.model._meta.concrete_fields}
                for h in self.filter(actief=True).order_by("naam")
            ]
            cache.set(self.ALLE_SLEUTEL, rijen, timeout=3600)
        alle = (self.model.from_db(self.db, list(r), list(r.values())) for r in rijen)
        return {h.slug: h for h in alle}

    def standaard(self) -> "Hulpvorm":
        """The food parcel: what a pickup is when no referral says otherwise.

        Every registration asks for it, so its fields wait in the shared cache;
        a saved or deleted Hulpvorm clears them (Hulpvorm.save). Not a
        module global: that would outlive a flush between tests or a restore.
        """
        velden = cache.get(self.STANDAARD_SLEUTEL)
        if velden is not None:
            return self.model.from_db(self.db, list(velden), list(velden.values()))
        hulpvorm, _created = self.get_or_create(
            slug="voedselpakket", defaults={"naam": "Voedselpakket"}
        )
        cache.set(
            self.STANDAARD_SLEUTEL,
            {f.attname: getattr(hulpvorm, f.attname) for f in self.model._meta.concrete_fields},
            timeout=3600,
        )
        return hulpvorm


class Hulpvorm(models.Model):
    """A kind of material aid, as data: what it is, how it is counted, what it is worth.

    The kind says how the desk hands it out (issue 13): a recurring parcel, a one-off
    item (a baby or starter kit), a meal at a social restaurant, a voucher."""

    class Soort(models.TextChoices):
        PAKKET = "pakket", _("pakket dat terugkomt")
        EENMALIG = "eenmalig", _("eenmalig pakket")
        MAALTIJD = "maaltijd", _("maaltijd")
        WAARDEBON = "waardebon", _("waardebon")

    class Eenheid(models.TextChoices):
        PAKKET = "pakket", _("pakket")
        KG = "kg", _("kg")
        MAALTIJD = "maaltijd", _("maaltijd")
        EURO = "euro", _("euro")

    class EenmaligPer(models.TextChoices):
        GEZIN = "gezin", _("één keer per gezin")
        KIND = "kind", _("één keer per kind")
        PERIODE = "periode", _("één keer per aantal maanden")

    slug = models.SlugField(unique=True)
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    actief = models.BooleanField(_("actief"), default=True)
    soort = models.CharField(_("soort"), max_length=10, choices=Soort.choices, default=Soort.PAKKET)
    eenheid = models.CharField(
        _("eenheid"), max_length=10, choices=Eenheid.choices, default=Eenheid.PAKKET
    )
    telt_voor_foodsavers = models.BooleanField(
        _("telt voor FoodSavers"),
        default=True,
        help_text=_(
            "Voedselhulp telt mee in het FoodSavers-rapport; hygiëne of een babyuitzet niet."
        ),
    )
    eenmalig_per = models.CharField(
        _("eenmalig: hoe vaak"),
        max_length=10,
        choices=EenmaligPer.choices,
        blank=True,
        help_text=_("Enkel voor een eenmalig pakket."),
    )
    eenmalig_maanden = models.PositiveSmallIntegerField(
        _("eenmalig: om de hoeveel maanden"),
        null=True,
        blank=True,
        help_text=_("Enkel als het één keer per aantal maanden mag."),
    )
    sociaal_tarief = models.DecimalField(
        _("sociaal tarief (euro)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    vol_tarief = models.DecimalField(
        _("vol tarief (euro)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    bonwaarde = models.DecimalField(
        _("waarde van een bon (euro)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    bon_geldig_maanden = models.PositiveSmallIntegerField(
        _("een bon is geldig (maanden)"),
        default=3,
        help_text=_("Enkel voor een waardebon: zo lang kan de partner hem aannemen."),
    )

    objects = HulpvormManager()

    class Meta:
        verbose_name = _("hulpvorm")
        verbose_name_plural = _("hulpvormen")
        ordering = ["naam"]
        constraints = [
            models.CheckConstraint(
                condition=Q(soort__in=["pakket", "eenmalig", "maaltijd", "waardebon"]),
                name="hulpvorm_soort_geldig",
            ),
            models.CheckConstraint(
                condition=Q(eenheid__in=["pakket", "kg", "maaltijd", "euro"]),
                name="hulpvorm_eenheid_geldig",
            ),
            # A one-off item says how often; "per period" says how many months.
            models.CheckConstraint(
                condition=~Q(soort="eenmalig")
                | Q(eenmalig_per__in=["gezin", "kind"])
                | Q(
                    eenmalig_per="periode", eenmalig_maanden__isnull=False, eenmalig_maanden__gte=1
                ),
                name="hulpvorm_eenmalig_volledig",
                violation_error_message=_(
                    "Zeg bij een eenmalig pakket hoe vaak: per gezin, per kind of om de "
                    "hoeveel maanden."
                ),
            ),
            models.CheckConstraint(
                condition=Q(bonwaarde__isnull=True) | Q(bonwaarde__gt=0),
                name="hulpvorm_bonwaarde_positief",
            ),
            models.CheckConstraint(
                condition=(Q(sociaal_tarief__isnull=True) | Q(sociaal_tarief__gte=0))
                & (Q(vol_tarief__isnull=True) | Q(vol_tarief__gte=0)),
                name="hulpvorm_tarieven_niet_negatief",
            ),
        ]

    def __str__(self) -> str:
        return self.naam

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._vergeet_standaard()

    def delete(self, *args, **kwargs):
        resultaat = super().delete(*args, **kwargs)
        self._vergeet_standaard()
        return resultaat

    def clean(self):
        # Not constraints: aids that existed before their kind was known have no value
        # yet; the city gives it when it sets the kind (the admin form asks here).
        fouten = {}
        if self.soort == self.Soort.WAARDEBON and not self.bonwaarde:
            fouten["bonwaarde"] = _("Een waardebon heeft een waarde in euro.")
        if self.soort == self.Soort.MAALTIJD:
            for veld in ("sociaal_tarief", "vol_tarief"):
                if getattr(self, veld) is None:
                    fouten[veld] = _("Een maaltijd heeft een sociaal en een vol tarief (0 mag).")
        if fouten:
            raise ValidationError(fouten)

    @staticmethod
    def _vergeet_standaard() -> None:
        # Also after the commit: a request between the two may have cached the old row.
        sleutels = [HulpvormManager.STANDAARD_SLEUTEL, HulpvormManager.ALLE_SLEUTEL]
        cache.delete_many(sleutels)
        transaction.on_commit(lambda: cache.delete_many(sleutels))


class GezinQuerySet(models.QuerySet):
    def zoek(self, tekst: str):
        """The households a search box means, at the desk and for the caseworker alike.

        Each word is in a member's first or last name, or, as four digits, a
        birth year or the postcode; the whole text may also be a card's code.
        """
        filter_ = Q()
        for woord in tekst.split():
            if woord.isascii() and woord.isdigit() and len(woord) == 4:
                filter_ &= Q(personen__geboortejaar=int(woord)) | Q(postcode=woord)
            else:
                filter_ &= Q(personen__voornaam__icontains=woord) | Q(
                    personen__achternaam__icontains=woord
                )
        try:
            code = kaartcodes.normalise_code(tekst)
        except kaartcodes.OngeldigeKaartcode:
            code = ""
        if code:
            filter_ |= Q(kaarten__code=code, kaarten__ingetrokken_op__isnull=True)
        return self.filter(filter_).distinct() if filter_ else self

    def zichtbaar_voor(self, organisatie: "Organisatie"):
        """Households whose file this organisation may open (dossierzicht, see Gezinsrelatie)."""
        return self.filter(
            gemeente_id=organisatie.gemeente_id,
            gepseudonimiseerd_op__isnull=True,
            relaties__organisatie=organisatie,
            relaties__niveau=Gezinsrelatie.Niveau.DOSSIER,
        )

    def aan_balie_bij(self, organisatie: "Organisatie"):
        """Households this organisation knows at its desk: any relationship (baliezicht or more).

        What it may show of them is the desk level only: first name and
        initial, size, aid and entitlement (scoping.baliegegevens).
        """
        return self.filter(
            gemeente_id=organisatie.gemeente_id,
            gepseudonimiseerd_op__isnull=True,
            relaties__organisatie=organisatie,
        )


class Gezin(models.Model):
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="gezinnen")
    volwassenen = models.PositiveSmallIntegerField(
        _("volwassenen"), default=1, validators=[validators.hoogstens_per_groep]
    )
    kinderen_0_2 = models.PositiveSmallIntegerField(
        _("kinderen 0–2 jaar"), default=0, validators=[validators.hoogstens_per_groep]
    )
    kinderen_3_11 = models.PositiveSmallIntegerField(
        _("kinderen 3–11 jaar"), default=0, validators=[validators.hoogstens_per_groep]
    )
    kinderen_12_17 = models.PositiveSmallIntegerField(
        _("kinderen 12–17 jaar"), default=0, validators=[validators.hoogstens_per_groep]
    )
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validators.postcode]
    )
    aangemaakt_door = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("aangemaakt door")
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    laatste_activiteit = models.DateTimeField(default=timezone.now, db_index=True)
    gepseudonimiseerd_op = models.DateTimeField(null=True, blank=True)
    # The household's id in the social dossier it was imported from.
    bron = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extern_id = models.CharField(max_length=64, blank=True)

    objects = GezinQuerySet.as_manager()

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")
        constraints = [
            models.UniqueConstraint(
                fields=["bron", "extern_id"],
                condition=~Q(extern_id=""),
                name="gezin_extern_id_uniek_per_bron",
            ),
            # A teenager alone is a household too (an unaccompanied minor): every path
            # allows it, the walk-in intake included.
            models.CheckConstraint(
                condition=Q(volwassenen__gte=1) | Q(kinderen_12_17__gte=1),
                name="gezin_minstens_een_persoon",
                violation_error_message=validators.MINSTENS_EEN_FOUT,
            ),
            models.CheckConstraint(
                condition=Q(volwassenen__lte=20)
                & Q(kinderen_0_2__lte=20)
                & Q(kinderen_3_11__lte=20)
                & Q(kinderen_12_17__lte=20),
                name="gezin_grootte_redelijk",
                violation_error_message=validators.GROEP_FOUT,
            ),
        ]

    def __str__(self) -> str:
        return gettext("Gezin %(nummer)s") % {"nummer": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("gezin_detail", args=[self.pk])

    @property
    def kinderen(self) -> int:
        return self.kinderen_0_2 + self.kinderen_3_11 + self.kinderen_12_17

    @property
    def grootte(self) -> int:
        return self.volwassenen + self.kinderen

    @property
    def referentiepersoon(self) -> "Persoon | None":
        personen = list(self.personen.all())
        for persoon in personen:
            if persoon.relatie == Persoon.Relatie.REFERENTIEPERSOON:
                return persoon
        return personen[0] if personen else None

    @property
    def actieve_kaart(self) -> "Kaart | None":
        return self.kaarten.filter(ingetrokken_op__isnull=True).first()


class Persoon(models.Model):
    class Relatie(models.TextChoices):
        REFERENTIEPERSOON = "referentiepersoon", _("referentiepersoon")
        PARTNER = "partner", _("partner")
        KIND = "kind", _("kind")
        ANDER = "ander", _("ander gezinslid")

    gezin = models.ForeignKey(Gezin, on_delete=models.CASCADE, related_name="personen")
    voornaam = models.CharField(_("voornaam"), max_length=60)
    achternaam = models.CharField(_("achternaam"), max_length=80)
    geboortejaar = models.PositiveSmallIntegerField(
        _("geboortejaar"), validators=[validators.geboortejaar]
    )
    relatie = models.CharField(_("relatie"), max_length=20, choices=Relatie.choices)
    extern_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gezin", "extern_id"],
                condition=~Q(extern_id=""),
                name="persoon_extern_id_uniek_per_gezin",
            ),
            models.CheckConstraint(
                condition=Q(geboortejaar__gte=1900) & Q(geboortejaar__lte=2100),
                name="persoon_geboortejaar_redelijk",
                violation_error_message=validators.GEBOORTEJAAR_FOUT,
            ),
            models.UniqueConstraint(
                fields=["gezin"],
                condition=Q(relatie="referentiepersoon"),
                name="persoon_een_referentiepersoon_per_gezin",
                violation_error_message=_("Een gezin heeft precies één referentiepersoon."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voornaam} {self.achternaam[:1]}."

    @property
    def korte_naam(self) -> str:
        """First name and initial: what a volunteer at the desk needs, no more."""
        initiaal = f" {self.achternaam[:1]}." if self.achternaam else ""
        return f"{self.voornaam}{initiaal}"


class Gezinsrelatie(models.Model):
    """Why an organisation may see a household's personal data, and how much of it.

    The scoping layer reads only this table, so every part of the platform
    that creates a relationship (intake, referral, pickup, toeleiding) adds a
    row here and the privacy rule stays in one place.

    Two levels (GLOSSARY: baliezicht / dossierzicht). A pickup alone gives the
    desk level: the household is on this organisation's offline roster and its
    desk shows first name and initial, size and entitlement. The file (names,
    members, history, export, erasure) needs a referral to or from the
    organisation, an intake it made, or the person's consent at its desk.
    """

    class Reden(models.TextChoices):
        AANGEMAAKT = "aangemaakt", _("gezin aangemaakt")
        DOORVERWIJZING = "doorverwijzing", _("doorverwijzing")
        AFHALING = "afhaling", _("afhaling")
        TOELEIDING = "toeleiding", _("toeleiding")
        KAART = "kaart", _("kaart gekoppeld")
        TOESTEMMING = "toestemming", _("toestemming aan de balie")

    class Niveau(models.TextChoices):
        BALIE = "balie", _("baliezicht")
        DOSSIER = "dossier", _("dossierzicht")

    gezin = models.ForeignKey(Gezin, on_delete=models.CASCADE, related_name="relaties")
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="gezinsrelaties"
    )
    reden = models.CharField(max_length=20, choices=Reden.choices)
    niveau = models.CharField(
        _("niveau"), max_length=10, choices=Niveau.choices, default=Niveau.DOSSIER
    )
    sinds = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("gezinsrelatie")
        verbose_name_plural = _("gezinsrelaties")
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "gezin"], name="gezinsrelatie_uniek"),
            models.CheckConstraint(
                condition=Q(niveau__in=["balie", "dossier"]), name="gezinsrelatie_niveau_geldig"
            ),
            # A pickup is never a reason to open the file.
            models.CheckConstraint(
                condition=~Q(reden="afhaling") | Q(niveau="balie"),
                name="gezinsrelatie_afhaling_is_baliezicht",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisatie} ↔ {self.gezin} ({self.get_reden_display()})"

    @staticmethod
    def niveau_van(reden: str) -> str:
        if reden == Gezinsrelatie.Reden.AFHALING:
            return Gezinsrelatie.Niveau.BALIE
        return Gezinsrelatie.Niveau.DOSSIER


class KaartBatch(models.Model):
    """Pre-printed cards, handed out on the spot and linked to a household then."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    aantal = models.PositiveSmallIntegerField(_("aantal kaarten"))
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kaartenreeks")
        verbose_name_plural = _("kaartenreeksen")
        ordering = ["-aangemaakt_op"]
        constraints = [
            models.CheckConstraint(
                condition=Q(aantal__gte=1) & Q(aantal__lte=500), name="kaartbatch_aantal"
            )
        ]

    def __str__(self) -> str:
        return ngettext(
            "%(aantal)s kaart van %(datum)s", "%(aantal)s kaarten van %(datum)s", self.aantal
        ) % {
            "aantal": self.aantal,
            "datum": f"{self.aangemaakt_op:%d/%m/%Y}",
        }


class KaartQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(ingetrokken_op__isnull=True)

    def vrij(self):
        """Pre-printed and not yet linked to a household."""
        return self.actief().filter(gezin__isnull=True)


class Kaart(models.Model):
    class Intrekkingsreden(models.TextChoices):
        VERLOREN = "verloren", _("verloren")
        BESCHADIGD = "beschadigd", _("beschadigd")
        GESTOLEN = "gestolen", _("gestolen")
        MISBRUIK = "misbruik", _("misbruik")
        VERVANGEN = "vervangen", _("vervangen door nieuwe kaart")
        GEPSEUDONIMISEERD = "gepseudonimiseerd", _("gegevens gewist")
        ANDERE = "andere", _("andere reden")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="kaarten")
    uitgegeven_door = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="+", verbose_name=_("uitgegeven door")
    )
    batch = models.ForeignKey(
        KaartBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="kaarten"
    )
    token = models.CharField(max_length=32, unique=True, default=kaartcodes.new_token)
    code = models.CharField(max_length=kaartcodes.CODE_LENGTH, unique=True)
    gezin = models.ForeignKey(
        Gezin, on_delete=models.PROTECT, null=True, blank=True, related_name="kaarten"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    gekoppeld_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    intrekkingsreden = models.CharField(
        _("reden"), max_length=20, choices=Intrekkingsreden.choices, blank=True
    )
    vervangen_door = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="vervangt"
    )

    objects = KaartQuerySet.as_manager()

    class Meta:
        verbose_name = _("kaart")
        verbose_name_plural = _("kaarten")
        constraints = [
            models.UniqueConstraint(
                fields=["gezin"],
                condition=Q(ingetrokken_op__isnull=True, gezin__isnull=False),
                name="kaart_een_actieve_per_gezin",
            ),
            models.CheckConstraint(
                condition=Q(ingetrokken_op__isnull=True, intrekkingsreden="")
                | (Q(ingetrokken_op__isnull=False) & ~Q(intrekkingsreden="")),
                name="kaart_intrekking_met_reden",
            ),
            models.CheckConstraint(
                condition=Q(gezin__isnull=True, gekoppeld_op__isnull=True)
                | Q(gezin__isnull=False, gekoppeld_op__isnull=False),
                name="kaart_koppeling_gedateerd",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9A-HJKMNP-TV-Z]{9}$"), name="kaart_code_vorm"
            ),
        ]

    def __str__(self) -> str:
        return self.leesbare_code

    @property
    def leesbare_code(self) -> str:
        return kaartcodes.format_code(self.code)

    @property
    def qr_payload(self) -> str:
        return kaartcodes.qr_payload(self.token)

    @property
    def is_actief(self) -> bool:
        return self.ingetrokken_op is None

    @property
    def is_vrij(self) -> bool:
        return self.is_actief and self.gezin_id is None

    def revoke(self, reden: str, *, op=None) -> None:
        """Revoke this card; the caller saves. Revoking twice keeps the first date."""
        if self.ingetrokken_op is None:
            self.ingetrokken_op = op or timezone.now()
            self.intrekkingsreden = reden


class Toestemming(models.Model):
    """Consent given by a person: who recorded it, when, and the exact text version shown."""

    class Doel(models.TextChoices):
        REGISTRATIE = "registratie", _("registratie als zelfmelder")
        TOELEIDING = "toeleiding", _("toeleiding naar de Sociale Dienst")
        IMPORT = "import", _("overname uit het sociaal dossier")
        DOSSIER = "dossier", _("gegevens bewaren en inzien door de organisatie")

    gezin = models.ForeignKey(Gezin, on_delete=models.CASCADE, related_name="toestemmingen")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="+")
    doel = models.CharField(max_length=20, choices=Doel.choices)
    tekstversie = models.CharField(max_length=40)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    gegeven_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")

    def __str__(self) -> str:
        return f"{self.get_doel_display()} ({self.tekstversie})"


class AuditregelQuerySet(models.QuerySet):
    def van_gemeente(self, gemeente_id: int) -> "AuditregelQuerySet":
        """Rows written from this municipality's organisations, and the logins and
        second-factor events (no organisation yet) of its organisations' members.
        Anonymous rows belong to no municipality."""
        return self.filter(
            Q(organisatie_id__in=Organisatie.objects.filter(gemeente_id=gemeente_id).values("pk"))
            | Q(
                organisatie_id__isnull=True,
                user_id__in=Lidmaatschap.objects.filter(
                    organisatie__gemeente_id=gemeente_id
                ).values("user_id"),
            )
        )


class Auditregel(models.Model):
    """Who touched which household's data, when, from which organisation.

    Append-only: PostgreSQL refuses UPDATE and DELETE on this table (see the
    migration). No foreign keys, so erasing a household or a user never
    rewrites the log, and no personal data: ids and paths only, never names or
    search terms.
    """

    class Actie(models.TextChoices):
        GELEZEN = "gelezen", _("gegevens bekeken")
        GEWIJZIGD = "gewijzigd", _("gegevens gewijzigd")
        EXPORT = "export", _("gegevens geëxporteerd")
        GEWEIGERD = "geweigerd", _("toegang geweigerd")
        AANGEMELD = "aangemeld", _("aangemeld")
        AANMELDING_MISLUKT = "aanmelding_mislukt", _("aanmelding mislukt")
        AFGEMELD = "afgemeld", _("afgemeld")
        MFA_INGESTELD = "mfa_ingesteld", _("tweestapsverificatie ingesteld")
        MFA_VERWIJDERD = "mfa_verwijderd", _("tweestapsverificatie verwijderd")
        MFA_NIEUWE_CODES = "mfa_nieuwe_codes", _("nieuwe herstelcodes gemaakt")
        MFA_HERSTELCODE = "mfa_herstelcode", _("aangemeld met een herstelcode")
        CODE_GETYPT = "code_getypt", _("kaartcode getypt")
        CODE_LIMIET = "code_limiet", _("te veel getypte kaartcodes")
        TOESTEMMING = "toestemming", _("toestemming geregistreerd")
        DUBBELCHECK = "dubbelcheck", _("gelijkaardige gezinnen getoond")
        OP_AFSTAND_AFGEMELD = "op_afstand_afgemeld", _("op alle toestellen afgemeld")

    tijd = models.DateTimeField(default=timezone.now, db_index=True)
    user_id = models.BigIntegerField(null=True, db_index=True)
    gebruikersnaam = models.CharField(max_length=150, blank=True)
    organisatie_id = models.BigIntegerField(null=True)
    gezin_id = models.BigIntegerField(null=True, db_index=True)
    actie = models.CharField(max_length=20, choices=Actie.choices)
    waar = models.CharField(_("view of actie"), max_length=200)
    status = models.PositiveSmallIntegerField(null=True)

    objects = AuditregelQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-tijd", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.tijd:%Y-%m-%d %H:%M} {self.gebruikersnaam} {self.actie} {self.gezin_id or ''}"
        )


class Notification(models.Model):
    """An in-app message for one user or for everyone of an organisation."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    tekst = models.CharField(max_length=300)
    link = models.CharField(max_length=200, blank=True)
    # The household a message is about: its name is shown at reading time, and only to
    # a reader who may open the file; the stored text holds no name.
    gezin = models.ForeignKey(
        Gezin, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Messages of one kind on one day are shown as one group ("12 nieuwe toeleidingen").
    soort = models.CharField(max_length=40, blank=True)
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    gelezen_op = models.DateTimeField(null=True, blank=True)
    sleutel = models.CharField(
        max_length=100,
        blank=True,
        help_text="Makes a repeated task send a warning once (e.g. dv-42-einde-14).",
    )

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-aangemaakt_op"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisatie__isnull=False) | Q(user__isnull=False),
                name="notification_heeft_ontvanger",
            ),
            models.UniqueConstraint(
                fields=["sleutel", "user"],
                condition=~Q(sleutel="") & Q(user__isnull=False),
                name="notification_eenmalig_per_user",
            ),
            models.UniqueConstraint(
                fields=["sleutel", "organisatie"],
                condition=~Q(sleutel="") & Q(user__isnull=True),
                name="notification_eenmalig_per_organisatie",
            ),
        ]

    def __str__(self) -> str:
        return self.tekst


class ApiToken(models.Model):
    """A secret for systems that talk to the platform, e.g. the social dossier's import.

    Only a hash is stored; the token itself is shown once, when it is made.
    """

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="+")
    naam = models.CharField(max_length=100)
    sleutel_hash = models.CharField(max_length=64, unique=True)
    begin = models.CharField(max_length=8, help_text="The first characters, to recognise it.")
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.naam} ({self.begin}…)"


class SessieQuerySet(models.QuerySet):
    def lopend(self):
        return self.filter(geldig_tot__gt=timezone.now())

    def voor(self, organisatie):
        return self.filter(organisatie=organisatie)


class Sessie(models.Model):
    """One logged-in browser of a user: what a coordinator sees and can end from afar.

    Written at login, touched at most once a minute, removed at logout. The
    session itself lives in Django's session store; ending it there is what
    signs the device out (hulpverlening/sessies.py).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessies"
    )
    sessie_sleutel = models.CharField(max_length=40, unique=True)
    # The organisation the session works for now: a coordinator sees and ends only
    # their own organisation's sessions of a volunteer who also helps elsewhere.
    # Empty until an organisation is picked.
    organisatie = models.ForeignKey(
        "Organisatie", on_delete=models.CASCADE, null=True, blank=True, related_name="sessies"
    )
    begonnen = models.DateTimeField(default=timezone.now)
    laatst_actief = models.DateTimeField(default=timezone.now)
    # When the session ends without another request (idle limit, end of the moment,
    # cookie age); after that it is no longer signed in, whatever its row says.
    geldig_tot = models.DateTimeField(null=True, blank=True)
    toestel = models.CharField(_("toestel"), max_length=120, blank=True)

    objects = SessieQuerySet.as_manager()

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")
        ordering = ["-laatst_actief"]

    def __str__(self) -> str:
        return f"{self.user} {self.begonnen:%Y-%m-%d %H:%M}"


@receiver(m2m_changed, sender=Organisatie.hulpvormen.through)
def _vergeet_hulpvormen(sender, instance, pk_set=None, **kwargs) -> None:
    # From either side: an organisation's list, or a Hulpvorm's organisations.
    instance.__dict__.pop("_hulpvorm_slugs", None)
    ids = [instance.pk] if isinstance(instance, Organisatie) else list(pk_set or [])
    if not isinstance(instance, Organisatie):
        ids = list(instance.organisaties.values_list("pk", flat=True)) + ids
    sleutels = [HULPVORMEN_SLEUTEL.format(pk) for pk in ids]
    cache.delete_many(sleutels)
    transaction.on_commit(lambda: cache.delete_many(sleutels))


@receiver(m2m_changed, sender=Afhaalmoment.hulpvormen.through)
def _vergeet_moment_hulpvormen(sender, instance, **kwargs) -> None:
    # Only from the moment's side: the relation has no reverse accessor.
    instance.__dict__.pop("_hulpvorm_slugs", None)
    sleutel = MOMENT_HULPVORMEN_SLEUTEL.format(instance.pk)
    cache.delete(sleutel)
    transaction.on_commit(lambda: cache.delete(sleutel))

"""Who may pick up what, today, at this initiative: the one eligibility rule.

`beoordeel` is a pure function over `Feiten` (what the database knows about one
household at one organisation). The desk loads the facts for one household;
the offline roster loads them for all households at once and stores the
outcome, so online and offline answers come from the same code.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from doorverwijzing.models import Doorverwijzing
from hulpverlening import kalender
from hulpverlening.models import Afhaalmoment, Gezin, Hulpvorm, Kaart, Organisatie

from . import lezen
from .models import Afhaalregels, Afhaling, Hulpvormregels

GROEN, ORANJE, ROOD = "groen", "oranje", "rood"
KLEUR_WOORD = {
    GROEN: gettext_lazy("In orde"),
    ORANJE: gettext_lazy("Let op"),
    ROOD: gettext_lazy("Niet in orde"),
}
# One sentence per frequency, so a translation need not assemble the period.
AL_AFGEHAALD = {
    Doorverwijzing.Frequentie.WEKELIJKS: gettext_lazy("Al afgehaald deze week, op %(datum)s."),
    Doorverwijzing.Frequentie.TWEEWEKELIJKS: gettext_lazy(
        "Al afgehaald de voorbije twee weken, op %(datum)s."
    ),
    Doorverwijzing.Frequentie.MAANDELIJKS: gettext_lazy("Al afgehaald deze maand, op %(datum)s."),
}
WAARSCHUW_DAGEN_VOOR_EINDE = 7
TERUGBLIK_DAGEN = lezen.TERUGBLIK_DAGEN


@dataclass(frozen=True)
class EerdereAfhaling:
    datum: date
    afhaalmoment_id: int | None
    tijd: str
    door: str
    zelfmelder: bool
    # Which aid: "how often" counts per aid (a baby kit is no second food parcel).
    hulpvorm_id: int | None = None


@dataclass
class Feiten:
    gezin: Gezin | None
    kaart: Kaart | None
    doorverwijzingen: list[Doorverwijzing] = field(default_factory=list)
    afhalingen: list[EerdereAfhaling] = field(default_factory=list)
    zelfmelder_bezoeken: int = 0
    # Per aid (issue 13.2); None: every visit counts for every aid (facts made by hand).
    zelfmelder_per_hulpvorm: dict[int, int] | None = None

    def zelfmelder_bezoeken_voor(self, hulpvorm: Hulpvorm) -> int:
        if self.zelfmelder_per_hulpvorm is None:
            return self.zelfmelder_bezoeken
        return self.zelfmelder_per_hulpvorm.get(hulpvorm.pk, 0)


@dataclass(frozen=True)
class Regels:
    """The rules that judge one aid: its own where the coordinator set them
    (Hulpvormregels), otherwise the organisation's (Afhaalregels)."""

    vereist_doorverwijzing: bool = False
    # None: no cap (a zelfmelder at a restaurant is a normal guest).
    zelfmelder_bezoeken: int | None = 3
    # 0: as often as the moment is open.
    max_per_periode: int = 1
    periode: str = Hulpvormregels.Periode.WEEK
    postcodelijst: tuple[str, ...] = ()
    voorwaarde: str = ""

    @classmethod
    def van(
        cls, algemeen: Afhaalregels, eigen: Hulpvormregels | None, hulpvorm: Hulpvorm
    ) -> "Regels":
        maaltijd = hulpvorm.soort == Hulpvorm.Soort.MAALTIJD
        if eigen is not None:
            return cls(
                # A restaurant serves whoever comes (HulpvormregelsForm has no such fields).
                vereist_doorverwijzing=eigen.vereist_doorverwijzing and not maaltijd,
                zelfmelder_bezoeken=None if maaltijd else eigen.zelfmelder_bezoeken,
                max_per_periode=eigen.max_per_periode,
                periode=eigen.periode,
                postcodelijst=tuple(eigen.postcodelijst or algemeen.postcodelijst),
                voorwaarde=eigen.voorwaarde,
            )
        if maaltijd:
            # A restaurant serves whoever comes, as often as it is open: the right
            # only decides the tariff.
            return cls(
                zelfmelder_bezoeken=None,
                max_per_periode=0,
                postcodelijst=tuple(algemeen.postcodelijst),
            )
        return cls(
            vereist_doorverwijzing=algemeen.vereist_doorverwijzing,
            zelfmelder_bezoeken=algemeen.zelfmelder_bezoeken,
            max_per_periode=algemeen.max_per_week,
            postcodelijst=tuple(algemeen.postcodelijst),
        )


@dataclass
class Beoordeling:
    kleur: str
    redenen: list[str]
    hulpvorm: Hulpvorm | None = None
    pakket: str = ""
    doorverwijzing: Doorverwijzing | None = None
    zelfmelder: bool = False
    al_geregistreerd: EerdereAfhaling | None = None
    # A meal: the tariff that applies and its price per meal; who would eat.
    tarief: str = ""
    prijs: Decimal | None = None
    volwassenen: int = 0
    kinderen: int = 0
    # A voucher line as typed (kept across a validation error).
    bonnen: int | None = None
    eerste_bon: int | None = None

    @property
    def woord(self) -> str:
        return str(KLEUR_WOORD[self.kleur])

    @property
    def vraagt_reden(self) -> bool:
        """Red is a warning, not a dead end: the volunteer may go on with a reason."""
        return self.kleur == ROOD

    @property
    def is_maaltijd(self) -> bool:
        return self.hulpvorm is not None and self.hulpvorm.soort == Hulpvorm.Soort.MAALTIJD

    @property
    def is_waardebon(self) -> bool:
        return self.hulpvorm is not None and self.hulpvorm.soort == Hulpvorm.Soort.WAARDEBON

    @property
    def bonzin(self) -> str:
        if not self.is_waardebon or self.hulpvorm.bonwaarde is None:
            return ""
        return gettext("Een bon is € %(waarde)s waard, %(maanden)d maanden geldig.") % {
            "waarde": formats.number_format(self.hulpvorm.bonwaarde, 2),
            "maanden": self.hulpvorm.bon_geldig_maanden,
        }

    @property
    def voorgevinkt(self) -> bool:
        """Ticked at the desk before the volunteer touches anything: what the household
        usually gets (a referral for it, a recurring parcel, a meal), unless red."""
        if self.kleur == ROOD or self.hulpvorm is None:
            return False
        return self.doorverwijzing is not None or self.hulpvorm.soort in (
            Hulpvorm.Soort.PAKKET,
            Hulpvorm.Soort.MAALTIJD,
        )

    @property
    def tariefzin(self) -> str:
        if not self.tarief or self.prijs is None:
            return ""
        bedrag = formats.number_format(self.prijs, 2)
        if self.tarief == Afhaling.Tarief.SOCIAAL:
            return gettext("Sociaal tarief: € %(bedrag)s per maaltijd") % {"bedrag": bedrag}
        return gettext("Vol tarief: € %(bedrag)s per maaltijd") % {"bedrag": bedrag}


def regels_van(organisatie: Organisatie) -> Afhaalregels:
    try:
        return organisatie.afhaalregels
    except Afhaalregels.DoesNotExist:
        return Afhaalregels(organisatie=organisatie)


HULPVORMREGELS_SLEUTEL = "organisatie:{}:hulpvormregels"


def hulpvormregels_van(organisatie: Organisatie) -> dict[int, Hulpvormregels]:
    """The organisation's rules per aid, by Hulpvorm id, from the shared cache (every
    registration asks; saving or deleting one clears it, see _vergeet_hulpvormregels)."""
    sleutel = HULPVORMREGELS_SLEUTEL.format(organisatie.pk)
    rijen = cache.get(sleutel)
    if rijen is None:
        velden = Hulpvormregels._meta.concrete_fields
        rijen = [
            {f.attname: getattr(r, f.attname) for f in velden}
            for r in Hulpvormregels.objects.filter(organisatie=organisatie)
        ]
        cache.set(sleutel, rijen, timeout=3600)
    alle = (Hulpvormregels.from_db("default", list(r), list(r.values())) for r in rijen)
    return {r.hulpvorm_id: r for r in alle}


@receiver([post_save, post_delete], sender=Hulpvormregels)
def _vergeet_hulpvormregels(sender, instance, **kwargs) -> None:
    sleutel = HULPVORMREGELS_SLEUTEL.format(instance.organisatie_id)
    cache.delete(sleutel)
    transaction.on_commit(lambda: cache.delete(sleutel))


def _datum(dag: date) -> str:
    return formats.date_format(dag, "j F")


def _periode_start(dag: date, frequentie: str) -> date:
    if frequentie in (Doorverwijzing.Frequentie.TWEEWEKELIJKS, Hulpvormregels.Periode.TWEE_WEKEN):
        return dag - timedelta(days=13)
    if frequentie in (Doorverwijzing.Frequentie.MAANDELIJKS, Hulpvormregels.Periode.MAAND):
        return dag.replace(day=1)
    return dag - timedelta(days=dag.weekday())


# The rules' periods in the words of a referral's frequency (AL_AFGEHAALD).
_ALS_FREQUENTIE = {
    Hulpvormregels.Periode.WEEK: Doorverwijzing.Frequentie.WEKELIJKS,
    Hulpvormregels.Periode.TWEE_WEKEN: Doorverwijzing.Frequentie.TWEEWEKELIJKS,
    Hulpvormregels.Periode.MAAND: Doorverwijzing.Frequentie.MAANDELIJKS,
}


def _kaartfout(feiten: Feiten, organisatie: Organisatie) -> Beoordeling | None:
    """Red for the whole visit: the card or household does not allow any aid here."""
    kaart, gezin = feiten.kaart, feiten.gezin
    if kaart is not None and not kaart.is_actief:
        reden = gettext("Kaart ingetrokken (%(reden)s).") % {
            "reden": kaart.get_intrekkingsreden_display()
        }
        return Beoordeling(ROOD, [reden], hulpvorm=Hulpvorm.objects.standaard())
    if kaart is not None and kaart.gemeente_id != organisatie.gemeente_id:
        return Beoordeling(ROOD, [gettext("Kaart van een andere gemeente.")])
    if gezin is None:
        return Beoordeling(
            ROOD, [gettext("Deze kaart hoort nog bij geen gezin. Registreer het gezin.")]
        )
    return None


def _eenmalig(hulpvorm: Hulpvorm, gezin: Gezin, eerder: list[EerdereAfhaling], dag: date):
    """Why a one-off kit cannot be given again, or None."""
    if not eerder:
        return None
    laatste = max(eerder, key=lambda a: a.datum)
    if hulpvorm.eenmalig_per == Hulpvorm.EenmaligPer.KIND:
        if len(eerder) < gezin.kinderen:
            return None
        return ngettext(
            "Al %(aantal)d keer gekregen, voor elk kind (laatst op %(datum)s).",
            "Al %(aantal)d keer gekregen, voor elk kind (laatst op %(datum)s).",
            len(eerder),
        ) % {"aantal": len(eerder), "datum": _datum(laatste.datum)}
    if hulpvorm.eenmalig_per == Hulpvorm.EenmaligPer.PERIODE and hulpvorm.eenmalig_maanden:
        opnieuw = kalender.maanden_verder(laatste.datum, hulpvorm.eenmalig_maanden)
        if dag >= opnieuw:
            return None
        return gettext("Al gekregen op %(datum)s. Opnieuw vanaf %(opnieuw)s.") % {
            "datum": formats.date_format(laatste.datum, "j F Y"),
            "opnieuw": formats.date_format(opnieuw, "j F Y"),
        }
    return gettext("Al gekregen op %(datum)s: één keer per gezin.") % {
        "datum": formats.date_format(laatste.datum, "j F Y")
    }


def _voorwaarde(voorwaarde: str, gezin: Gezin) -> str:
    if voorwaarde == Hulpvormregels.Voorwaarde.KIND_0_2 and not gezin.kinderen_0_2:
        return gettext("Enkel voor gezinnen met een kind van 0 tot 2 jaar.")
    if voorwaarde == Hulpvormregels.Voorwaarde.KINDEREN and not gezin.kinderen:
        return gettext("Enkel voor gezinnen met kinderen.")
    return ""


def beoordeel(
    feiten: Feiten,
    *,
    organisatie: Organisatie,
    regels: Afhaalregels,
    dag: date,
    afhaalmoment_id: int | None,
    hulpvorm: Hulpvorm | None = None,
    hulpvormregels: dict[int, Hulpvormregels] | None = None,
) -> Beoordeling:
    """Colour and words for one household and one aid today.

    Without `hulpvorm` the aid is the running referral's (the one ending last), or
    the food parcel. Only referrals for the aid count, and the aid's own rules
    (`hulpvormregels`, by Hulpvorm id) apply where it has them (issue 13.2)."""
    if (fout := _kaartfout(feiten, organisatie)) is not None:
        return fout
    gezin = feiten.gezin
    rood: list[str] = []
    oranje: list[str] = []

    actief = [d for d in feiten.doorverwijzingen if d.is_actief_op(dag)]
    if hulpvorm is None:
        hulpvorm = (
            max(actief, key=lambda d: d.einde).hulpvorm if actief else Hulpvorm.objects.standaard()
        )
    uitkomst = Beoordeling(GROEN, [], hulpvorm=hulpvorm)
    r = Regels.van(regels, (hulpvormregels or {}).get(hulpvorm.pk), hulpvorm)
    actief = [d for d in actief if d.hulpvorm_id == hulpvorm.pk]
    maaltijd = hulpvorm.soort == Hulpvorm.Soort.MAALTIJD
    if actief:
        verwijzing = max(actief, key=lambda d: d.einde)
        uitkomst.doorverwijzing = verwijzing
        # A parcel's size means nothing for a meal, a kit or a voucher.
        if hulpvorm.soort == Hulpvorm.Soort.PAKKET:
            uitkomst.pakket = verwijzing.get_pakket_display()
        if verwijzing.einde - dag <= timedelta(days=WAARSCHUW_DAGEN_VOOR_EINDE):
            oranje.append(
                gettext("%(soort)s loopt af op %(datum)s.")
                % {
                    "soort": verwijzing.get_soort_display().capitalize(),
                    "datum": _datum(verwijzing.einde),
                }
            )
        # A referral to a restaurant is a right to the social tariff, not a weekly meal.
        frequentie = verwijzing.frequentie
        per_periode = 0 if maaltijd else 1
    else:
        verlopen = [
            d for d in feiten.doorverwijzingen if d.einde < dag and d.hulpvorm_id == hulpvorm.pk
        ]
        uitkomst.zelfmelder = True
        frequentie = _ALS_FREQUENTIE.get(r.periode, Doorverwijzing.Frequentie.WEKELIJKS)
        per_periode = r.max_per_periode
        if verlopen and r.vereist_doorverwijzing:
            laatste = max(verlopen, key=lambda d: d.einde)
            rood.append(
                gettext("Doorverwijzing verlopen op %(datum)s.") % {"datum": _datum(laatste.einde)}
            )
        elif r.zelfmelder_bezoeken is None:
            pass
        elif r.zelfmelder_bezoeken == 0:
            rood.append(gettext("Niet doorverwezen naar uw organisatie."))
        else:
            bezoek = feiten.zelfmelder_bezoeken_voor(hulpvorm) + 1
            maximum = r.zelfmelder_bezoeken
            if bezoek > maximum:
                rood.append(
                    ngettext(
                        "Zelfmelder: al %(maximum)d bezoek gehad. Bied een toeleiding naar de "
                        "Sociale Dienst aan.",
                        "Zelfmelder: al %(maximum)d bezoeken gehad. Bied een toeleiding naar de "
                        "Sociale Dienst aan.",
                        maximum,
                    )
                    % {"maximum": maximum}
                )
            else:
                oranje.append(
                    gettext("Zelfmelder: bezoek %(bezoek)d van %(maximum)d.")
                    % {"bezoek": bezoek, "maximum": maximum}
                )
    if maaltijd:
        uitkomst.tarief = Afhaling.Tarief.SOCIAAL if actief else Afhaling.Tarief.VOL
        uitkomst.prijs = hulpvorm.sociaal_tarief if actief else hulpvorm.vol_tarief
        uitkomst.volwassenen, uitkomst.kinderen = gezin.volwassenen, gezin.kinderen
    if reden := _voorwaarde(r.voorwaarde, gezin):
        rood.append(reden)

    # Per aid: a baby kit this month is no food parcel, and a baby kit and a food
    # parcel at one moment are two lines of one visit (the database allows one
    # pickup per household, moment, day and aid).
    van_deze = [a for a in feiten.afhalingen if a.hulpvorm_id in (None, hulpvorm.pk)]
    vandaag_hier = [a for a in van_deze if a.datum == dag and a.afhaalmoment_id == afhaalmoment_id]
    if vandaag_hier:
        eerste = vandaag_hier[0]
        uitkomst.al_geregistreerd = eerste
        rood.append(
            gettext("Al geregistreerd om %(tijd)s door %(naam)s.")
            % {"tijd": eerste.tijd, "naam": eerste.door}
        )
    elif hulpvorm.soort == Hulpvorm.Soort.EENMALIG:
        if reden := _eenmalig(hulpvorm, gezin, [a for a in van_deze if a.datum <= dag], dag):
            rood.append(reden)
    elif per_periode:
        start = _periode_start(dag, frequentie)
        in_periode = [a for a in van_deze if start <= a.datum <= dag]
        if len(in_periode) >= per_periode:
            laatste = max(in_periode, key=lambda a: a.datum)
            oranje.append(AL_AFGEHAALD[frequentie] % {"datum": _datum(laatste.datum)})

    postcodes = r.postcodelijst
    if postcodes and gezin.postcode and gezin.postcode not in postcodes:
        oranje.append(
            gettext("Woont buiten uw werkgebied (postcode %(postcode)s).")
            % {"postcode": gezin.postcode}
        )

    uitkomst.redenen = rood + oranje
    uitkomst.kleur = ROOD if rood else ORANJE if oranje else GROEN
    return uitkomst


def hulpvormen_op_moment(organisatie: Organisatie, moment: Afhaalmoment | None) -> list[Hulpvorm]:
    """The aids handed out at this moment, from the cache: the desk offers these."""
    slugs = moment.hulpvorm_slugs(organisatie) if moment else organisatie.hulpvorm_slugs()
    alle = Hulpvorm.objects.per_slug()
    hier = [alle[slug] for slug in sorted(slugs) if slug in alle]
    return hier or [Hulpvorm.objects.standaard()]


def aanbod(
    feiten: Feiten,
    *,
    organisatie: Organisatie,
    regels: Afhaalregels,
    hulpvormen: list[Hulpvorm],
    hulpvormregels: dict[int, Hulpvormregels],
    dag: date,
    afhaalmoment_id: int | None,
) -> list[Beoordeling]:
    """Every aid of the moment for this household, judged one by one: what the desk
    shows after a scan (issue 13.3), usual ones first. One line only when the card
    itself is the problem."""
    if (fout := _kaartfout(feiten, organisatie)) is not None:
        return [fout]
    lijnen = [
        beoordeel(
            feiten,
            organisatie=organisatie,
            regels=regels,
            dag=dag,
            afhaalmoment_id=afhaalmoment_id,
            hulpvorm=hulpvorm,
            hulpvormregels=hulpvormregels,
        )
        for hulpvorm in hulpvormen
    ]
    return sorted(lijnen, key=lambda b: (not b.voorgevinkt, b.kleur == ROOD, b.hulpvorm.naam))


def samen(lijnen: list[Beoordeling]) -> Beoordeling:
    """One colour for the visit: the first ticked line's worst, or red when nothing may go."""
    aangevinkt = [b for b in lijnen if b.voorgevinkt] or lijnen[:1]
    kleuren = {b.kleur for b in aangevinkt}
    kleur = ROOD if ROOD in kleuren else ORANJE if ORANJE in kleuren else GROEN
    eerste = aangevinkt[0]
    return Beoordeling(
        kleur,
        eerste.redenen if len(lijnen) == 1 else [],
        hulpvorm=eerste.hulpvorm,
        pakket=eerste.pakket,
        doorverwijzing=eerste.doorverwijzing,
        zelfmelder=eerste.zelfmelder,
    )


def eerdere(afhaling: Afhaling) -> EerdereAfhaling:
    door = afhaling.geregistreerd_door
    return EerdereAfhaling(
        datum=afhaling.datum,
        afhaalmoment_id=afhaling.afhaalmoment_id,
        tijd=timezone.localtime(afhaling.gescand_op).strftime("%H:%M"),
        door=(door.first_name or door.username) if door else gettext("een vrijwilliger"),
        zelfmelder=afhaling.zelfmelder,
        hulpvorm_id=afhaling.hulpvorm_id,
    )


def feiten_op(
    *,
    gezin: Gezin | None,
    kaart: Kaart | None,
    doorverwijzingen: list[Doorverwijzing],
    afhalingen: list[Afhaling],
    dag: date,
    eenmalige: list[int] | None = None,
) -> Feiten:
    """The facts on `dag`, from pickups read by lezen.afhalingen (in scan order)."""
    grens = dag - timedelta(days=TERUGBLIK_DAGEN)
    tot_dag = [a for a in afhalingen if a.datum <= dag]
    # One-off kits were read for all time (lezen.afhalingen, `altijd`): they stay.
    voorgoed = set(lezen.eenmalige_hulpvormen() if eenmalige is None else eenmalige)
    per_hulpvorm: dict[int, int] = {}
    for a in tot_dag:
        if a.zelfmelder:
            per_hulpvorm[a.hulpvorm_id] = per_hulpvorm.get(a.hulpvorm_id, 0) + 1
    return Feiten(
        gezin=gezin,
        kaart=kaart,
        doorverwijzingen=doorverwijzingen,
        afhalingen=[eerdere(a) for a in tot_dag if a.datum >= grens or a.hulpvorm_id in voorgoed],
        zelfmelder_bezoeken=sum(per_hulpvorm.values()),
        zelfmelder_per_hulpvorm=per_hulpvorm,
    )


def feiten_laden(
    gezin_ids: list[int],
    *,
    organisatie: Organisatie,
    dag: date,
    kaarten: dict | None = None,
    gezinnen: dict[int, Gezin] | None = None,
) -> dict[int, Feiten]:
    """The facts for many households at once, in a handful of queries."""
    if gezinnen is None:
        gezinnen = Gezin.objects.in_bulk(gezin_ids)
    if kaarten is None:
        kaarten = {k.gezin_id: k for k in Kaart.objects.filter(gezin_id__in=gezin_ids).actief()}
    verwijzingen = lezen.doorverwijzingen(organisatie, list(gezinnen))
    eenmalige = lezen.eenmalige_hulpvormen()
    afhalingen, _ = lezen.afhalingen(
        organisatie,
        list(gezinnen),
        van=dag - timedelta(days=TERUGBLIK_DAGEN),
        tot=dag,
        altijd=eenmalige,
    )
    return {
        pk: feiten_op(
            gezin=gezin,
            kaart=kaarten.get(pk),
            doorverwijzingen=verwijzingen.get(pk, []),
            afhalingen=afhalingen.get(pk, []),
            dag=dag,
            eenmalige=eenmalige,
        )
        for pk, gezin in gezinnen.items()
    }


def aanbod_gezin(
    *,
    gezin: Gezin | None,
    kaart: Kaart | None,
    organisatie: Organisatie,
    afhaalmoment: Afhaalmoment | None,
    dag: date,
) -> list[Beoordeling]:
    """The desk's offer for one household: every aid of the moment, judged."""
    if gezin is None:
        feiten = Feiten(gezin=None, kaart=kaart)
    else:
        feiten = feiten_laden(
            [gezin.pk],
            organisatie=organisatie,
            dag=dag,
            kaarten={gezin.pk: kaart},
            gezinnen={gezin.pk: gezin},
        )[gezin.pk]
    return aanbod(
        feiten,
        organisatie=organisatie,
        regels=regels_van(organisatie),
        hulpvormen=hulpvormen_op_moment(organisatie, afhaalmoment),
        hulpvormregels=hulpvormregels_van(organisatie),
        dag=dag,
        afhaalmoment_id=afhaalmoment.pk if afhaalmoment else None,
    )


def beoordeel_gezin(
    *,
    gezin: Gezin | None,
    kaart: Kaart | None,
    organisatie: Organisatie,
    afhaalmoment: Afhaalmoment | None,
    dag: date,
) -> Beoordeling:
    regels = regels_van(organisatie)
    if gezin is None:
        feiten = Feiten(gezin=None, kaart=kaart)
    else:
        feiten = feiten_laden(
            [gezin.pk],
            organisatie=organisatie,
            dag=dag,
            kaarten={gezin.pk: kaart},
            gezinnen={gezin.pk: gezin},
        )[gezin.pk]
    return beoordeel(
        feiten,
        organisatie=organisatie,
        regels=regels,
        dag=dag,
        afhaalmoment_id=afhaalmoment.pk if afhaalmoment else None,
        hulpvormregels=hulpvormregels_van(organisatie),
    )

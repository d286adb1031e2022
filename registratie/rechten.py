"""Who may pick up what, today, at this initiative: the one eligibility rule.

`beoordeel` is a pure function over `Feiten` (what the database knows about one
household at one organisation). The desk loads the facts for one household;
the offline roster loads them for all households at once and stores the
outcome, so online and offline answers come from the same code.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from doorverwijzing.models import Doorverwijzing
from hulpverlening.models import Afhaalmoment, Gezin, Hulpvorm, Kaart, Organisatie

from . import lezen
from .models import Afhaalregels, Afhaling

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


@dataclass
class Beoordeling:
    kleur: str
    redenen: list[str]
    hulpvorm: Hulpvorm | None = None
    pakket: str = ""
    doorverwijzing: Doorverwijzing | None = None
    zelfmelder: bool = False
    al_geregistreerd: EerdereAfhaling | None = None

    @property
    def woord(self) -> str:
        return str(KLEUR_WOORD[self.kleur])

    @property
    def vraagt_reden(self) -> bool:
        """Red is a warning, not a dead end: the volunteer may go on with a reason."""
        return self.kleur == ROOD


def regels_van(organisatie: Organisatie) -> Afhaalregels:
    try:
        return organisatie.afhaalregels
    except Afhaalregels.DoesNotExist:
        return Afhaalregels(organisatie=organisatie)


def _datum(dag: date) -> str:
    return formats.date_format(dag, "j F")


def _periode_start(dag: date, frequentie: str) -> date:
    if frequentie == Doorverwijzing.Frequentie.TWEEWEKELIJKS:
        return dag - timedelta(days=13)
    if frequentie == Doorverwijzing.Frequentie.MAANDELIJKS:
        return dag.replace(day=1)
    return dag - timedelta(days=dag.weekday())


def beoordeel(
    feiten: Feiten,
    *,
    organisatie: Organisatie,
    regels: Afhaalregels,
    dag: date,
    afhaalmoment_id: int | None,
    hulpvorm: Hulpvorm | None = None,
) -> Beoordeling:
    """Colour and words for one household and one aid today.

    Without `hulpvorm` the aid is the running referral's (the one ending last), or
    the food parcel; with it, only referrals for that aid count (issue 13.2)."""
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

    rood: list[str] = []
    oranje: list[str] = []
    uitkomst = Beoordeling(GROEN, [])

    actief = [d for d in feiten.doorverwijzingen if d.is_actief_op(dag)]
    if hulpvorm is not None:
        uitkomst.hulpvorm = hulpvorm
        actief = [d for d in actief if d.hulpvorm_id == hulpvorm.pk]
    if actief:
        verwijzing = max(actief, key=lambda d: d.einde)
        uitkomst.doorverwijzing = verwijzing
        uitkomst.hulpvorm = uitkomst.hulpvorm or verwijzing.hulpvorm
        uitkomst.pakket = verwijzing.get_pakket_display()
        if verwijzing.einde - dag <= timedelta(days=WAARSCHUW_DAGEN_VOOR_EINDE):
            oranje.append(
                gettext("%(soort)s loopt af op %(datum)s.")
                % {
                    "soort": verwijzing.get_soort_display().capitalize(),
                    "datum": _datum(verwijzing.einde),
                }
            )
        frequentie = verwijzing.frequentie
        per_periode = 1
    else:
        verlopen = [d for d in feiten.doorverwijzingen if d.einde < dag]
        uitkomst.zelfmelder = True
        frequentie = Doorverwijzing.Frequentie.WEKELIJKS
        per_periode = regels.max_per_week
        if verlopen and regels.vereist_doorverwijzing:
            laatste = max(verlopen, key=lambda d: d.einde)
            rood.append(
                gettext("Doorverwijzing verlopen op %(datum)s.") % {"datum": _datum(laatste.einde)}
            )
        elif regels.zelfmelder_bezoeken == 0:
            rood.append(gettext("Niet doorverwezen naar uw organisatie."))
        else:
            bezoek = feiten.zelfmelder_bezoeken + 1
            maximum = regels.zelfmelder_bezoeken
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

    if uitkomst.hulpvorm is None:
        uitkomst.hulpvorm = Hulpvorm.objects.standaard()
    # Per aid (issue 13.2): a baby kit this month is no food parcel, and a baby kit
    # and a food parcel at one moment are two lines of one visit (the database allows
    # one pickup per household, moment, day and aid).
    van_deze = [a for a in feiten.afhalingen if a.hulpvorm_id in (None, uitkomst.hulpvorm.pk)]
    vandaag_hier = [a for a in van_deze if a.datum == dag and a.afhaalmoment_id == afhaalmoment_id]
    if vandaag_hier:
        eerste = vandaag_hier[0]
        uitkomst.al_geregistreerd = eerste
        rood.append(
            gettext("Al geregistreerd om %(tijd)s door %(naam)s.")
            % {"tijd": eerste.tijd, "naam": eerste.door}
        )
    else:
        start = _periode_start(dag, frequentie)
        in_periode = [a for a in van_deze if start <= a.datum <= dag]
        if len(in_periode) >= per_periode:
            laatste = max(in_periode, key=lambda a: a.datum)
            oranje.append(AL_AFGEHAALD[frequentie] % {"datum": _datum(laatste.datum)})

    postcodes = regels.postcodelijst
    if postcodes and gezin.postcode and gezin.postcode not in postcodes:
        oranje.append(
            gettext("Woont buiten uw werkgebied (postcode %(postcode)s).")
            % {"postcode": gezin.postcode}
        )

    uitkomst.redenen = rood + oranje
    uitkomst.kleur = ROOD if rood else ORANJE if oranje else GROEN
    return uitkomst


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
) -> Feiten:
    """The facts on `dag`, from pickups read by lezen.afhalingen (in scan order)."""
    grens = dag - timedelta(days=TERUGBLIK_DAGEN)
    tot_dag = [a for a in afhalingen if a.datum <= dag]
    return Feiten(
        gezin=gezin,
        kaart=kaart,
        doorverwijzingen=doorverwijzingen,
        afhalingen=[eerdere(a) for a in tot_dag if a.datum >= grens],
        zelfmelder_bezoeken=sum(1 for a in tot_dag if a.zelfmelder),
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
    afhalingen, _ = lezen.afhalingen(
        organisatie, list(gezinnen), van=dag - timedelta(days=TERUGBLIK_DAGEN), tot=dag
    )
    return {
        pk: feiten_op(
            gezin=gezin,
            kaart=kaarten.get(pk),
            doorverwijzingen=verwijzingen.get(pk, []),
            afhalingen=afhalingen.get(pk, []),
            dag=dag,
        )
        for pk, gezin in gezinnen.items()
    }


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
    )

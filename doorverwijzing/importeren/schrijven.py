"""Writing checked rows in batches, redone row by row when a batch hits a constraint."""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import DataError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from doorverwijzing import services
from doorverwijzing.models import Doorverwijzing
from hulpverlening.models import (
    Gezin,
    Gezinsrelatie,
    Notification,
    Organisatie,
    Persoon,
    Toestemming,
)

from .lezen import (
    AANGEMAAKT,
    BIJGEWERKT,
    GEWEIGERD,
    ONGEWIJZIGD,
    PARTIJ,
    TOESTEMMING_VERSIE,
    Importverslag,
    Rijverslag,
)
from .rijen import (
    _gezin_lezen,
    _GezinRij,
    _Opzoeken,
    _persoon_lezen,
    _PersoonRij,
    _Rij,
    _ruwe_id,
    _verwijzing_lezen,
    _VerwijzingRij,
)


def _partijen(items: list, grootte: int = PARTIJ) -> Iterator[list]:
    for i in range(0, len(items), grootte):
        yield items[i : i + grootte]


def _schrijf_in_partijen(
    items: list,
    partij: Callable[[list], None],
    een: Callable[[Any], None],
    mislukt: Callable[[Any], None],
) -> None:
    """Write in batches; a batch that breaks a constraint is redone one savepoint per item."""
    for stuk in _partijen(items):
        try:
            with transaction.atomic():
                partij(stuk)
        except (IntegrityError, DataError):
            for item in stuk:
                try:
                    with transaction.atomic():
                        een(item)
                except (IntegrityError, DataError):
                    mislukt(item)


@dataclass(frozen=True)
class _Afzender:
    """What the referral services read of a Lidmaatschap; an API import has no user."""

    organisatie: Organisatie
    user: Any = None

    @property
    def organisatie_id(self) -> int:
        return self.organisatie.pk


@dataclass
class _Gezinnen:
    """The households this import may attach persons and referrals to, by extern_id."""

    per_id: dict[str, Gezin] = field(default_factory=dict)
    geweigerd: dict[str, int] = field(default_factory=dict)  # extern_id → row

    def zoek(
        self, extern_id: str, veld: str, verslag: Rijverslag, bron: Organisatie
    ) -> Gezin | None:
        if extern_id in self.geweigerd:
            verslag.weiger(
                veld,
                gettext("Het gezin '%(extern_id)s' werd geweigerd (gezinnen, rij %(rij)s).")
                % {"extern_id": extern_id, "rij": self.geweigerd[extern_id]},
            )
            return None
        gezin = self.per_id.get(extern_id)
        if gezin is None:
            verslag.weiger(
                veld,
                gettext(
                    "Geen gezin '%(extern_id)s': niet in dit bestand en niet eerder geïmporteerd "
                    "door %(organisatie)s."
                )
                % {"extern_id": extern_id, "organisatie": bron.naam},
            )
        elif gezin.gepseudonimiseerd_op is not None:
            verslag.weiger(veld, str(GEWIST))
            return None
        return gezin

    def laad_ontbrekende(self, bron: Organisatie, extern_ids: Iterable[str]) -> None:
        nodig = sorted({e for e in extern_ids if e and e not in self.per_id})
        for stuk in _partijen(nodig):
            for gezin in Gezin.objects.filter(bron=bron, extern_id__in=stuk):
                self.per_id[gezin.extern_id] = gezin


GEWIST = gettext_lazy(
    "Dit gezin werd in het platform gewist (op verzoek of na de bewaartermijn) en kan niet "
    "opnieuw onder hetzelfde extern id ingevoerd worden."
)
GEZIN_VELDEN = ("postcode", "volwassenen", "kinderen_0_2", "kinderen_3_11", "kinderen_12_17")
PERSOON_VELDEN = ("voornaam", "achternaam", "geboortejaar", "relatie")
TEGELIJK = gettext_lazy(
    "Tegelijk door een andere import of gebruiker gewijzigd. Importeer opnieuw."
)


def _dubbel(gezien: dict[str, int], extern_id: str, rij: int, verslag: Rijverslag) -> bool:
    if not extern_id:
        return False
    if extern_id in gezien:
        verslag.weiger(
            "extern_id",
            gettext(
                "Dit extern id staat al op rij %(rij)s van dit bestand; deze rij werd overgeslagen."
            )
            % {"rij": gezien[extern_id]},
        )
        return True
    gezien[extern_id] = rij
    return False


def _gezinnen_verwerken(
    rijen: list[tuple[int, Any]], bron: Organisatie, door, verslag: Importverslag
) -> _Gezinnen:
    gezinnen = _Gezinnen()
    geldig: list[tuple[_GezinRij, Rijverslag]] = []
    gezien: dict[str, int] = {}
    for nummer, waarden in rijen:
        rv = Rijverslag("gezin", nummer, _ruwe_id(waarden))
        verslag.rijen.append(rv)
        gegevens = _gezin_lezen(_Rij(waarden, rv))
        rv.extern_id = gegevens.extern_id or rv.extern_id
        if not _dubbel(gezien, gegevens.extern_id, nummer, rv) and rv.resultaat != GEWEIGERD:
            geldig.append((gegevens, rv))
        elif gegevens.extern_id and gezien.get(gegevens.extern_id) == nummer:
            gezinnen.geweigerd[gegevens.extern_id] = nummer

    gezinnen.laad_ontbrekende(bron, (g.extern_id for g, _ in geldig))
    nu = timezone.now()
    nieuw: list[tuple[Gezin, Rijverslag]] = []
    gewijzigd: list[tuple[Gezin, Rijverslag]] = []
    for gegevens, rv in geldig:
        gezin = gezinnen.per_id.get(gegevens.extern_id)
        if gezin is None:
            gezin = Gezin(
                gemeente_id=bron.gemeente_id,
                aangemaakt_door_id=bron.pk,
                bron_id=bron.pk,
                extern_id=gegevens.extern_id,
                aangemaakt_op=nu,
                laatste_activiteit=nu,
                **{veld: getattr(gegevens, veld) for veld in GEZIN_VELDEN},
            )
            nieuw.append((gezin, rv))
            continue
        rv.gezin_id = gezin.pk
        if gezin.gepseudonimiseerd_op is not None:
            rv.weiger("extern_id", str(GEWIST))
            gezinnen.geweigerd[gegevens.extern_id] = rv.rij
            continue
        verschil = [v for v in GEZIN_VELDEN if getattr(gezin, v) != getattr(gegevens, v)]
        if not verschil:
            rv.resultaat = ONGEWIJZIGD
            continue
        for veld in verschil:
            setattr(gezin, veld, getattr(gegevens, veld))
        gezin.laatste_activiteit = nu
        gewijzigd.append((gezin, rv))

    def mislukt(paar):
        gezin, rv = paar
        rv.weiger("extern_id", str(TEGELIJK))
        gezinnen.geweigerd[gezin.extern_id] = rv.rij
        gezinnen.per_id.pop(gezin.extern_id, None)

    def aanmaken(paren):
        Gezin.objects.bulk_create([g for g, _ in paren])
        Gezinsrelatie.objects.bulk_create(
            [
                Gezinsrelatie(
                    gezin_id=g.pk,
                    organisatie_id=bron.pk,
                    reden=Gezinsrelatie.Reden.AANGEMAAKT,
                    sinds=nu,
                )
                for g, _ in paren
            ]
        )
        Toestemming.objects.bulk_create([_toestemming(g, bron, door, nu) for g, _ in paren])
        for gezin, rv in paren:
            rv.resultaat, rv.gezin_id = AANGEMAAKT, gezin.pk
            gezinnen.per_id[gezin.extern_id] = gezin

    def bijwerken(paren):
        Gezin.objects.bulk_update([g for g, _ in paren], [*GEZIN_VELDEN, "laatste_activiteit"])
        ids = [g.pk for g, _ in paren]
        Gezinsrelatie.objects.bulk_create(
            [
                Gezinsrelatie(
                    gezin_id=pk, organisatie_id=bron.pk, reden=Gezinsrelatie.Reden.AANGEMAAKT
                )
                for pk in ids
            ],
            ignore_conflicts=True,
        )
        Gezinsrelatie.objects.filter(
            gezin_id__in=ids, organisatie=bron, niveau=Gezinsrelatie.Niveau.BALIE
        ).update(niveau=Gezinsrelatie.Niveau.DOSSIER, reden=Gezinsrelatie.Reden.AANGEMAAKT)
        al = set(
            Toestemming.objects.filter(
                gezin_id__in=ids,
                organisatie=bron,
                doel=Toestemming.Doel.IMPORT,
                tekstversie=TOESTEMMING_VERSIE,
            ).values_list("gezin_id", flat=True)
        )
        Toestemming.objects.bulk_create(
            [_toestemming(g, bron, door, nu) for g, _ in paren if g.pk not in al]
        )
        for _gezin, rv in paren:
            rv.resultaat = BIJGEWERKT

    # A clash on create leaves the objects half-made (no pk): build fresh ones per row.
    _schrijf_in_partijen(nieuw, aanmaken, lambda paar: aanmaken([_opnieuw(paar)]), mislukt)
    _schrijf_in_partijen(gewijzigd, bijwerken, lambda paar: bijwerken([paar]), mislukt)
    return gezinnen


def _opnieuw(paar: tuple[Gezin, Rijverslag]) -> tuple[Gezin, Rijverslag]:
    gezin, rv = paar
    gezin.pk = None
    gezin._state.adding = True
    return gezin, rv


def _toestemming(gezin: Gezin, bron: Organisatie, door, nu) -> Toestemming:
    return Toestemming(
        gezin_id=gezin.pk,
        organisatie_id=bron.pk,
        doel=Toestemming.Doel.IMPORT,
        tekstversie=TOESTEMMING_VERSIE,
        geregistreerd_door_id=door.pk if door else None,
        gegeven_op=nu,
    )


def _personen_verwerken(
    rijen: list[tuple[int, Any]], bron: Organisatie, gezinnen: _Gezinnen, verslag: Importverslag
) -> None:
    gelezen: list[tuple[_PersoonRij, Rijverslag]] = []
    gezien: dict[str, int] = {}
    for nummer, waarden in rijen:
        rv = Rijverslag("persoon", nummer, _ruwe_id(waarden))
        verslag.rijen.append(rv)
        gegevens = _persoon_lezen(_Rij(waarden, rv))
        rv.extern_id = gegevens.extern_id or rv.extern_id
        if not _dubbel(gezien, gegevens.extern_id, nummer, rv) and rv.resultaat != GEWEIGERD:
            gelezen.append((gegevens, rv))
    gezinnen.laad_ontbrekende(bron, (p.gezin_extern_id for p, _ in gelezen))

    geldig: list[tuple[_PersoonRij, Rijverslag, Gezin]] = []
    for gegevens, rv in gelezen:
        gezin = gezinnen.zoek(gegevens.gezin_extern_id, "gezin_extern_id", rv, bron)
        if gezin is not None:
            rv.gezin_id = gezin.pk
            geldig.append((gegevens, rv, gezin))

    # Stored values as tuples, not model instances: 50,000 of those cost seconds.
    bestaand: dict[tuple[int, str], tuple[int, dict]] = {}
    referentie: dict[int, tuple] = {}  # gezin → key of who is (or stays) referentiepersoon
    gezin_ids = sorted({g.pk for _, _, g in geldig})
    nieuwe_relatie = {(g.pk, p.extern_id): p.relatie for p, _, g in geldig}
    for stuk in _partijen(gezin_ids):
        opgeslagen_rijen = Persoon.objects.filter(gezin_id__in=stuk).values_list(
            "pk", "gezin_id", "extern_id", *PERSOON_VELDEN
        )
        for pk, gezin_id, extern_id, *waarden in opgeslagen_rijen:
            opgeslagen = dict(zip(PERSOON_VELDEN, waarden, strict=True))
            if extern_id:
                bestaand[(gezin_id, extern_id)] = (pk, opgeslagen)
            blijft = nieuwe_relatie.get((gezin_id, extern_id), opgeslagen["relatie"])
            if blijft == Persoon.Relatie.REFERENTIEPERSOON:
                referentie[gezin_id] = ("x", extern_id) if extern_id else ("pk", pk)

    nieuw: list[tuple[Persoon, Rijverslag]] = []
    gewijzigd: list[tuple[Persoon, Rijverslag]] = []
    for gegevens, rv, gezin in geldig:
        if gegevens.relatie == Persoon.Relatie.REFERENTIEPERSOON:
            houder = referentie.setdefault(gezin.pk, ("x", gegevens.extern_id))
            if houder != ("x", gegevens.extern_id):
                rv.weiger(
                    "relatie",
                    gettext(
                        "Dit gezin heeft al een referentiepersoon ('%(extern_id)s'). Maak eerst "
                        "die persoon partner of ander gezinslid."
                    )
                    % {"extern_id": houder[1]}
                    if houder[0] == "x"
                    else gettext(
                        "Dit gezin heeft al een referentiepersoon. Maak eerst die persoon "
                        "partner of ander gezinslid."
                    ),
                )
                continue
        gevonden = bestaand.get((gezin.pk, gegevens.extern_id))
        if gevonden is None:
            nieuw.append(
                (
                    Persoon(
                        gezin_id=gezin.pk,
                        extern_id=gegevens.extern_id,
                        **{veld: getattr(gegevens, veld) for veld in PERSOON_VELDEN},
                    ),
                    rv,
                )
            )
            continue
        pk, opgeslagen = gevonden
        if all(opgeslagen[v] == getattr(gegevens, v) for v in PERSOON_VELDEN):
            rv.resultaat = ONGEWIJZIGD
            continue
        persoon = Persoon(
            pk=pk,
            gezin_id=gezin.pk,
            extern_id=gegevens.extern_id,
            **{veld: getattr(gegevens, veld) for veld in PERSOON_VELDEN},
        )
        gewijzigd.append((persoon, rv))

    def mislukt(paar):
        paar[1].weiger("extern_id", str(TEGELIJK))

    def zet(resultaat):
        def klaar(paren):
            for _persoon, rv in paren:
                rv.resultaat = resultaat

        return klaar

    def aanmaken(paren):
        Persoon.objects.bulk_create([p for p, _ in paren])
        zet(AANGEMAAKT)(paren)

    def bijwerken(paren):
        Persoon.objects.bulk_update([p for p, _ in paren], list(PERSOON_VELDEN))
        zet(BIJGEWERKT)(paren)

    def opnieuw(paar):
        paar[0].pk = None
        paar[0]._state.adding = True
        aanmaken([paar])

    # Who stops being referentiepersoon first, so that a swap within one file works.
    gewijzigd.sort(key=lambda paar: paar[0].relatie == Persoon.Relatie.REFERENTIEPERSOON)
    _schrijf_in_partijen(gewijzigd, bijwerken, lambda paar: bijwerken([paar]), mislukt)
    _schrijf_in_partijen(nieuw, aanmaken, opnieuw, mislukt)
    aangeraakt = sorted(
        {
            rv.gezin_id
            for rv in verslag.rijen
            if rv.soort == "persoon" and rv.resultaat in (AANGEMAAKT, BIJGEWERKT)
        }
    )
    for stuk in _partijen(aangeraakt):
        Gezin.objects.filter(pk__in=stuk).update(laatste_activiteit=timezone.now())


VERWIJZING_VELDEN = (
    "gezin_id",
    "organisatie_id",
    "soort",
    "hulpvorm_id",
    "start",
    "einde",
    "frequentie",
    "pakket",
    "reden",
)
VASTE_VELDEN = {
    "gezin_id": "gezin",
    "organisatie_id": "initiatief",
    "soort": "soort",
    "hulpvorm_id": "hulpvorm",
    "start": "start",
}
LOPEND = (Doorverwijzing.Status.VERSTUURD, Doorverwijzing.Status.AANVAARD)


def _verwijzingen_verwerken(
    rijen: list[tuple[int, Any]], bron: Organisatie, door, gezinnen: _Gezinnen, verslag
) -> None:
    opzoeken = _Opzoeken(bron)
    gelezen: list[tuple[_VerwijzingRij, Rijverslag]] = []
    gezien: dict[str, int] = {}
    for nummer, waarden in rijen:
        rv = Rijverslag("doorverwijzing", nummer, _ruwe_id(waarden))
        verslag.rijen.append(rv)
        gegevens = _verwijzing_lezen(_Rij(waarden, rv), opzoeken)
        rv.extern_id = gegevens.extern_id or rv.extern_id
        if not _dubbel(gezien, gegevens.extern_id, nummer, rv) and rv.resultaat != GEWEIGERD:
            gelezen.append((gegevens, rv))
    gezinnen.laad_ontbrekende(bron, (v.gezin_extern_id for v, _ in gelezen))
    bestaand: dict[str, dict] = {}
    for stuk in _partijen(sorted({v.extern_id for v, _ in gelezen})):
        opgeslagen_rijen = Doorverwijzing.objects.filter(verwijzer=bron, extern_id__in=stuk)
        for opgeslagen in opgeslagen_rijen.values("pk", "extern_id", "status", *VERWIJZING_VELDEN):
            bestaand[opgeslagen["extern_id"]] = opgeslagen

    afzender = _Afzender(organisatie=bron, user=door)
    regels: dict[tuple, str] = {}
    nieuw: list[tuple[Doorverwijzing, Rijverslag]] = []
    for gegevens, rv in gelezen:
        gezin = gezinnen.zoek(gegevens.gezin_extern_id, "gezin_extern_id", rv, bron)
        if gezin is None:
            continue
        rv.gezin_id = gezin.pk
        opgeslagen = bestaand.get(gegevens.extern_id)
        if opgeslagen is not None:
            nieuwe_waarden = _verwijzing_waarden(gegevens, gezin)
            verschil = [v for v in VERWIJZING_VELDEN if opgeslagen[v] != nieuwe_waarden[v]]
            if not verschil:
                rv.resultaat = ONGEWIJZIGD
                continue
            try:
                with transaction.atomic():
                    _verwijzing_bijwerken(opgeslagen, nieuwe_waarden, verschil, afzender, rv)
            except services.DoorverwijzingFout as fout:
                rv.weiger("", str(fout))
            continue
        if fout := _regels_van_de_dienst(regels, bron, gegevens):
            rv.weiger("", fout)
            continue
        nieuw.append(
            (
                Doorverwijzing(
                    gezin_id=gezin.pk,
                    organisatie_id=gegevens.organisatie.pk,
                    verwijzer_id=bron.pk,
                    soort=gegevens.soort,
                    hulpvorm_id=gegevens.hulpvorm.pk,
                    start=gegevens.start,
                    einde=gegevens.einde,
                    frequentie=gegevens.frequentie,
                    pakket=gegevens.pakket,
                    reden=gegevens.reden,
                    extern_id=gegevens.extern_id,
                    aangemaakt_door_id=door.pk if door else None,
                ),
                rv,
            )
        )

    def aanmaken(paren):
        Doorverwijzing.objects.bulk_create([dv for dv, _ in paren])
        relaties = {
            (dv.gezin_id, organisatie_id)
            for dv, _ in paren
            for organisatie_id in (dv.organisatie_id, dv.verwijzer_id)
        }
        Gezinsrelatie.objects.bulk_create(
            [
                Gezinsrelatie(
                    gezin_id=gezin_id,
                    organisatie_id=organisatie_id,
                    reden=Gezinsrelatie.Reden.DOORVERWIJZING,
                )
                for gezin_id, organisatie_id in sorted(relaties)
            ],
            ignore_conflicts=True,
        )
        # A referral opens the file also where a pickup alone had given the desk level.
        baliezicht = Gezinsrelatie.objects.filter(
            gezin_id__in={g for g, _ in relaties}, niveau=Gezinsrelatie.Niveau.BALIE
        ).values_list("pk", "gezin_id", "organisatie_id")
        if ophogen := [pk for pk, g, o in baliezicht if (g, o) in relaties]:
            Gezinsrelatie.objects.filter(pk__in=ophogen).update(
                niveau=Gezinsrelatie.Niveau.DOSSIER, reden=Gezinsrelatie.Reden.DOORVERWIJZING
            )
        Gezin.objects.filter(pk__in={dv.gezin_id for dv, _ in paren}).update(
            laatste_activiteit=timezone.now()
        )
        for _dv, rv in paren:
            rv.resultaat = AANGEMAAKT

    def opnieuw(paar):
        paar[0].pk = None
        paar[0]._state.adding = True
        aanmaken([paar])

    def mislukt(paar):
        paar[1].weiger("extern_id", str(TEGELIJK))

    _schrijf_in_partijen(nieuw, aanmaken, opnieuw, mislukt)
    _initiatieven_verwittigen(bron, [dv for dv, rv in nieuw if rv.resultaat == AANGEMAAKT])


def _regels_van_de_dienst(regels: dict[tuple, str], bron: Organisatie, v: _VerwijzingRij) -> str:
    """The referral service's own check; its answer depends only on these values (and today)."""
    sleutel = (v.organisatie.pk, v.soort, v.hulpvorm.pk, v.start, v.einde)
    if sleutel not in regels:
        try:
            services.doorverwijzing_controleren(
                verwijzer=bron,
                organisatie=v.organisatie,
                soort=v.soort,
                hulpvorm=v.hulpvorm,
                start=v.start,
                einde=v.einde,
            )
            regels[sleutel] = ""
        except services.DoorverwijzingFout as fout:
            regels[sleutel] = str(fout)
    return regels[sleutel]


def _initiatieven_verwittigen(bron: Organisatie, nieuw: list[Doorverwijzing]) -> None:
    """One message per initiative for the whole import, not one per referral."""
    per_initiatief = Counter(dv.organisatie_id for dv in nieuw)
    Notification.objects.bulk_create(
        [
            Notification(
                organisatie_id=organisatie_id,
                tekst=ngettext(
                    "%(aantal)s nieuwe doorverwijzing van %(organisatie)s (overgenomen uit het "
                    "sociaal dossier).",
                    "%(aantal)s nieuwe doorverwijzingen van %(organisatie)s (overgenomen uit het "
                    "sociaal dossier).",
                    aantal,
                )
                % {"aantal": aantal, "organisatie": bron.naam},
                link=reverse("doorverwijzing_lijst"),
            )
            for organisatie_id, aantal in sorted(per_initiatief.items())
        ]
    )


def _verwijzing_waarden(v: _VerwijzingRij, gezin: Gezin) -> dict:
    return {
        "gezin_id": gezin.pk,
        "organisatie_id": v.organisatie.pk,
        "soort": v.soort,
        "hulpvorm_id": v.hulpvorm.pk,
        "start": v.start,
        "einde": v.einde,
        "frequentie": v.frequentie,
        "pakket": v.pakket,
        "reden": v.reden,
    }


def _verwijzing_bijwerken(
    opgeslagen: dict, nieuw: dict, verschil: list[str], afzender: _Afzender, rv: Rijverslag
) -> None:
    """What a caseworker could change in the platform: a later end, frequency, parcel, reason."""
    nummer = opgeslagen["pk"]
    vast = [VASTE_VELDEN[v] for v in verschil if v in VASTE_VELDEN]
    if vast:
        rv.weiger(
            vast[0],
            gettext(
                "Doorverwijzing %(nummer)s bestaat al met een ander(e) %(velden)s. Dat kan niet "
                "via import veranderen: stop ze in het platform en geef de nieuwe een nieuw "
                "extern id."
            )
            % {"nummer": nummer, "velden": ", ".join(vast)},
        )
        return
    if opgeslagen["status"] not in LOPEND:
        status = Doorverwijzing.Status(opgeslagen["status"]).label
        rv.weiger(
            "",
            gettext("Doorverwijzing %(nummer)s is %(status)s: ze loopt niet meer.")
            % {"nummer": nummer, "status": status},
        )
        return
    if "einde" in verschil and nieuw["einde"] < opgeslagen["einde"]:
        rv.weiger(
            "einde",
            gettext(
                "Een vroegere einddatum kan niet via import: stop de doorverwijzing in het "
                "platform."
            ),
        )
        return
    dv = Doorverwijzing.objects.select_related("verwijzer__gemeente").get(pk=nummer)
    if "einde" in verschil:
        dv = services.doorverwijzing_verlengen(
            doorverwijzing=dv, lidmaatschap=afzender, einde=nieuw["einde"]
        )
    overige = [v for v in verschil if v in ("frequentie", "pakket", "reden")]
    if overige:
        for veld in overige:
            setattr(dv, veld, nieuw[veld])
        dv.save(update_fields=overige)
    rv.resultaat = BIJGEWERKT

"""Issue 13.6: figures per aid and per kind, households counted once across aids."""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from hulpverlening.models import Hulpvorm
from rapportering.dashboard import dashboard
from registratie.models import Afhaling


def _hulpvorm(slug, **velden):
    hulpvorm, _ = Hulpvorm.objects.update_or_create(
        slug=slug, defaults={"naam": slug.title(), **velden}
    )
    return hulpvorm


def _lijn(gezin, moment, hulpvorm, bezoek, dag, **kw):
    return Afhaling.objects.create(
        gezin=gezin,
        organisatie=moment.locatie.organisatie,
        locatie=moment.locatie,
        afhaalmoment=moment,
        hulpvorm=hulpvorm,
        bezoek=bezoek,
        datum=dag,
        gescand_op=timezone.now(),
        **kw,
    )


def test_a_household_with_three_aids_counts_once_in_all_and_once_per_aid(
    wereld, gezin_a, gezin_b, moment_a
):
    pakket = Hulpvorm.objects.standaard()
    kit = _hulpvorm("babyuitzet", soort="eenmalig", eenmalig_per="gezin")
    maaltijd = _hulpvorm("maaltijd", soort="maaltijd", eenheid="maaltijd")
    dag = timezone.localdate() - timedelta(days=3)
    bezoek = uuid.uuid4()
    _lijn(gezin_a, moment_a, pakket, bezoek, dag)
    _lijn(gezin_a, moment_a, kit, bezoek, dag)
    _lijn(gezin_a, moment_a, maaltijd, bezoek, dag, aantal=3, tarief="vol", bedrag=Decimal("22.50"))
    _lijn(gezin_b, moment_a, pakket, uuid.uuid4(), dag)

    cijfers = dashboard(
        gemeente=wereld.gent,
        organisatie=wereld.initiatief_a,
        van=dag - timedelta(days=10),
        tot=timezone.localdate() + timedelta(days=1),
    )

    assert cijfers["uniek"] == 2
    rijen = {r.naam: r for r in cijfers["per_hulpvorm"]["hulpvormen"]}
    assert (rijen["Voedselpakket"].gezinnen, rijen["Voedselpakket"].afhalingen) == (2, 2)
    assert (rijen["Babyuitzet"].gezinnen, rijen["Babyuitzet"].eenheden) == (1, 1)
    assert (rijen["Maaltijd"].eenheden, rijen["Maaltijd"].eenheid) == (3, "maaltijd")
    assert rijen["Maaltijd"].bedrag == Decimal("22.50")
    soorten = {r.naam: r.gezinnen for r in cijfers["per_hulpvorm"]["soorten"]}
    assert soorten == {"eenmalig pakket": 1, "maaltijd": 1, "pakket dat terugkomt": 2}
    # A visit of three aids is one visit in "how often per month".
    hoe_vaak = next(r for r in cijfers["reeksen"] if r.titel == "Hoe vaak per maand")
    assert dict(hoe_vaak.rijen)["1× per maand"] == 2


def test_city_figures_per_aid_are_masked_under_five(wereld, gezin_a, moment_a):
    pakket = Hulpvorm.objects.standaard()
    dag = timezone.localdate() - timedelta(days=3)
    _lijn(gezin_a, moment_a, pakket, uuid.uuid4(), dag)
    cijfers = dashboard(
        gemeente=wereld.gent,
        organisatie=None,
        van=dag - timedelta(days=10),
        tot=timezone.localdate() + timedelta(days=1),
    )
    (rij,) = cijfers["per_hulpvorm"]["hulpvormen"]
    assert rij.gezinnen == "<5"

import json
import time
import uuid
from dataclasses import asdict
from datetime import timedelta
from operator import attrgetter

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from hulpverlening import kalender, scoping, sessies
from hulpverlening.access import alleen_post, huidig_lidmaatschap, rol_vereist
from hulpverlening.bladeren import pagina_van
from hulpverlening.dubbels import gelijkaardige_gezinnen
from hulpverlening.models import Hulpvorm, Rol
from hulpverlening.services import KaartFout
from hulpverlening.toestemmingsteksten import DOSSIER_TEKST

from . import balie, rechten, services, sync
from . import waardebonnen as bonnen
from .forms import (
    AfhaalregelsForm,
    HulpvormenForm,
    HulpvormregelsForm,
    MomentHulpvormenForm,
    ZelfmelderForm,
)
from .models import Afhaling, Hulpvormregels

LEGE_SLEUTEL = "00000000-0000-0000-0000-000000000000"


def _balie_context(request: HttpRequest, moment, **extra) -> dict:
    buiten = balie.buiten_uren(moment)
    nu_open = balie.open_moment(balie.momenten_vandaag(request.lidmaatschap)) if buiten else None
    return {
        "moment": moment,
        "buiten_uren": buiten,
        "moment_van_nu": nu_open,
        "momenten_klok": balie.momenten_voor_klok(request.lidmaatschap),
        "marge_minuten": int(balie.OPEN_MARGE.total_seconds() // 60),
        "datum": timezone.localdate(),
        "lege_sleutel": LEGE_SLEUTEL,
        "toestemmingstekst": DOSSIER_TEKST,
        # Households, not pickups: a visit with three aids is one household at the door.
        "wachtend": Afhaling.objects.filter(afhaalmoment=moment, datum=timezone.localdate())
        .exclude(status=Afhaling.Status.ONGEDAAN)
        .values("gezin")
        .distinct()
        .count(),
        **extra,
    }


@rol_vereist(*Rol.BALIE)
def balie_kiezen(request: HttpRequest) -> HttpResponse:
    vandaag = balie.momenten_vandaag(request.lidmaatschap)
    nu_open = balie.open_moment(vandaag)
    if nu_open is not None and "kies" not in request.GET:
        return redirect("balie", moment=nu_open.pk)
    alle = balie.momenten_van(request.lidmaatschap).order_by("weekdag", "start")
    return render(
        request,
        "registratie/balie_kiezen.html",
        {"vandaag": vandaag, "alle": alle, "nu_open": nu_open},
    )


@rol_vereist(*Rol.BALIE)
def balie_view(request: HttpRequest, moment: int) -> HttpResponse:
    afhaalmoment = balie.moment_of_404(request.lidmaatschap, moment)
    sessies.tot_einde_van_moment(request, afhaalmoment, timezone.localdate())
    return render(request, "registratie/balie.html", _balie_context(request, afhaalmoment))


@require_http_methods(["GET", "POST"])
@rol_vereist(*Rol.BALIE)
def paneel(request: HttpRequest, moment: int) -> HttpResponse:
    """The panel after a scan. Card texts come by POST: a token or code in a URL ends up in logs."""
    afhaalmoment = balie.moment_of_404(request.lidmaatschap, moment)
    dag = timezone.localdate()
    # A household id (a link from the search results) may come by GET; a card
    # text only by POST.
    vraag = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and not vraag.get("gezin"):
        # A reload or an old link: the card itself never comes by GET.
        return redirect("balie", moment=afhaalmoment.pk)
    if vraag.get("gezin"):
        gegevens = balie.paneel_voor_gezin(request.lidmaatschap, afhaalmoment, vraag["gezin"], dag)
    else:
        tekst = request.POST.get("kaart", "")[:200]
        gegevens = balie.paneel_voor_kaart(request.lidmaatschap, afhaalmoment, tekst, dag)
    balie.paneel_getoond(gegevens)
    context = _balie_context(
        request, afhaalmoment, paneel=gegevens, sleutel=uuid.uuid4(), kaarttekst=gegevens.kaarttekst
    )
    template = "registratie/_paneel.html" if request.htmx else "registratie/balie.html"
    return render(request, template, context)


@alleen_post
@rol_vereist(*Rol.BALIE)
def registreren(request: HttpRequest, moment: int) -> HttpResponse:
    afhaalmoment = balie.moment_of_404(request.lidmaatschap, moment)
    dag = timezone.localdate()
    try:
        sleutel = uuid.UUID(request.POST.get("sleutel", ""))
    except ValueError:
        sleutel = uuid.uuid4()
    override = request.POST.get("override_reden", "")
    nu = timezone.now()
    try:
        gescand_op = parse_datetime(request.POST.get("gescand_op", "")) or nu
        if timezone.is_naive(gescand_op):
            gescand_op = timezone.make_aware(gescand_op)
    except (ValueError, OverflowError):
        gescand_op = nu
    if not nu - timedelta(days=1) <= gescand_op <= nu:
        # At the desk the pickup happens now; a wrong phone clock must not move it.
        gescand_op = nu
    kaart = gezin = None
    if request.POST.get("gezin"):
        gezin = scoping.gezin_of_404(request.lidmaatschap, request.POST["gezin"])
        gegevens = balie.paneel_voor_gezin(request.lidmaatschap, afhaalmoment, gezin.pk, dag)
    else:
        tekst = request.POST.get("kaart", "")[:200]
        gegevens = balie.paneel_voor_kaart(request.lidmaatschap, afhaalmoment, tekst, dag)
        kaart = gegevens.kaart
        if gegevens.getypt:
            # Each look-up of a typed code leaves a trace, also one registered at once.
            balie.paneel_getoond(gegevens)
    if gezin is not None:
        bewijs = Afhaling.Bewijs.GEZOCHT
    else:
        bewijs = Afhaling.Bewijs.GETYPT if gegevens.getypt else Afhaling.Bewijs.GESCAND
    resultaten = []
    if gegevens.fout or (kaart is None and gezin is None):
        resultaat = services.Registratieresultaat(
            services.Uitkomst.FOUT, gegevens.fout or _("Scan eerst een kaart.")
        )
    elif balie.buiten_uren(afhaalmoment) and request.POST.get("buiten_uren_ok") != "1":
        # Asked once more, on the same panel: "Toch registreren op dit moment?"
        context = _balie_context(
            request,
            afhaalmoment,
            paneel=gegevens,
            sleutel=sleutel,
            kaarttekst=gegevens.kaarttekst,
            buiten_vraag=True,
        )
        return render(request, "registratie/balie.html", context)
    else:
        keuze = _gekozen_lijnen(request.POST, gegevens, override)
        if isinstance(keuze, str):
            # Nothing ticked, or a meal count that cannot be: the same panel, with what
            # was typed and ticked, and the message.
            context = _balie_context(
                request,
                afhaalmoment,
                paneel=gegevens,
                sleutel=sleutel,
                kaarttekst=gegevens.kaarttekst,
                registreer_fout=keuze,
                aangevinkt=request.POST.getlist("hulpvorm"),
                override_reden=override,
            )
            template = "registratie/_paneel.html" if request.htmx else "registratie/balie.html"
            return render(request, template, context, status=200 if request.htmx else 422)
        gegevens_registratie = {
            "lidmaatschap": request.lidmaatschap,
            "afhaalmoment": afhaalmoment,
            "dag": dag,
            "gescand_op": gescand_op,
            "gezin": gezin,
            "kaart": kaart,
            "bewijs": bewijs,
        }
        if keuze is None:
            # A page from before aids were chosen: the rules' aid, as then.
            resultaat = services.afhaling_registreren(
                sleutel=sleutel, override_reden=override, **gegevens_registratie
            )
        else:
            resultaten = services.bezoek_registreren(
                bezoek=sleutel, lijnen=keuze, **gegevens_registratie
            )
            resultaat = _samengevat(resultaten)
    if request.htmx:
        context = _balie_context(
            request,
            afhaalmoment,
            resultaat=resultaat,
            resultaten=resultaten if len(resultaten) > 1 else [],
            bezoek=sleutel,
            paneel=gegevens,
            sleutel=uuid.uuid4(),
        )
        return render(request, "registratie/_bevestiging.html", context)
    niveau = messages.ERROR if resultaat.uitkomst == services.Uitkomst.FOUT else messages.SUCCESS
    messages.add_message(request, niveau, resultaat.bericht)
    if len(resultaten) > 1:
        # Which line did not go, and why: the summary alone hides it.
        for lijn, r in resultaten:
            if r.uitkomst != services.Uitkomst.GEACCEPTEERD:
                messages.add_message(
                    request,
                    messages.ERROR if r.uitkomst == services.Uitkomst.FOUT else messages.WARNING,
                    f"{lijn.hulpvorm.naam}: {r.bericht}",
                )
    return redirect("balie", moment=afhaalmoment.pk)


def _gekozen_lijnen(post, gegevens: balie.Paneel, override: str):
    """The visit's lines from the form: None for a form without aids (an old page), a
    message when it cannot be registered as typed, else the lines."""
    slugs = post.getlist("hulpvorm")
    if not slugs:
        return None if len(gegevens.aanbod) < 2 else _("Vink aan wat u meegeeft.")
    per_slug = {b.hulpvorm.slug: b for b in gegevens.aanbod if b.hulpvorm is not None}
    lijnen = []
    for slug in dict.fromkeys(slugs):
        oordeel = per_slug.get(slug)
        if oordeel is None:
            return _("Dit geeft u op dit afhaalmoment niet mee. Scan de kaart opnieuw.")
        volwassenen = kinderen = None
        if oordeel.is_maaltijd:
            try:
                volwassenen = int(post.get(f"volwassenen_{slug}", oordeel.volwassenen))
                kinderen = int(post.get(f"kinderen_{slug}", oordeel.kinderen))
            except ValueError:
                return _("Tel de maaltijden met cijfers.")
            oordeel.volwassenen, oordeel.kinderen = volwassenen, kinderen
            if (fout := services.maaltijdfout(oordeel.hulpvorm, volwassenen, kinderen)) is not None:
                return fout
        bonnen = eerste = None
        if oordeel.is_waardebon:
            try:
                bonnen = int(post.get(f"bonnen_{slug}") or 1)
                tekst = post.get(f"eerste_{slug}", "").strip()
                eerste = int(tekst) if tekst.isascii() and tekst.isdigit() else None
            except ValueError:
                return _("Tel de bonnen met cijfers.")
            oordeel.bonnen, oordeel.eerste_bon = bonnen, eerste
            if (fout := services.bonfout(oordeel.hulpvorm, bonnen, eerste)) is not None:
                return fout
        # A reason lifts only what is red: it must not let a green line pass the
        # one-per-moment constraint (an override stands outside it).
        reden = override if oordeel.kleur == rechten.ROOD else ""
        lijnen.append(services.Lijn(oordeel.hulpvorm, reden, volwassenen, kinderen, bonnen, eerste))
    return lijnen


def _samengevat(resultaten) -> services.Registratieresultaat:
    """One answer for the visit: its line's when it has one, else a count."""
    if len(resultaten) == 1:
        return resultaten[0][1]
    uitkomsten = [r.uitkomst for _lijn, r in resultaten]
    afhaling = next((r.afhaling for _lijn, r in resultaten if r.afhaling is not None), None)
    gelukt = sum(
        u in (services.Uitkomst.GEACCEPTEERD, services.Uitkomst.TE_CONTROLEREN) for u in uitkomsten
    )
    if not gelukt:
        uitkomst = services.Uitkomst.FOUT
    elif all(u == services.Uitkomst.GEACCEPTEERD for u in uitkomsten):
        uitkomst = services.Uitkomst.GEACCEPTEERD
    else:
        uitkomst = services.Uitkomst.TE_CONTROLEREN
    bericht = ngettext(
        "%(gelukt)d van %(aantal)d geregistreerd.",
        "%(gelukt)d van %(aantal)d geregistreerd.",
        len(resultaten),
    ) % {"gelukt": gelukt, "aantal": len(resultaten)}
    return services.Registratieresultaat(uitkomst, bericht, afhaling)


@alleen_post
@rol_vereist(*Rol.BALIE)
def toestemming(request: HttpRequest, moment: int) -> HttpResponse:
    """The person lets this organisation keep and open their file ("Mag ... inzien?")."""
    afhaalmoment = balie.moment_of_404(request.lidmaatschap, moment)
    tekst = request.POST.get("kaart", "")[:200]
    gegevens = balie.paneel_voor_kaart(
        request.lidmaatschap, afhaalmoment, tekst, timezone.localdate()
    )
    fout = ""
    if not gegevens.toestemming_vragen:
        fout = (
            _("Scan de QR-code op de kaart om toestemming te noteren.")
            if gegevens.getypt
            else gegevens.fout or _("Voor dit gezin is geen toestemming nodig.")
        )
    elif request.POST.get("antwoord") != "ja":
        fout = _("Duid aan dat de persoon ja zei, of sluit deze vraag.")
    if fout:
        context = _balie_context(
            request,
            afhaalmoment,
            paneel=gegevens,
            sleutel=uuid.uuid4(),
            kaarttekst=tekst,
            toestemming_fout=fout,
        )
        # htmx swaps only 2xx answers: the panel with its message comes as 200 there.
        if request.htmx:
            return render(request, "registratie/_paneel.html", context)
        return render(request, "registratie/balie.html", context, status=422)
    gezin = services.dossiertoestemming_registreren(
        lidmaatschap=request.lidmaatschap, kaart=gegevens.kaart
    )
    if request.htmx:
        gegevens = balie.paneel_voor_gezin(
            request.lidmaatschap, afhaalmoment, gezin.pk, timezone.localdate()
        )
        context = _balie_context(
            request, afhaalmoment, paneel=gegevens, sleutel=uuid.uuid4(), toestemming_ok=True
        )
        return render(request, "registratie/_paneel.html", context)
    messages.success(request, _("Toestemming genoteerd. Registreer nu de afhaling."))
    url = reverse("paneel", args=[afhaalmoment.pk])
    return redirect(f"{url}?gezin={gezin.pk}")


@alleen_post
@rol_vereist(*Rol.BALIE)
def ongedaan(request: HttpRequest, sleutel: uuid.UUID) -> HttpResponse:
    afhaling = services.afhaling_ongedaan_maken(sleutel=sleutel, lidmaatschap=request.lidmaatschap)
    bericht = (
        _("De afhaling is ongedaan gemaakt.")
        if afhaling
        else _("Dit kan niet meer ongedaan gemaakt worden. Vraag het aan de coördinator.")
    )
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"ongedaan": afhaling is not None, "bericht": bericht})
    messages.add_message(request, messages.SUCCESS if afhaling else messages.ERROR, bericht)
    moment = afhaling.afhaalmoment_id if afhaling else None
    return redirect("balie", moment=moment) if moment else redirect("balie_kiezen")


@alleen_post
@rol_vereist(*Rol.BALIE)
def zoeken(request: HttpRequest, moment: int) -> HttpResponse:
    """Search by name; by POST, so that names stay out of logs and history."""
    afhaalmoment = balie.moment_of_404(request.lidmaatschap, moment)
    zoek = request.POST.get("q", "").strip()[:60]
    personen = []
    if len(zoek) >= 2:
        # The caseworker's search (GezinQuerySet.zoek); the desk shows each household
        # by its reference person, most recently active first.
        gezinnen = scoping.getoond(
            scoping.gezinnen(request.lidmaatschap)
            .zoek(zoek)
            .prefetch_related("personen")
            .order_by("-laatste_activiteit")[:20],
            gezin=attrgetter("pk"),
        )
        personen = [g.referentiepersoon for g in gezinnen]
    context = _balie_context(request, afhaalmoment, personen=personen, zoek=zoek)
    template = "registratie/_zoekresultaten.html" if request.htmx else "registratie/balie.html"
    return render(request, template, context)


@rol_vereist(*Rol.BALIE)
def zelfmelder(request: HttpRequest, moment: int) -> HttpResponse:
    afhaalmoment = balie.moment_of_404(request.lidmaatschap, moment)
    lidmaatschap = request.lidmaatschap
    gelijkaardig: list[int] = []
    zichtbaar: list = []
    if request.method == "POST" and request.POST.get("begin"):
        # From the panel of a new card: an empty intake with that card filled in.
        form = ZelfmelderForm(initial={"kaart": request.POST.get("kaart", "")[:20]})
    elif request.method == "POST":
        form = ZelfmelderForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            kaart = None
            if data["kaart"]:
                opzoeking = scoping.kaart_opzoeken(lidmaatschap, data["kaart"])
                if not opzoeking.gevonden:
                    form.add_error("kaart", opzoeking.fout)
                elif not opzoeking.kaart.is_vrij:
                    form.add_error(
                        "kaart",
                        _("Deze kaart hoort al bij een gezin. Scan die kaart aan de balie."),
                    )
                else:
                    kaart = opzoeking.kaart
            # Only for a complete form with consent, and logged: the warning tells
            # whether a named person is known in the municipality.
            if not data["toch_nieuw"] and not form.errors:
                gelijkaardig = gelijkaardige_gezinnen(
                    gemeente=lidmaatschap.organisatie.gemeente,
                    voornaam=data["voornaam"],
                    achternaam=data["achternaam"],
                    geboortejaar=data["geboortejaar"],
                )
                zichtbaar = list(
                    scoping.gezinnen(lidmaatschap)
                    .filter(pk__in=gelijkaardig)
                    .prefetch_related("personen")
                )
            if not form.errors and not gelijkaardig:
                try:
                    gezin = services.zelfmelder_registreren(
                        lidmaatschap=lidmaatschap,
                        kaart=kaart,
                        **{
                            k: v
                            for k, v in data.items()
                            if k not in ("kaart", "toch_nieuw", "toestemming")
                        },
                    )
                except (services.IntakeFout, KaartFout) as fout:
                    form.add_error(None, str(fout))
                else:
                    messages.success(request, _("Geregistreerd. Registreer nu de afhaling."))
                    url = reverse("paneel", args=[afhaalmoment.pk])
                    return redirect(f"{url}?gezin={gezin.pk}")
            if gelijkaardig:
                form.data = form.data.copy()
                form.data["toch_nieuw"] = "on"
    else:
        form = ZelfmelderForm()
    return render(
        request,
        "registratie/zelfmelder.html",
        {
            "moment": afhaalmoment,
            "form": form,
            "gelijkaardig": gelijkaardig,
            "zichtbaar": zichtbaar,
        },
    )


@require_GET
@rol_vereist(*Rol.BALIE)
def rooster(request: HttpRequest, moment: int) -> JsonResponse:
    afhaalmoment = balie.moment_of_404(request.lidmaatschap, moment)
    data = balie.rooster(request.lidmaatschap, afhaalmoment, timezone.localdate())
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


def _sync_fout(bericht: str, code: str, status: int) -> JsonResponse:
    """A whole-request refusal. The phone acts on `code` only: a 400 from a proxy in
    front of the app has none, and must not decide the fate of queued pickups."""
    return JsonResponse({"fout": bericht, "code": code}, status=status)


@alleen_post
def sync_api(request: HttpRequest) -> JsonResponse:
    """The offline queue's upload. Answers in JSON, also for login and role problems."""
    if not request.user.is_authenticated:
        return _sync_fout(_("Meld u opnieuw aan om te verzenden."), "aanmelden", 401)
    lidmaatschap = huidig_lidmaatschap(request)
    if lidmaatschap is None or lidmaatschap.rol not in Rol.BALIE:
        return _sync_fout(_("Uw rol mag geen afhalingen registreren."), "rol", 403)
    if request.content_type != "application/json":
        return _sync_fout(_("Stuur de registraties als JSON."), "ongeldig", 400)
    try:
        lengte = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        lengte = 0
    if lengte > sync.MAX_BYTES:
        return _sync_fout(_("Te veel gegevens in één keer."), "te_groot", 413)
    try:
        data = json.loads(request.body)
        eigenaar = data.get("eigenaar") if isinstance(data, dict) else None
        # A shared phone: these pickups were queued by someone else (or for another
        # organisation); the phone keeps them for when that person logs in again.
        if isinstance(eigenaar, str) and eigenaar != (
            f"{request.user.pk}:{lidmaatschap.organisatie_id}"
        ):
            return _sync_fout(
                _("Deze afhalingen zijn van een andere vrijwilliger."), "andere_gebruiker", 409
            )
        # One transaction: the batch's pickups and their audit lines commit together,
        # with one WAL flush instead of one per statement.
        with transaction.atomic():
            antwoorden = sync.batch_verwerken(lidmaatschap, data)
    except (ValueError, UnicodeDecodeError, RecursionError) as fout:
        bericht = str(fout) if isinstance(fout, sync.OngeldigItem) else _("Ongeldige JSON.")
        return _sync_fout(bericht, "ongeldig", 400)
    return JsonResponse({"resultaten": antwoorden})


MAX_BEKEND = 500


@alleen_post
def sync_bekend(request: HttpRequest) -> JsonResponse:
    """Which of these keys did the server receive? Asked by a phone whose queue lost
    items outside its own confirmed sends (cleared storage, or the service worker sent
    them while the page was closed). Only this organisation's pickups are answered:
    another organisation's key is "unknown", as in the sync itself."""
    if not request.user.is_authenticated:
        return _sync_fout(_("Meld u opnieuw aan om te verzenden."), "aanmelden", 401)
    lidmaatschap = huidig_lidmaatschap(request)
    if lidmaatschap is None or lidmaatschap.rol not in Rol.BALIE:
        return _sync_fout(_("Uw rol mag geen afhalingen registreren."), "rol", 403)
    if request.content_type != "application/json":
        return _sync_fout(_("Stuur de sleutels als JSON."), "ongeldig", 400)
    try:
        data = json.loads(request.body)
        gevraagd = data["sleutels"] if isinstance(data, dict) else None
        if not isinstance(gevraagd, list) or len(gevraagd) > MAX_BEKEND:
            raise ValueError
        sleutels = {uuid.UUID(str(s)) for s in gevraagd}
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return _sync_fout(
            _("Stuur tot %(n)s sleutels als JSON.") % {"n": MAX_BEKEND}, "ongeldig", 400
        )
    bekend = Afhaling.objects.filter(
        organisatie=lidmaatschap.organisatie, idempotentiesleutel__in=sleutels
    ).values_list("idempotentiesleutel", flat=True)
    return JsonResponse({"bekend": sorted(str(s) for s in bekend)})


@rol_vereist(Rol.COORDINATOR)
def te_controleren(request: HttpRequest) -> HttpResponse:
    na_te_kijken = balie.na_te_kijken(request.lidmaatschap)
    if request.method == "POST":
        afhaling_id = request.POST.get("afhaling", "")
        if not (afhaling_id.isascii() and afhaling_id.isdigit()):
            raise Http404("Afhaling niet gevonden.")
        if request.POST.get("besluit") == "terugzetten":
            return _besluit_terugzetten(request)
        afhaling = get_object_or_404(na_te_kijken, pk=afhaling_id)
        goedgekeurd = request.POST.get("besluit") == "bevestigen"
        besluit = services.afhaling_beoordelen(
            afhaling=afhaling,
            goedgekeurd=goedgekeurd,
            door=request.user,
            opmerking=request.POST.get("opmerking", "")[:150],
        )
        if besluit is not None:
            # Taken back from the next page view, for BESLUIT_TERUG_SECONDEN.
            request.session[LAATSTE_BESLUIT] = {
                **asdict(besluit),
                "tot": time.time() + BESLUIT_TERUG_SECONDEN,
            }
        messages.success(
            request,
            _("Bevestigd: de afhaling telt mee.")
            if goedgekeurd
            else _("Afgekeurd: telt niet mee."),
        )
        return redirect("te_controleren")
    bladzijde = pagina_van(
        request,
        na_te_kijken.select_related(
            "locatie", "afhaalmoment", "geregistreerd_door", "hulpvorm"
        ).order_by("-gescand_op", "-pk"),
    )
    afhalingen = scoping.getoond(bladzijde.rijen)
    namen = scoping.korte_namen(a.gezin_id for a in afhalingen)
    for afhaling in afhalingen:
        afhaling.korte_naam = namen.get(afhaling.gezin_id, "")
    laatste = request.session.get(LAATSTE_BESLUIT)
    terug = laatste if laatste and laatste["tot"] > time.time() else None
    return render(
        request,
        "registratie/te_controleren.html",
        {"afhalingen": afhalingen, "bladzijde": bladzijde, "terug": terug},
    )


LAATSTE_BESLUIT = "te_controleren_laatste_besluit"
BESLUIT_TERUG_SECONDEN = 600


def _besluit_terugzetten(request: HttpRequest) -> HttpResponse:
    """The coordinator's last decision, taken back: the pickup is to be reviewed again."""
    laatste = request.session.pop(LAATSTE_BESLUIT, None)
    gelukt = (
        laatste is not None
        and laatste["tot"] > time.time()
        and str(laatste["afhaling_id"]) == request.POST.get("afhaling", "")
        and services.afhaling_terugzetten(
            besluit=services.Besluit(
                laatste["afhaling_id"], laatste["status"], laatste["reden_voor"]
            )
        )
    )
    if gelukt:
        messages.success(request, _("Teruggezet: de afhaling staat weer bij de na te kijken."))
    else:
        messages.error(request, _("Dit kan niet meer teruggezet worden."))
    return redirect("te_controleren")


@rol_vereist(Rol.COORDINATOR)
def afhaalregels(request: HttpRequest) -> HttpResponse:
    organisatie = request.lidmaatschap.organisatie
    regels = rechten.regels_van(organisatie)
    # Several forms on one page; the button's `deel` says which one was sent.
    deel = request.POST.get("deel", "regels") if request.method == "POST" else ""
    post = request.POST if request.method == "POST" else None
    form = AfhaalregelsForm(post if deel == "regels" else None, instance=regels)
    gegeven = list(organisatie.hulpvormen.all()) or [Hulpvorm.objects.standaard()]
    hulpvormen_form = HulpvormenForm(
        post if deel == "hulpvormen" else None, initial={"hulpvormen": gegeven}
    )
    if deel == "regels" and form.is_valid():
        form.save()
        messages.success(
            request, _("De afhaalregels zijn bewaard. Ze gelden vanaf de volgende scan.")
        )
        return redirect("afhaalregels")
    if deel == "hulpvormen" and hulpvormen_form.is_valid():
        organisatie.hulpvormen.set(hulpvormen_form.cleaned_data["hulpvormen"])
        messages.success(request, _("Bewaard: dit is wat uw organisatie geeft."))
        return redirect("afhaalregels")
    per_hulpvorm = afhaalregels_per_hulpvorm(organisatie, gegeven, post, deel)
    for item in per_hulpvorm:
        if deel == f"wis:{item['hulpvorm'].slug}" and item["eigen"] is not None:
            item["eigen"].delete()
            messages.success(
                request,
                _("%(hulpvorm)s volgt weer de regels van uw organisatie.")
                % {"hulpvorm": item["hulpvorm"].naam},
            )
            return redirect("afhaalregels")
        if deel == f"hulpvorm:{item['hulpvorm'].slug}" and item["form"].is_valid():
            item["form"].save()
            messages.success(
                request,
                _("De regels voor %(hulpvorm)s zijn bewaard.")
                % {"hulpvorm": item["hulpvorm"].naam},
            )
            return redirect("afhaalregels")
    momenten = []
    for moment in balie.momenten_van(request.lidmaatschap).order_by("weekdag", "start"):
        eigen = deel == f"moment:{moment.pk}"
        momentform = MomentHulpvormenForm(
            post if eigen else None,
            prefix=f"m{moment.pk}",
            hulpvormen=Hulpvorm.objects.filter(pk__in=[h.pk for h in gegeven]),
            initial={"hulpvormen": list(moment.hulpvormen.all())},
        )
        if eigen and momentform.is_valid():
            moment.hulpvormen.set(momentform.cleaned_data["hulpvormen"])
            messages.success(
                request,
                _("Bewaard: wat u geeft in %(locatie)s op %(moment)s.")
                % {"locatie": moment.locatie.naam, "moment": moment},
            )
            return redirect("afhaalregels")
        momenten.append({"moment": moment, "form": momentform})
    return render(
        request,
        "registratie/afhaalregels.html",
        {
            "form": form,
            "hulpvormen_form": hulpvormen_form,
            "per_hulpvorm": per_hulpvorm if len(gegeven) > 1 else [],
            "momenten": momenten if len(gegeven) > 1 else [],
            "deel": deel,
            # A form of another organisation's moment or aid, or one that no longer is.
            "onbekend_deel": request.method == "POST"
            and deel not in {"regels", "hulpvormen"}
            and not any(
                deel in (f"hulpvorm:{i['hulpvorm'].slug}", f"wis:{i['hulpvorm'].slug}")
                for i in per_hulpvorm
            )
            and not any(deel == f"moment:{m['moment'].pk}" for m in momenten),
        },
    )


def afhaalregels_per_hulpvorm(organisatie, gegeven, post, deel) -> list[dict]:
    """Per aid the organisation gives: its own rules (or None) and their form."""
    eigen = {r.hulpvorm_id: r for r in Hulpvormregels.objects.filter(organisatie=organisatie)}
    items = []
    for hulpvorm in gegeven:
        regels = eigen.get(hulpvorm.pk)
        instance = regels or Hulpvormregels(organisatie=organisatie, hulpvorm=hulpvorm)
        if regels is None and hulpvorm.soort == Hulpvorm.Soort.MAALTIJD:
            instance.max_per_periode = 0
        form = HulpvormregelsForm(
            post if deel == f"hulpvorm:{hulpvorm.slug}" else None,
            instance=instance,
            prefix=hulpvorm.slug,
        )
        items.append({"hulpvorm": hulpvorm, "eigen": regels, "form": form})
    return items


@require_http_methods(["GET", "POST"])
@rol_vereist(Rol.COORDINATOR)
def waardebonnen(request: HttpRequest) -> HttpResponse:
    """Vouchers a partner gave back: typed or from the partner's CSV, each redeemed once."""
    organisatie = request.lidmaatschap.organisatie
    uitkomsten, fout = [], ""
    tekst = bij = ""
    if request.method == "POST":
        tekst = request.POST.get("nummers", "")
        bij = request.POST.get("bij", "").strip()[:100]
        try:
            nummers = bonnen.nummers_lezen(tekst, request.FILES.get("bestand"))
        except bonnen.BonnenFout as e:
            fout = str(e)
        else:
            uitkomsten = bonnen.bonnen_inwisselen(
                lidmaatschap=request.lidmaatschap, nummers=nummers, bij=bij
            )
            tekst = ""
    vandaag = timezone.localdate()
    van = kalender.maanden_terug(kalender.maand_van(vandaag), 11)
    cijfers = bonnen.bonnencijfers(
        gemeente=organisatie.gemeente,
        organisatie=organisatie,
        van=van,
        tot=vandaag + timedelta(days=1),
    )
    return render(
        request,
        "registratie/waardebonnen.html",
        {
            "uitkomsten": uitkomsten,
            "ingewisseld": sum(u.uitkomst == bonnen.INGEWISSELD for u in uitkomsten),
            "fout": fout,
            "tekst": tekst[: bonnen.MAX_TEKST],
            "bij": bij,
            "cijfers": cijfers,
            "van": van,
        },
        status=422 if fout else 200,
    )

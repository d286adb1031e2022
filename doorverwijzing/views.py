from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from hulpverlening import scoping
from hulpverlening.access import alleen_post, rol_vereist
from hulpverlening.afhaalgegevens import gebruik, momenten_met_drukte, werkgebied
from hulpverlening.kaartpdf import qr_svg
from hulpverlening.models import Locatie, Organisatie, Rol

from . import scoping as dv_scoping
from . import services
from .brief import brief_pdf
from .forms import AanvaardenForm, DoorverwijzingForm, EindeForm, WeigerenForm
from .models import Doorverwijzing


def _initiatieven_voor(verwijzer: Organisatie, postcode: str) -> list[Organisatie]:
    """Initiatives in the municipality whose area includes this postcode (or that set none)."""
    initiatieven = Organisatie.objects.filter(
        gemeente_id=verwijzer.gemeente_id,
        actief=True,
        soort__in=[
            Organisatie.Soort.VOEDSELHULP,
            Organisatie.Soort.SOCIALE_KRUIDENIER,
            Organisatie.Soort.SOCIAAL_RESTAURANT,
        ],
    ).order_by("naam")
    if not postcode:
        return list(initiatieven)
    return [o for o in initiatieven if postcode in (werkgebied(o) or [postcode])]


@rol_vereist(*Rol.VERWIJZERS)
def doorverwijzing_nieuw(request: HttpRequest, gezin: int) -> HttpResponse:
    # A read line also for a successful POST: the form was filled in from this file.
    gezin = scoping.gezin_getoond(request, gezin)
    verwijzer = request.lidmaatschap.organisatie
    form = DoorverwijzingForm(request.POST or None, verwijzer=verwijzer)
    if request.method == "POST" and form.is_valid():
        try:
            dv = services.doorverwijzing_aanmaken(
                lidmaatschap=request.lidmaatschap, gezin=gezin, **form.cleaned_data
            )
        except services.DoorverwijzingFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(
                request,
                _(
                    "%(soort)s verstuurd naar %(initiatief)s. Geef de kaart mee, of druk de "
                    "brief af."
                )
                % {"soort": dv.get_soort_display().capitalize(), "initiatief": dv.organisatie.naam},
            )
            return redirect("doorverwijzing_detail", pk=dv.pk)
    dichtbij, verder, in_postcode = _initiatieven_met_drukte(verwijzer, gezin.postcode)
    gekozen = str(form["organisatie"].value() or "")
    return render(
        request,
        "doorverwijzing/nieuw.html",
        {
            "gezin": gezin,
            "form": form,
            "dichtbij": dichtbij,
            "verder": verder,
            "gekozen": gekozen,
            "in_postcode": in_postcode,
            "verder_open": any(str(k.organisatie.pk) == gekozen for k in verder),
        },
    )


@dataclass(frozen=True)
class Keuze:
    """An initiative on the referral form, with its moments least busy first."""

    organisatie: Organisatie
    momenten: list
    bedient: bool  # its area includes the household's postcode (or it sets none)

    @property
    def bezetting(self) -> float:
        return self.momenten[0].bezetting if self.momenten else 9


def _initiatieven_met_drukte(verwijzer: Organisatie, postcode: str):
    """The initiatives with a location in the household's postcode, least busy first (or,
    with none there, the five least busy that serve it); then all others: those serving
    the postcode least busy first, then those that do not, by name."""
    alle = _initiatieven_voor(verwijzer, "")
    bedienen = {o.pk for o in _initiatieven_voor(verwijzer, postcode)}
    per_initiatief = {o.pk: [] for o in alle}
    for d in momenten_met_drukte(alle, tot=timezone.localdate()):
        per_initiatief[d.moment.locatie.organisatie_id].append(d)
    ter_plaatse = set(
        Locatie.objects.filter(organisatie__in=alle, actief=True, postcode=postcode).values_list(
            "organisatie_id", flat=True
        )
    )
    keuzes = [Keuze(o, per_initiatief[o.pk], o.pk in bedienen) for o in alle]
    # Least busy first, so the caseworker spreads people over moments.
    bediend = sorted((k for k in keuzes if k.bedient), key=lambda k: k.bezetting)
    dichtbij = [k for k in bediend if k.organisatie.pk in ter_plaatse]
    in_postcode = bool(dichtbij)
    if not dichtbij:
        dichtbij = bediend[:5]
    verder = [k for k in bediend if k not in dichtbij] + [k for k in keuzes if not k.bedient]
    return dichtbij, verder, in_postcode


def _detail_context(request: HttpRequest, dv: Doorverwijzing, **formulieren) -> dict:
    organisatie = request.lidmaatschap.organisatie
    drukte = []
    if dv.organisatie_id == organisatie.pk and dv.status == Doorverwijzing.Status.VERSTUURD:
        drukte = momenten_met_drukte([organisatie], tot=timezone.localdate())
    return {
        "dv": dv,
        "cijfers": gebruik(dv),
        "is_verwijzer": dv.verwijzer_id == organisatie.pk,
        "is_initiatief": dv.organisatie_id == organisatie.pk,
        "lopend": dv.status in (Doorverwijzing.Status.VERSTUURD, Doorverwijzing.Status.AANVAARD),
        "drukte": drukte,
        "aanvaard_form": formulieren.get("aanvaard_form")
        or AanvaardenForm(organisatie=organisatie),
        "weiger_form": formulieren.get("weiger_form") or WeigerenForm(),
        "einde_form": formulieren.get("einde_form") or EindeForm(),
        "kaart": dv.gezin.actieve_kaart,
    }


@rol_vereist(*Rol.DOORVERWIJZING)
def doorverwijzing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dv = dv_scoping.doorverwijzing_getoond(request, pk)
    return render(request, "doorverwijzing/detail.html", _detail_context(request, dv))


@alleen_post
@rol_vereist(*Rol.DOORVERWIJZING)
def doorverwijzing_actie(request: HttpRequest, pk: int, actie: str) -> HttpResponse:
    """Answer, extend, stop or renew; HTMX gets the updated part, a plain POST a redirect."""
    dv = dv_scoping.doorverwijzing_of_404(request.lidmaatschap, pk)
    lid = request.lidmaatschap
    formulieren = {}
    try:
        if actie == "aanvaarden":
            form = formulieren["aanvaard_form"] = AanvaardenForm(
                request.POST, organisatie=lid.organisatie
            )
            if form.is_valid():
                dv = services.doorverwijzing_aanvaarden(
                    doorverwijzing=dv,
                    lidmaatschap=lid,
                    afhaalmoment=form.cleaned_data["afhaalmoment"],
                )
                messages.success(request, _("Aanvaard. De verwijzer krijgt bericht."))
        elif actie == "weigeren":
            form = formulieren["weiger_form"] = WeigerenForm(request.POST)
            if form.is_valid():
                dv = services.doorverwijzing_weigeren(
                    doorverwijzing=dv,
                    lidmaatschap=lid,
                    weigerreden=form.cleaned_data["weigerreden"],
                )
                messages.success(request, _("Geweigerd. De verwijzer krijgt de reden."))
        elif actie in ("verlengen", "hernieuwen"):
            form = formulieren["einde_form"] = EindeForm(request.POST)
            if form.is_valid():
                functie = (
                    services.doorverwijzing_verlengen
                    if actie == "verlengen"
                    else services.doorverwijzing_hernieuwen
                )
                dv = functie(doorverwijzing=dv, lidmaatschap=lid, einde=form.cleaned_data["einde"])
                messages.success(request, _("Bewaard."))
        elif actie == "stoppen":
            form = None
            dv = services.doorverwijzing_stoppen(doorverwijzing=dv, lidmaatschap=lid)
            messages.success(request, _("Gestopt. Het initiatief krijgt bericht."))
        else:
            return render(request, "404.html", status=404)
    except services.DoorverwijzingFout as fout:
        messages.error(request, str(fout))
        form = None
    if form is not None and not form.is_valid():
        context = _detail_context(request, dv, **formulieren)
        template = (
            "doorverwijzing/detail.html#acties" if request.htmx else "doorverwijzing/detail.html"
        )
        return render(request, template, context, status=422)
    if request.htmx:
        dv = dv_scoping.doorverwijzing_of_404(request.lidmaatschap, dv.pk)
        if request.headers.get("HX-Target", "").startswith("rij-"):
            return render(request, "doorverwijzing/_inbox_rij.html", {"dv": dv})
        return render(request, "doorverwijzing/detail.html#acties", _detail_context(request, dv))
    return redirect("doorverwijzing_detail", pk=dv.pk)


# A phone screen shows a few; a page of 25 stays a few screens long.
PER_PAGINA = 25


@rol_vereist(*Rol.DOORVERWIJZING)
def doorverwijzing_lijst(request: HttpRequest) -> HttpResponse:
    """Caseworkers: what they sent. Initiatives: their inbox, newest unanswered first."""
    organisatie = request.lidmaatschap.organisatie
    alle = (
        dv_scoping.doorverwijzingen(request.lidmaatschap)
        .select_related("gezin", "organisatie", "verwijzer", "hulpvorm", "afhaalmoment__locatie")
        .prefetch_related("gezin__personen")
    )
    vandaag = timezone.localdate()
    status = request.GET.get("status", "")
    zoek = request.GET.get("q", "").strip()[:100]
    if request.lidmaatschap.rol == Rol.COORDINATOR:
        lijst = alle.filter(organisatie=organisatie)
        titel = _("Inkomende doorverwijzingen")
    else:
        lijst = alle.filter(verwijzer=organisatie)
        titel = _("Mijn doorverwijzingen")
    if status in Doorverwijzing.Status.values:
        lijst = lijst.met_huidige_status(status, vandaag)
    else:
        lijst = lijst.filter(
            Q(status__in=[Doorverwijzing.Status.VERSTUURD, Doorverwijzing.Status.AANVAARD])
            | Q(einde__gte=vandaag - timezone.timedelta(days=30))
        )
    for woord in zoek.split():
        lijst = lijst.filter(
            Q(gezin__personen__voornaam__icontains=woord)
            | Q(gezin__personen__achternaam__icontains=woord)
        )
    pagina = Paginator(lijst.distinct().eerst_te_doen(vandaag), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    rijen = scoping.getoond(pagina.object_list)
    drukte = []
    if request.lidmaatschap.rol == Rol.COORDINATOR:
        drukte = momenten_met_drukte([organisatie], tot=vandaag)
    context = {
        "rijen": rijen,
        "pagina": pagina,
        "zoek": zoek,
        "titel": titel,
        "status": status,
        "statussen": Doorverwijzing.Status.choices,
        "drukte": drukte,
        "weigerredenen": Doorverwijzing.Weigerreden.choices,
        "filters": urlencode({k: v for k, v in (("status", status), ("q", zoek)) if v}),
    }
    template = "doorverwijzing/lijst.html#tabel" if request.htmx else "doorverwijzing/lijst.html"
    return render(request, template, context)


@rol_vereist(*Rol.DOORVERWIJZING)
def doorverwijzing_brief(request: HttpRequest, pk: int) -> HttpResponse:
    dv = dv_scoping.doorverwijzing_of_404(request.lidmaatschap, pk)
    kaart = dv.gezin.actieve_kaart
    if kaart is None:
        messages.error(
            request, _("Het gezin heeft nog geen kaart. Maak of koppel eerst een kaart.")
        )
        return redirect("doorverwijzing_detail", pk=dv.pk)
    response = HttpResponse(
        brief_pdf(dv, kaart, qr_svg(kaart.qr_payload)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="doorverwijzing-{dv.pk}.pdf"'
    return response

import re
from operator import attrgetter

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from . import berichten as berichten_van
from . import scoping, services
from .access import alleen_post, huidig_lidmaatschap, ingelogd_vereist, rol_vereist
from .bladeren import pagina_van
from .csvexport import csv_response
from .dubbels import gelijkaardige_gezinnen
from .forms import (
    ContactForm,
    GezinForm,
    KaartbatchForm,
    KaartIntrekkenForm,
    KaartKoppelenForm,
    PersoonFormSet,
    PersoonWijzigFormSet,
    met_extra_persoon,
    samenstelling_nakijken,
)
from .kaartpdf import kaarten_pdf
from .middleware import SESSION_KEY
from .models import Auditregel, KaartBatch, Lidmaatschap, Persoon, Rol
from .terugweg import gevraagde_terugweg, terugweg


def _pdf(inhoud: bytes, bestandsnaam: str) -> HttpResponse:
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{bestandsnaam}"'
    return response


@ingelogd_vereist
def home(request: HttpRequest) -> HttpResponse:
    lidmaatschap = huidig_lidmaatschap(request)
    if lidmaatschap is None:
        return redirect("kies_organisatie")
    return render(request, "hulpverlening/home.html", {"lidmaatschap": lidmaatschap})


@ingelogd_vereist
def kies_organisatie(request: HttpRequest) -> HttpResponse:
    lidmaatschappen = (
        Lidmaatschap.objects.actief()
        .filter(user=request.user)
        .select_related("organisatie", "organisatie__gemeente")
        .order_by("organisatie__naam")
    )
    volgende = gevraagde_terugweg(request, "next")
    if request.method == "POST":
        keuze = request.POST.get("lidmaatschap", "")
        gekozen = (
            lidmaatschappen.filter(pk=keuze).first()
            if keuze.isascii() and keuze.isdigit()
            else None
        )
        if gekozen is None:
            messages.error(request, _("Kies een van uw organisaties."))
        else:
            request.session[SESSION_KEY] = gekozen.pk
            return redirect(terugweg(request, "next"))
    return render(
        request,
        "hulpverlening/kies_organisatie.html",
        {"lidmaatschappen": lidmaatschappen, "next": volgende},
    )


@require_http_methods(["GET", "POST"])
@rol_vereist(*Rol.GEZINSGEGEVENS)
def gezin_lijst(request: HttpRequest) -> HttpResponse:
    """Searched by POST: a name in a URL ends up in access logs and browser history."""
    zoek = request.POST.get("q", "").strip()[:100]
    gezinnen = scoping.gezinnen(request.lidmaatschap).zoek(zoek)
    fout = ""
    gezinnen = scoping.getoond(
        gezinnen.prefetch_related("personen").order_by("-laatste_activiteit")[:50],
        gezin=attrgetter("pk"),
    )
    template = "hulpverlening/gezin_lijst.html"
    if request.htmx:
        template += "#resultaten"
    return render(request, template, {"gezinnen": gezinnen, "zoek": zoek, "fout": fout})


def _persoongegevens(velden: dict) -> services.PersoonGegevens:
    return services.PersoonGegevens(
        velden["voornaam"], velden["achternaam"], velden["geboortejaar"], velden["relatie"]
    )


@rol_vereist(*Rol.DOSSIERBEHEER)
def gezin_nieuw(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "meer" in request.POST:
        data = met_extra_persoon(request.POST)
        form, personen = GezinForm(data), PersoonFormSet(data, prefix="persoon")
    elif request.method == "POST":
        form = GezinForm(request.POST)
        personen = PersoonFormSet(request.POST, prefix="persoon")
        if samenstelling_nakijken(form, personen):
            gegevens = [_persoongegevens(p) for p in personen.blijvende]
            # Before a second household for one family (issue 17.1): asked once; a
            # second "Gezin registreren" with toch_nieuw makes it anyway.
            if not request.POST.get("toch_nieuw"):
                gelijkaardig = _gelijkaardig(request.lidmaatschap, gegevens)
                if gelijkaardig:
                    return render(
                        request,
                        "hulpverlening/gezin_nieuw.html",
                        {
                            "form": form,
                            "personen": personen,
                            "gelijkaardig": gelijkaardig,
                            "zichtbaar": list(
                                scoping.gezinnen(request.lidmaatschap)
                                .filter(pk__in=gelijkaardig)
                                .prefetch_related("personen")
                            ),
                        },
                    )
            gezin = services.gezin_aanmaken(
                organisatie=request.lidmaatschap.organisatie,
                personen=gegevens,
                **form.cleaned_data,
            )
            messages.success(request, _("Het gezin is geregistreerd. Geef nu een kaart mee."))
            return redirect(gezin)
    else:
        form = GezinForm()
        personen = PersoonFormSet(
            prefix="persoon", initial=[{"relatie": Persoon.Relatie.REFERENTIEPERSOON}]
        )
    return render(
        request,
        "hulpverlening/gezin_nieuw.html",
        {"form": form, "personen": personen, "meer": "meer" in request.POST},
    )


def _gelijkaardig(lidmaatschap, personen: list[services.PersoonGegevens]) -> list[int]:
    """Households in the municipality with a person like one of these (name and birth year)."""
    gevonden: set[int] = set()
    for persoon in personen:
        if persoon.geboortejaar and persoon.voornaam and persoon.achternaam:
            gevonden |= set(
                gelijkaardige_gezinnen(
                    gemeente=lidmaatschap.organisatie.gemeente,
                    voornaam=persoon.voornaam,
                    achternaam=persoon.achternaam,
                    geboortejaar=persoon.geboortejaar,
                )
            )
    return sorted(gevonden)


def _wijzigingen(personen) -> list[services.PersoonWijziging]:
    wijzigingen = []
    for rij in personen.forms:
        if rij in personen.deleted_forms:
            if rij.instance.pk:
                wijzigingen.append(services.PersoonWijziging(rij.instance.pk, None))
        elif rij.cleaned_data:
            gegevens = _persoongegevens(rij.cleaned_data)
            wijzigingen.append(services.PersoonWijziging(rij.instance.pk, gegevens))
    return wijzigingen


@rol_vereist(*Rol.DOSSIERBEHEER)
def gezin_wijzigen(request: HttpRequest, pk: int) -> HttpResponse:
    """Composition, postcode and persons: a birth, a new partner, someone who left."""
    gezin = scoping.gezin_getoond(request, pk)
    personen_qs = gezin.personen.order_by("pk")
    if request.method == "POST":
        data = met_extra_persoon(request.POST) if "meer" in request.POST else request.POST
        form = GezinForm(data, instance=gezin)
        personen = PersoonWijzigFormSet(data, queryset=personen_qs, prefix="persoon")
        if "meer" not in request.POST and samenstelling_nakijken(form, personen):
            services.gezin_wijzigen(
                gezin=gezin, samenstelling=form.cleaned_data, personen=_wijzigingen(personen)
            )
            messages.success(request, _("De gegevens van het gezin zijn bewaard."))
            return redirect(gezin)
    else:
        form = GezinForm(instance=gezin)
        personen = PersoonWijzigFormSet(queryset=personen_qs, prefix="persoon")
    status = 422 if request.method == "POST" and "meer" not in request.POST else 200
    return render(
        request,
        "hulpverlening/gezin_wijzigen.html",
        {"gezin": gezin, "form": form, "personen": personen, "meer": "meer" in request.POST},
        status=status,
    )


def _gezin_detail_context(request: HttpRequest, gezin, **extra) -> dict:
    return {
        "gezin": gezin,
        "kaart": gezin.actieve_kaart,
        "oude_kaarten": gezin.kaarten.exclude(ingetrokken_op__isnull=True).order_by(
            "-ingetrokken_op"
        ),
        "mag_kaarten_beheren": request.lidmaatschap.rol in Rol.DOSSIERBEHEER,
        "koppel_form": extra.pop("koppel_form", KaartKoppelenForm()),
        "intrek_form": extra.pop("intrek_form", KaartIntrekkenForm()),
        **extra,
    }


@rol_vereist(*Rol.GEZINSGEGEVENS)
def gezin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    gezin = scoping.gezin_getoond(request, pk)
    return render(request, "hulpverlening/gezin_detail.html", _gezin_detail_context(request, gezin))


@alleen_post
@rol_vereist(*Rol.DOSSIERBEHEER)
def gezin_kaart_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    gezin = scoping.gezin_of_404(request.lidmaatschap, pk)
    kaart = services.kaart_uitgeven(gezin=gezin, organisatie=request.lidmaatschap.organisatie)
    messages.success(
        request, _("Nieuwe kaart %(code)s gemaakt. Druk ze af.") % {"code": kaart.leesbare_code}
    )
    return redirect(gezin)


@alleen_post
@rol_vereist(*Rol.DOSSIERBEHEER)
def gezin_kaart_koppelen(request: HttpRequest, pk: int) -> HttpResponse:
    gezin = scoping.gezin_of_404(request.lidmaatschap, pk)
    form = KaartKoppelenForm(request.POST)
    if form.is_valid():
        opzoeking = scoping.kaart_opzoeken(request.lidmaatschap, form.cleaned_data["code"])
        if not opzoeking.gevonden:
            form.add_error("code", opzoeking.fout)
        else:
            try:
                services.kaart_koppelen(
                    kaart=opzoeking.kaart, gezin=gezin, organisatie=request.lidmaatschap.organisatie
                )
            except services.KaartFout as fout:
                form.add_error("code", str(fout))
            else:
                messages.success(request, _("De kaart hoort nu bij dit gezin."))
                return redirect(gezin)
    context = _gezin_detail_context(request, gezin, koppel_form=form)
    return render(request, "hulpverlening/gezin_detail.html", context, status=422)


@alleen_post
@rol_vereist(*Rol.DOSSIERBEHEER)
def gezin_kaart_intrekken(request: HttpRequest, pk: int) -> HttpResponse:
    gezin = scoping.gezin_of_404(request.lidmaatschap, pk)
    form = KaartIntrekkenForm(request.POST)
    kaart = gezin.actieve_kaart
    if kaart is None:
        messages.error(request, _("Dit gezin heeft geen actieve kaart."))
        return redirect(gezin)
    if form.is_valid():
        services.kaart_intrekken(kaart=kaart, reden=form.cleaned_data["reden"])
        messages.success(request, _("De kaart is ingetrokken. Ze werkt niet meer bij afhalingen."))
        return redirect(gezin)
    context = _gezin_detail_context(request, gezin, intrek_form=form)
    return render(request, "hulpverlening/gezin_detail.html", context, status=422)


@rol_vereist(*Rol.DOSSIERBEHEER)
def gezin_kaart_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    gezin = scoping.gezin_of_404(request.lidmaatschap, pk)
    kaart = gezin.actieve_kaart
    if kaart is None:
        messages.error(request, _("Dit gezin heeft geen actieve kaart. Maak eerst een kaart."))
        return redirect(gezin)
    return _pdf(kaarten_pdf([kaart], vel=False), f"kaart-{kaart.code}.pdf")


@require_http_methods(["GET", "POST"])
@rol_vereist(*Rol.GEZINSGEGEVENS)
def kaart_opzoeken(request: HttpRequest) -> HttpResponse:
    """By POST: a card code in a URL ends up in access logs and browser history."""
    tekst = request.POST.get("code", "")[:200]
    opzoeking = scoping.kaart_opzoeken(request.lidmaatschap, tekst) if tekst else None
    return render(
        request, "hulpverlening/kaart_opzoeken.html", {"tekst": tekst, "opzoeking": opzoeking}
    )


@rol_vereist(Rol.COORDINATOR)
def organisatie_contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, instance=request.lidmaatschap.organisatie)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Bewaard. Nieuwe brieven tonen deze gegevens."))
        return redirect("organisatie_contact")
    status = 422 if form.is_bound else 200
    return render(request, "hulpverlening/organisatie_contact.html", {"form": form}, status=status)


@rol_vereist(*Rol.DOSSIERBEHEER)
def kaartbatch_lijst(request: HttpRequest) -> HttpResponse:
    organisatie = request.lidmaatschap.organisatie
    if request.method == "POST":
        form = KaartbatchForm(request.POST)
        if form.is_valid():
            batch = services.kaartbatch_aanmaken(
                organisatie=organisatie, aantal=form.cleaned_data["aantal"], door=request.user
            )
            messages.success(
                request,
                ngettext(
                    "%(aantal)d kaart gemaakt. Druk het PDF-bestand af.",
                    "%(aantal)d kaarten gemaakt. Druk het PDF-bestand af.",
                    batch.aantal,
                )
                % {"aantal": batch.aantal},
            )
            return redirect("kaartbatch_lijst")
    else:
        form = KaartbatchForm()
    bladzijde = pagina_van(request, KaartBatch.objects.filter(organisatie=organisatie))
    return render(
        request,
        "hulpverlening/kaartbatch_lijst.html",
        {"form": form, "batches": bladzijde.rijen, "bladzijde": bladzijde},
    )


@rol_vereist(*Rol.DOSSIERBEHEER)
def kaartbatch_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(KaartBatch, organisatie=request.lidmaatschap.organisatie, pk=pk)
    kaarten = list(batch.kaarten.select_related("uitgegeven_door", "gemeente").order_by("pk"))
    return _pdf(kaarten_pdf(kaarten, vel=True), f"kaarten-{batch.pk}.pdf")


def _auditregels(request: HttpRequest):
    regels = Auditregel.objects.van_gemeente(request.lidmaatschap.organisatie.gemeente_id)
    filters = {}
    if re.fullmatch(r"[0-9]{1,12}", gezin := request.GET.get("gezin", "").strip()):
        filters["gezin_id"] = int(gezin)
    if gebruiker := request.GET.get("gebruiker", "").strip()[:150]:
        filters["gebruikersnaam"] = gebruiker
    if (actie := request.GET.get("actie", "")) in Auditregel.Actie.values:
        filters["actie"] = actie
    for veld, lookup in (("van", "tijd__date__gte"), ("tot", "tijd__date__lte")):
        try:
            dag = parse_date(request.GET.get(veld, "") or "")
        except ValueError:
            dag = None  # a well-formed impossible date such as 2026-02-30: no filter
        if dag:
            filters[lookup] = dag
    return regels.filter(**filters)


@rol_vereist(Rol.BEHEERDER)
def auditlog(request: HttpRequest) -> HttpResponse:
    regels = _auditregels(request)
    if request.GET.get("formaat") == "csv":
        return csv_response(
            "auditlog.csv",
            [
                _("tijd (Belgische tijd, met verschil tot UTC)"),
                _("gebruiker"),
                _("organisatie"),
                _("gezin"),
                _("actie"),
                _("waar"),
                _("status"),
            ],
            (
                (
                    timezone.localtime(r.tijd).isoformat(),
                    r.gebruikersnaam,
                    r.organisatie_id,
                    r.gezin_id,
                    r.actie,
                    r.waar,
                    r.status,
                )
                for r in regels.iterator()
            ),
        )
    return render(
        request,
        "hulpverlening/auditlog.html",
        {
            "bladzijde": (bladzijde := pagina_van(request, regels, per=100)),
            "regels": bladzijde.rijen,
            "acties": Auditregel.Actie.choices,
            "filter": request.GET,
        },
    )


@ingelogd_vereist
def berichten(request: HttpRequest) -> HttpResponse:
    """In-app messages for the user and for their active organisation."""
    lidmaatschap = huidig_lidmaatschap(request)
    lijst = berichten_van.voor(request.user, lidmaatschap)
    if request.method == "POST":
        lijst.filter(gelezen_op__isnull=True).update(gelezen_op=timezone.now())
        return redirect("berichten")
    bladzijde = pagina_van(request, lijst.order_by("-aangemaakt_op", "-pk"), per=50)
    rijen = bladzijde.rijen
    berichten_van.met_namen(rijen, lidmaatschap)
    return render(
        request,
        "hulpverlening/berichten.html",
        {"groepen": berichten_van.gegroepeerd(rijen), "bladzijde": bladzijde},
    )

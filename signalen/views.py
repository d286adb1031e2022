from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hulpverlening import audit, namen
from hulpverlening.access import alleen_post, rol_vereist
from hulpverlening.bladeren import pagina_van
from hulpverlening.csvexport import csv_response
from hulpverlening.models import Rol
from hulpverlening.terugweg import gevraagde_terugweg

from . import bewijs, dossier, gebieden, gelijkenis, persoonsgegevens, queries, services, vvsg
from .forms import BundelForm, KlasserenForm, MeldingForm, SignaalForm, StatusForm, ThemaForm
from .models import Actie, Melding, Signaal, Thema
from .prioriteit import FORMULE, TREND_FORMULE
from .themas import doet_mee, themas_voor

# What a link from another screen may prefill: a missed right suggests its theme.
RECHT_NAAR_THEMA = {
    "sociaal_energietarief": "energie",
    "sociaal_watertarief": "energie",
    "huurpremie": "wonen",
    "verhoogde_tegemoetkoming": "gezondheid",
    "leefloon": "werk",
    "schooltoeslag": "onderwijs",
    "groeipakket_toeslag": "onderwijs",
    "uitpas_kansentarief": "vrije-tijd",
}
MAX_LIJST = 300


def _gemeente(request: HttpRequest):
    return request.lidmaatschap.organisatie.gemeente


def _niet_deelnemend(request: HttpRequest) -> HttpResponse:
    return render(request, "signalen/niet_deelnemend.html", {"gemeente": _gemeente(request)})


# --- field workers -----------------------------------------------------------------------


def _voorinvulling(request: HttpRequest, themas: list[Thema]) -> tuple[dict, list[str]]:
    """Initial values from the link that opened the form (?thema=voeding&bron=balie)."""
    slugs = {t.slug for t in themas}
    gevraagd = [t[:40] for t in request.GET.getlist("thema")[:10]]
    gevraagd += [
        RECHT_NAAR_THEMA[r] for r in request.GET.getlist("recht")[:10] if r in RECHT_NAAR_THEMA
    ]
    onbekend = [t for t in gevraagd if t not in slugs]
    bron = request.GET.get("bron", "")
    gebied = request.GET.get("gebied", "") or request.GET.get("postcode", "")
    initial = {
        "themas": [t for t in dict.fromkeys(gevraagd) if t in slugs],
        "bron": bron if bron in Melding.Bron.values else Melding.Bron.FORMULIER,
        "gebied": gebied[:60].replace("\x00", ""),
        "met_organisatie": True,
    }
    return initial, onbekend


def _terug(request: HttpRequest) -> str:
    return gevraagde_terugweg(request, "terug")


@rol_vereist(*Rol.VELDWERKERS)
def melding_nieuw(request: HttpRequest) -> HttpResponse:
    gemeente = _gemeente(request)
    if not doet_mee(gemeente):
        return _niet_deelnemend(request)
    themas = themas_voor(gemeente)
    onbekend: list[str] = []
    status = 200
    if request.method == "POST":
        data = request.POST.copy()
        if "vervangen" in data:
            # Replace what was found by [naam], [telefoonnummer] ...; the worker reads it first.
            data["tekst"] = persoonsgegevens.maskeer(
                data.get("tekst", ""), register=namen.van_gemeente(gemeente)
            )
            data["geweigerd"] = ""
            form = MeldingForm(data, gemeente=gemeente, themas=themas)
            form.is_valid()
            messages.info(request, _("Vervangen. Lees de tekst na en bewaar."))
        else:
            form = MeldingForm(data, gemeente=gemeente, themas=themas)
            if form.is_valid():
                postcode, wijk = form.cleaned_data["gebied"]
                try:
                    services.melding_aanmaken(
                        lidmaatschap=request.lidmaatschap,
                        themas=form.gekozen_themas(),
                        tekst=form.cleaned_data["tekst"],
                        omvang=form.cleaned_data["omvang"],
                        frequentie=form.cleaned_data["frequentie"],
                        postcode=postcode,
                        wijk=wijk,
                        met_organisatie=form.cleaned_data["met_organisatie"],
                        bron=form.cleaned_data["bron"] or Melding.Bron.FORMULIER,
                    )
                except services.SignaalFout as fout:
                    form.add_error(None, str(fout))
                else:
                    messages.success(
                        request,
                        _("Bedankt, uw melding is bewaard. U volgt ze op bij Mijn meldingen."),
                    )
                    return redirect(_terug(request) or "mijn_meldingen")
            status = 422
    else:
        initial, onbekend = _voorinvulling(request, themas)
        form = MeldingForm(initial=initial, gemeente=gemeente, themas=themas)
    return render(
        request,
        "signalen/melding_nieuw.html",
        {
            "form": form,
            "gebieden": gebieden.suggesties(gemeente),
            "onbekend": onbekend,
            "terug": _terug(request),
        },
        status=status,
    )


@alleen_post
@rol_vereist(*Rol.VELDWERKERS)
def melding_controleren(request: HttpRequest) -> HttpResponse:
    """While typing: what the checker would refuse (HTMX swaps this into the form)."""
    tekst = request.POST.get("tekst", "")[: 2 * 1000]
    vondsten = persoonsgegevens.zoek(tekst, namen.van_gemeente(_gemeente(request)))
    return render(request, "signalen/_controle.html", {"vondsten": vondsten})


@rol_vereist(*Rol.VELDWERKERS)
def mijn_meldingen(request: HttpRequest) -> HttpResponse:
    bladzijde = pagina_van(
        request,
        Melding.objects.filter(gemeld_door=request.user, gemeente=_gemeente(request))
        .select_related("signaal", "organisatie")
        .prefetch_related(
            "themas",
            Prefetch("signaal__acties", queryset=Actie.objects.order_by("-op", "-id")),
            Prefetch("signaal__meldingen", queryset=Melding.objects.only("id", "signaal_id")),
        )
        .order_by("-gemeld_op", "-id"),
    )
    return render(
        request,
        "signalen/mijn_meldingen.html",
        {"meldingen": bladzijde.rijen, "bladzijde": bladzijde, "stappen": Signaal.Status.choices},
    )


# --- policy staff: inbox and bundling ---------------------------------------------------------


def _open_signalen(request: HttpRequest) -> list[Signaal]:
    return list(
        queries.signalen(request.lidmaatschap)
        .exclude(status=Signaal.Status.AFGESLOTEN)
        .prefetch_related("themas", "meldingen__themas")
    )


def _thema_filter(request: HttpRequest, themas: list[Thema]) -> str:
    gevraagd = request.GET.get("thema", "")
    return gevraagd if gevraagd in {t.slug for t in themas} else ""


def _inbox(request: HttpRequest, *, fout_form=None, fout_melding=None, status=200):
    gemeente = _gemeente(request)
    themas = themas_voor(gemeente)
    thema = _thema_filter(request, themas)
    inbox = queries.meldingen(request.lidmaatschap).in_inbox().select_related("organisatie")
    if thema:
        inbox = inbox.filter(themas__slug=thema)
    rijen = list(inbox.prefetch_related("themas")[:MAX_LIJST])
    open_signalen = _open_signalen(request)
    profielen = [
        (s, gelijkenis.Profiel.van(s.meldingen.all(), s.titel, s.omschrijving))
        for s in open_signalen
    ]
    for melding in rijen:
        beste = [(s, profiel.vergelijk(melding)) for s, profiel in profielen if s.meldingen.all()]
        beste = [b for b in beste if b[1].score >= gelijkenis.DREMPEL]
        melding.suggestie = max(beste, key=lambda b: b[1].score) if beste else None
        melding.klasseer_form = (
            fout_form
            if fout_melding == melding.pk
            else KlasserenForm(auto_id=f"id_%s_{melding.pk}")
        )
    return render(
        request,
        "signalen/inbox.html",
        {
            "rijen": rijen,
            "themas": themas,
            "thema": thema,
            "totaal": queries.meldingen(request.lidmaatschap).in_inbox().count(),
            "doet_mee": doet_mee(gemeente),
        },
        status=status,
    )


@rol_vereist(*Rol.BELEID)
def signalen_inbox(request: HttpRequest) -> HttpResponse:
    return _inbox(request)


@alleen_post
@rol_vereist(*Rol.BELEID)
def melding_klasseren(request: HttpRequest, pk: int) -> HttpResponse:
    melding = queries.melding_of_404(request.lidmaatschap, pk)
    form = KlasserenForm(request.POST, auto_id=f"id_%s_{melding.pk}")
    if form.is_valid():
        try:
            services.melding_klasseren(melding=melding, reden=form.cleaned_data["reden"])
        except services.SignaalFout as fout:
            form.add_error("reden", str(fout))
        else:
            messages.success(
                request, _("Geklasseerd. De melder ziet waarom. U vindt ze terug bij Geklasseerd.")
            )
            return redirect("signalen_inbox")
    return _inbox(request, fout_form=form, fout_melding=melding.pk, status=422)


@rol_vereist(*Rol.BELEID)
def meldingen_geklasseerd(request: HttpRequest) -> HttpResponse:
    """The meldingen set aside without a signaal, last first, each with a way back."""
    themas = themas_voor(_gemeente(request))
    thema = _thema_filter(request, themas)
    geklasseerd = queries.meldingen(request.lidmaatschap).geklasseerd()
    rijen = geklasseerd.filter(themas__slug=thema) if thema else geklasseerd
    return render(
        request,
        "signalen/geklasseerd.html",
        {
            "rijen": rijen.select_related("organisatie")
            .prefetch_related("themas")
            .order_by("-geklasseerd_op", "-id")[:MAX_LIJST],
            "themas": themas,
            "thema": thema,
            "totaal": geklasseerd.count(),
        },
    )


@alleen_post
@rol_vereist(*Rol.BELEID)
def melding_terugzetten(request: HttpRequest, pk: int) -> HttpResponse:
    melding = queries.melding_of_404(request.lidmaatschap, pk)
    try:
        services.melding_terugzetten(melding=melding)
    except services.SignaalFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("De melding staat terug in de inbox."))
    return redirect("meldingen_geklasseerd")


def _gekozen_meldingen(request: HttpRequest, waarden: list[str]) -> list[Melding]:
    return list(
        queries.meldingen(request.lidmaatschap)
        .filter(pk__in=queries.ids(waarden[:MAX_LIJST]))
        .select_related("organisatie")
        .prefetch_related("themas")
    )


@rol_vereist(*Rol.BELEID)
def signaal_nieuw(request: HttpRequest) -> HttpResponse:
    """Chosen inbox meldingen, similar ones suggested, into a new or an existing signaal."""
    bron = request.POST if request.method == "POST" else request.GET
    gekozen = [m for m in _gekozen_meldingen(request, bron.getlist("melding")) if m.in_inbox]
    open_signalen = _open_signalen(request)
    form = BundelForm(
        request.POST or None,
        signalen=open_signalen,
        initial={"titel": _titelvoorstel(gekozen)},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.cleaned_data["wat"] == BundelForm.Wat.NIEUW:
                    signaal = services.signaal_aanmaken(
                        lidmaatschap=request.lidmaatschap,
                        titel=form.cleaned_data["titel"].strip(),
                        meldingen=gekozen,
                    )
                else:
                    signaal = queries.signaal_of_404(
                        request.lidmaatschap, form.cleaned_data["signaal"]
                    )
                    services.meldingen_toevoegen(signaal=signaal, meldingen=gekozen)
            except services.SignaalFout as fout:
                form.add_error(None, str(fout))
            else:
                messages.success(
                    request,
                    ngettext(
                        # Translators: Dutch writes "melding(en)" for one and for more.
                        "%(aantal)s melding(en) gebundeld.",
                        "%(aantal)s melding(en) gebundeld.",
                        len(gekozen),
                    )
                    % {"aantal": len(gekozen)},
                )
                return redirect(signaal)
        status = 422
    kandidaten = (
        queries.meldingen(request.lidmaatschap)
        .in_inbox()
        .exclude(pk__in=[m.pk for m in gekozen])
        .prefetch_related("themas")
        .select_related("organisatie")[:MAX_LIJST]
    )
    profiel = gelijkenis.Profiel.van(gekozen)
    passende = []
    for signaal in open_signalen if gekozen else []:
        signaalprofiel = gelijkenis.Profiel.van(signaal.meldingen.all(), signaal.titel)
        passende.append(
            (signaal, max((signaalprofiel.vergelijk(m) for m in gekozen), key=lambda g: g.score))
        )
    return render(
        request,
        "signalen/signaal_nieuw.html",
        {
            "form": form,
            "gekozen": gekozen,
            "suggesties": gelijkenis.suggesties(profiel, kandidaten) if gekozen else [],
            "passende": sorted(
                [p for p in passende if p[1].score >= gelijkenis.DREMPEL],
                key=lambda p: -p[1].score,
            )[:3],
            "extra": set(queries.ids(bron.getlist("melding"))) - {m.pk for m in gekozen},
        },
        status=status,
    )


def _titelvoorstel(meldingen: list[Melding]) -> str:
    if not meldingen:
        return ""
    eerste = meldingen[0]
    thema = next(iter(eerste.themas.all()), None)
    delen = [thema.naam if thema else "", eerste.wijk or eerste.postcode]
    return " · ".join(d for d in delen if d)[:120]


# --- policy staff: signalen -------------------------------------------------------------------


@rol_vereist(*Rol.BELEID)
def signaal_lijst(request: HttpRequest) -> HttpResponse:
    gemeente = _gemeente(request)
    themas = themas_voor(gemeente)
    thema = _thema_filter(request, themas)
    status = request.GET.get("status", "open")
    qs = queries.signalen(request.lidmaatschap)
    if status in Signaal.Status.values:
        qs = qs.filter(status=status)
    elif status != "alle":
        status = "open"
        qs = qs.exclude(status=Signaal.Status.AFGESLOTEN)
    if thema:
        qs = qs.filter(themas__slug=thema)
    rijen = queries.met_prioriteit(qs)
    hoogste = max((r.prioriteit.score for r in rijen), default=0)
    return render(
        request,
        "signalen/signaal_lijst.html",
        {
            "rijen": rijen,
            "hoogste": hoogste or 1,
            "themas": themas,
            "thema": thema,
            "status": status,
            "statussen": Signaal.Status.choices,
            "formule": FORMULE,
            "inbox": queries.meldingen(request.lidmaatschap).in_inbox().count(),
            "doet_mee": doet_mee(gemeente),
        },
    )


def _detail(request: HttpRequest, signaal: Signaal, *, status_form=None, bewerk_form=None):
    gemeente = _gemeente(request)
    themas = themas_voor(gemeente)
    meldingen = list(signaal.meldingen.select_related("organisatie").prefetch_related("themas"))
    prioriteit = queries.prioriteit_van(signaal)
    kandidaten = (
        queries.meldingen(request.lidmaatschap)
        .in_inbox()
        .prefetch_related("themas")
        .select_related("organisatie")[:MAX_LIJST]
    )
    profiel = gelijkenis.Profiel.van(meldingen, signaal.titel, signaal.omschrijving)
    signaal_themas = list(signaal.themas.all())
    alles = request.GET.get("bewijs") == "alle"
    figuren = bewijs.bewijs_voor(
        gemeente,
        themas={t.slug for t in signaal_themas},
        postcodes={m.postcode for m in meldingen if m.postcode},
        alles=alles,
    )
    if bewerk_form is None:
        bewerk_form = SignaalForm(
            initial={
                "titel": signaal.titel,
                "omschrijving": signaal.omschrijving,
                "ernst": signaal.ernst,
                "themas": [t.slug for t in signaal_themas],
            },
            themas=themas_voor(gemeente, ook_inactief=True),
        )
    volgende = services.VOLGENDE[signaal.status]
    return render(
        request,
        "signalen/signaal_detail.html",
        {
            "signaal": signaal,
            "meldingen": meldingen,
            "organisaties": sorted({m.organisatie.naam for m in meldingen if m.organisatie}),
            "gebieden": sorted({m.gebied for m in meldingen if m.gebied}),
            "prioriteit": prioriteit,
            "formule": FORMULE,
            "trend_formule": TREND_FORMULE,
            "acties": signaal.acties.select_related("door_organisatie").order_by("-op", "-id"),
            "suggesties": gelijkenis.suggesties(profiel, kandidaten),
            "bewijs": figuren,
            "status_form": status_form or StatusForm(initial={"naar": volgende[0]}),
            "volgende": [(s, Signaal.Status(s).label) for s in volgende],
            "bewerk_form": bewerk_form,
            "stappen": Signaal.Status.choices,
            "themas": themas,
        },
        status=422 if (status_form or bewerk_form.is_bound) else 200,
    )


@rol_vereist(*Rol.BELEID)
def signaal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, queries.signaal_of_404(request.lidmaatschap, pk))


@alleen_post
@rol_vereist(*Rol.BELEID)
def signaal_status(request: HttpRequest, pk: int) -> HttpResponse:
    signaal = queries.signaal_of_404(request.lidmaatschap, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            actie = services.signaal_status_wijzigen(
                signaal=signaal,
                lidmaatschap=request.lidmaatschap,
                naar=form.cleaned_data["naar"],
                tekst=form.cleaned_data["tekst"],
            )
        except services.SignaalFout as fout:
            form.add_error(None, str(fout))
        else:
            if actie.is_statuswijziging:
                messages.success(
                    request, _("Status: %(status)s.") % {"status": signaal.get_status_display()}
                )
            else:
                messages.success(request, _("Actie bewaard."))
            return redirect(signaal)
    return _detail(request, signaal, status_form=form)


@alleen_post
@rol_vereist(*Rol.BELEID)
def signaal_bewerken(request: HttpRequest, pk: int) -> HttpResponse:
    signaal = queries.signaal_of_404(request.lidmaatschap, pk)
    form = SignaalForm(request.POST, themas=themas_voor(_gemeente(request), ook_inactief=True))
    if form.is_valid():
        try:
            services.signaal_bewerken(
                signaal=signaal,
                titel=form.cleaned_data["titel"],
                omschrijving=form.cleaned_data["omschrijving"],
                ernst=form.cleaned_data["ernst"],
                themas=form.gekozen_themas(),
            )
        except services.SignaalFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("Signaal bijgewerkt."))
            return redirect(signaal)
    return _detail(request, signaal, bewerk_form=form)


@alleen_post
@rol_vereist(*Rol.BELEID)
def signaal_meldingen(request: HttpRequest, pk: int) -> HttpResponse:
    """Add suggested inbox meldingen to the signaal, or send one back to the inbox."""
    signaal = queries.signaal_of_404(request.lidmaatschap, pk)
    los = queries.ids(request.POST.getlist("loskoppelen"))
    if los:
        melding = queries.melding_of_404(request.lidmaatschap, los[0])
        services.melding_loskoppelen(signaal=signaal, melding=melding)
        messages.success(request, _("De melding staat terug in de inbox."))
        return redirect(signaal)
    gekozen = _gekozen_meldingen(request, request.POST.getlist("melding"))
    try:
        aantal = services.meldingen_toevoegen(signaal=signaal, meldingen=gekozen)
    except services.SignaalFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(
            request,
            ngettext(
                # Translators: Dutch writes "melding(en)" for one and for more.
                "%(aantal)s melding(en) toegevoegd.",
                "%(aantal)s melding(en) toegevoegd.",
                aantal,
            )
            % {"aantal": aantal},
        )
    terug = _terug(request)
    return redirect(terug or signaal.get_absolute_url())


# --- exports --------------------------------------------------------------------------------


def _selectie(request: HttpRequest) -> list[queries.SignaalMetPrioriteit]:
    """The signalen asked for (?signaal=1&signaal=2), or all open ones; another's: 404."""
    gevraagd = request.GET.getlist("signaal")[:MAX_LIJST]
    qs = queries.signalen(request.lidmaatschap)
    if gevraagd:
        ids = queries.ids(gevraagd)
        qs = qs.filter(pk__in=ids)
        if len(ids) != len(gevraagd) or qs.count() != len(set(ids)):
            raise Http404("Een van de gevraagde signalen bestaat niet in uw gemeente.")
    else:
        qs = qs.exclude(status=Signaal.Status.AFGESLOTEN)
    return queries.met_prioriteit(qs)


@rol_vereist(*Rol.BELEID)
@audit.exporteert
def signalen_pdf(request: HttpRequest) -> HttpResponse:
    selectie = _selectie(request)
    inhoud = dossier.dossier_pdf(_gemeente(request), selectie)
    response = HttpResponse(inhoud, content_type="application/pdf")
    naam = f"signaal-{selectie[0].signaal.pk}" if len(selectie) == 1 else "signalen"
    response["Content-Disposition"] = f'inline; filename="{naam}-{timezone.localdate():%Y%m%d}.pdf"'
    return response


@rol_vereist(*Rol.BELEID)
def signalen_csv(request: HttpRequest) -> HttpResponse:
    selectie = _selectie(request)
    return csv_response(
        f"signalen-{timezone.localdate():%Y%m%d}.csv",
        [str(kolom) for kolom in dossier.CSV_KOLOMMEN],
        dossier.csv_rijen(selectie),
    )


# --- themes and the VVSG overview ----------------------------------------------------------


@rol_vereist(*Rol.BELEID)
def signalen_themas(request: HttpRequest) -> HttpResponse:
    gemeente = _gemeente(request)
    themas = themas_voor(gemeente, ook_inactief=True)
    form = ThemaForm()
    status = 200
    if request.method == "POST":
        wissel = request.POST.get("wissel", "")
        if wissel:
            thema = next((t for t in themas if t.slug == wissel), None)
            if thema is not None:
                Thema.objects.filter(pk=thema.pk).update(actief=not thema.actief)
                bericht = (
                    _("“%(thema)s” staat uit.") if thema.actief else _("“%(thema)s” staat aan.")
                )
                messages.success(request, bericht % {"thema": thema.naam})
            return redirect("signalen_themas")
        form = ThemaForm(request.POST)
        if form.is_valid():
            naam = form.cleaned_data["naam"]
            slug = slugify(naam)[:40]
            if any(t.slug == slug or t.naam.lower() == naam.lower() for t in themas):
                form.add_error("naam", _("Dit thema bestaat al."))
            else:
                Thema.objects.create(gemeente=gemeente, slug=slug, naam=naam, volgorde=len(themas))
                messages.success(request, _("Thema “%(thema)s” toegevoegd.") % {"thema": naam})
                return redirect("signalen_themas")
        status = 422
    gebruik = dict(
        Thema.objects.filter(gemeente=gemeente)
        .annotate(n=Count("meldingen"))
        .values_list("slug", "n")
    )
    for thema in themas:
        thema.gebruik = gebruik.get(thema.slug, 0)
    return render(request, "signalen/themas.html", {"themas": themas, "form": form}, status=status)


@rol_vereist(Rol.BELEIDSMEDEWERKER, Rol.BEHEERDER)
def signalen_vvsg(request: HttpRequest) -> HttpResponse:
    lidmaatschap = request.lidmaatschap
    if lidmaatschap.rol == Rol.BELEIDSMEDEWERKER and not doet_mee(
        lidmaatschap.organisatie.gemeente
    ):
        raise PermissionDenied("Enkel voor gemeenten die meedoen aan Lokaal Signaal.")
    deelnemers = vvsg.deelnemende_gemeenten()
    gekozen = next((g for g in deelnemers if g.slug == request.GET.get("gemeente")), None)
    return render(
        request,
        "signalen/vvsg.html",
        {
            "overzicht": vvsg.overzicht(gemeente=gekozen),
            "deelnemers": deelnemers,
            "gekozen": gekozen,
            "klein": vvsg.KLEIN,
            "lijst_url": reverse("signalen_vvsg"),
        },
    )

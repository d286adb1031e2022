from datetime import date

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from hulpverlening import audit
from hulpverlening.access import alleen_post, rol_vereist
from hulpverlening.bladeren import pagina_van
from hulpverlening.models import Organisatie, Rol

from . import leveringen_import, services, tasks
from .cijfers import maand_van, vorige_maand
from .forms import LeveringenCsvForm, LeveringForm
from .models import Levering, Rapport

FORMATEN = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _rapporten(request: HttpRequest):
    """Coordinators: their organisation's reports. City staff: the city's, and all submitted."""
    lid = request.lidmaatschap
    alle = Rapport.objects.filter(gemeente_id=lid.organisatie.gemeente_id)
    if lid.rol == Rol.STADSMEDEWERKER:
        return alle.filter(organisatie__isnull=True) | alle.filter(ingediend_op__isnull=False)
    return alle.filter(organisatie=lid.organisatie)


def _maanden(aantal: int = 12) -> list[date]:
    maand = vorige_maand(maand_van(timezone.localdate()))
    lijst = [maand_van(timezone.localdate())]
    for _ in range(aantal - 1):
        lijst.append(maand)
        maand = vorige_maand(maand)
    return lijst


@rol_vereist(*Rol.RAPPORTEN)
def rapporten(request: HttpRequest) -> HttpResponse:
    lid = request.lidmaatschap
    stad = lid.rol == Rol.STADSMEDEWERKER
    bestaande = {
        r.maand: r
        for r in _rapporten(request).filter(organisatie=None if stad else lid.organisatie)
    }
    context = {
        "stad": stad,
        "rijen": [(maand, bestaande.get(maand)) for maand in _maanden()],
    }
    if stad:
        maand = vorige_maand(maand_van(timezone.localdate()))
        organisaties = Organisatie.objects.filter(
            gemeente_id=lid.organisatie.gemeente_id,
            soort__in=[
                Organisatie.Soort.VOEDSELHULP,
                Organisatie.Soort.SOCIALE_KRUIDENIER,
                Organisatie.Soort.SOCIAAL_RESTAURANT,
            ],
        ).order_by("naam")
        ingediend = {
            r.organisatie_id: r
            for r in Rapport.objects.filter(
                organisatie__in=organisaties, maand=maand, ingediend_op__isnull=False
            )
        }
        context["overzicht_maand"] = maand
        context["overzicht"] = [(o, ingediend.get(o.pk)) for o in organisaties]
    return render(request, "rapportering/rapporten.html", context)


@alleen_post
@rol_vereist(*Rol.RAPPORTEN)
def rapport_aanvragen(request: HttpRequest) -> HttpResponse:
    lid = request.lidmaatschap
    try:
        maand = date.fromisoformat(request.POST.get("maand", ""))
        rapport, _gestart = tasks.aanvragen(
            gemeente=lid.organisatie.gemeente,
            organisatie=None if lid.rol == Rol.STADSMEDEWERKER else lid.organisatie,
            maand=maand,
        )
    except ValueError:
        messages.error(request, gettext("Kies een maand."))
        return redirect("rapporten")
    except services.RapportFout as fout:
        messages.error(request, str(fout))
        return redirect("rapporten")
    rapport.refresh_from_db()
    if request.htmx:
        return render(
            request,
            "rapportering/_rapport_status.html",
            {"maand": rapport.maand, "rapport": rapport},
        )
    return redirect("rapporten")


@rol_vereist(*Rol.RAPPORTEN)
def rapport_status(request: HttpRequest, pk: int) -> HttpResponse:
    rapport = get_object_or_404(_rapporten(request), pk=pk)
    return render(
        request, "rapportering/_rapport_status.html", {"maand": rapport.maand, "rapport": rapport}
    )


@rol_vereist(*Rol.RAPPORTEN)
@audit.exporteert
def rapport_download(request: HttpRequest, pk: int, formaat: str) -> HttpResponse:
    rapport = get_object_or_404(_rapporten(request), pk=pk, status=Rapport.Status.KLAAR)
    if formaat not in FORMATEN:
        raise Http404
    bestand = getattr(rapport, formaat)
    if not bestand or not bestand.storage.exists(bestand.name):
        # A report whose file went missing: make it again, never a server error.
        raise Http404("Dit bestand is er niet meer. Maak het rapport opnieuw.")
    return FileResponse(
        bestand.open("rb"),
        content_type=FORMATEN[formaat],
        as_attachment=formaat != "pdf",
        filename=bestand.name.rsplit("/", 1)[-1],
    )


@alleen_post
@rol_vereist(Rol.COORDINATOR)
def rapport_indienen(request: HttpRequest, pk: int) -> HttpResponse:
    rapport = get_object_or_404(_rapporten(request), pk=pk)
    try:
        services.rapport_indienen(rapport=rapport, door=request.user)
        messages.success(request, gettext("Ingediend. De stad ziet dat uw rapport binnen is."))
    except services.RapportFout as fout:
        messages.error(request, str(fout))
    return redirect("rapporten")


@rol_vereist(Rol.COORDINATOR)
def leveringen(request: HttpRequest) -> HttpResponse:
    organisatie = request.lidmaatschap.organisatie
    form = LeveringForm(request.POST or None)
    csv_form = LeveringenCsvForm()
    if request.method == "POST" and form.is_valid():
        levering = form.save(commit=False)
        levering.organisatie = organisatie
        levering.aangemaakt_door = request.user
        levering.save()
        messages.success(
            request,
            gettext("Levering van %(kg)s kg bewaard.")
            % {"kg": number_format(levering.totaal, decimal_pos=1)},
        )
        return redirect("leveringen")
    bladzijde = pagina_van(request, Levering.objects.filter(organisatie=organisatie))
    return render(
        request,
        "rapportering/leveringen.html",
        {"form": form, "csv_form": csv_form, "leveringen": bladzijde.rijen, "bladzijde": bladzijde},
    )


@alleen_post
@rol_vereist(Rol.COORDINATOR)
def leveringen_importeren(request: HttpRequest) -> HttpResponse:
    csv_form = LeveringenCsvForm(request.POST, request.FILES)
    verslag = None
    if csv_form.is_valid():
        verslag = leveringen_import.importeren(
            organisatie=request.lidmaatschap.organisatie,
            inhoud=csv_form.cleaned_data["bestand"].read(),
            door=request.user,
        )
    return render(
        request,
        "rapportering/leveringen.html",
        {
            "form": LeveringForm(),
            "csv_form": csv_form,
            "verslag": verslag,
            "leveringen": (
                bladzijde := pagina_van(
                    request, Levering.objects.filter(organisatie=request.lidmaatschap.organisatie)
                )
            ).rijen,
            "bladzijde": bladzijde,
        },
        status=200 if verslag is not None else 422,
    )


@rol_vereist(*Rol.RAPPORTEN)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    from datetime import timedelta

    from django.utils.safestring import mark_safe

    from .dashboard import dashboard_bewaard
    from .grafieken import staven, warmtekaart

    lid = request.lidmaatschap
    stad = lid.rol == Rol.STADSMEDEWERKER
    try:
        maanden = min(max(int(request.GET.get("maanden", 12)), 1), 36)
    except ValueError:
        maanden = 12
    tot = timezone.localdate() + timedelta(days=1)
    van = tot - timedelta(days=30 * maanden)
    cijfers, berekend_op = dashboard_bewaard(
        gemeente=lid.organisatie.gemeente,
        organisatie=None if stad else lid.organisatie,
        van=van,
        tot=tot,
    )
    grafieken = [(r, mark_safe(staven(r.rijen, hoogste=r.hoogste))) for r in cijfers["reeksen"]]  # noqa: S308
    return render(
        request,
        "rapportering/dashboard.html",
        {
            "stad": stad,
            "maanden": maanden,
            "cijfers": cijfers,
            "berekend_op": berekend_op,
            "grafieken": grafieken,
            "warmtekaart": mark_safe(warmtekaart(cijfers["heatmap"])),  # noqa: S308 - numbers only
        },
    )

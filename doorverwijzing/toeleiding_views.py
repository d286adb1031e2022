from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hulpverlening import scoping
from hulpverlening.access import alleen_post, rol_vereist
from hulpverlening.bladeren import pagina_van
from hulpverlening.models import Organisatie, Rol
from hulpverlening.terugweg import lokaal_pad, terugweg

from . import rechtenverkenning, services
from .models import Toeleiding
from .rechtenverkenning import rechtnamen
from .toeleiding_forms import ToeleidingForm, UitkomstForm


@rol_vereist(*Rol.BALIE)
def toeleiding_nieuw(request: HttpRequest, gezin: int) -> HttpResponse:
    # A read line also for a successful POST: the form was filled in from this file.
    gezin = scoping.gezin_getoond(request, gezin)
    terug = lokaal_pad(request, request.GET.get("terug", ""), binnen="/registratie/")
    al = Toeleiding.objects.wacht_op_contact(gezin.pk).order_by("-aangemaakt_op").first()
    if al is not None:
        # Said before the consent and the questions, not after them.
        return render(
            request,
            "doorverwijzing/toeleiding_nieuw.html",
            {"gezin": gezin, "al_doorgestuurd": al, "terug": terug},
        )
    vragen = rechtenverkenning.vragen_voor(request.lidmaatschap.organisatie.gemeente, gezin=gezin)
    form = ToeleidingForm(request.POST or None, vragen=vragen)
    if request.method == "POST" and form.is_valid():
        try:
            services.toeleiding_aanmaken(
                lidmaatschap=request.lidmaatschap,
                gezin=gezin,
                reden=form.cleaned_data["reden"],
                antwoorden=form.antwoorden(),
            )
        except services.DoorverwijzingFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("Doorgestuurd. De Sociale Dienst neemt contact op."))
            return redirect(
                terugweg(request, "terug", standaard="toeleiding_lijst", binnen="/registratie/")
            )
    return render(
        request,
        "doorverwijzing/toeleiding_nieuw.html",
        {
            "gezin": gezin,
            "form": form,
            "terug": terug,
        },
    )


def _toeleidingen(request: HttpRequest):
    organisatie = request.lidmaatschap.organisatie
    alle = Toeleiding.objects.filter(gezin__in=scoping.gezinnen(request.lidmaatschap))
    if organisatie.soort == Organisatie.Soort.SOCIALE_DIENST:
        return alle.filter(naar=organisatie), True
    return alle.filter(van=organisatie), False


@rol_vereist(Rol.COORDINATOR, Rol.MAATSCHAPPELIJK_WERKER)
def toeleiding_lijst(request: HttpRequest) -> HttpResponse:
    toeleidingen, is_sociale_dienst = _toeleidingen(request)
    # A message links to its one toeleiding; the list of all is one tap away.
    gevraagd = request.GET.get("toeleiding", "")
    een = gevraagd.isascii() and gevraagd.isdigit()
    if een:
        toeleidingen = toeleidingen.filter(pk=gevraagd)
    bladzijde = pagina_van(
        request,
        toeleidingen.select_related("gezin", "van", "rechtenverkenning")
        .prefetch_related("gezin__personen")
        .order_by("status", "-aangemaakt_op", "-pk"),
    )
    rijen = scoping.getoond(bladzijde.rijen)
    return render(
        request,
        "doorverwijzing/toeleiding_lijst.html",
        {
            "rijen": rijen,
            "bladzijde": bladzijde,
            "is_sociale_dienst": is_sociale_dienst,
            "uitkomst_form": UitkomstForm(),
            "rechtnamen": rechtnamen(request.lidmaatschap.organisatie.gemeente_id),
            "een": een,
        },
    )


@alleen_post
@rol_vereist(Rol.MAATSCHAPPELIJK_WERKER)
def toeleiding_uitkomst(request: HttpRequest, pk: int) -> HttpResponse:
    toeleidingen, is_sociale_dienst = _toeleidingen(request)
    toeleiding = toeleidingen.filter(pk=pk).select_related("gezin", "van").first()
    if toeleiding is None or not is_sociale_dienst:
        raise Http404
    form = UitkomstForm(request.POST)
    if form.is_valid():
        services.toeleiding_uitkomst(
            toeleiding=toeleiding,
            lidmaatschap=request.lidmaatschap,
            status=form.cleaned_data["status"],
        )
    if request.htmx:
        return render(
            request,
            "doorverwijzing/_toeleiding_rij.html",
            {
                "t": toeleiding,
                "is_sociale_dienst": True,
                "uitkomst_form": form,
                "rechtnamen": rechtnamen(request.lidmaatschap.organisatie.gemeente_id),
            },
        )
    return redirect("toeleiding_lijst")

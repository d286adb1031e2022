"""The person's rights: export (art. 15), erasure (art. 17), and the register (art. 30).

Export and erasure are for coordinators and caseworkers of an organisation that
has a relationship with the household: they meet the person and can check who
asks. Volunteers get 403, other organisations 404 through the scoping layer.
"""

from django import forms
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import privacy, scoping
from .access import ingelogd_vereist, rol_vereist
from .models import Gemeente, Rol

BEVESTIGINGSWOORD = "WISSEN"


class WissenForm(forms.Form):
    bevestiging = forms.CharField(
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bevestiging"].label = _("Typ %(woord)s om te bevestigen") % {
            "woord": BEVESTIGINGSWOORD
        }

    def clean_bevestiging(self) -> str:
        waarde = self.cleaned_data["bevestiging"].strip()
        if waarde.upper() != BEVESTIGINGSWOORD:
            raise forms.ValidationError(
                _("Typ %(woord)s in hoofdletters om te wissen.") % {"woord": BEVESTIGINGSWOORD}
            )
        return waarde


def _bijlage(response: HttpResponse, bestandsnaam: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return response


@never_cache
@rol_vereist(*Rol.DOSSIERBEHEER)
def gezin_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    gezin = scoping.gezin_geexporteerd(request, pk)
    gegevens = privacy.gezin_gegevens(gezin, voor=request.lidmaatschap.organisatie)
    response = JsonResponse(
        gegevens, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    return _bijlage(response, f"gezin-{gezin.pk}-gegevens.json")


@never_cache
@rol_vereist(*Rol.DOSSIERBEHEER)
def gezin_export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    gezin = scoping.gezin_geexporteerd(request, pk)
    pdf = privacy.gegevens_pdf(privacy.gezin_gegevens(gezin, voor=request.lidmaatschap.organisatie))
    return _bijlage(
        HttpResponse(pdf, content_type="application/pdf"), f"gezin-{gezin.pk}-gegevens.pdf"
    )


@rol_vereist(*Rol.DOSSIERBEHEER)
def gezin_wissen(request: HttpRequest, pk: int) -> HttpResponse:
    """A page that says what goes and what stays, then a typed confirmation (POST)."""
    form = WissenForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        gezin = scoping.gezin_of_404(request.lidmaatschap, pk)
        privacy.gezin_wissen(gezin=gezin)
        messages.success(
            request,
            _(
                "De gegevens van gezin %(nummer)s zijn gewist. Niemand kan het gezin nog openen; "
                "de tellingen blijven kloppen."
            )
            % {"nummer": gezin.pk},
        )
        return redirect("gezin_lijst")
    gezin = scoping.gezin_getoond(request, pk)
    lopend = privacy.lopende_hulp(gezin, op=timezone.localdate())
    return render(
        request,
        "hulpverlening/gezin_wissen.html",
        {"gezin": gezin, "form": form, "lopende_hulp": lopend},
        status=422 if form.is_bound else 200,
    )


@ingelogd_vereist
def verwerkingsregister(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "hulpverlening/verwerkingsregister.html",
        {"gemeenten": Gemeente.objects.order_by("naam")},
    )

"""The coordinator's list of volunteers: who is signed in where, and signing them out."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext

from . import sessies
from .access import alleen_post, rol_vereist
from .models import Rol, Sessie


def _vrijwilligers(organisatie):
    """Members of the organisation who are volunteers here (and nothing more anywhere)."""
    return (
        get_user_model()
        .objects.filter(
            lidmaatschappen__organisatie=organisatie,
            lidmaatschappen__rol=Rol.VRIJWILLIGER,
            lidmaatschappen__actief=True,
            is_superuser=False,
        )
        .exclude(lidmaatschappen__rol__in=[r for r in Rol.values if r != Rol.VRIJWILLIGER])
        .distinct()
    )


@rol_vereist(Rol.COORDINATOR)
def vrijwilligers(request: HttpRequest) -> HttpResponse:
    organisatie = request.lidmaatschap.organisatie
    # Only sessions still signed in, and only those working for this organisation:
    # where else a volunteer helps is not this coordinator's business.
    hier = Sessie.objects.lopend().voor(organisatie)
    mensen = (
        _vrijwilligers(organisatie)
        .prefetch_related(
            Prefetch("sessies", queryset=hier.order_by("-laatst_actief"), to_attr="toestellen")
        )
        .order_by("first_name", "username")
    )
    return render(request, "hulpverlening/vrijwilligers.html", {"mensen": mensen})


@alleen_post
@rol_vereist(Rol.COORDINATOR)
def vrijwilliger_afmelden(request: HttpRequest, pk: int) -> HttpResponse:
    organisatie = request.lidmaatschap.organisatie
    persoon = get_object_or_404(_vrijwilligers(organisatie), pk=pk)
    aantal = sessies.afmelden_op_afstand(user=persoon, door=request.user, organisatie=organisatie)
    naam = persoon.get_full_name() or persoon.get_username()
    messages.success(
        request,
        ngettext(
            "%(naam)s is afgemeld op %(n)s toestel. Wat op de gsm wacht, "
            "blijft bewaard tot %(naam)s zich opnieuw aanmeldt.",
            "%(naam)s is afgemeld op %(n)s toestellen. Wat op de gsm wacht, "
            "blijft bewaard tot %(naam)s zich opnieuw aanmeldt.",
            aantal,
        )
        % {"naam": naam, "n": aantal},
    )
    return redirect("vrijwilligers")

"""The referrals an organisation may see, on top of the core's scoping (hulpverlening/scoping.py).

Like the core's helpers, they raise Http404 outside the scope, never 403.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404

from hulpverlening import audit
from hulpverlening.models import Gezin, Lidmaatschap
from hulpverlening.scoping import vereist_gezinsgegevens

from .models import Doorverwijzing


def doorverwijzingen(lidmaatschap: Lidmaatschap | None):
    """Referrals this organisation made or received, of households it may see."""
    lidmaatschap = vereist_gezinsgegevens(lidmaatschap)
    organisatie = lidmaatschap.organisatie
    return Doorverwijzing.objects.filter(
        Q(verwijzer=organisatie) | Q(organisatie=organisatie),
        gezin__in=Gezin.objects.zichtbaar_voor(organisatie),
    )


def doorverwijzing_of_404(lidmaatschap: Lidmaatschap | None, pk):
    try:
        return (
            doorverwijzingen(lidmaatschap)
            .select_related("gezin", "organisatie", "verwijzer", "hulpvorm", "afhaalmoment")
            .get(pk=pk)
        )
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404("Doorverwijzing niet gevonden.") from None


def doorverwijzing_getoond(request, pk) -> Doorverwijzing:
    """doorverwijzing_of_404 with the audit line that its household was read."""
    dv = doorverwijzing_of_404(request.lidmaatschap, pk)
    audit.gelezen([dv.gezin_id])
    return dv

"""The gezinsdossier: one household's records across organisations.

It lives here because it reads referrals and pickups both; registratie sits
above doorverwijzing in the layers (docs/architecture.md).
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from doorverwijzing.models import Doorverwijzing, Toeleiding
from hulpverlening.models import Gezin
from hulpverlening.scoping import gezin_getoond

from .models import Afhaling


@dataclass(frozen=True)
class Gezinsdossier:
    """A household's records across organisations, for an organisation with file level.

    Which records exist (a referral, a pickup, a toeleiding) is part of the
    file; what is between other organisations (a referral's reason, the
    answers of a rights check, a pickup's review) only `partij` may read.
    """

    gezin: Gezin
    organisatie_id: int
    doorverwijzingen: QuerySet
    afhalingen: QuerySet
    toeleidingen: QuerySet

    def partij(self, *organisatie_ids: int | None) -> bool:
        return self.organisatie_id in organisatie_ids


def gezinsdossier_getoond(request, pk) -> Gezinsdossier:
    """The file of a household the user may see, with the audit line that it was read."""
    gezin = gezin_getoond(request, pk)
    return Gezinsdossier(
        gezin=gezin,
        organisatie_id=request.lidmaatschap.organisatie_id,
        doorverwijzingen=Doorverwijzing.objects.filter(gezin=gezin),
        afhalingen=Afhaling.objects.filter(gezin=gezin).exclude(status=Afhaling.Status.ONGEDAAN),
        toeleidingen=Toeleiding.objects.filter(gezin=gezin),
    )

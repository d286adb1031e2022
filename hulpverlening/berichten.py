"""The messages page: one line per thing, named for whoever may know the name, grouped
when a day brings many of one kind (thirty toeleidingen after an intake morning)."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Q
from django.utils import timezone

from . import scoping
from .models import Lidmaatschap, Notification

# From this many messages of one kind on one day, they fold into one line.
GROEPEREN_VANAF = 3


@dataclass
class Groep:
    berichten: list[Notification] = field(default_factory=list)

    @property
    def eerste(self) -> Notification:
        return self.berichten[0]

    @property
    def gevouwen(self) -> bool:
        return len(self.berichten) >= GROEPEREN_VANAF

    @property
    def ongelezen(self) -> int:
        return sum(1 for b in self.berichten if b.gelezen_op is None)


def voor(user, lidmaatschap: Lidmaatschap | None):
    """The user's own messages and those of their active organisation."""
    filter_ = Q(user=user)
    if lidmaatschap is not None:
        filter_ |= Q(organisatie=lidmaatschap.organisatie, user__isnull=True)
    return Notification.objects.filter(filter_)


def met_namen(berichten: list[Notification], lidmaatschap: Lidmaatschap | None) -> None:
    """Sets `naam` on each message: first name and initial where the reader may open the
    household's file, nothing otherwise (a volunteer, another organisation)."""
    ids = {b.gezin_id for b in berichten if b.gezin_id}
    namen = {}
    if ids and lidmaatschap is not None and lidmaatschap.ziet_gezinsgegevens:
        zichtbaar = scoping.gezinnen(lidmaatschap).filter(pk__in=ids).values_list("pk", flat=True)
        namen = scoping.korte_namen(zichtbaar)
    for bericht in berichten:
        bericht.naam = namen.get(bericht.gezin_id, "")


def gegroepeerd(berichten: list[Notification]) -> list[Groep]:
    """Consecutive messages of one kind and text on one day become one group."""

    def sleutel(b: Notification):
        if not b.soort:
            return ("los", b.pk)
        return (b.soort, b.tekst, timezone.localtime(b.aangemaakt_op).date())

    return [Groep(list(rij)) for _, rij in groupby(berichten, key=sleutel)]

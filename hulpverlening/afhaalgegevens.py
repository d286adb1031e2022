"""What pickups tell about moments, areas and referrals, for the apps below the registration.

A referral page proposes the least busy moment, lists the initiatives whose area
holds the household's postcode, and shows how often a referral was used. Those
facts come from pickups and pickup rules (registratie), which sit above referrals
in the layers (docs/architecture.md). So the core defines what can be asked here,
registratie answers it (`aansluiten`, from registratie/apps.py), and the core and
the referral app only ask. Without registratie every answer is empty.
"""

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .models import Afhaalmoment, Organisatie


@dataclass(frozen=True)
class Momentdrukte:
    moment: Afhaalmoment
    gemiddeld: float  # households per occurrence over the window
    # Households expected per occurrence from the running referrals assigned to
    # this moment: a monthly referral counts for a quarter of a weekly one.
    verwacht: float

    @property
    def bezetting(self) -> float:
        return max(self.gemiddeld, self.verwacht) / self.moment.capaciteit

    @property
    def procent(self) -> int:
        return round(self.bezetting * 100)

    @property
    def ruimte(self) -> bool:
        return self.bezetting < 0.8


@dataclass(frozen=True)
class Gebruik:
    """How a referral was used: registered pickups, first and last day."""

    aantal: int = 0
    eerste: date | None = None
    laatste: date | None = None


class Bron(Protocol):
    def drukte(self, organisaties: list[Organisatie], *, tot: date) -> list[Momentdrukte]: ...

    def werkgebied(self, organisatie: Organisatie) -> list[str]:
        """The postcodes the organisation serves; empty means it sets no limit."""
        ...

    def gebruik(self, doorverwijzing) -> Gebruik: ...


class _GeenBron:
    def drukte(self, organisaties, *, tot):
        return []

    def werkgebied(self, organisatie):
        return []

    def gebruik(self, doorverwijzing):
        return Gebruik()


_bron: Bron = _GeenBron()


def aansluiten(bron: Bron) -> None:
    global _bron
    _bron = bron


def momenten_met_drukte(organisaties: list[Organisatie], *, tot: date) -> list[Momentdrukte]:
    """Every active moment of these organisations with its recent fill rate, least busy first."""
    return _bron.drukte(organisaties, tot=tot)


def werkgebied(organisatie: Organisatie) -> list[str]:
    return _bron.werkgebied(organisatie)


def gebruik(doorverwijzing) -> Gebruik:
    return _bron.gebruik(doorverwijzing)

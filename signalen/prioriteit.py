"""The priority of a signaal: one formula, shown on the page with its numbers filled in.

    prioriteit = ernst × (meldingen + 2 × (organisaties − 1)) × trend

- meldingen: how many meldingen the signaal bundles;
- organisaties: how many different organisations reported it (each one beyond the
  first adds 2: a problem seen by several organisations weighs more than one
  organisation reporting it often); meldingen without organisation add none;
- trend: (meldingen in the last 3 months + 1) ÷ (meldingen in the 3 months before + 1),
  kept between 0.5 and 2, so a growing problem counts up to double, a fading one half;
- ernst: 1 to 5, set by policy staff.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hulpverlening.kalender import maanden_terug

TREND_MIN = 0.5
TREND_MAX = 2.0
ORGANISATIEGEWICHT = 2
FORMULE = gettext_lazy("ernst × (meldingen + 2 × (organisaties − 1)) × trend")
TREND_FORMULE = gettext_lazy(
    "trend = (meldingen laatste 3 maanden + 1) ÷ (meldingen 3 maanden daarvoor + 1), "
    "tussen 0,5 en 2"
)


@dataclass(frozen=True)
class Prioriteit:
    meldingen: int
    organisaties: int
    recent: int  # meldingen in the last 3 months
    vorig: int  # meldingen in the 3 months before
    ernst: int

    @property
    def basis(self) -> int:
        return self.meldingen + ORGANISATIEGEWICHT * max(self.organisaties - 1, 0)

    @property
    def trend(self) -> float:
        ruw = (self.recent + 1) / (self.vorig + 1)
        return min(max(ruw, TREND_MIN), TREND_MAX)

    @property
    def score(self) -> float:
        return round(self.ernst * self.basis * self.trend, 1)

    @property
    def weergave(self) -> str:
        """The score as people write it: "96", "37,5"."""
        return f"{self.score:g}".replace(".", ",")

    @property
    def trendwoord(self) -> str:
        if self.trend > 1:
            return _("stijgend")
        if self.trend < 1:
            return _("dalend")
        return _("stabiel")

    def uitgewerkt(self) -> str:
        """The formula with this signaal's numbers: "4 × (6 + 2 × 2) × 2 = 80"."""
        trend = f"{self.trend:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return (
            f"{self.ernst} × ({self.meldingen} + {ORGANISATIEGEWICHT} × "
            f"{max(self.organisaties - 1, 0)}) × {trend} = {self.weergave}"
        )


def vensters(vandaag: date | None = None) -> tuple[datetime, datetime]:
    """Start of the last 3 months and of the 3 months before, as aware datetimes."""
    vandaag = vandaag or timezone.localdate()
    tz = timezone.get_current_timezone()
    recent = datetime.combine(maanden_terug(vandaag, 3), time.min, tzinfo=tz)
    vorig = datetime.combine(maanden_terug(vandaag, 6), time.min, tzinfo=tz)
    return recent, vorig

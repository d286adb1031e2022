"""Which meldingen look alike: same themes, same area, similar words.

Computed in Python so it runs the same on SQLite and PostgreSQL (pg_trgm is not
guaranteed): text similarity is the overlap of character trigrams of the
content words, like pg_trgm's similarity(), after dropping Dutch stop words.
A municipality has at most a few hundred meldingen in its inbox, so comparing
each with each is cheap.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .models import Melding

GEWICHT_THEMA = 0.4
GEWICHT_GEBIED = 0.2
GEWICHT_TEKST = 0.4
DREMPEL = 0.4  # below this a melding is not suggested

STOPWOORDEN = frozenset(
    {
        "aan", "al", "alle", "als", "andere", "bij", "dan", "dat", "de", "deze", "die", "dit",
        "door", "een", "en", "er", "geen", "haar", "hebben", "heeft", "hem", "het", "hier", "hij",
        "hoe", "hun", "ik", "in", "is", "ja", "je", "kan", "komen", "komt", "kunnen", "maar", "me",
        "meer", "men", "met", "mij", "na", "naar", "niet", "nog", "nu", "of", "om", "omdat", "ons",
        "ook", "op", "over", "te", "tot", "u", "uit", "van", "veel", "voor", "want", "was", "wat",
        "we", "wel", "worden", "wordt", "ze", "zich", "zij", "zijn", "zo", "zoals", "zou",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Gelijkenis:
    melding: Melding
    thema: float
    gebied: float
    tekst: float

    @property
    def score(self) -> float:
        return (
            GEWICHT_THEMA * self.thema + GEWICHT_GEBIED * self.gebied + GEWICHT_TEKST * self.tekst
        )

    @property
    def procent(self) -> int:
        return round(self.score * 100)


def _woorden(tekst: str) -> list[str]:
    kaal = unicodedata.normalize("NFKD", tekst.lower()).encode("ascii", "ignore").decode()
    return [w for w in re.findall(r"[a-z0-9]+", kaal) if w not in STOPWOORDEN and len(w) > 1]


@lru_cache(maxsize=4096)
def trigrammen(tekst: str) -> frozenset[str]:
    """pg_trgm's trigrams: each word padded with two spaces in front and one behind."""
    grammen: set[str] = set()
    for woord in _woorden(tekst):
        gevuld = f"  {woord} "
        grammen.update(gevuld[i : i + 3] for i in range(len(gevuld) - 2))
    return frozenset(grammen)


def tekstgelijkenis(a: str, b: str) -> float:
    ta, tb = trigrammen(a), trigrammen(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


@dataclass(frozen=True)
class Profiel:
    """What a melding or a group of meldingen is about."""

    themas: tuple[frozenset[int], ...]  # per melding, or the signaal's own themes
    postcodes: frozenset[str]
    wijken: frozenset[str]
    teksten: tuple[str, ...]

    @classmethod
    def van(cls, meldingen: Iterable[Melding], *extra_tekst: str) -> "Profiel":
        meldingen = list(meldingen)
        return cls(
            themas=tuple(frozenset(t.pk for t in m.themas.all()) for m in meldingen),
            postcodes=frozenset(m.postcode for m in meldingen if m.postcode),
            wijken=frozenset(m.wijk.lower() for m in meldingen if m.wijk),
            teksten=tuple([m.tekst for m in meldingen] + [t for t in extra_tekst if t]),
        )

    def gebied(self, melding: Melding) -> float:
        if melding.wijk and melding.wijk.lower() in self.wijken:
            return 1.0
        if melding.postcode and melding.postcode in self.postcodes:
            return 0.5 if (self.wijken and melding.wijk) else 1.0
        return 0.0

    def thema(self, melding: Melding) -> float:
        """The share of the group's meldingen that have a theme in common with this one.

        A signaal about energy with one melding that also mentions housing should not
        pull in every housing melding: one in eight shares that theme, not all.
        """
        themas = {t.pk for t in melding.themas.all()}
        if not self.themas or not themas:
            return 0.0
        return sum(1 for groep in self.themas if groep & themas) / len(self.themas)

    def vergelijk(self, melding: Melding) -> Gelijkenis:
        tekst = max((tekstgelijkenis(melding.tekst, t) for t in self.teksten), default=0.0)
        return Gelijkenis(melding, self.thema(melding), self.gebied(melding), tekst)


def suggesties(
    profiel: Profiel, kandidaten: Iterable[Melding], *, drempel: float = DREMPEL, max_aantal=10
) -> list[Gelijkenis]:
    """Candidates most like the profile first, only those above the threshold."""
    scores = [profiel.vergelijk(m) for m in kandidaten]
    goed = [s for s in scores if s.score >= drempel]
    return sorted(goed, key=lambda s: (-s.score, -s.melding.gemeld_op.timestamp()))[:max_aantal]

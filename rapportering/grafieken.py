"""Server-rendered SVG charts: readable on a phone, no JavaScript, a table behind each."""

from django.utils.html import escape
from django.utils.translation import gettext as _

BLAUW = "#0b4f8a"


def staven(rijen: list[tuple[str, object]], *, hoogste: float, breedte: int = 290) -> str:
    """Horizontal bars, each label above its bar: readable at a phone's width too."""
    rij = 38
    delen = [
        f'<svg viewBox="0 0 {breedte + 70} {rij * len(rijen) + 4}" class="grafiek" '
        'role="img" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (naam, waarde) in enumerate(rijen):
        y = i * rij + 2
        getal = waarde if isinstance(waarde, int | float) else 0
        lengte = round(getal / hoogste * breedte) if hoogste else 0
        delen.append(
            f'<text x="0" y="{y + 13}" font-size="13">{escape(str(naam)[:50])}</text>'
            f'<rect x="0" y="{y + 19}" width="{lengte}" height="14" fill="{BLAUW}"/>'
            f'<text x="{lengte + 6}" y="{y + 31}" font-size="13">{escape(str(waarde))}</text>'
        )
    delen.append("</svg>")
    return "".join(delen)


def _kleur(procent: int | None) -> str:
    if procent is None:
        return "#eeeeee"
    if procent >= 100:
        return "#a4161a"
    if procent >= 80:
        return "#e07b00"
    if procent >= 50:
        return "#f3c969"
    return "#cfe8d8"


def warmtekaart(kaart: dict) -> str:
    """Each cell the busiest occurrence of its moments (rapportering.dashboard.heatmap)."""
    uren = kaart["uren"]
    cel, links, boven = 44, 86, 22
    delen = [
        f'<svg viewBox="0 0 {links + cel * len(uren) + 4} {boven + cel * 7 + 4}" class="grafiek" '
        'role="img" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">'
    ]
    for j, uur in enumerate(uren):
        # Translators: an hour of the day on the heat map's axis, "9u" for 9 o'clock.
        label = escape(_("%(uur)su") % {"uur": uur})
        delen.append(f'<text x="{links + j * cel + 8}" y="15" font-size="12">{label}</text>')
    for i, (dag, waarden) in enumerate(kaart["rijen"]):
        y = boven + i * cel
        delen.append(f'<text x="0" y="{y + 27}" font-size="12">{escape(dag)}</text>')
        for j, waarde in enumerate(waarden):
            x = links + j * cel
            procent = None if waarde is None else waarde.piek
            kleur = _kleur(procent)
            delen.append(
                f'<rect x="{x}" y="{y}" width="{cel - 3}" height="{cel - 3}" fill="{kleur}"/>'
            )
            if procent is not None:
                # White on the dark red of a full moment: black would be hard to read there.
                tekst = ' fill="#ffffff"' if procent >= 100 else ""
                delen.append(
                    f'<text x="{x + 6}" y="{y + 26}" font-size="12"{tekst}>{procent}%</text>'
                )
    delen.append("</svg>")
    return "".join(delen)

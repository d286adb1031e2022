"""Which municipalities take part, and each one's list of themes."""

from hulpverlening.models import Gemeente

from .models import Deelname, Thema

# The default list a municipality starts with; slugs are shared across municipalities
# so the VVSG overview can add them up.
STANDAARD_THEMAS = [
    ("wonen", "Wonen"),
    ("energie", "Energie"),
    ("gezondheid", "Gezondheid"),
    ("schulden", "Schulden en geld"),
    ("mobiliteit", "Mobiliteit"),
    ("digitale-kloof", "Digitale kloof"),
    ("administratie", "Administratie en papieren"),
    ("voeding", "Voeding"),
    ("onderwijs", "Onderwijs en kinderen"),
    ("werk", "Werk en inkomen"),
    ("eenzaamheid", "Eenzaamheid"),
    ("vrije-tijd", "Vrije tijd"),
]


def doet_mee(gemeente: Gemeente) -> bool:
    return Deelname.objects.actief().filter(gemeente=gemeente).exists()


def themas_voor(gemeente: Gemeente, *, ook_inactief: bool = False) -> list[Thema]:
    """The municipality's themes; the standard list the first time it is asked."""
    if not Thema.objects.filter(gemeente=gemeente).exists():
        Thema.objects.bulk_create(
            [
                Thema(gemeente=gemeente, slug=slug, naam=naam, volgorde=i)
                for i, (slug, naam) in enumerate(STANDAARD_THEMAS)
            ],
            ignore_conflicts=True,
        )
    themas = Thema.objects.filter(gemeente=gemeente)
    return list(themas if ook_inactief else themas.filter(actief=True))

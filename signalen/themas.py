"""Which municipalities take part, and each one's list of themes."""

from django.utils.translation import gettext_lazy as _

from hulpverlening.models import Gemeente

from .models import Deelname, Thema

# The default list a municipality starts with; slugs are shared across municipalities
# so the VVSG overview can add them up. The names are stored on first use, in the
# language active then.
STANDAARD_THEMAS = [
    ("wonen", _("Wonen")),
    ("energie", _("Energie")),
    ("gezondheid", _("Gezondheid")),
    ("schulden", _("Schulden en geld")),
    ("mobiliteit", _("Mobiliteit")),
    ("digitale-kloof", _("Digitale kloof")),
    ("administratie", _("Administratie en papieren")),
    ("voeding", _("Voeding")),
    ("onderwijs", _("Onderwijs en kinderen")),
    ("werk", _("Werk en inkomen")),
    ("eenzaamheid", _("Eenzaamheid")),
    ("vrije-tijd", _("Vrije tijd")),
]


def doet_mee(gemeente: Gemeente) -> bool:
    return Deelname.objects.actief().filter(gemeente=gemeente).exists()


def themas_voor(gemeente: Gemeente, *, ook_inactief: bool = False) -> list[Thema]:
    """The municipality's themes; the standard list the first time it is asked."""
    if not Thema.objects.filter(gemeente=gemeente).exists():
        Thema.objects.bulk_create(
            [
                Thema(gemeente=gemeente, slug=slug, naam=str(naam), volgorde=i)
                for i, (slug, naam) in enumerate(STANDAARD_THEMAS)
            ],
            ignore_conflicts=True,
        )
    themas = Thema.objects.filter(gemeente=gemeente)
    return list(themas if ook_inactief else themas.filter(actief=True))

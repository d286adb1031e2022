from .access import huidig_lidmaatschap


def lidmaatschap(request) -> dict:
    actief = huidig_lidmaatschap(request)
    return {
        "lidmaatschap": actief,
        "ongelezen": lambda: _ongelezen(request),
        # Without an active one the picker is where the user is (or must go).
        "kan_wisselen": actief is None or getattr(request, "aantal_lidmaatschappen", 2) > 1,
    }


def _ongelezen(request) -> int:
    """Unread messages, counted only when a template asks (the header does)."""
    from . import berichten

    if not request.user.is_authenticated:
        return 0
    actief = huidig_lidmaatschap(request)
    return berichten.voor(request.user, actief).filter(gelezen_op__isnull=True).count()

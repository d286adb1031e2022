from .access import huidig_lidmaatschap


def lidmaatschap(request) -> dict:
    return {
        "lidmaatschap": huidig_lidmaatschap(request),
        "ongelezen": lambda: _ongelezen(request),
    }


def _ongelezen(request) -> int:
    """Unread messages, counted only when a template asks (the header does)."""
    from django.db.models import Q

    from .models import Notification

    if not request.user.is_authenticated:
        return 0
    filter_ = Q(user=request.user)
    actief = huidig_lidmaatschap(request)
    if actief is not None:
        filter_ |= Q(organisatie=actief.organisatie, user__isnull=True)
    return Notification.objects.filter(filter_, gelezen_op__isnull=True).count()

from django.utils.functional import SimpleLazyObject

from .models import Lidmaatschap

SESSION_KEY = "lidmaatschap_id"


def actief_lidmaatschap(request) -> Lidmaatschap | None:
    """The membership the user works under now: the one picked, or the only one."""
    user = request.user
    if not user.is_authenticated:
        return None
    lidmaatschappen = (
        Lidmaatschap.objects.actief()
        .filter(user=user)
        .select_related("organisatie", "organisatie__gemeente", "organisatie__afhaalregels")
    )
    gekozen = request.session.get(SESSION_KEY)
    if gekozen is not None:
        lidmaatschap = lidmaatschappen.filter(pk=gekozen).first()
        if lidmaatschap is not None:
            return lidmaatschap
    eerste_twee = list(lidmaatschappen[:2])
    return eerste_twee[0] if len(eerste_twee) == 1 else None


class ActieveOrganisatieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.lidmaatschap = SimpleLazyObject(lambda: actief_lidmaatschap(request))
        return self.get_response(request)

"""Role checks for views. Data scoping itself lives in scoping.py."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .models import Lidmaatschap, Rol


def huidig_lidmaatschap(request) -> Lidmaatschap | None:
    # A SimpleLazyObject around None is not None, but it is falsy.
    actief = getattr(request, "lidmaatschap", None)
    return actief if actief else None


def rol_vereist(*rollen: Rol):
    """Logged in, working for an organisation, in one of these roles; else login, pick, or 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            lidmaatschap = huidig_lidmaatschap(request)
            if lidmaatschap is None:
                return redirect(
                    f"{reverse('kies_organisatie')}?{urlencode({'next': request.get_full_path()})}"
                )
            if rollen and lidmaatschap.rol not in rollen:
                raise PermissionDenied("Uw rol geeft geen toegang tot deze pagina.")
            request.lidmaatschap = lidmaatschap
            return view(request, *args, **kwargs)

        wrapper.rollen = rollen
        return wrapper

    return decorator

"""Where to send a user back to: one rule for every `next` and `terug` parameter.

A return address comes from the request, so anyone can write one: only a path
on this site counts (no other host, no scheme, no `//host`, no view name that
`redirect()` would try to reverse). Anything else falls back to a known page.
"""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def lokaal_pad(request: HttpRequest, waarde: str, *, binnen: str = "/") -> str:
    """`waarde` if it is a path on this site under `binnen`, else ""."""
    waarde = (waarde or "").strip()
    if not waarde.startswith(binnen) or waarde.startswith(("//", "/\\")):
        return ""
    if not url_has_allowed_host_and_scheme(
        waarde, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return waarde


def terugweg(
    request: HttpRequest, parameter: str = "next", *, standaard: str = "home", binnen: str = "/"
) -> str:
    """The return path the request asks for (POST before GET), else the URL of `standaard`."""
    gevraagd = request.POST.get(parameter) or request.GET.get(parameter) or ""
    return lokaal_pad(request, gevraagd, binnen=binnen) or reverse(standaard)


def gevraagde_terugweg(request: HttpRequest, parameter: str = "next") -> str:
    """The asked-for return path if it is safe, else "" (for a form that carries it on)."""
    gevraagd = request.POST.get(parameter) or request.GET.get(parameter) or ""
    return lokaal_pad(request, gevraagd)

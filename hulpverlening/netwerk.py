"""The client's address, as far as this server can know it.

`X-Forwarded-For` is a header anyone can send. It says who the client is only
when the request came from a proxy we run: its address is in TRUSTED_PROXIES.
Login limits and the audit log key on this address, so a header typed by the
client must never move them (issue: throttling that a header bypasses).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Netwerk = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _netwerken(proxies: tuple[str, ...]) -> tuple[Netwerk, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _adres(tekst: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(tekst.strip())
    except ValueError:
        return None


def is_vertrouwde_proxy(adres, netwerken) -> bool:
    return adres is not None and any(adres in netwerk for netwerk in netwerken)


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless that is a trusted proxy: then the first address in
    X-Forwarded-For, read from the right, that is not one of our proxies."""
    direct = request.META.get("REMOTE_ADDR", "")
    netwerken = _netwerken(tuple(settings.TRUSTED_PROXIES))
    if not is_vertrouwde_proxy(_adres(direct), netwerken):
        return direct
    laatste = direct
    keten = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for deel in reversed(keten):
        adres = _adres(deel)
        if adres is None:
            # Garbage left of our proxy's entry was written by the client.
            return laatste
        if not is_vertrouwde_proxy(adres, netwerken):
            return str(adres)
        laatste = str(adres)
    return laatste

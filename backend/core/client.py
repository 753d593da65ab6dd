"""The address of the client a request came from, behind the reverse proxies the deployment trusts.

``X-Forwarded-For`` is whatever the client wrote, with each proxy appending the address it saw. So it is read only
when the request came through a proxy listed in ``TRUSTED_PROXIES`` (addresses or networks): walking it from the
right, the first address that is not a trusted proxy is the client. With no trusted proxies (the default) the header
is ignored and the client is ``REMOTE_ADDR``: a client cannot pick the address its sign-in attempts are counted on.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or the nearest untrusted hop of ``X-Forwarded-For`` behind a proxy."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:  # not an address: something in the chain lies; count on the last proxy
                return remote
    return hops[0] if hops else remote

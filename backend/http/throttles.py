"""Rate limits: signing in with a password (the phone's device sign-in, the API token, the web sign-in page)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from backend.core.client import client_address


class SignInRateThrottle(SimpleRateThrottle):
    """At most ``SIGN_IN_RATE`` sign-in attempts per client address, right or wrong: slows password guessing.

    The address is the real client's behind the proxies in ``TRUSTED_PROXIES`` (``X-Forwarded-For`` is ignored
    otherwise). Counted in Django's default cache: Redis when ``CACHE_URL`` is set, so every worker process and
    server shares the count; the local-memory cache of the quickstart counts per process.
    """

    scope = "sign_in"

    def get_rate(self) -> str:
        return settings.SIGN_IN_RATE  # read per request, so a deployment (or a test) can change it

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}

"""Rate limits: signing in with a password (the phone's device sign-in, the API token)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class SignInRateThrottle(SimpleRateThrottle):
    """At most ``SIGN_IN_RATE`` sign-in attempts per client address, right or wrong: slows password guessing.

    Counted in Django's cache: per process with the default local-memory cache, shared with a Redis cache.
    """

    scope = "sign_in"

    def get_rate(self) -> str:
        return settings.SIGN_IN_RATE  # read per request, so a deployment (or a test) can change it

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

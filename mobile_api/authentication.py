"""Device tokens: ``Authorization: Bearer <token>``. ``request.auth`` is then the Device."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from backend.sync.services import device_authenticate


class DeviceTokenAuthentication(authentication.BaseAuthentication):
    """A crew member's phone, signed in with the token it got when registered."""

    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            token = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from None
        device = device_authenticate(token=token)
        if device is None:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked device token."), code="invalid_device_token")
        return device.user, device

    def authenticate_header(self, request):
        return self.keyword


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "mobile_api.authentication.DeviceTokenAuthentication"
    name = "deviceToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Device token from POST /api/mobile/v1/devices/"}


# Phones sign in with a device token; coordinators with their API token or a browser session.
MOBILE_AUTHENTICATION = [
    DeviceTokenAuthentication,
    authentication.TokenAuthentication,
    authentication.SessionAuthentication,
]

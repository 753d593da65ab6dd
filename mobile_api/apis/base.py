from rest_framework.views import APIView

from ..authentication import MOBILE_AUTHENTICATION


class MobileApiView(APIView):
    """Base of the phone API's views: device tokens first, then the coordinators' own ways in."""

    authentication_classes = MOBILE_AUTHENTICATION

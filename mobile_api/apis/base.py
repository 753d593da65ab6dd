from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.views import APIView

from ..authentication import MOBILE_AUTHENTICATION
from ..parsers import JSONParser


class MobileApiView(APIView):
    """Base of the phone API's views: device tokens first, then the coordinators' own ways in."""

    authentication_classes = MOBILE_AUTHENTICATION
    parser_classes = [JSONParser, FormParser, MultiPartParser]

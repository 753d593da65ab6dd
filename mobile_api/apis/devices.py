"""Signing a phone in (a device token), listing and revoking devices, and who the phone is signed in as."""

from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from backend.core.exceptions import ApplicationError
from backend.crew.selectors import crew_vehicle_ids
from backend.http.schema import ErrorSerializer
from backend.http.throttles import SignInRateThrottle
from backend.sync import selectors
from backend.sync.models import Device
from backend.sync.services import device_register, device_revoke

from .base import MobileApiView


class DeviceSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()
    user = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Device
        fields = ["id", "name", "user", "token_prefix", "created_at", "last_seen_at", "revoked_at", "current"]

    def get_current(self, device) -> bool:
        request = self.context.get("request")
        return bool(request and isinstance(request.auth, Device) and request.auth.pk == device.pk)


class BadCredentialsError(ApplicationError):
    code = "bad_credentials"
    status = 401


class DeviceRegisterApi(MobileApiView):
    """Sign a phone in with a crew member's username and password; answers the device token, shown only once.

    Use it as ``Authorization: Bearer <token>`` from then on.
    """

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [SignInRateThrottle]

    class DeviceRegisterInputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, style={"input_type": "password"})
        name = serializers.CharField(max_length=120, help_text=_("A name the crew member recognises the phone by."))

    InputSerializer = DeviceRegisterInputSerializer

    class DeviceRegisterOutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        device = DeviceSerializer()

    OutputSerializer = DeviceRegisterOutputSerializer

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer, 401: ErrorSerializer}, auth=[])
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request, username=data.validated_data["username"], password=data.validated_data["password"])
        if user is None:
            raise BadCredentialsError(_("Wrong username or password."))
        device, token = device_register(user=user, name=data.validated_data["name"])
        body = {"token": token, "device": DeviceSerializer(device, context={"request": request}).data}
        return Response(body, status=status.HTTP_201_CREATED)


class DeviceListApi(MobileApiView):
    """A crew member's own devices (coordinators: every device), newest first."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=DeviceSerializer(many=True))
    def get(self, request):
        devices = selectors.device_list_for(user=request.user)
        return Response(DeviceSerializer(devices, many=True, context={"request": request}).data)


class DeviceRevokeApi(MobileApiView):
    """Revoke a device (a lost phone): its token stops working at once. Revoking twice changes nothing."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=DeviceSerializer)
    def post(self, request, pk):
        device = get_object_or_404(selectors.device_list_for(user=request.user), pk=pk)
        device = device_revoke(device=device)
        return Response(DeviceSerializer(device, context={"request": request}).data)


class MeApi(MobileApiView):
    """Who the phone is signed in as, and the vehicles they crew."""

    permission_classes = [IsAuthenticated]

    class MeOutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        username = serializers.CharField()
        full_name = serializers.CharField()
        role = serializers.CharField()
        vehicles = serializers.ListField(child=serializers.IntegerField())
        device = DeviceSerializer(allow_null=True)

    OutputSerializer = MeOutputSerializer

    @extend_schema(responses=OutputSerializer)
    def get(self, request):
        user = request.user
        body = {
            "id": user.id,
            "username": user.username,
            "full_name": user.get_full_name(),
            "role": user.role,
            "vehicles": sorted(crew_vehicle_ids(user=user)),
            "device": DeviceSerializer(request.auth, context={"request": request}).data
            if isinstance(request.auth, Device)
            else None,
        }
        return Response(body)

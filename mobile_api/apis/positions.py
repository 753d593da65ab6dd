"""GPS: batched pings from the phone, and the latest position of each vehicle for the live map."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from backend.crew.selectors import crew_vehicle_ids, position_latest_list
from backend.crew.services import Ping, position_record_batch
from backend.http.fields import DateTimeField
from backend.sync.envelope import max_clock_skew

from ..idempotency import IdempotentPostMixin
from ..permissions import IsCrewOrCoordinator, IsDevice
from .base import MobileApiView


class PingSerializer(serializers.Serializer):
    vehicle = serializers.IntegerField(min_value=1)
    at = DateTimeField()
    latitude = serializers.FloatField(min_value=-90, max_value=90)
    longitude = serializers.FloatField(min_value=-180, max_value=180)
    accuracy_m = serializers.FloatField(min_value=0, max_value=100_000, required=False, allow_null=True)


class PositionBatchApi(IdempotentPostMixin, MobileApiView):
    """Send up to 1000 GPS pings of the crew's vehicles; a ping sent twice is stored once."""

    permission_classes = [IsDevice]

    class PositionBatchInputSerializer(serializers.Serializer):
        pings = PingSerializer(many=True, max_length=1000, allow_empty=False)

        def validate_pings(self, pings):
            from django.utils import timezone

            allowed = crew_vehicle_ids(user=self.context["request"].user)
            latest = timezone.now() + max_clock_skew()
            for ping in pings:
                if ping["vehicle"] not in allowed:
                    raise serializers.ValidationError(_("Vehicle %(id)s is not yours.") % {"id": ping["vehicle"]})
                if ping["at"] > latest:
                    raise serializers.ValidationError(_("A ping is dated in the future: check the phone's clock."))
            return pings

    InputSerializer = PositionBatchInputSerializer

    class PositionBatchOutputSerializer(serializers.Serializer):
        received = serializers.IntegerField()
        stored = serializers.IntegerField()

    OutputSerializer = PositionBatchOutputSerializer

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def post_once(self, request):
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        pings = [
            Ping(p["vehicle"], p["at"], p["latitude"], p["longitude"], p.get("accuracy_m"))
            for p in data.validated_data["pings"]
        ]
        stored = position_record_batch(pings=pings)
        return Response({"received": len(pings), "stored": stored})


class PositionLatestApi(MobileApiView):
    """The latest known position of each vehicle (coordinators: all; crew: their own)."""

    permission_classes = [IsCrewOrCoordinator]

    class PositionLatestOutputSerializer(serializers.Serializer):
        vehicle = serializers.IntegerField(source="vehicle_id")
        vehicle_name = serializers.CharField(source="vehicle.name")
        at = serializers.DateTimeField()
        latitude = serializers.FloatField()
        longitude = serializers.FloatField()
        accuracy_m = serializers.FloatField(allow_null=True)

    OutputSerializer = PositionLatestOutputSerializer

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        return Response(self.OutputSerializer(position_latest_list(user=request.user), many=True).data)

"""Disruptions: a vehicle out of service or a site closed for some dates, each starting a re-plan."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.http.fields import DateField
from backend.http.permissions import IsCoordinator
from backend.places.models import ServiceSite, Vehicle
from backend.planning.services import disruptions

from .planning import PlanningRunViewSet


class DisruptionSerializer(serializers.Serializer):
    starts_on = DateField()
    ends_on = DateField()
    reason = serializers.CharField(max_length=160)
    time_limit_s = serializers.IntegerField(min_value=1, max_value=600, default=10)

    def validate(self, data):
        if data["ends_on"] < data["starts_on"]:
            raise serializers.ValidationError({"ends_on": _("The period cannot end before it starts.")})
        return data


class VehicleOutOfServiceApi(APIView):
    """Mark a vehicle out of service for some dates and start a re-plan of the published plan."""

    permission_classes = [IsCoordinator]

    class VehicleOutInputSerializer(DisruptionSerializer):
        vehicle = serializers.PrimaryKeyRelatedField(queryset=Vehicle.objects.all())

    InputSerializer = VehicleOutInputSerializer

    @extend_schema(request=VehicleOutInputSerializer, responses=PlanningRunViewSet.RunSerializer)
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _closure, run = disruptions.vehicle_mark_out_of_service(user=request.user, **data.validated_data)
        return Response(PlanningRunViewSet.RunSerializer(run).data, status=status.HTTP_201_CREATED)


class SiteClosedApi(APIView):
    """Mark a site closed for some dates and start a re-plan of the published plan."""

    permission_classes = [IsCoordinator]

    class SiteClosedInputSerializer(DisruptionSerializer):
        site = serializers.PrimaryKeyRelatedField(queryset=ServiceSite.objects.all())

    InputSerializer = SiteClosedInputSerializer

    @extend_schema(request=SiteClosedInputSerializer, responses=PlanningRunViewSet.RunSerializer)
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _closure, run = disruptions.site_mark_closed(user=request.user, **data.validated_data)
        return Response(PlanningRunViewSet.RunSerializer(run).data, status=status.HTTP_201_CREATED)

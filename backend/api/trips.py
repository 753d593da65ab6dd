"""Coordinators' API for trips under Circular 05/2022: the crew of each trip (set per date, confirmed at
departure), crew absences, and the return stocktake that closes a trip; open and closed trips with who went."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.models import User
from backend.crew.models import TripClosure
from backend.crew.trips import trip_open_list, trip_return_stocktake
from backend.http.fields import DateField
from backend.http.permissions import IsCoordinator, IsStaffOrDriver
from backend.places.models import AbsenceKind, CrewAbsence, CrewRole, Vehicle
from backend.places.roster import crew_absence_create, crew_on_dates, trip_crew_confirm, trip_crew_set
from backend.places.selectors import vehicle_list_for

MAX_DAYS = 92


class CrewMemberInput(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    crew_role = serializers.ChoiceField(choices=CrewRole.choices)


def _vehicle_in_scope(user, vehicle: Vehicle) -> Vehicle:
    return get_object_or_404(vehicle_list_for(user=user), pk=vehicle.pk)


class TripCrewApi(APIView):
    """GET: the crew of each trip of a vehicle over dates (its own crew less absences, or set for the date).
    POST (coordinators): set the crew of one vehicle on one date."""

    permission_classes = [IsStaffOrDriver]

    class TripCrewFilterSerializer(serializers.Serializer):
        vehicle = serializers.PrimaryKeyRelatedField(queryset=Vehicle.objects.all())
        date_from = DateField(required=False)
        date_until = DateField(required=False)

        def validate(self, attrs):
            start = attrs.setdefault("date_from", timezone.localdate())
            end = attrs.setdefault("date_until", start)
            if end < start or (end - start).days >= MAX_DAYS:
                raise serializers.ValidationError({"date_until": [_("Give up to 92 days, ending after the start.")]})
            return attrs

    class TripCrewInputSerializer(serializers.Serializer):
        vehicle = serializers.PrimaryKeyRelatedField(queryset=Vehicle.objects.all())
        date = DateField()
        members = CrewMemberInput(many=True, allow_empty=False)
        rotation_delivery = serializers.BooleanField(default=False)

    @extend_schema(parameters=[TripCrewFilterSerializer], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        query = self.TripCrewFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        vehicle = _vehicle_in_scope(request.user, d["vehicle"])
        days = [d["date_from"] + datetime.timedelta(days=n) for n in range((d["date_until"] - d["date_from"]).days + 1)]
        crews = crew_on_dates(vehicles=[vehicle], dates=days)
        return Response({"vehicle": vehicle.pk, "days": [crews[vehicle.pk, day].as_dict() for day in days]})

    @extend_schema(request=TripCrewInputSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request):
        if not request.user.is_coordinator:
            raise PermissionDenied(_("Only coordinators set a trip's crew."))
        data = self.TripCrewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        trip_crew_set(
            vehicle=d["vehicle"],
            day=d["date"],
            members=d["members"],
            rotation_delivery=d["rotation_delivery"],
            by=request.user,
        )
        return Response(crew_on_dates(vehicles=[d["vehicle"]], dates=[d["date"]])[d["vehicle"].pk, d["date"]].as_dict())


class TripCrewConfirmApi(APIView):
    """At departure the crew confirms who is on board (``members`` when it changed; else the crew as planned)."""

    permission_classes = [IsStaffOrDriver]

    class TripCrewConfirmInputSerializer(serializers.Serializer):
        vehicle = serializers.PrimaryKeyRelatedField(queryset=Vehicle.objects.all())
        date = DateField(required=False)
        members = CrewMemberInput(many=True, required=False, allow_empty=False)

    @extend_schema(request=TripCrewConfirmInputSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request):
        data = self.TripCrewConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        vehicle, day = _vehicle_in_scope(request.user, d["vehicle"]), d.get("date") or timezone.localdate()
        trip_crew_confirm(vehicle=vehicle, day=day, by=request.user, members=d.get("members"))
        return Response(crew_on_dates(vehicles=[vehicle], dates=[day])[vehicle.pk, day].as_dict())


class CrewAbsenceViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Crew members' absences (leave, sickness, training): dated entries that planning respects."""

    class CrewAbsenceOutputSerializer(serializers.ModelSerializer):
        kind = serializers.ChoiceField(choices=AbsenceKind.choices)

        class Meta:
            model = CrewAbsence
            fields = ["id", "user", "kind", "starts_on", "ends_on", "note", "created_at"]

    serializer_class = CrewAbsenceOutputSerializer
    permission_classes = [IsCoordinator]
    queryset = CrewAbsence.objects.none()
    filterset_fields = {"user": ["exact"], "starts_on": ["lte", "gte"], "ends_on": ["lte", "gte"]}

    def get_queryset(self):
        return CrewAbsence.objects.select_related("user")

    def perform_create(self, serializer):
        serializer.instance = crew_absence_create(**serializer.validated_data)


class TripStocktakeApi(APIView):
    """The bus's stocktake on its return, from the console: closes the trip back at the depot on ``date``;
    differences go to the conflict inbox."""

    permission_classes = [IsStaffOrDriver]

    class TripStocktakeInputSerializer(serializers.Serializer):
        vehicle = serializers.PrimaryKeyRelatedField(queryset=Vehicle.objects.all())
        date = DateField()
        barcodes = serializers.ListField(child=serializers.CharField(max_length=32), max_length=20000)

    @extend_schema(request=TripStocktakeInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = self.TripStocktakeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        vehicle = _vehicle_in_scope(request.user, d["vehicle"])
        closure = trip_return_stocktake(vehicle=vehicle, day=d["date"], barcodes=d["barcodes"], by=request.user)
        return Response(_closure(closure), status=201)


def _closure(closure: TripClosure) -> dict:
    result = closure.stocktake.result
    return {
        "id": closure.pk,
        "vehicle": closure.vehicle_id,
        "date": closure.date.isoformat(),
        "stocktake": closure.stocktake_id,
        "missing": result.get("missing", []),
        "misplaced": [m["barcode"] for m in result.get("misplaced", [])],
        "conflict": closure.conflict_id,
        "crew": closure.crew,
    }


class TripListApi(APIView):
    """Trips: ``open`` ones (back at the depot, no return stocktake yet) and ``closed`` ones with who went."""

    permission_classes = [IsStaffOrDriver]

    class TripFilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=["open", "closed"], default="open")
        since = DateField(required=False)

    @extend_schema(parameters=[TripFilterSerializer], responses={200: {"type": "array", "items": {"type": "object"}}})
    def get(self, request):
        query = self.TripFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        vehicle_ids = list(vehicle_list_for(user=request.user).values_list("pk", flat=True))
        if d["status"] == "open":
            return Response(trip_open_list(vehicle_ids=vehicle_ids, since=d.get("since")))
        closures = TripClosure.objects.filter(vehicle_id__in=vehicle_ids).select_related("stocktake")
        if d.get("since"):
            closures = closures.filter(date__gte=d["since"])
        return Response([_closure(c) for c in closures[:500]])

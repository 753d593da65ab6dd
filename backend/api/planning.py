"""Planning API: runs with progress, and the plans they make to review and publish."""

from dataclasses import asdict

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.http.permissions import IsCoordinator, IsStaffOrDriver
from backend.places.models import Vehicle
from backend.places.models.fleet import MAX_TRIP_DAYS, MIN_TRIP_DAYS
from backend.planning import selectors, services
from backend.planning.models import Plan, PlanningRun

from .visits import VisitSerializer


class PlanningRunViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Start a planning run for a horizon and vehicles; watch its progress; cancel it."""

    class RunSerializer(serializers.ModelSerializer):
        vehicles = serializers.PrimaryKeyRelatedField(many=True, allow_empty=False, queryset=Vehicle.objects.all())
        plan = serializers.PrimaryKeyRelatedField(read_only=True)
        trip_days = serializers.DictField(
            child=serializers.IntegerField(min_value=MIN_TRIP_DAYS, max_value=MAX_TRIP_DAYS),
            required=False,
            help_text=_(
                'For this run only: the longest trip (1 to 4 days) by bus id, e.g. {"3": 1}; a bus not named keeps '
                "its own longest trip."
            ),
        )

        class Meta:
            model = PlanningRun
            fields = [
                "id",
                "starts_on",
                "ends_on",
                "vehicles",
                "time_limit_s",
                "trip_days",
                "base_plan",
                "status",
                "phase",
                "percent",
                "best_distance_m",
                "cancel_requested",
                "error",
                "plan",
                "created_at",
                "started_at",
                "finished_at",
            ]
            read_only_fields = [
                "base_plan",
                "status",
                "phase",
                "percent",
                "best_distance_m",
                "cancel_requested",
                "error",
                "plan",
                "started_at",
                "finished_at",
            ]
            extra_kwargs = {"time_limit_s": {"min_value": 1, "max_value": 600}}

        def validate(self, data):
            """Trip lengths by the id of one of the run's buses (JSON's keys are text)."""
            chosen = {v.pk for v in data.get("vehicles", [])}
            trip_days = {}
            for key, days in data.get("trip_days", {}).items():
                vehicle_id = int(key) if str(key).isdigit() else None
                if vehicle_id not in chosen:
                    raise serializers.ValidationError(
                        {"trip_days": [_("%(key)s is not the id of one of this run's buses.") % {"key": key}]}
                    )
                trip_days[vehicle_id] = days
            data["trip_days"] = trip_days
            return data

    serializer_class = RunSerializer
    permission_classes = [IsCoordinator]
    queryset = PlanningRun.objects.none()
    filterset_fields = {"status": ["exact"]}
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return selectors.planning_run_list()

    def list(self, request, *args, **kwargs):
        services.planning_runs_reap()  # a run whose worker died shows as failed, not running forever
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        services.planning_runs_reap()
        return super().retrieve(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = services.planning_run_start(user=self.request.user, **serializer.validated_data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Stop a queued or running run."""
        return Response(self.get_serializer(services.planning_run_cancel(run=self.get_object())).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def restart(self, request, pk=None):
        """Queue a failed or cancelled run again (409 ``run_not_restartable`` otherwise)."""
        return Response(self.get_serializer(services.planning_run_restart(run=self.get_object())).data)


class RouteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    vehicle = serializers.IntegerField(source="vehicle_id")
    vehicle_name = serializers.CharField(source="vehicle.name")
    date = serializers.DateField()
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    break_starts_at = serializers.TimeField(allow_null=True)
    distance_m = serializers.IntegerField()
    trip_day = serializers.IntegerField()
    start_lodging = serializers.IntegerField(source="start_lodging_id", allow_null=True)
    end_lodging = serializers.IntegerField(source="end_lodging_id", allow_null=True)
    return_ferry_departs_at = serializers.TimeField(allow_null=True)
    visits = VisitSerializer(many=True)


class LeftOutSerializer(serializers.Serializer):
    key = serializers.CharField()
    site = serializers.IntegerField(source="site_id")
    site_name = serializers.CharField(source="site.name")
    reason = serializers.CharField()
    message = serializers.CharField()


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Plans: drafts to review and publish (coordinators); published plans of their own vehicles (crews)."""

    class PlanSerializer(serializers.ModelSerializer):
        routes = RouteSerializer(many=True, read_only=True)
        left_out = LeftOutSerializer(many=True, read_only=True)

        class Meta:
            model = Plan
            fields = [
                "id",
                "run",
                "starts_on",
                "ends_on",
                "status",
                "network_revision",
                "distance_m",
                "duration_s",
                "stats",
                "published_at",
                "published_by",
                "created_at",
                "routes",
                "left_out",
            ]

    serializer_class = PlanSerializer
    permission_classes = [IsStaffOrDriver]
    queryset = Plan.objects.none()
    filterset_fields = {"status": ["exact"], "starts_on": ["gte", "lte"]}
    ordering_fields = ["created_at", "starts_on"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.plan_list_for(user=self.request.user)

    @extend_schema(
        responses=inline_serializer(
            "PlanComparison",
            {
                "draft_distance_km": serializers.FloatField(),
                "published_distance_km": serializers.FloatField(allow_null=True),
                "draft_visits": serializers.IntegerField(),
                "published_visits": serializers.IntegerField(allow_null=True),
                "overdue_sites_left_out": serializers.IntegerField(),
                "requests_satisfied": serializers.IntegerField(),
                "requests_left_out": serializers.IntegerField(),
                "stale": serializers.BooleanField(),
                "partly_covered_plans": serializers.ListField(child=serializers.IntegerField()),
            },
        )
    )
    @action(detail=True, methods=["get"], permission_classes=[IsCoordinator])
    def compare(self, request, pk=None):
        """The draft against the plan published for the same dates."""
        return Response(asdict(services.plan_compare(draft=self.get_object())))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinator])
    def publish(self, request, pk=None):
        """Publish a draft (409 if the network changed since it was made)."""
        plan = services.plan_publish(plan=self.get_object(), user=request.user)
        return Response(self.get_serializer(selectors.plan_list_for(user=request.user).get(pk=plan.pk)).data)

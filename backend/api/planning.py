"""Planning API: runs with progress, plans to review and publish, disruptions, school requests and slots."""

from dataclasses import asdict

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.http.permissions import IsCoordinator, IsStaffOrDriver
from backend.notifications import selectors as notification_selectors
from backend.notifications.models import Notification
from backend.notifications.services import notification_mark_read
from backend.places.models import ServiceSite, Vehicle
from backend.planning import selectors, services
from backend.planning.models import Plan, PlannedVisit, PlanningRun, SkipCause, VisitRequest
from backend.planning.services import disruptions


class IsSchoolContactOrCoordinator(BasePermission):
    """School contacts and coordinators; crews are kept out."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_coordinator or user.is_school_contact))


class PlanningRunViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Start a planning run for a horizon and vehicles; watch its progress; cancel it."""

    class RunSerializer(serializers.ModelSerializer):
        vehicles = serializers.PrimaryKeyRelatedField(many=True, allow_empty=False, queryset=Vehicle.objects.all())
        plan = serializers.PrimaryKeyRelatedField(read_only=True)

        class Meta:
            model = PlanningRun
            fields = [
                "id",
                "starts_on",
                "ends_on",
                "vehicles",
                "time_limit_s",
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

    serializer_class = RunSerializer
    permission_classes = [IsCoordinator]
    queryset = PlanningRun.objects.none()
    filterset_fields = {"status": ["exact"]}
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return selectors.planning_run_list()

    def perform_create(self, serializer):
        serializer.instance = services.planning_run_start(user=self.request.user, **serializer.validated_data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Stop a queued or running run."""
        return Response(self.get_serializer(services.planning_run_cancel(run=self.get_object())).data)


class VisitSerializer(serializers.ModelSerializer):
    site_name = serializers.CharField(source="site.name", read_only=True)
    date = serializers.DateField(source="route.date", read_only=True)
    vehicle = serializers.IntegerField(source="route.vehicle_id", read_only=True)

    class Meta:
        model = PlannedVisit
        fields = [
            "id",
            "key",
            "position",
            "site",
            "site_name",
            "date",
            "vehicle",
            "arrives_at",
            "starts_at",
            "departs_at",
            "distance_m",
            "deliver_boxes",
            "collect_boxes",
            "status",
            "skip_cause",
            "skip_reason",
        ]


class RouteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    vehicle = serializers.IntegerField(source="vehicle_id")
    vehicle_name = serializers.CharField(source="vehicle.name")
    date = serializers.DateField()
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    break_starts_at = serializers.TimeField(allow_null=True)
    distance_m = serializers.IntegerField()
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


class PublishedVisitListApi(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Upcoming visits in published plans: a school sees when the bus comes, a crew its own stops."""

    serializer_class = VisitSerializer
    queryset = PlannedVisit.objects.none()
    filterset_fields = {"site": ["exact"], "route__date": ["gte", "lte"], "route__vehicle": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.visit_list_for(user=self.request.user)


class DisruptionSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
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


class VisitSkipApi(APIView):
    """Record that a planned visit was skipped, and re-plan it."""

    permission_classes = [IsCoordinator]

    class VisitSkipInputSerializer(serializers.Serializer):
        cause = serializers.ChoiceField(choices=SkipCause.choices, default=SkipCause.OTHER)
        reason = serializers.CharField(max_length=500)
        replan = serializers.BooleanField(default=True)

    InputSerializer = VisitSkipInputSerializer

    @extend_schema(request=VisitSkipInputSerializer, responses=VisitSerializer)
    def post(self, request, pk):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = get_object_or_404(selectors.visit_list_for(user=request.user, upcoming_only=False), pk=pk)
        visit, _run = disruptions.visit_skip(visit=visit, user=request.user, **data.validated_data)
        return Response(VisitSerializer(visit).data)


class SlotSerializer(serializers.Serializer):
    date = serializers.DateField()
    vehicle = serializers.IntegerField(source="vehicle_id")
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField(read_only=True)
    added_distance_km = serializers.FloatField(read_only=True)


class VisitRequestViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """School visit requests: a school submits, picks an offered slot or waits for planning; coordinators
    see all, decline with a reason; either cancels."""

    class RequestSerializer(serializers.ModelSerializer):
        scheduled_date = serializers.DateField(source="scheduled_visit.route.date", read_only=True, default=None)
        scheduled_time = serializers.TimeField(source="scheduled_visit.starts_at", read_only=True, default=None)

        class Meta:
            model = VisitRequest
            fields = [
                "id",
                "school",
                "site",
                "preferred_from",
                "preferred_until",
                "window_start",
                "window_end",
                "students",
                "grades",
                "theme",
                "notes",
                "duration_minutes",
                "status",
                "decline_reason",
                "scheduled_visit",
                "scheduled_date",
                "scheduled_time",
                "created_at",
            ]
            read_only_fields = ["school", "status", "decline_reason", "scheduled_visit"]

    serializer_class = RequestSerializer
    permission_classes = [IsSchoolContactOrCoordinator]
    queryset = VisitRequest.objects.none()
    filterset_fields = {"status": ["exact"], "school": ["exact"], "preferred_from": ["gte", "lte"]}
    ordering_fields = ["created_at", "preferred_from"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.visit_request_list_for(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.visit_request_create(user=self.request.user, **serializer.validated_data)

    @extend_schema(request=inline_serializer("DeclineInput", {"reason": serializers.CharField()}))
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinator])
    def decline(self, request, pk=None):
        """Decline a submitted request, saying why."""
        declined = services.visit_request_decline(request=self.get_object(), reason=request.data.get("reason", ""))
        return Response(self.get_serializer(declined).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a request; a booked visit leaves the plan."""
        return Response(self.get_serializer(services.visit_request_cancel(request=self.get_object())).data)

    @extend_schema(responses=SlotSerializer(many=True))
    @action(detail=True, methods=["get"])
    def slots(self, request, pk=None):
        """Feasible slots the published plan can absorb, least added driving first."""
        return Response(SlotSerializer(services.slot_offers_for(request=self.get_object()), many=True).data)

    @extend_schema(request=SlotSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def book(self, request, pk=None):
        """Book one of the offered slots (409 with fresh offers if someone was faster)."""
        slot = SlotSerializer(data=request.data)
        slot.is_valid(raise_exception=True)
        visit = services.slot_book(
            request=self.get_object(),
            date=slot.validated_data["date"],
            vehicle_id=slot.validated_data["vehicle_id"],
            starts_at=slot.validated_data["starts_at"],
        )
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in user's notifications, newest first."""

    class NotificationSerializer(serializers.ModelSerializer):
        class Meta:
            model = Notification
            fields = ["id", "kind", "subject", "body", "data", "school", "read_at", "created_at"]

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()
    filterset_fields = {"kind": ["exact"], "read_at": ["isnull"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return notification_selectors.notification_list_for(user=self.request.user)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark as read."""
        note = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(self.get_serializer(notification_mark_read(notification=note)).data)

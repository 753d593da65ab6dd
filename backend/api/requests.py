"""School visit requests and the slots a published plan can offer them."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.http.fields import DateField
from backend.http.permissions import IsCoordinator, IsSchoolContactOrCoordinator
from backend.planning import selectors, services
from backend.planning.models import VisitRequest

from .visits import VisitSerializer


class SlotSerializer(serializers.Serializer):
    date = DateField()
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

    class DeclineInputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=2000)

    @extend_schema(request=DeclineInputSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinator])
    def decline(self, request, pk=None):
        """Decline a submitted request, saying why."""
        visit_request = self.get_object()
        data = self.DeclineInputSerializer(data=request.data)  # a body that is not an object is a 400 too
        data.is_valid(raise_exception=True)
        declined = services.visit_request_decline(request=visit_request, reason=data.validated_data["reason"])
        return Response(self.get_serializer(declined).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a request; a booked visit leaves the plan."""
        return Response(self.get_serializer(services.visit_request_cancel(request=self.get_object())).data)

    @extend_schema(responses=SlotSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)  # a bare list, and the schema says so
    def slots(self, request, pk=None):
        """Feasible slots the published plan can absorb, soonest first (with the driving each adds)."""
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

"""Visits in published plans: when the bus comes (schools), a crew's own stops, and skipping one."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.crew.eta import visit_etas
from backend.http.permissions import IsCoordinator
from backend.planning import selectors
from backend.planning.models import PlannedVisit, SkipCause
from backend.planning.services import disruptions


class VisitSerializer(serializers.ModelSerializer):
    site_name = serializers.CharField(source="site.name", read_only=True)
    date = serializers.DateField(source="route.date", read_only=True)
    vehicle = serializers.IntegerField(source="route.vehicle_id", read_only=True)
    eta = serializers.SerializerMethodField(help_text="When the bus is now expected (today, from its last GPS fix).")

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
            "ferry_departs_at",
            "distance_m",
            "deliver_boxes",
            "collect_boxes",
            "status",
            "skip_cause",
            "skip_reason",
            "eta",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "expected_at": {"type": "string", "format": "date-time"},
                "planned_at": {"type": "string", "format": "date-time"},
                "late_minutes": {"type": "integer"},
                "fix_at": {"type": "string", "format": "date-time"},
                "text": {"type": "string"},
            },
        }
    )
    def get_eta(self, visit) -> dict | None:
        eta = self.context.get("etas", {}).get(visit.pk)
        return eta.as_dict() if eta else None


class PublishedVisitListApi(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Upcoming visits in published plans: a school sees when the bus comes, a crew its own stops."""

    serializer_class = VisitSerializer
    queryset = PlannedVisit.objects.none()
    filterset_fields = {"site": ["exact"], "route__date": ["gte", "lte"], "route__vehicle": ["exact"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.visit_list_for(user=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        visits = page if page is not None else list(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "etas": visit_etas(visits=visits)}
        data = self.get_serializer_class()(visits, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)


class VisitSkipApi(APIView):
    """Record that a planned visit was skipped (or take the crew's skip as recorded), and re-plan it minimally."""

    permission_classes = [IsCoordinator]

    class VisitSkipInputSerializer(serializers.Serializer):
        cause = serializers.ChoiceField(choices=SkipCause.choices, default=SkipCause.OTHER)
        # Required for a planned visit; a visit the crew skipped from the phone keeps their reason when blank.
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
        replan = serializers.BooleanField(default=True)

    InputSerializer = VisitSkipInputSerializer

    @extend_schema(request=VisitSkipInputSerializer, responses=VisitSerializer)
    def post(self, request, pk):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = get_object_or_404(selectors.visit_list_for(user=request.user, upcoming_only=False), pk=pk)
        visit, run = disruptions.visit_skip(visit=visit, user=request.user, **data.validated_data)
        # The re-plan runs in the background: its id lets the console follow it and publish its draft.
        return Response({**VisitSerializer(visit).data, "planning_run": run.pk if run else None})

"""The coordinators' conflict inbox: events from phones that contradict the server's record.

Signed in as anywhere in this API (token or session). The same views also answer at their first home under the phone
API, /api/mobile/v1/conflicts/, with the phone API's ways in (see ``backend.config.urls``).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.crew.models import ConflictStatus, SyncConflict
from backend.crew.selectors import conflict_list
from backend.crew.services import conflict_resolve
from backend.http.permissions import IsCoordinator


class ConflictSerializer(serializers.ModelSerializer):
    # A difference found by a count on the console has no phone event: its event fields are null.
    event_id = serializers.UUIDField(source="event.event_id", default=None)
    kind = serializers.CharField(source="event.kind", default=None)
    payload = serializers.JSONField(source="event.payload", default=None)
    device_time = serializers.DateTimeField(source="event.device_time", default=None)
    sent_by = serializers.CharField(source="event.user.username", default=None)
    device = serializers.CharField(source="event.device.name", default=None)
    site = serializers.CharField(source="visit.site.name", default=None)
    visit_date = serializers.DateField(source="visit.route.date", default=None)

    class Meta:
        model = SyncConflict
        fields = [
            "id",
            "code",
            "message",
            "details",
            "status",
            "event_id",
            "kind",
            "payload",
            "device_time",
            "sent_by",
            "device",
            "visit",
            "site",
            "visit_date",
            "vehicle",
            "created_at",
            "resolved_by",
            "resolved_at",
            "resolution_note",
        ]


class ConflictListApi(ListAPIView):
    """Conflicts, open ones first by default (``?status=accepted|dismissed|all``), newest first."""

    permission_classes = [IsCoordinator]
    serializer_class = ConflictSerializer
    filter_backends: list = []
    queryset = SyncConflict.objects.none()

    class ConflictListFilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=[*ConflictStatus.values, "all"], default=ConflictStatus.OPEN)

    FilterSerializer = ConflictListFilterSerializer

    @extend_schema(parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=[*ConflictStatus.values, "all"])])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = self.FilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        status = query.validated_data["status"]
        return conflict_list(status=None if status == "all" else status)


class ConflictResolveApi(APIView):
    """Settle a conflict: ``accept`` applies the phone's event anyway; ``dismiss`` keeps the server's record."""

    permission_classes = [IsCoordinator]

    class ConflictResolveInputSerializer(serializers.Serializer):
        resolution = serializers.ChoiceField(choices=["accept", "dismiss"])
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    InputSerializer = ConflictResolveInputSerializer

    @extend_schema(request=InputSerializer, responses=ConflictSerializer)
    def post(self, request, pk):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        conflict = get_object_or_404(conflict_list(status=None), pk=pk)
        conflict = conflict_resolve(
            conflict=conflict,
            user=request.user,
            accept=data.validated_data["resolution"] == "accept",
            note=data.validated_data["note"],
        )
        return Response(ConflictSerializer(conflict_list(status=None).get(pk=conflict.pk)).data)

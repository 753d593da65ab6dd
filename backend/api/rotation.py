"""Coordinators' API for the rotation planner: propose the next cycle's pairings of collections and sites."""

from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.http.permissions import IsCoordinator
from backend.stock.models import RotationProposal
from backend.stock.rotation import rotation_accept, rotation_propose, rotation_reject


class RotationProposalViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The rotation planner: propose the next cycle's pairings with reasons; accept or reject."""

    class RotationProposalAssignmentSerializer(serializers.Serializer):
        collection = serializers.IntegerField(source="collection_id")
        collection_code = serializers.CharField(source="collection.code")
        site = serializers.IntegerField(source="site_id")
        site_name = serializers.CharField(source="site.name")
        books = serializers.IntegerField()
        new_titles = serializers.IntegerField()
        explanation = serializers.CharField()
        delivered = serializers.SerializerMethodField()

        def get_delivered(self, assignment) -> bool:
            return assignment.stay_id is not None

    class RotationProposalOutputSerializer(serializers.ModelSerializer):
        assignments = serializers.SerializerMethodField()
        time_limit_s = serializers.IntegerField(write_only=True, min_value=1, max_value=120, default=10)

        class Meta:
            model = RotationProposal
            fields = [
                "id",
                "cycle_starts_on",
                "cycle_ends_on",
                "exclude_cycles",
                "status",
                "solver_status",
                "objective",
                "notes",
                "assignments",
                "decided_at",
                "created_at",
                "time_limit_s",
            ]
            read_only_fields = ["status", "solver_status", "objective", "notes", "decided_at", "created_at"]
            extra_kwargs = {"cycle_ends_on": {"required": False}, "exclude_cycles": {"min_value": 0, "max_value": 24}}

        @extend_schema_field(
            inline_serializer(
                "RotationAssignment",
                {
                    "collection": serializers.IntegerField(),
                    "collection_code": serializers.CharField(),
                    "site": serializers.IntegerField(),
                    "site_name": serializers.CharField(),
                    "books": serializers.IntegerField(),
                    "new_titles": serializers.IntegerField(),
                    "explanation": serializers.CharField(),
                    "delivered": serializers.BooleanField(),
                },
                many=True,
            )
        )
        def get_assignments(self, proposal) -> list:
            items = proposal.assignments.select_related("collection", "site").order_by("site__name")
            return RotationProposalViewSet.RotationProposalAssignmentSerializer(items, many=True).data

    serializer_class = RotationProposalOutputSerializer
    permission_classes = [IsCoordinator]
    queryset = RotationProposal.objects.none()

    def get_queryset(self):
        return RotationProposal.objects.all()

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = rotation_propose(
            starts_on=d["cycle_starts_on"],
            ends_on=d.get("cycle_ends_on"),
            exclude_cycles=d.get("exclude_cycles", 3),
            by=self.request.user,
            time_limit_s=d["time_limit_s"],
        )

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept: the deliveries become boxes for route planning. No copy moves until it is deposited."""
        return Response(self.get_serializer(rotation_accept(proposal=self.get_object(), by=request.user)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return Response(self.get_serializer(rotation_reject(proposal=self.get_object(), by=request.user)).data)

"""Coordinators' API for the stock ledger: every movement of every copy, newest first, scoped by role."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets

from backend.http.permissions import IsStaffOrDriver
from backend.stock import selectors
from backend.stock.models import Movement, MovementKind
from backend.stock.services import Holder

from .holders import HolderSerializer


class MovementSerializer(serializers.ModelSerializer):
    barcode = serializers.CharField(source="copy.barcode", read_only=True)
    from_holder = serializers.SerializerMethodField()
    to_holder = serializers.SerializerMethodField()

    class Meta:
        model = Movement
        fields = [
            "id",
            "copy",
            "barcode",
            "kind",
            "from_holder",
            "to_holder",
            "collection",
            "site",
            "visit",
            "by",
            "at",
            "reason",
            "source_event_id",
        ]

    @extend_schema_field(HolderSerializer(allow_null=True))
    def get_from_holder(self, movement) -> dict | None:
        holder = Holder.from_movement_end(movement, "from")
        return holder.as_dict() if holder else None

    @extend_schema_field(HolderSerializer)
    def get_to_holder(self, movement) -> dict:
        return Holder.from_movement_end(movement, "to").as_dict()


class MovementViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The ledger, newest first: coordinators see all of it, crews the movements of their vehicles."""

    serializer_class = MovementSerializer
    permission_classes = [IsStaffOrDriver]
    queryset = Movement.objects.none()
    filter_backends = []
    filterset_fields = None

    class MovementListFilterSerializer(serializers.Serializer):
        copy = serializers.IntegerField(required=False)
        kind = serializers.ChoiceField(choices=MovementKind.choices, required=False)
        site = serializers.IntegerField(required=False)

    @extend_schema(parameters=[MovementListFilterSerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Movement.objects.none()
        filters = self.MovementListFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.movement_list_for(user=self.request.user).filter(**filters.validated_data).order_by("-pk")

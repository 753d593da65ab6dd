"""Coordinators' API for stocktakes (kiểm kê) of a library or a bus."""

from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from backend.http.permissions import IsStaffOrDriver
from backend.stock import selectors
from backend.stock.models import Stocktake
from backend.stock.services import Holder
from backend.stock.stocktake import stocktake_submit


class StocktakeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Stocktakes (kiểm kê) of a library or a bus: submit scanned barcodes, get the findings."""

    class StocktakeOutputSerializer(serializers.ModelSerializer):
        barcodes = serializers.ListField(child=serializers.CharField(max_length=32), write_only=True, max_length=20000)
        apply_corrections = serializers.BooleanField(write_only=True, default=False)

        class Meta:
            model = Stocktake
            fields = [
                "id",
                "library",
                "vehicle",
                "collection",
                "shelf_from",
                "shelf_to",
                "taken_at",
                "scanned_count",
                "expected_count",
                "result",
                "corrections_applied",
                "source_event_id",
                "barcodes",
                "apply_corrections",
            ]
            read_only_fields = ["taken_at", "scanned_count", "expected_count", "result", "corrections_applied"]
            extra_kwargs = {"source_event_id": {"validators": []}}

        def validate(self, attrs):
            if bool(attrs.get("library")) == bool(attrs.get("vehicle")):
                raise serializers.ValidationError(_("Count exactly one library or one vehicle."))
            return attrs

    serializer_class = StocktakeOutputSerializer
    permission_classes = [IsStaffOrDriver]
    queryset = Stocktake.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Stocktake.objects.all()
        return selectors.stocktake_list_for(user=self.request.user)

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        user = self.request.user
        holder = Holder.library(d["library"]) if d.get("library") else Holder.vehicle(d["vehicle"])
        if not selectors.stocktake_allowed(user=user, holder=holder):
            raise PermissionDenied(_("Crews count only their own bus."))
        if d.get("apply_corrections") and not user.is_coordinator:
            raise PermissionDenied(_("Only coordinators apply corrections."))
        serializer.instance = stocktake_submit(
            holder=holder,
            barcodes=d["barcodes"],
            collection=d.get("collection"),
            shelf_from=d.get("shelf_from", ""),
            shelf_to=d.get("shelf_to", ""),
            by=user,
            apply_corrections=d["apply_corrections"],
            source_event_id=d.get("source_event_id"),
        )

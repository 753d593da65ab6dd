"""Where a copy or a collection is, in and out of the stock API: a holder's shape, and the input naming one."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from backend.places.models import Library, Vehicle
from backend.stock.services import Holder


class HolderSerializer(serializers.Serializer):
    kind = serializers.CharField()
    library = serializers.IntegerField(allow_null=True)
    vehicle = serializers.IntegerField(allow_null=True)
    loan = serializers.IntegerField(allow_null=True)


class HolderInput(serializers.Serializer):
    """Where to: exactly one of a library or a vehicle."""

    library = serializers.PrimaryKeyRelatedField(queryset=Library.objects.all(), required=False, allow_null=True)
    vehicle = serializers.PrimaryKeyRelatedField(queryset=Vehicle.objects.all(), required=False, allow_null=True)

    def validate(self, attrs):
        if bool(attrs.get("library")) == bool(attrs.get("vehicle")):
            raise serializers.ValidationError(_("Give exactly one of a library or a vehicle."))
        return attrs

    @staticmethod
    def holder(attrs) -> Holder | None:
        if attrs.get("library"):
            return Holder.library(attrs["library"])
        if attrs.get("vehicle"):
            return Holder.vehicle(attrs["vehicle"])
        return None


def holder_of(data: dict | None) -> Holder | None:
    """The holder a validated ``HolderInput`` names; None when it was left out."""
    if not data:
        return None
    return HolderInput.holder(data)

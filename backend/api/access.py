"""Coordinators' API for how the bus reaches places: ferry links, lodgings for trips of several days, and the
access of a commune (a site's own access is on ``/sites/``, a vehicle's longest trip on ``/vehicles/``)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from backend.api.network import CommuneCodeField, NetworkViewSet
from backend.places import selectors, services
from backend.places.models import FerryLink, Lodging


class DeparturesField(serializers.ListField):
    """Departure times as "HH:MM", stored as sorted strings."""

    child = serializers.TimeField(format="%H:%M", input_formats=["%H:%M"])

    def __init__(self, **kwargs):
        super().__init__(allow_empty=False, **kwargs)

    def to_internal_value(self, data):
        return sorted({t.strftime("%H:%M") for t in super().to_internal_value(data)})

    def to_representation(self, data):
        return list(data)


class FerryLinkViewSet(NetworkViewSet):
    """Ferry links to islands: ports, crossing time, departures both ways, whether the bus may board, extra cost."""

    class FerryLinkSerializer(serializers.ModelSerializer):
        departures = DeparturesField()
        return_departures = DeparturesField()

        class Meta:
            model = FerryLink
            fields = [
                "id",
                "name",
                "port_name",
                "port_latitude",
                "port_longitude",
                "island_port_name",
                "island_port_latitude",
                "island_port_longitude",
                "crossing_minutes",
                "departures",
                "return_departures",
                "bus_boards",
                "cost",
                "created_at",
                "updated_at",
            ]

    serializer_class = FerryLinkSerializer
    queryset = FerryLink.objects.none()
    selector = staticmethod(lambda user: selectors.ferry_link_list())
    ordering_fields = ["name"]
    deactivate = activate = None  # ferry links are edited, not deactivated

    def create_object(self, data):
        return services.ferry_link_create(**data)

    def update_object(self, ferry_link, data):
        return services.ferry_link_update(ferry_link=ferry_link, data=data)


class LodgingViewSet(NetworkViewSet):
    """Where a crew on a trip of several days may spend the night, per commune, with its cost per night."""

    class LodgingSerializer(serializers.ModelSerializer):
        commune = CommuneCodeField()
        commune_name = serializers.CharField(source="commune.name", read_only=True)

        class Meta:
            model = Lodging
            fields = [
                "id",
                "name",
                "commune",
                "commune_name",
                "address",
                "phone",
                "latitude",
                "longitude",
                "cost_per_night",
                "is_active",
                "created_at",
                "updated_at",
            ]

        def validate_cost_per_night(self, value):
            if value < 0:
                raise serializers.ValidationError(_("The cost cannot be negative."))
            return value

    serializer_class = LodgingSerializer
    queryset = Lodging.objects.none()
    selector = staticmethod(lambda user: selectors.lodging_list())
    filterset_fields = {"commune__code": ["exact"], "is_active": ["exact"]}
    ordering_fields = ["name"]

    def create_object(self, data):
        return services.lodging_create(**data)

    def update_object(self, lodging, data):
        return services.lodging_update(lodging=lodging, data=data)

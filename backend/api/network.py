"""Coordinators' API for the service network: read for every role within its scope, writes for coordinators.

Writes go through the services in ``backend.places.services``; the serializers here only parse and shape.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.accounts.models import User
from backend.core.services import model_update
from backend.http.permissions import IsCoordinatorOrReadOnly, IsStaffOrDriver
from backend.places import selectors, services
from backend.places.models import (
    Closure,
    Commune,
    CrewRole,
    Library,
    OpeningWindow,
    Province,
    School,
    SchoolContactPerson,
    SeasonalOverride,
    ServiceSite,
    Vehicle,
)


class CommuneCodeField(serializers.SlugRelatedField):
    """A commune named by its official code."""

    default_error_messages = {"does_not_exist": _("No commune has the official code {value}.")}

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Commune.objects.all(), **kwargs)


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "code", "name", "division_type", "codename"]


class CommuneSerializer(serializers.ModelSerializer):
    province = serializers.IntegerField(source="province.code", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)

    class Meta:
        model = Commune
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "province",
            "province_name",
            "latitude",
            "longitude",
            "access",
            "ferry",
            "resolved_access",
        ]
        read_only_fields = ["code", "name", "kind", "latitude", "longitude"]

    resolved_access = serializers.CharField(read_only=True)


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    """Provinces and centrally-run cities (the 34 official units since 2025)."""

    queryset = Province.objects.all()
    serializer_class = ProvinceSerializer
    lookup_field = "code"
    ordering_fields = ["code", "name"]


class CommuneViewSet(viewsets.ReadOnlyModelViewSet):
    """Communes, wards and special zones, with their official codes."""

    queryset = selectors.commune_list()
    serializer_class = CommuneSerializer
    lookup_field = "code"
    filterset_fields = {"province__code": ["exact"], "kind": ["exact"], "access": ["exact"]}
    ordering_fields = ["code", "name"]

    @extend_schema(request=CommuneSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinatorOrReadOnly])
    def access(self, request, *args, **kwargs):
        """Set how the commune's sites are reached: ``access`` (blank: its kind's default) and ``ferry``."""
        commune = self.get_object()
        serializer = self.get_serializer(commune, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        commune = services.commune_set_access(
            commune=commune, access=data.get("access", commune.access), ferry=data.get("ferry", commune.ferry)
        )
        return Response(self.get_serializer(commune).data)


class NetworkViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create, update; no hard delete: places are deactivated so that their history stays.

    Subclasses name the ``selector`` that applies the role's visibility, and the services that write.
    """

    permission_classes = [IsCoordinatorOrReadOnly]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return self.selector(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = self.create_object(dict(serializer.validated_data))

    def perform_update(self, serializer):
        serializer.instance = self.update_object(serializer.instance, dict(serializer.validated_data))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, *args, **kwargs):
        """Take out of service; the record and its history stay."""
        return Response(self.get_serializer(self.set_active(self.get_object(), False)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def activate(self, request, *args, **kwargs):
        """Bring back into service."""
        return Response(self.get_serializer(self.set_active(self.get_object(), True)).data)

    def set_active(self, instance, active: bool):
        return model_update(instance, {"is_active": active})


class LibraryViewSet(NetworkViewSet):
    """Libraries and reading points; public libraries are the depots."""

    class LibrarySerializer(serializers.ModelSerializer):
        commune = CommuneCodeField()

        class Meta:
            model = Library
            fields = [
                "id",
                "name",
                "kind",
                "address",
                "commune",
                "latitude",
                "longitude",
                "contact_name",
                "phone",
                "email",
                "is_active",
                "is_depot",
                "created_at",
                "updated_at",
            ]
            read_only_fields = ["is_active"]

    serializer_class = LibrarySerializer
    queryset = Library.objects.none()  # the model, for the schema and filters; rows come from ``selector``
    selector = staticmethod(selectors.library_list_for)
    filterset_fields = {"kind": ["exact"], "commune__code": ["exact"], "is_active": ["exact"]}
    ordering_fields = ["name", "created_at"]

    def create_object(self, data):
        return services.library_create(**data)

    def update_object(self, library, data):
        return services.library_update(library=library, data=data)


class ContactPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = SchoolContactPerson
        fields = ["name", "title", "phone", "email"]


class SchoolViewSet(NetworkViewSet):
    """Schools, their library and their contact people."""

    class SchoolSerializer(serializers.ModelSerializer):
        commune = CommuneCodeField()
        contacts = ContactPersonSerializer(many=True, required=False)

        class Meta:
            model = School
            fields = [
                "id",
                "name",
                "level",
                "students",
                "commune",
                "address",
                "library",
                "contacts",
                "is_active",
                "created_at",
                "updated_at",
            ]
            read_only_fields = ["is_active"]

    serializer_class = SchoolSerializer
    queryset = School.objects.none()  # the model, for the schema and filters; rows come from ``selector``
    selector = staticmethod(selectors.school_list_for)
    filterset_fields = {"level": ["exact"], "commune__code": ["exact"], "is_active": ["exact"]}
    ordering_fields = ["name", "students", "created_at"]

    def create_object(self, data):
        return services.school_create(**data)

    def update_object(self, school, data):
        return services.school_update(school=school, data=data, contacts=data.pop("contacts", None))


class WindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningWindow
        fields = ["weekday", "opens_at", "closes_at"]
        validators = []


class SeasonalOverrideSerializer(serializers.ModelSerializer):
    class Meta:
        model = SeasonalOverride
        fields = ["name", "start_month", "start_day", "end_month", "end_day", "closed", "target_interval_days"]


class SiteViewSet(NetworkViewSet):
    """Service sites: everything the bus visits, with weekly opening windows and seasonal overrides."""

    class SiteSerializer(serializers.ModelSerializer):
        commune = CommuneCodeField()
        windows = WindowSerializer(many=True, required=False)
        seasonal_overrides = SeasonalOverrideSerializer(many=True, required=False)
        resolved_access = serializers.CharField(read_only=True)

        class Meta:
            model = ServiceSite
            fields = [
                "id",
                "name",
                "library",
                "school",
                "commune",
                "address",
                "latitude",
                "longitude",
                "visit_minutes",
                "setup_minutes",
                "target_interval_days",
                "priority",
                "remote_area",
                "priority_groups",
                "is_active",
                "crew_notes",
                "access",
                "ferry",
                "resolved_access",
                "windows",
                "seasonal_overrides",
                "created_at",
                "updated_at",
            ]

    serializer_class = SiteSerializer
    queryset = ServiceSite.objects.none()  # the model, for the schema and filters; rows come from ``selector``
    selector = staticmethod(selectors.site_list_for)
    filterset_fields = {
        "commune__code": ["exact"],
        "is_active": ["exact"],
        "priority": ["exact", "gte"],
        "school": ["exact", "isnull"],
        "library__kind": ["exact"],
    }
    ordering_fields = ["name", "priority", "target_interval_days", "created_at"]

    def create_object(self, data):
        return services.site_create(windows=data.pop("windows", []), **data)

    def update_object(self, site, data):
        return services.site_update(
            site=site,
            data=data,
            windows=data.pop("windows", None),
            seasonal_overrides=data.pop("seasonal_overrides", None),
        )

    def set_active(self, site, active):
        return services.site_set_active(site=site, active=active)


class CrewMemberSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.get_full_name", read_only=True)
    crew_role = serializers.ChoiceField(choices=CrewRole.choices)


class VehicleViewSet(NetworkViewSet):
    """Library buses: working day, capacity, status and crew. Crew see only the vehicles they crew."""

    class VehicleSerializer(serializers.ModelSerializer):
        crew = CrewMemberSerializer(source="crew_assignments", many=True, required=False)

        class Meta:
            model = Vehicle
            fields = [
                "id",
                "plate_number",
                "name",
                "home_depot",
                "capacity_books",
                "capacity_boxes",
                "day_starts_at",
                "day_ends_at",
                "lunch_earliest",
                "lunch_latest",
                "lunch_minutes",
                "average_speed_kmh",
                "cost_per_km",
                "working_weekdays",
                "status",
                "maintenance_from",
                "maintenance_until",
                "min_crew",
                "max_trip_days",
                "crew",
                "created_at",
                "updated_at",
            ]

        def validate_plate_number(self, value):
            normalised = " ".join(value.upper().split())
            taken = Vehicle.objects.filter(plate_number=normalised)
            if self.instance:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                raise serializers.ValidationError(_("Another vehicle has this plate number."))
            return normalised

    serializer_class = VehicleSerializer
    queryset = Vehicle.objects.none()  # the model, for the schema and filters; rows come from ``selector``
    selector = staticmethod(selectors.vehicle_list_for)
    permission_classes = [IsStaffOrDriver, IsCoordinatorOrReadOnly]
    filterset_fields = {"status": ["exact"], "home_depot": ["exact"]}
    ordering_fields = ["plate_number", "name"]

    def create_object(self, data):
        return services.vehicle_create(crew=data.pop("crew_assignments", []), **data)

    def update_object(self, vehicle, data):
        return services.vehicle_update(vehicle=vehicle, data=data, crew=data.pop("crew_assignments", None))

    def set_active(self, vehicle, active):
        return services.vehicle_set_status(vehicle=vehicle, active=active)


class ClosureViewSet(mixins.DestroyModelMixin, NetworkViewSet):
    """The closures calendar: holidays, school breaks, closed sites, unavailable vehicles."""

    class ClosureSerializer(serializers.ModelSerializer):
        class Meta:
            model = Closure
            fields = ["id", "kind", "name", "starts_on", "ends_on", "site", "vehicle", "created_at", "updated_at"]

    serializer_class = ClosureSerializer
    queryset = Closure.objects.none()  # the model, for the schema and filters; rows come from ``selector``
    selector = staticmethod(selectors.closure_list_for)
    filterset_fields = {
        "kind": ["exact"],
        "site": ["exact"],
        "vehicle": ["exact"],
        "starts_on": ["gte", "lte"],
        "ends_on": ["gte", "lte"],
    }
    ordering_fields = ["starts_on", "ends_on"]
    deactivate = activate = None  # closures are deleted, not deactivated

    def create_object(self, data):
        return services.closure_create(**data)

    def update_object(self, closure, data):
        return services.closure_update(closure=closure, data=data)

    def perform_destroy(self, closure):
        services.closure_delete(closure=closure)

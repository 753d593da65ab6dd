"""Coordinators' API for events (planned as the bus's sessions, then reported) and donation drives (donors, gifts,
the donated copies entered into the catalogue)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.http.permissions import IsCoordinator
from backend.outreach import donations, events, selectors
from backend.outreach.models import Activity, DonationDrive, Donor, Event
from backend.places.models import ServiceSite


class _Viewset(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    permission_classes = [IsCoordinator]
    http_method_names = ["get", "post", "patch", "head", "options"]


class EventViewSet(_Viewset):
    """Events: record (kind, name, days, points, activities), plan as sessions (``plan``), report (``report``)."""

    class OutreachEventSerializer(serializers.ModelSerializer):
        sites = serializers.PrimaryKeyRelatedField(queryset=ServiceSite.objects.all(), many=True)
        activities = serializers.ListField(child=serializers.ChoiceField(Activity.choices), required=False)

        class Meta:
            model = Event
            read_only_fields = ["participants_total", "participants_children", "participants_elderly",
                                "participants_disabled", "participants_ethnic_minority", "reported_at", "visits",
                                "requests"]  # fmt: skip
            fields = ["id", "kind", "name", "starts_on", "ends_on", "sites", "activities", "expected_participants",
                      "notes", *read_only_fields]  # fmt: skip

    class OutreachEventReportSerializer(serializers.Serializer):
        participants_total = serializers.IntegerField(min_value=0)
        participants_children = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        participants_elderly = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        participants_disabled = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        participants_ethnic_minority = serializers.IntegerField(min_value=0, required=False, allow_null=True)
        activities = serializers.ListField(child=serializers.ChoiceField(Activity.choices), required=False)
        notes = serializers.CharField(required=False, allow_blank=True)

    serializer_class = OutreachEventSerializer
    queryset = Event.objects.none()

    def get_queryset(self):
        return selectors.event_list().prefetch_related("visits", "requests")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = events.event_create(sites=data.pop("sites"), **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = events.event_update(event=serializer.instance, sites=data.pop("sites", None), **data)

    @extend_schema(request=None, responses={200: OutreachEventSerializer})
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        """Attach the published plan's sessions on the event's days, request visits for schools' points without."""
        done = events.event_plan_visits(event=self.get_object(), by=request.user)
        body = {
            "attached": [v.pk for v in done.attached],
            "requested": [r.pk for r in done.requested],
            "unplanned": [{"site": site.pk, "reason": str(reason)} for site, reason in done.unplanned],
        }
        return Response(body)

    @extend_schema(request=OutreachEventReportSerializer, responses={200: OutreachEventSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Record the participants and activities held (409 before the event starts)."""
        data = self.OutreachEventReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = events.event_report(event=self.get_object(), by=request.user, **data.validated_data)
        return Response(self.OutreachEventSerializer(event).data)


class DonorViewSet(_Viewset):
    """Donors: persons (family, middle and given names; ``name`` in Vietnamese order) and organisations."""

    class DonorSerializer(serializers.ModelSerializer):
        full_name = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=180)

        class Meta:
            model = Donor
            fields = ["id", "kind", "name", "full_name", "family_name", "middle_name", "given_name", "organisation",
                      "address", "phone"]  # fmt: skip
            read_only_fields = ["name"]

    serializer_class = DonorSerializer
    queryset = Donor.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return Donor.objects.order_by("given_name", "family_name", "middle_name", "organisation", "pk")

    def perform_create(self, serializer):
        serializer.instance = donations.donor_create(**serializer.validated_data)


class DonationDriveViewSet(_Viewset):
    """Donation drives; ``gifts`` records a gift and catalogues its copies, ``donors`` lists the donors."""

    class DonationDriveSerializer(serializers.ModelSerializer):
        class Meta:
            model = DonationDrive
            fields = ["id", "name", "starts_on", "ends_on", "organiser", "library", "notes"]

    class DonatedItemSerializer(serializers.Serializer):
        barcode = serializers.CharField(max_length=32)
        isbn = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
        title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
        authors = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    class DonationGiftSerializer(serializers.Serializer):
        donor = serializers.PrimaryKeyRelatedField(queryset=Donor.objects.all())
        received_on = serializers.DateField()
        copies = serializers.IntegerField(min_value=1, max_value=100_000)
        notes = serializers.CharField(required=False, allow_blank=True, default="")
        items = serializers.ListField(child=serializers.DictField(), required=False, default=list, max_length=5000)

        def validate_items(self, value):
            items = DonationDriveViewSet.DonatedItemSerializer(data=value, many=True)
            items.is_valid(raise_exception=True)
            return [donations.DonatedItem(**item) for item in items.validated_data]

    serializer_class = DonationDriveSerializer
    queryset = DonationDrive.objects.none()

    def get_queryset(self):
        return selectors.drive_list().order_by("-starts_on", "-pk")

    def perform_create(self, serializer):
        serializer.instance = donations.drive_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = donations.drive_update(drive=serializer.instance, **serializer.validated_data)

    @extend_schema(request=DonationGiftSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def gifts(self, request, pk=None):
        data = self.DonationGiftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        gift = donations.donation_receive(drive=self.get_object(), by=request.user, **data.validated_data)
        body = {"id": gift.pk, "donor": gift.donor_id, "copies": gift.copies,
                "catalogued": list(gift.catalogued.values_list("copy__barcode", flat=True))}  # fmt: skip
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: None})
    @action(detail=True, methods=["get"])
    def donors(self, request, pk=None):
        rows = selectors.drive_donors(drive=self.get_object())
        return Response([
            {"donor": row["donor"].pk, "name": row["donor"].name, "copies": row["copies"],
             "catalogued": row["catalogued"], "gifts": [{"id": g.pk, "received_on": g.received_on, "copies": g.copies}
                                                        for g in row["donations"]]}
            for row in rows
        ])  # fmt: skip

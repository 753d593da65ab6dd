"""Coordinators' API for the catalogue and the book stock (issue 3).

Reads are scoped by role through the selectors (coordinators see all, driver-librarians the stock of their vehicles,
school contacts what was deposited at their school); writes go through ``backend.stock.services`` and
``backend.stock.catalogue.services``. Crews' writes from the phone come through the mobile API (issue 6).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.http.pagination import PageNumberPagination
from backend.http.permissions import IsCoordinator, IsCoordinatorOrReadOnly, IsStaffOrDriver
from backend.places.models import Library, ServiceSite, Vehicle
from backend.places.selectors import vehicles_crewed_by
from backend.stock import selectors, services
from backend.stock.catalogue import selectors as catalogue_selectors
from backend.stock.catalogue import services as catalogue_services
from backend.stock.catalogue.imports import catalogue_import_csv, catalogue_import_marc
from backend.stock.exports import stock_export_csv, stock_export_xlsx
from backend.stock.models import (
    CollectionStay,
    Copy,
    Loan,
    Movement,
    MovementKind,
    Reader,
    ReadingLevel,
    Record,
    RotatingCollection,
    RotationProposal,
    Stocktake,
)
from backend.stock.rotation import rotation_accept, rotation_propose, rotation_reject
from backend.stock.stocktake import stocktake_submit


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
    def holder(attrs) -> services.Holder | None:
        if attrs.get("library"):
            return services.Holder.library(attrs["library"])
        if attrs.get("vehicle"):
            return services.Holder.vehicle(attrs["vehicle"])
        return None


def _holder_of(data: dict | None) -> services.Holder | None:
    if not data:
        return None
    return HolderInput.holder(data)


class CappedPaginator(Paginator):
    """Counts at most ``CATALOGUE_SEARCH_COUNT_CAP`` matches (``capped_count``); ``capped`` says there were more."""

    @cached_property
    def count(self):
        count, self.capped = catalogue_selectors.capped_count(self.object_list)
        return count


class CappedCountPagination(PageNumberPagination):
    """Page numbers, with a count that stops at 1,000 matches: a broader search should be refined, not paged."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = getattr(self.page.paginator, "capped", False)
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {"type": "boolean", "description": "More matches than the count."}
        return schema


class RecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The catalogue: search by title, author, ISBN, barcode or subject, diacritics ignored; paged."""

    class RecordOutputSerializer(serializers.ModelSerializer):
        copies_total = serializers.IntegerField(read_only=True)
        copies_available = serializers.IntegerField(read_only=True)

        class Meta:
            model = Record
            fields = [
                "id",
                "title",
                "subtitle",
                "authors",
                "isbn",
                "publisher",
                "year",
                "language",
                "ddc",
                "subjects",
                "reading_level",
                "copies_total",
                "copies_available",
            ]
            read_only_fields = ["copies_total", "copies_available"]

        def validate_isbn(self, value):
            try:
                return catalogue_services.isbn_normalise(value)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.message_dict["isbn"]) from error

    class RecordFilterSerializer(serializers.Serializer):
        search = serializers.CharField(required=False, help_text=_("Title, author, ISBN, barcode or subject."))
        reading_level = serializers.ChoiceField(choices=ReadingLevel.choices, required=False)
        status = serializers.ChoiceField(choices=["available", "on_loan", "lost", "withdrawn"], required=False)
        library = serializers.IntegerField(required=False)
        vehicle = serializers.IntegerField(required=False)

    serializer_class = RecordOutputSerializer
    permission_classes = [IsCoordinatorOrReadOnly]
    pagination_class = CappedCountPagination
    queryset = Record.objects.none()
    filter_backends = [OrderingFilter]
    ordering_fields = ["title", "year"]

    @extend_schema(parameters=[RecordFilterSerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Record.objects.none()
        if self.action != "list":
            return catalogue_selectors.record_with_counts(Record.objects.all())
        filters = self.RecordFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        records = catalogue_selectors.record_search(
            query=f.get("search", ""),
            reading_level=f.get("reading_level"),
            status=f.get("status"),
            library_id=f.get("library"),
            vehicle_id=f.get("vehicle"),
        )
        return catalogue_selectors.record_with_counts(records)

    def perform_create(self, serializer):
        serializer.instance = catalogue_services.record_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = catalogue_services.record_update(
            record=serializer.instance, data=serializer.validated_data
        )


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
        holder = services.Holder.from_movement_end(movement, "from")
        return holder.as_dict() if holder else None

    @extend_schema_field(HolderSerializer)
    def get_to_holder(self, movement) -> dict:
        return services.Holder.from_movement_end(movement, "to").as_dict()


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


class CopyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Physical copies with where each one is; acquire new copies; move one; read its history."""

    class CopyOutputSerializer(serializers.ModelSerializer):
        title = serializers.CharField(source="record.title", read_only=True)
        holder = serializers.SerializerMethodField()

        class Meta:
            model = Copy
            fields = [
                "id",
                "barcode",
                "record",
                "title",
                "acquired_on",
                "source",
                "donor",
                "price",
                "condition",
                "shelf_mark",
                "status",
                "holder",
                "collection",
            ]

        @extend_schema_field(HolderSerializer)
        def get_holder(self, copy) -> dict:
            return services.Holder.of(copy).as_dict()

    class CopyFilterSerializer(serializers.Serializer):
        search = serializers.CharField(required=False, help_text=_("A barcode, or words of the title or author."))
        status = serializers.ChoiceField(choices=["available", "on_loan", "lost", "withdrawn"], required=False)
        library = serializers.IntegerField(required=False)
        vehicle = serializers.IntegerField(required=False)
        collection = serializers.IntegerField(required=False)

    class CopyAcquireSerializer(serializers.Serializer):
        record = serializers.PrimaryKeyRelatedField(queryset=Record.objects.all())
        barcode = serializers.CharField(max_length=32)
        library = serializers.PrimaryKeyRelatedField(queryset=Library.objects.all())
        acquired_on = serializers.DateField(required=False, allow_null=True)
        source = serializers.ChoiceField(choices=["purchase", "donation"], default="purchase")
        donor = serializers.CharField(required=False, allow_blank=True, default="")
        price = serializers.DecimalField(max_digits=12, decimal_places=0, min_value=0, required=False, allow_null=True)
        shelf_mark = serializers.CharField(required=False, allow_blank=True, default="")

    class CopyMoveSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(
            choices=[
                "load",
                "unload",
                "deposit",
                "collect",
                "transfer",
                "lost",
                "found",
                "damaged",
                "withdraw",
                "correction",
            ]
        )
        to = HolderInput(required=False, allow_null=True)
        expected_from = HolderInput(required=False, allow_null=True)
        site = serializers.PrimaryKeyRelatedField(queryset=ServiceSite.objects.all(), required=False, allow_null=True)
        reason = serializers.CharField(required=False, allow_blank=True, default="")
        source_event_id = serializers.UUIDField(required=False, allow_null=True)

    serializer_class = CopyOutputSerializer
    permission_classes = [IsStaffOrDriver]
    queryset = Copy.objects.none()
    filter_backends = []

    @extend_schema(parameters=[CopyFilterSerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Copy.objects.none()
        copies = selectors.copy_list_for(user=self.request.user)
        if self.action != "list":
            return copies
        filters = self.CopyFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        lookups = {
            "status": f.get("status"),
            "holder_library_id": f.get("library"),
            "holder_vehicle_id": f.get("vehicle"),
            "collection_id": f.get("collection"),
        }
        copies = copies.filter(**{k: v for k, v in lookups.items() if v is not None})
        return catalogue_selectors.copy_search(query=f.get("search", ""), queryset=copies).order_by("barcode")

    @extend_schema(request=CopyAcquireSerializer, responses={201: CopyOutputSerializer})
    def create(self, request):
        """Acquire a new copy into a library (bổ sung): the copy and its first movement."""
        if not request.user.is_coordinator:
            raise PermissionDenied()
        data = self.CopyAcquireSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        copy = services.copy_acquire(by=request.user, reason="acquisition", **data.validated_data)
        return Response(self.CopyOutputSerializer(copy).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CopyMoveSerializer, responses={200: MovementSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinator])
    def move(self, request, pk=None):
        """Move one copy (not lending: see loans). Nothing changes when the move is refused."""
        data = self.CopyMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        movement = services.copy_move(
            copy=self.get_object(),
            kind=d["kind"],
            to=_holder_of(d.get("to")),
            expected_from=_holder_of(d.get("expected_from")),
            site=d.get("site"),
            by=request.user,
            reason=d["reason"],
            source_event_id=d.get("source_event_id"),
        )
        return Response(MovementSerializer(movement).data)

    @extend_schema(responses={200: MovementSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Every movement of the copy, oldest first."""
        return Response(MovementSerializer(selectors.copy_history(copy=self.get_object()), many=True).data)


class CollectionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Rotating collections: make one up, move it as one unit, see copies that have not followed it."""

    class CollectionOutputSerializer(serializers.ModelSerializer):
        holder = serializers.SerializerMethodField()
        copies = serializers.PrimaryKeyRelatedField(
            many=True, queryset=Copy.objects.all(), write_only=True, required=False
        )
        library = serializers.PrimaryKeyRelatedField(queryset=Library.objects.all(), write_only=True)

        class Meta:
            model = RotatingCollection
            fields = [
                "id",
                "code",
                "name",
                "reading_level",
                "box_labels",
                "holder",
                "is_active",
                "notes",
                "library",
                "copies",
            ]
            read_only_fields = ["is_active"]

        @extend_schema_field(HolderSerializer)
        def get_holder(self, collection) -> dict:
            return _collection_holder(collection)

    class CollectionMoveSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=["load", "unload", "deposit", "collect", "transfer"])
        to = HolderInput(required=False, allow_null=True)
        site = serializers.PrimaryKeyRelatedField(queryset=ServiceSite.objects.all(), required=False, allow_null=True)
        expected_collection_on = serializers.DateField(required=False, allow_null=True)
        received_by_name = serializers.CharField(required=False, allow_blank=True, default="")
        reason = serializers.CharField(required=False, allow_blank=True, default="")
        source_event_id = serializers.UUIDField(required=False, allow_null=True)

    class CollectionMoveResultSerializer(serializers.Serializer):
        moved = serializers.IntegerField()
        left_behind = serializers.ListField(child=serializers.IntegerField())
        stay = serializers.IntegerField(source="stay.pk", allow_null=True, default=None)
        replayed = serializers.BooleanField()

    serializer_class = CollectionOutputSerializer
    permission_classes = [IsCoordinatorOrReadOnly]
    queryset = RotatingCollection.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RotatingCollection.objects.none()
        return selectors.collection_list_for(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.collection_create(**serializer.validated_data)

    @extend_schema(request=CollectionMoveSerializer, responses={200: CollectionMoveResultSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsCoordinator])
    def move(self, request, pk=None):
        """Load, unload, deposit at a site (opens a stay), collect (closes it) or transfer the whole collection."""
        data = self.CollectionMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        result = services.collection_move(
            collection=self.get_object(),
            kind=d["kind"],
            to=_holder_of(d.get("to")),
            site=d.get("site"),
            by=request.user,
            reason=d["reason"],
            source_event_id=d.get("source_event_id"),
            expected_collection_on=d.get("expected_collection_on"),
            received_by_name=d["received_by_name"],
        )
        return Response(self.CollectionMoveResultSerializer(result).data)

    @extend_schema(responses={200: CopyViewSet.CopyOutputSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def stragglers(self, request, pk=None):
        """Copies of the collection that are not with it (out on loan, or returned elsewhere)."""
        copies = services.collection_stragglers(collection=self.get_object())
        return Response(CopyViewSet.CopyOutputSerializer(copies, many=True).data)


def _collection_holder(collection) -> dict:
    from backend.stock.collections import collection_holder

    return collection_holder(collection).as_dict()


class CollectionStayViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Where rotating collections have been: deposit, expected and actual collection dates, per site."""

    class CollectionStayOutputSerializer(serializers.ModelSerializer):
        collection_code = serializers.CharField(source="collection.code", read_only=True)
        site_name = serializers.CharField(source="site.name", read_only=True)

        class Meta:
            model = CollectionStay
            fields = [
                "id",
                "collection",
                "collection_code",
                "site",
                "site_name",
                "library",
                "deposited_on",
                "expected_collection_on",
                "collected_on",
                "copies_deposited",
                "copies_collected",
                "received_by_name",
            ]

    class CollectionStayItemSerializer(serializers.Serializer):
        barcode = serializers.CharField(source="copy.barcode")
        title = serializers.CharField(source="copy.record.title")
        authors = serializers.CharField(source="copy.record.authors")
        status = serializers.CharField(source="copy.status")

    serializer_class = CollectionStayOutputSerializer
    queryset = CollectionStay.objects.none()
    filterset_fields = {"collection": ["exact"], "site": ["exact"], "collected_on": ["isnull"]}

    @extend_schema(responses={200: CollectionStayItemSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def items(self, request, pk=None):
        """The item list of the handover record: every copy deposited, with its title and where it is now."""
        movements = selectors.stay_handover_items(stay=self.get_object())
        return Response(self.CollectionStayItemSerializer(movements, many=True).data)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CollectionStay.objects.none()
        return selectors.stay_list_for(user=self.request.user)


class ReaderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Readers with cards; registered by coordinators here, by crews from the phone."""

    class ReaderOutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Reader
            fields = [
                "id",
                "card_number",
                "full_name",
                "birth_year",
                "phone",
                "school",
                "site",
                "registered_at",
                "source_event_id",
            ]
            read_only_fields = ["registered_at"]
            extra_kwargs = {"card_number": {"validators": []}, "source_event_id": {"validators": []}}

    serializer_class = ReaderOutputSerializer
    permission_classes = [IsCoordinatorOrReadOnly]
    queryset = Reader.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Reader.objects.none()
        return selectors.reader_list_for(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.reader_register(by=self.request.user, **serializer.validated_data)


class LoanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Loans: lend a copy to a reader, take it back."""

    class LoanOutputSerializer(serializers.ModelSerializer):
        barcode = serializers.CharField(source="copy.barcode", read_only=True)
        title = serializers.CharField(source="copy.record.title", read_only=True)

        class Meta:
            model = Loan
            fields = [
                "id",
                "copy",
                "barcode",
                "title",
                "reader",
                "site",
                "visit",
                "collection",
                "lent_at",
                "due_on",
                "returned_at",
            ]

    class LoanLendSerializer(serializers.Serializer):
        copy = serializers.SlugRelatedField(slug_field="barcode", queryset=Copy.objects.all())
        reader = serializers.SlugRelatedField(slug_field="card_number", queryset=Reader.objects.all())
        site = serializers.PrimaryKeyRelatedField(queryset=ServiceSite.objects.all(), required=False, allow_null=True)
        due_on = serializers.DateField(required=False, allow_null=True)
        source_event_id = serializers.UUIDField(required=False, allow_null=True)

    class LoanReturnSerializer(serializers.Serializer):
        to = HolderInput()
        source_event_id = serializers.UUIDField(required=False, allow_null=True)

    serializer_class = LoanOutputSerializer
    queryset = Loan.objects.none()
    filterset_fields = {"reader": ["exact"], "returned_at": ["isnull"], "due_on": ["lte", "gte"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Loan.objects.none()
        return selectors.loan_list_for(user=self.request.user)

    @extend_schema(request=LoanLendSerializer, responses={201: LoanOutputSerializer})
    def create(self, request):
        """Lend a copy (named by barcode) to a reader (named by card number)."""
        if not request.user.is_coordinator:
            raise PermissionDenied()
        data = self.LoanLendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        loan = services.loan_lend(by=request.user, **data.validated_data)
        return Response(self.LoanOutputSerializer(loan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LoanReturnSerializer, responses={200: LoanOutputSerializer})
    @action(detail=True, methods=["post"], url_path="return", permission_classes=[IsCoordinator])
    def take_back(self, request, pk=None):
        """Take the copy back into a library or onto a bus."""
        data = self.LoanReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        loan = services.loan_return(
            loan=self.get_object(),
            to=_holder_of(data.validated_data["to"]),
            by=request.user,
            source_event_id=data.validated_data.get("source_event_id"),
        )
        return Response(self.LoanOutputSerializer(loan).data)


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


class RotationLoadApi(APIView):
    """Boxes to deliver and collect per site, for everything due by ``until`` (what route planning loads)."""

    permission_classes = [IsCoordinator]

    class RotationLoadFilterSerializer(serializers.Serializer):
        until = serializers.DateField()

    @extend_schema(
        parameters=[RotationLoadFilterSerializer],
        responses=inline_serializer(
            "SiteLoad",
            {
                "site": serializers.IntegerField(),
                "deliver_boxes": serializers.IntegerField(),
                "collect_boxes": serializers.IntegerField(),
                "deliver": serializers.ListField(child=serializers.CharField()),
                "collect": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        ),
    )
    def get(self, request):
        filters = self.RotationLoadFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        loads = selectors.rotation_load_pending(until=filters.validated_data["until"])
        return Response([{"site": site_id, **load.__dict__} for site_id, load in sorted(loads.items())])


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
        takes = Stocktake.objects.all()
        user = self.request.user
        if getattr(self, "swagger_fake_view", False) or user.is_coordinator:
            return takes
        return takes.filter(vehicle__in=vehicles_crewed_by(user=user))

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        user = self.request.user
        if not user.is_coordinator and (
            d.get("library") or not vehicles_crewed_by(user=user).filter(pk=d["vehicle"].pk).exists()
        ):
            raise PermissionDenied(_("Crews count only their own bus."))
        if d.get("apply_corrections") and not user.is_coordinator:
            raise PermissionDenied(_("Only coordinators apply corrections."))
        holder = services.Holder.library(d["library"]) if d.get("library") else services.Holder.vehicle(d["vehicle"])
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


class CatalogueImportApi(APIView):
    """Import a catalogue file (CSV, MARC 21 ISO 2709 or MARCXML) into a library's stock; returns the report."""

    permission_classes = [IsCoordinator]
    parser_classes = [MultiPartParser, FormParser]

    class CatalogueImportInputSerializer(serializers.Serializer):
        file = serializers.FileField()
        format = serializers.ChoiceField(choices=["csv", "iso2709", "marcxml"])
        library = serializers.PrimaryKeyRelatedField(queryset=Library.objects.all())
        all_or_nothing = serializers.BooleanField(default=False)

    @extend_schema(
        request=CatalogueImportInputSerializer,
        responses=inline_serializer(
            "ImportReport",
            {
                "records_created": serializers.IntegerField(),
                "records_updated": serializers.IntegerField(),
                "records_unchanged": serializers.IntegerField(),
                "copies_created": serializers.IntegerField(),
                "copies_updated": serializers.IntegerField(),
                "copies_unchanged": serializers.IntegerField(),
                "rejected": serializers.ListField(child=serializers.DictField()),
                "rolled_back": serializers.BooleanField(),
            },
        ),
    )
    def post(self, request):
        data = self.CatalogueImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        content = d["file"].read()
        if d["format"] == "csv":
            report = catalogue_import_csv(
                data=content, library=d["library"], by=request.user, all_or_nothing=d["all_or_nothing"]
            )
        else:
            report = catalogue_import_marc(
                data=content,
                fmt=d["format"],
                library=d["library"],
                by=request.user,
                all_or_nothing=d["all_or_nothing"],
            )
        return Response(report.as_dict())


class StockExportApi(APIView):
    """A library's or a bus's stock as CSV or XLSX. Crews may export their own bus."""

    permission_classes = [IsStaffOrDriver]

    class StockExportFilterSerializer(serializers.Serializer):
        library = serializers.IntegerField(required=False)
        vehicle = serializers.IntegerField(required=False)
        file_format = serializers.ChoiceField(choices=["csv", "xlsx"], default="csv")

        def validate(self, attrs):
            if bool(attrs.get("library")) == bool(attrs.get("vehicle")):
                raise serializers.ValidationError(_("Give exactly one of library or vehicle."))
            return attrs

    @extend_schema(parameters=[StockExportFilterSerializer], responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def get(self, request):
        filters = self.StockExportFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        user = request.user
        if f.get("library"):
            if not user.is_coordinator:
                raise PermissionDenied()
            holder, name = (
                services.Holder.library(get_object_or_404(Library, pk=f["library"])),
                f"library-{f['library']}",
            )
        else:
            vehicles = Vehicle.objects.all() if user.is_coordinator else vehicles_crewed_by(user=user)
            holder, name = (
                services.Holder.vehicle(get_object_or_404(vehicles, pk=f["vehicle"])),
                f"vehicle-{f['vehicle']}",
            )
        if f["file_format"] == "xlsx":
            response = HttpResponse(
                stock_export_xlsx(holder=holder),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(stock_export_csv(holder=holder), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="stock-{name}.{f["file_format"]}"'
        return response

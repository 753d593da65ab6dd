"""Coordinators' API for the catalogue (issue 3): records, the physical copies and where each one is, importing a
catalogue file and exporting a library's or a bus's stock.

Reads are scoped by role through the selectors (coordinators see all, driver-librarians the stock of their vehicles,
school contacts what was deposited at their school); writes go through ``backend.stock.services`` and
``backend.stock.catalogue.services``. Crews' writes from the phone come through the mobile API (issue 6).
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from backend.core.uploads import limit_uploads
from backend.http.fields import DateField
from backend.http.permissions import IsCoordinator, IsCoordinatorOrReadOnly, IsStaffOrDriver
from backend.http.schema import ErrorSerializer
from backend.places.models import Library, ServiceSite
from backend.stock import selectors, services
from backend.stock.catalogue import selectors as catalogue_selectors
from backend.stock.catalogue import services as catalogue_services
from backend.stock.catalogue.imports import catalogue_import_csv, catalogue_import_marc
from backend.stock.exports import stock_export_csv, stock_export_xlsx
from backend.stock.models import Copy, ReadingLevel, Record
from backend.stock.services import Holder

from .holders import HolderInput, HolderSerializer, holder_of
from .ledger import MovementSerializer


class RecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The catalogue: ranked search by title, author, series, subject, ISBN or barcode, diacritics ignored; paged with
    an estimated total (``catalogue_search``)."""

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
                "series",
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
        search = serializers.CharField(
            required=False, allow_blank=True, help_text=_("Title, author, series, subject, ISBN or barcode.")
        )
        reading_level = serializers.ChoiceField(choices=ReadingLevel.choices, required=False)
        status = serializers.ChoiceField(choices=["available", "on_loan", "lost", "withdrawn"], required=False)
        library = serializers.IntegerField(required=False)
        vehicle = serializers.IntegerField(required=False)
        page = serializers.IntegerField(required=False, min_value=1, max_value=10_000, default=1)
        page_size = serializers.IntegerField(
            required=False, min_value=1, max_value=catalogue_selectors.MAX_LIMIT, default=20
        )

    serializer_class = RecordOutputSerializer
    permission_classes = [IsCoordinatorOrReadOnly]
    queryset = Record.objects.none()

    @extend_schema(
        parameters=[RecordFilterSerializer],
        # the page is the answer, not an item the default paginator's schema would wrap in another page
        responses=extend_schema_serializer(many=False)(
            inline_serializer(
                "RecordSearchPage",
                {
                    "count": serializers.IntegerField(),
                    "count_is_estimate": serializers.BooleanField(),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": RecordOutputSerializer(many=True),
                },
            )
        ),
    )
    def list(self, request, *args, **kwargs):
        """Records best first (exact title, title start, words in the title, then the rest); ``count`` is exact
        unless ``count_is_estimate``."""
        filters = self.RecordFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        found = catalogue_selectors.catalogue_search(
            query=f.get("search", ""),
            page=f["page"],
            limit=f["page_size"],
            reading_level=f.get("reading_level"),
            status=f.get("status"),
            library_id=f.get("library"),
            vehicle_id=f.get("vehicle"),
        )
        url = request.build_absolute_uri()
        return Response(
            {
                "count": found.total,
                "count_is_estimate": found.total_is_estimate,
                "next": replace_query_param(url, "page", found.page + 1) if found.has_next else None,
                "previous": replace_query_param(url, "page", found.page - 1) if found.page > 1 else None,
                "results": self.RecordOutputSerializer(found.results, many=True).data,
            }
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Record.objects.none()
        return catalogue_selectors.record_with_counts(Record.objects.all())

    def perform_create(self, serializer):
        record = catalogue_services.record_create(**serializer.validated_data)
        serializer.instance = catalogue_selectors.record_with_counts(Record.objects.filter(pk=record.pk)).get()

    def perform_update(self, serializer):
        serializer.instance = catalogue_services.record_update(
            record=serializer.instance, data=serializer.validated_data
        )


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
            return Holder.of(copy).as_dict()

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
        acquired_on = DateField(required=False, allow_null=True)
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

    def get_permissions(self):
        if self.action == "create":  # acquiring is a coordinator's; crews read their bus's copies
            return [IsCoordinator()]
        return super().get_permissions()

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
            to=holder_of(d.get("to")),
            expected_from=holder_of(d.get("expected_from")),
            site=d.get("site"),
            by=request.user,
            reason=d["reason"],
            source_event_id=d.get("source_event_id"),
        )
        return Response(MovementSerializer(movement).data)

    @extend_schema(responses={200: MovementSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)  # a bare list, and the schema says so
    def history(self, request, pk=None):
        """Every movement of the copy, oldest first."""
        return Response(MovementSerializer(selectors.copy_history(copy=self.get_object()), many=True).data)


class CatalogueImportApi(APIView):
    """Import a catalogue file (CSV, MARC 21 ISO 2709 or MARCXML) into a library's stock; returns the report."""

    permission_classes = [IsCoordinator]
    parser_classes = [MultiPartParser, FormParser]

    def initial(self, request, *args, **kwargs):
        # Before authentication: a browser session's CSRF check reads the form, and so the whole upload.
        limit_uploads(request, max_bytes=settings.BOOKBUS["IMPORT_MAX_BYTES"], field="file")
        super().initial(request, *args, **kwargs)

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

    @extend_schema(
        parameters=[StockExportFilterSerializer],
        responses={(200, "text/csv"): OpenApiTypes.BINARY, 404: ErrorSerializer},  # 404: no such library or vehicle
    )
    def get(self, request):
        filters = self.StockExportFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        f = filters.validated_data
        if f.get("library"):
            if not request.user.is_coordinator:
                raise PermissionDenied()
            holder, name = Holder.library(get_object_or_404(Library, pk=f["library"])), f"library-{f['library']}"
        else:
            vehicles = selectors.stock_vehicles_for(user=request.user)
            holder, name = Holder.vehicle(get_object_or_404(vehicles, pk=f["vehicle"])), f"vehicle-{f['vehicle']}"
        if f["file_format"] == "xlsx":
            response = HttpResponse(
                stock_export_xlsx(holder=holder),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(stock_export_csv(holder=holder), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="stock-{name}.{f["file_format"]}"'
        return response

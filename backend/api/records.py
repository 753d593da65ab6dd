"""Coordinators' API for the records of rotation (Circular 05/2022): handover and return records (Form 02) per
point and per collection, their PDF and confirmation; uses of a deposited collection; the withdrawal list."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from backend.http.permissions import IsCoordinator
from backend.stock.handover import collection_use_record, handover_record_confirm, handover_record_list_for
from backend.stock.models import (
    CollectionStay,
    CollectionUse,
    ConfirmedVia,
    Copy,
    HandoverRecord,
    UseSource,
    WithdrawalEntry,
    WithdrawalReason,
    WithdrawalStatus,
)
from backend.stock.pdf import handover_record_pdf
from backend.stock.withdrawals import withdrawal_decide, withdrawal_list, withdrawal_list_add


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class HandoverRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Handover and return records, filtered per point (``site``), ``collection`` or ``kind``; their PDF; the point's
    confirmation (name, on the phone or with a signed scan uploaded)."""

    class HandoverRecordOutputSerializer(serializers.ModelSerializer):
        collection_code = serializers.CharField(source="collection.code", read_only=True)
        site_name = serializers.CharField(source="site.name", read_only=True)
        library_name = serializers.CharField(source="library.name", read_only=True)

        class Meta:
            model = HandoverRecord
            fields = [
                "id",
                "number",
                "kind",
                "stay",
                "collection",
                "collection_code",
                "site",
                "site_name",
                "library",
                "library_name",
                "date",
                "handed_over_by",
                "received_by",
                "items",
                "item_count",
                "missing",
                "damaged",
                "uses",
                "condition_notes",
                "guidance",
                "confirmed_at",
                "confirmed_name",
                "confirmed_via",
                "signed_scan",
            ]

    class HandoverConfirmInputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=120, allow_blank=True)
        via = serializers.ChoiceField(choices=ConfirmedVia.choices, default=ConfirmedVia.PHONE)
        scan = serializers.FileField(required=False, allow_null=True)
        condition_notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    serializer_class = HandoverRecordOutputSerializer
    queryset = HandoverRecord.objects.none()
    filterset_fields = {"site": ["exact"], "collection": ["exact"], "kind": ["exact"], "stay": ["exact"]}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HandoverRecord.objects.none()
        return handover_record_list_for(user=self.request.user)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The record as a PDF (Form 02 layout)."""
        record = self.get_object()
        return pdf_response(handover_record_pdf(record), f"{record.number}.pdf")

    @extend_schema(request=HandoverConfirmInputSerializer, responses=HandoverRecordOutputSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The point's person confirms: their name, and a signed scan when ``via`` is ``scan``."""
        record = self.get_object()
        if request.user.is_school_contact and record.kind != "handover":
            raise PermissionDenied(_("A school confirms the handover records of its points."))
        data = self.HandoverConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        record = handover_record_confirm(
            record=record,
            name=d["name"],
            by=request.user,
            via=d["via"],
            scan=d.get("scan"),
            condition_notes=d["condition_notes"],
        )
        return Response(self.HandoverRecordOutputSerializer(record, context={"request": request}).data)


class CollectionUseViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Uses of a deposited collection reported by its point or the crew (reading uses and the point's loans)."""

    class CollectionUseOutputSerializer(serializers.ModelSerializer):
        stay = serializers.PrimaryKeyRelatedField(queryset=CollectionStay.objects.all())
        source = serializers.ChoiceField(choices=UseSource.choices, default=UseSource.POINT)

        class Meta:
            model = CollectionUse
            fields = ["id", "stay", "period_from", "period_until", "reading_uses", "loans", "source", "created_at"]
            extra_kwargs = {"period_from": {"required": False}, "period_until": {"required": False}}

    serializer_class = CollectionUseOutputSerializer
    permission_classes = [IsCoordinator]
    queryset = CollectionUse.objects.none()
    filterset_fields = {"stay": ["exact"], "stay__site": ["exact"], "stay__collection": ["exact"]}

    def get_queryset(self):
        return CollectionUse.objects.select_related("stay").order_by("-period_until", "-id")

    def perform_create(self, serializer):
        serializer.instance = collection_use_record(**serializer.validated_data, by=self.request.user)


class WithdrawalViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """The withdrawal list (danh sách thanh lý): list settled losses and damages (``?status=listed`` by default),
    put copies on it, and record the library's decision (``decide/``), which withdraws copies through the ledger."""

    class WithdrawalOutputSerializer(serializers.ModelSerializer):
        barcode = serializers.CharField(source="copy.barcode", read_only=True)
        title = serializers.CharField(source="copy.record.title", read_only=True)
        copies = serializers.SlugRelatedField(
            slug_field="barcode", queryset=Copy.objects.all(), many=True, write_only=True
        )
        reason = serializers.ChoiceField(choices=WithdrawalReason.choices)

        class Meta:
            model = WithdrawalEntry
            fields = [
                "id",
                "copy",
                "barcode",
                "title",
                "reason",
                "note",
                "status",
                "decision_ref",
                "decided_at",
                "movement",
                "created_at",
                "copies",
            ]
            read_only_fields = ["copy", "status", "decision_ref", "decided_at", "movement"]

    class WithdrawalFilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=[*WithdrawalStatus.values, "all"], default=WithdrawalStatus.LISTED)

    class WithdrawalDecideInputSerializer(serializers.Serializer):
        entries = serializers.PrimaryKeyRelatedField(
            queryset=WithdrawalEntry.objects.all(), many=True, allow_empty=False
        )
        withdraw = serializers.BooleanField()
        decision_ref = serializers.CharField(max_length=120, allow_blank=True)

    serializer_class = WithdrawalOutputSerializer
    permission_classes = [IsCoordinator]
    queryset = WithdrawalEntry.objects.none()
    filter_backends: list = []

    def get_queryset(self):
        query = self.WithdrawalFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        status = query.validated_data["status"]
        return withdrawal_list(status=None if status == "all" else status)

    @extend_schema(responses={201: WithdrawalOutputSerializer(many=True)})  # every entry it listed
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        entries = withdrawal_list_add(copies=d["copies"], reason=d["reason"], note=d.get("note", ""), by=request.user)
        return Response(
            self.get_serializer(withdrawal_list(status=None).filter(pk__in=[e.pk for e in entries]), many=True).data,
            status=201,
        )

    @extend_schema(request=WithdrawalDecideInputSerializer, responses=WithdrawalOutputSerializer(many=True))
    @action(detail=False, methods=["post"], pagination_class=None)  # a bare list, and the schema says so
    def decide(self, request):
        """The library's decision on listed entries: withdraw them (a ledger movement each) or keep them."""
        data = self.WithdrawalDecideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        rows = withdrawal_decide(
            entries=d["entries"], withdraw=d["withdraw"], decision_ref=d["decision_ref"], by=request.user
        )
        decided = withdrawal_list(status=None).filter(pk__in=[e.pk for e in rows])
        return Response(self.WithdrawalOutputSerializer(decided, many=True).data)

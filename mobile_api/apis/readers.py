"""Readers at the stop: lookup by card number, their loans and history, and reserved titles."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from backend.crew import reader_selectors
from backend.http.schema import ErrorSerializer
from backend.stock.models import Loan, Reader
from backend.stock.selectors import reader_list_for

from ..permissions import IsCrewOrCoordinator
from .base import MobileApiView


class LoanSerializer(serializers.ModelSerializer):
    barcode = serializers.CharField(source="copy.barcode")
    title = serializers.CharField(source="copy.record.title")
    site_name = serializers.CharField(source="site.name", default=None)

    class Meta:
        model = Loan
        fields = ["id", "barcode", "title", "site", "site_name", "visit", "lent_at", "due_on", "returned_at"]


class ReaderSerializer(serializers.ModelSerializer):
    open_loans = serializers.SerializerMethodField()
    loan_limit = serializers.SerializerMethodField()
    reserved_titles = serializers.SerializerMethodField()

    class Meta:
        model = Reader
        fields = [
            "id",
            "card_number",
            "full_name",
            "birth_year",
            "school",
            "site",
            "registered_at",
            "open_loans",
            "loan_limit",
            "reserved_titles",
        ]

    def get_open_loans(self, reader) -> int:
        return reader.loans.filter(returned_at=None).count()

    def get_loan_limit(self, reader) -> int:
        return reader_selectors.loan_limit(reader)

    def get_reserved_titles(self, reader) -> list[dict]:
        return [
            {"reservation": r.pk, "record": r.record_id, "title": r.record.title, "site": r.site_id}
            for r in reader_selectors.reader_open_reservations(reader=reader)
        ]


class ReaderLookupApi(MobileApiView):
    """Find a reader by card number (exact): who they are, how many books they hold against the limit."""

    permission_classes = [IsCrewOrCoordinator]

    class ReaderLookupFilterSerializer(serializers.Serializer):
        card = serializers.CharField(max_length=32)

    FilterSerializer = ReaderLookupFilterSerializer

    @extend_schema(
        parameters=[OpenApiParameter("card", OpenApiTypes.STR, required=True)],
        responses={200: ReaderSerializer, 404: ErrorSerializer},
    )
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        reader = reader_selectors.reader_get_by_card(user=request.user, card_number=query.validated_data["card"])
        if reader is None:
            raise Http404
        return Response(ReaderSerializer(reader).data)


class ReaderLoansApi(MobileApiView):
    """A reader's loans: open ones first (with due dates), then the history, newest first."""

    permission_classes = [IsCrewOrCoordinator]

    @extend_schema(responses=LoanSerializer(many=True))
    def get(self, request, pk):
        reader = get_object_or_404(reader_list_for(user=request.user), pk=pk)
        return Response(LoanSerializer(reader_selectors.reader_loan_history(reader=reader), many=True).data)

"""Look-ups at the stop (issue 21): the catalogue, a copy by barcode or title, a reader by name, with the
coordinators' ranked search (``catalogue_search``): word starts, diacritics ignored, best first."""

from django.db.models import Case, When
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from backend.crew import reader_selectors
from backend.stock.catalogue import selectors as catalogue_selectors
from backend.stock.models import Copy, Reader, Record
from backend.stock.selectors import copy_list_for
from backend.stock.services import Holder

from ..permissions import IsCrewOrCoordinator
from .base import MobileApiView

LOOKUP_LIMIT = 20


class QueryFilterSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200)
    page = serializers.IntegerField(required=False, min_value=1, max_value=10_000, default=1)


class CatalogueSearchApi(MobileApiView):
    """A page of 20 records for ``q`` (words, an ISBN or a barcode), best first, with an estimated total."""

    permission_classes = [IsCrewOrCoordinator]
    FilterSerializer = QueryFilterSerializer

    class RecordSerializer(serializers.ModelSerializer):
        copies_total = serializers.IntegerField()
        copies_available = serializers.IntegerField()

        class Meta:
            model = Record
            fields = ["id", "title", "authors", "series", "isbn", "reading_level", "copies_total", "copies_available"]

    @extend_schema(
        parameters=[QueryFilterSerializer],
        responses=inline_serializer(
            "MobileCatalogueSearch",
            {
                "count": serializers.IntegerField(),
                "count_is_estimate": serializers.BooleanField(),
                "has_next": serializers.BooleanField(),
                "results": RecordSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = catalogue_selectors.catalogue_search(
            query=query.validated_data["q"], page=query.validated_data["page"], limit=LOOKUP_LIMIT
        )
        return Response(
            {
                "count": found.total,
                "count_is_estimate": found.total_is_estimate,
                "has_next": found.has_next,
                "results": self.RecordSerializer(found.results, many=True).data,
            }
        )


class CopyLookupApi(MobileApiView):
    """Copies the user may see (a crew member: those on their buses) by exact barcode, or whose record matches the
    words; at most 20, the scanned barcode first, then by title."""

    permission_classes = [IsCrewOrCoordinator]

    class CopyLookupFilterSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=200)

    FilterSerializer = CopyLookupFilterSerializer

    class CopySerializer(serializers.ModelSerializer):
        title = serializers.CharField(source="record.title")
        authors = serializers.CharField(source="record.authors")
        status = serializers.CharField()  # plain text: a second "status" enum in the schema would collide by name
        holder = serializers.SerializerMethodField()

        class Meta:
            model = Copy
            fields = ["id", "barcode", "record", "title", "authors", "status", "condition", "holder"]

        def get_holder(self, copy) -> dict:
            return Holder.of(copy).as_dict()

    @extend_schema(parameters=[CopyLookupFilterSerializer], responses=CopySerializer(many=True))
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        text = query.validated_data["q"].strip()
        copies = catalogue_selectors.copy_search(query=text, queryset=copy_list_for(user=request.user))
        scanned_first = Case(When(barcode=text, then=0), default=1)
        ranked = copies.order_by(scanned_first, "record__title", "barcode")[:LOOKUP_LIMIT]
        return Response(self.CopySerializer(ranked, many=True).data)


class ReaderSearchApi(MobileApiView):
    """Readers the user may see whose name or card number has a word starting with each word of ``q`` ("ng an"
    finds "Nguyễn Văn An"), diacritics ignored; at most 20, by name."""

    permission_classes = [IsCrewOrCoordinator]

    class ReaderSearchFilterSerializer(serializers.Serializer):
        q = serializers.CharField(max_length=200)

    FilterSerializer = ReaderSearchFilterSerializer

    class ReaderSummarySerializer(serializers.ModelSerializer):
        class Meta:
            model = Reader
            fields = ["id", "card_number", "full_name", "birth_year", "school", "site"]

    @extend_schema(parameters=[ReaderSearchFilterSerializer], responses=ReaderSummarySerializer(many=True))
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        readers = reader_selectors.reader_search(user=request.user, query=query.validated_data["q"])
        return Response(self.ReaderSummarySerializer(readers[:LOOKUP_LIMIT], many=True).data)

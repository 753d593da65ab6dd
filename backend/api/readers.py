"""Coordinators' API for readers and loans: register a reader, lend a copy, take it back."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from backend.http.fields import DateField
from backend.http.permissions import IsCoordinator, IsCoordinatorOrReadOnly
from backend.places.models import ServiceSite
from backend.stock import selectors, services
from backend.stock.models import Copy, Loan, Reader

from .holders import HolderInput, holder_of


class ReaderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Readers with cards; registered by coordinators here, by crews from the phone."""

    class ReaderOutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Reader
            fields = [
                "id",
                "card_number",
                "full_name",
                "family_name",
                "middle_name",
                "given_name",
                "birth_year",
                "phone",
                "school",
                "site",
                "registered_at",
                "source_event_id",
            ]
            read_only_fields = ["registered_at", "family_name", "middle_name", "given_name"]
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
        due_on = DateField(required=False, allow_null=True)
        source_event_id = serializers.UUIDField(required=False, allow_null=True)

    class LoanReturnSerializer(serializers.Serializer):
        to = HolderInput()
        source_event_id = serializers.UUIDField(required=False, allow_null=True)

    serializer_class = LoanOutputSerializer
    queryset = Loan.objects.none()
    filterset_fields = {"reader": ["exact"], "returned_at": ["isnull"], "due_on": ["lte", "gte"]}

    def get_permissions(self):
        if self.action == "create":  # lending is a coordinator's here; crews lend from the phone
            return [IsCoordinator()]
        return super().get_permissions()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Loan.objects.none()
        return selectors.loan_list_for(user=self.request.user)

    @extend_schema(request=LoanLendSerializer, responses={201: LoanOutputSerializer})
    def create(self, request):
        """Lend a copy (named by barcode) to a reader (named by card number)."""
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
            to=holder_of(data.validated_data["to"]),
            by=request.user,
            source_event_id=data.validated_data.get("source_event_id"),
        )
        return Response(self.LoanOutputSerializer(loan).data)

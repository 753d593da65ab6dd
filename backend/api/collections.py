"""Coordinators' API for rotating collections: make one up, move it as one unit, where it has stayed, and the boxes
route planning has to deliver and collect (rotation load)."""

from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.http.fields import DateField
from backend.http.permissions import IsCoordinator, IsCoordinatorOrReadOnly
from backend.places.models import Library, ServiceSite
from backend.stock import selectors, services
from backend.stock.collections import collection_holder
from backend.stock.models import CollectionStay, Copy, RotatingCollection

from .catalogue import CopyViewSet
from .holders import HolderInput, HolderSerializer, holder_of


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
            return collection_holder(collection).as_dict()

    class CollectionMoveSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=["load", "unload", "deposit", "collect", "transfer"])
        to = HolderInput(required=False, allow_null=True)
        site = serializers.PrimaryKeyRelatedField(queryset=ServiceSite.objects.all(), required=False, allow_null=True)
        expected_collection_on = DateField(required=False, allow_null=True)
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
            to=holder_of(d.get("to")),
            site=d.get("site"),
            by=request.user,
            reason=d["reason"],
            source_event_id=d.get("source_event_id"),
            expected_collection_on=d.get("expected_collection_on"),
            received_by_name=d["received_by_name"],
        )
        return Response(self.CollectionMoveResultSerializer(result).data)

    @extend_schema(responses={200: CopyViewSet.CopyOutputSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)  # a bare list, and the schema says so
    def stragglers(self, request, pk=None):
        """Copies of the collection that are not with it (out on loan, or returned elsewhere)."""
        copies = services.collection_stragglers(collection=self.get_object())
        return Response(CopyViewSet.CopyOutputSerializer(copies, many=True).data)


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
    @action(detail=True, methods=["get"], pagination_class=None)  # a bare list, and the schema says so
    def items(self, request, pk=None):
        """The item list of the handover record: every copy deposited, with its title and where it is now."""
        movements = selectors.stay_handover_items(stay=self.get_object())
        return Response(self.CollectionStayItemSerializer(movements, many=True).data)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CollectionStay.objects.none()
        return selectors.stay_list_for(user=self.request.user)


class RotationLoadApi(APIView):
    """Boxes to deliver and collect per site, for everything due by ``until`` (what route planning loads)."""

    permission_classes = [IsCoordinator]

    class RotationLoadFilterSerializer(serializers.Serializer):
        until = DateField()

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

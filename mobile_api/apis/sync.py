"""Events from the phone: a batch of up to 500, or one at a time; the device's sequence-number state."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from backend.core.exceptions import ApplicationError
from backend.crew.kinds import KINDS
from backend.crew.services import sync_batch_apply
from backend.sync.services import device_sync_state

from ..idempotency import IdempotentPostMixin
from ..permissions import IsDevice
from .base import MobileApiView

# A single event's rejection as an HTTP status; in a batch every rejection is just an outcome.
REJECTION_STATUS = {"not_your_visit": 403, "not_your_vehicle": 403, "unknown_visit": 404}

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Optional. A retry with the same key gets the stored response; another body with it: 422; "
    "while the first is still running: 409.",
)


class EventSerializer(serializers.Serializer):
    """For the schema only: events are read one by one so that a bad event is rejected alone."""

    id = serializers.UUIDField(help_text=_("Generated on the phone; the event is applied once."))
    kind = serializers.ChoiceField(
        choices=sorted(KINDS),
        help_text=_("See mobile_api/README.md for every kind and its data."),
    )
    seq = serializers.IntegerField(required=False, min_value=1, help_text=_("Per-device sequence number."))
    device_time = serializers.DateTimeField()
    visit = serializers.IntegerField(required=False)
    data = serializers.DictField(required=False)


class DeviceStateSerializer(serializers.Serializer):
    device_id = serializers.IntegerField()
    received_through_seq = serializers.IntegerField()
    highest_seq = serializers.IntegerField()
    missing_seqs = serializers.ListField(child=serializers.IntegerField())


class OutcomeSerializer(serializers.Serializer):
    id = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["applied", "duplicate", "rejected", "conflict", "waiting"])
    original_status = serializers.CharField(required=False)
    code = serializers.CharField(required=False)
    message = serializers.CharField(required=False)
    fields = serializers.DictField(required=False)
    result = serializers.DictField(required=False)
    conflict = serializers.IntegerField(required=False)
    waiting_for = serializers.ListField(child=serializers.CharField(), required=False)


class SyncBatchApi(IdempotentPostMixin, MobileApiView):
    """Send up to 500 events. Each is stored, then applied once; the answer lists one outcome per event, in
    order: applied, duplicate (the first answer again), rejected (code, message), conflict (held for a
    coordinator) or waiting (held until what it needs arrives, then applied). Replaying any part of a batch
    changes nothing."""

    permission_classes = [IsDevice]

    class SyncBatchInputSerializer(serializers.Serializer):
        events = EventSerializer(many=True)

    InputSerializer = SyncBatchInputSerializer

    class SyncBatchOutputSerializer(serializers.Serializer):
        results = OutcomeSerializer(many=True)
        summary = serializers.DictField(child=serializers.IntegerField())
        device = DeviceStateSerializer()

    OutputSerializer = SyncBatchOutputSerializer

    @extend_schema(request=InputSerializer, responses=OutputSerializer, parameters=[IDEMPOTENCY_HEADER])
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def post_once(self, request):
        if not isinstance(request.data, dict) or "events" not in request.data:
            raise ApplicationError(_('Send {"events": [...]}.'), code="malformed_batch")
        result = sync_batch_apply(device=request.auth, events=request.data["events"])
        body = {"results": result.results, "summary": result.summary, "device": result.device.__dict__}
        return Response(body)


class EventCreateApi(IdempotentPostMixin, MobileApiView):
    """Send one event. 201 applied; 200 duplicate (the first answer again); 202 conflict (held for a
    coordinator); a rejection is an error: 400, 403 (another vehicle's visit) or 404 (unknown visit)."""

    permission_classes = [IsDevice]

    @extend_schema(
        request=EventSerializer,
        responses={201: OutcomeSerializer, 200: OutcomeSerializer, 202: OutcomeSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def post_once(self, request):
        result = sync_batch_apply(device=request.auth, events=[request.data])
        outcome = result.results[0]
        if "rejected" in (outcome["status"], outcome.get("original_status")):
            error = ApplicationError(
                outcome["message"],
                code=outcome["code"],
                extra={"event": outcome["id"], **({"fields": outcome["fields"]} if "fields" in outcome else {})},
            )
            error.status = REJECTION_STATUS.get(outcome["code"], 400)
            raise error
        created, accepted = status.HTTP_201_CREATED, status.HTTP_202_ACCEPTED
        code = {"applied": created, "conflict": accepted, "waiting": accepted}.get(outcome["status"], 200)
        return Response(outcome, status=code)


class SyncStateApi(MobileApiView):
    """What the server holds from this phone: every event up to ``received_through_seq``, the highest sequence
    number received, and the numbers missing above the first gap (resend those)."""

    permission_classes = [IsDevice]

    @extend_schema(responses=DeviceStateSerializer)
    def get(self, request):
        return Response(device_sync_state(device=request.auth).__dict__)

"""The day's run sheet, with an ETag so a phone on a poor connection downloads it again only when it changed."""

import hashlib
import json

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from backend.crew.selectors import run_sheet_get
from backend.http.fields import DateField

from ..permissions import IsCrewOrCoordinator
from .base import MobileApiView


def etag_of(body) -> str:
    return '"' + hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()[:32] + '"'


def etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    candidates = [part.strip().removeprefix("W/") for part in header.split(",")]
    return "*" in candidates or etag in candidates


class RunSheetApi(MobileApiView):
    """The published routes of a date (default today) for the user's vehicles: ordered stops with site, address,
    coordinates, time window, planned times, contacts, crew notes, a ``geo:`` link, what to deliver and collect,
    reserved titles, and the bus manifest. Send ``If-None-Match`` with the last ETag: 304 when nothing changed."""

    permission_classes = [IsCrewOrCoordinator]

    class RunSheetFilterSerializer(serializers.Serializer):
        date = DateField(required=False)
        vehicle = serializers.IntegerField(required=False, min_value=1)

    FilterSerializer = RunSheetFilterSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="Default: today (Asia/Ho_Chi_Minh)."),
            OpenApiParameter("vehicle", OpenApiTypes.INT, description="Default: every vehicle the user crews."),
            OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER),
        ],
        responses={200: OpenApiTypes.OBJECT, 304: OpenApiResponse(description="Not modified.")},
    )
    def get(self, request):
        query = self.FilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data.get("date") or timezone.localdate()
        body = run_sheet_get(user=request.user, date=day, vehicle_id=query.validated_data.get("vehicle"))
        etag = etag_of(body)
        if etag_matches(request.headers.get("If-None-Match"), etag):
            return Response(status=304, headers={"ETag": etag})
        return Response(body, headers={"ETag": etag, "Cache-Control": "private, no-cache"})

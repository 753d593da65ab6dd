"""A visit's report as the server holds it, and the host's proof-of-visit photo."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from backend.core.uploads import limit_uploads
from backend.crew.models import VisitReport
from backend.crew.selectors import visit_for_crew
from backend.crew.services import MAX_PHOTO_BYTES, visit_photo_attach

from ..idempotency import IdempotentPostMixin
from ..permissions import IsCrewOrCoordinator, IsDevice
from .base import MobileApiView


class VisitReportSerializer(serializers.ModelSerializer):
    photo = serializers.FileField(read_only=True)

    class Meta:
        model = VisitReport
        fields = [
            "visit",
            "arrived_at",
            "left_at",
            "students",
            "adults",
            "activity_note",
            "host_name",
            "host_confirmed",
            "photo",
            "updated_at",
        ]


def _visit(request, pk):
    visit = visit_for_crew(user=request.user, visit_id=pk)
    if visit is None:
        raise Http404
    return visit


class VisitReportApi(MobileApiView):
    """What the server holds of a visit's report (times, visitors, activity, proof)."""

    permission_classes = [IsCrewOrCoordinator]

    @extend_schema(responses=VisitReportSerializer)
    def get(self, request, pk):
        visit = _visit(request, pk)
        report = VisitReport.objects.filter(visit=visit).first() or VisitReport(visit=visit)
        return Response(VisitReportSerializer(report, context={"request": request}).data)


class VisitPhotoApi(IdempotentPostMixin, MobileApiView):
    """Upload the host's proof-of-visit photo (multipart field ``photo``: JPEG, PNG or WebP, ≤ 8 MB)."""

    permission_classes = [IsDevice]
    parser_classes = [MultiPartParser]

    class VisitPhotoInputSerializer(serializers.Serializer):
        photo = serializers.FileField()

    InputSerializer = VisitPhotoInputSerializer

    def initial(self, request, *args, **kwargs):
        # Before authentication: a browser session's CSRF check reads the form, and so the whole upload.
        limit_uploads(request, max_bytes=MAX_PHOTO_BYTES, field="photo")
        super().initial(request, *args, **kwargs)

    @extend_schema(request={"multipart/form-data": InputSerializer}, responses=VisitReportSerializer)
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def post_once(self, request, pk):
        visit = _visit(request, pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = visit_photo_attach(visit=visit, photo=data.validated_data["photo"])
        return Response(VisitReportSerializer(report, context={"request": request}).data)

"""The signed-in user's notifications."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from backend.notifications import selectors as notification_selectors
from backend.notifications.models import Notification
from backend.notifications.services import notification_mark_read


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in user's notifications, newest first."""

    class NotificationSerializer(serializers.ModelSerializer):
        class Meta:
            model = Notification
            fields = ["id", "kind", "subject", "body", "data", "school", "read_at", "created_at"]

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()
    filterset_fields = {"kind": ["exact"], "read_at": ["isnull"]}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return notification_selectors.notification_list_for(user=self.request.user)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark as read. (DRF's get_object_or_404: an id that is not a number is a 404, not a 500.)"""
        note = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(self.get_serializer(notification_mark_read(notification=note)).data)

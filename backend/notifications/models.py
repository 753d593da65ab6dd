from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel


class NotificationKind(models.TextChoices):
    REQUEST_STATUS = "request_status", _("visit request status")
    VISIT_TIME = "visit_time", _("new visit time")
    VISIT_CANCELLED = "visit_cancelled", _("visit cancelled")
    COLLECTION_DUE = "collection_due", _("collection due")
    DEADLINE = "deadline", _("reporting deadline")


class Notification(BaseModel):
    """Something a school contact should know; listed through the API and sent by e-mail."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    school = models.ForeignKey("places.School", null=True, blank=True, on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    data = models.JSONField(default=dict, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self):
        return self.subject

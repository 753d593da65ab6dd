from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    SCHEDULED = "scheduled", _("scheduled")
    DECLINED = "declined", _("declined")
    CANCELLED = "cancelled", _("cancelled")
    COMPLETED = "completed", _("completed")


class VisitRequest(BaseModel):
    """A school asks for the bus: a date range, a time window, how many students, a theme."""

    school = models.ForeignKey("places.School", on_delete=models.PROTECT, related_name="visit_requests")
    site = models.ForeignKey("places.ServiceSite", on_delete=models.PROTECT, related_name="visit_requests")
    preferred_from = models.DateField(_("earliest date"))
    preferred_until = models.DateField(_("latest date"))
    window_start = models.TimeField(_("from (time)"))
    window_end = models.TimeField(_("until (time)"))
    students = models.PositiveIntegerField(_("number of students"), validators=[MinValueValidator(1)])
    grades = models.CharField(_("grades"), max_length=60, blank=True, help_text=_("e.g. 3, 4, 5"))
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("visit duration (minutes)"), null=True, blank=True, validators=[MinValueValidator(30), MaxValueValidator(480)]
    )
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default="submitted")
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    scheduled_visit = models.ForeignKey(
        "planning.PlannedVisit", null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "visits_visitrequest"
        ordering = ["-created_at", "-id"]
        verbose_name = _("visit request")
        verbose_name_plural = _("visit requests")
        constraints = [
            models.CheckConstraint(
                name="request_range_ordered", condition=models.Q(preferred_until__gte=models.F("preferred_from"))
            ),
            models.CheckConstraint(
                name="request_window_ordered", condition=models.Q(window_end__gt=models.F("window_start"))
            ),
        ]

    def __str__(self):
        return f"{self.school} {self.preferred_from:%d/%m}–{self.preferred_until:%d/%m}"

    def clean(self):
        errors = {}
        if self.preferred_from and self.preferred_until and self.preferred_until < self.preferred_from:
            errors["preferred_until"] = _("The latest date cannot be before the earliest date.")
        if self.window_start and self.window_end and self.window_end <= self.window_start:
            errors["window_end"] = _("The time window must end after it starts.")
        if self.site_id and self.school_id and self.site.school_id != self.school_id:
            errors["site"] = _("This site does not belong to the school.")
        if errors:
            raise ValidationError(errors)

    @property
    def visit_minutes(self) -> int:
        return self.duration_minutes or self.site.visit_minutes

"""Reports aggregate the records of the planning, crew and stock apps when they are asked for; the one table of
their own is the yearly mobile-library plan the year's figures are measured against."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel


class YearPlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


class YearPlan(BaseModel):
    """The year's mobile-library plan (*kế hoạch hoạt động thư viện lưu động năm*): the points, how often and in
    which months each is served, the targets; drafted, then approved and sent to the communes and schools."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(_("status"), max_length=10, choices=YearPlanStatus.choices, default=YearPlanStatus.DRAFT)
    reader_visit_growth_pct = models.DecimalField(
        _("reader visits growth target (%)"), max_digits=5, decimal_places=1, default=10,
        validators=[MinValueValidator(-100), MaxValueValidator(1000)],
    )  # fmt: skip
    copies_to_add = models.PositiveIntegerField(_("copies to add (acquisitions)"), default=0)
    events = models.TextField(_("events"), blank=True, help_text=_("Book Day 21/4, Lifelong Learning Week 1–7/10…"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly mobile-library plan")
        verbose_name_plural = _("yearly mobile-library plans")

    def __str__(self):
        return f"{self.year} ({self.get_status_display()})"


def validate_months(value) -> None:
    if not isinstance(value, list) or not value or any(not isinstance(m, int) or not 1 <= m <= 12 for m in value):
        raise ValidationError(_("List the months served, as numbers 1 to 12."))


class YearPlanPoint(BaseModel):
    """A point of the yearly plan: how many sessions a month, in which months."""

    plan = models.ForeignKey(YearPlan, on_delete=models.CASCADE, related_name="points")
    site = models.ForeignKey("places.ServiceSite", on_delete=models.PROTECT, related_name="+")
    sessions_per_month = models.PositiveSmallIntegerField(
        _("sessions a month"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    months = models.JSONField(_("months"), default=list, validators=[validate_months])

    class Meta:
        ordering = ["plan", "site__commune__name", "site__name"]
        verbose_name = _("point of the yearly plan")
        verbose_name_plural = _("points of the yearly plan")
        constraints = [models.UniqueConstraint(fields=["plan", "site"], name="one_year_plan_point_per_site")]

    def __str__(self):
        return f"{self.plan.year} {self.site_id}"

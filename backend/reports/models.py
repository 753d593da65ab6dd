"""Reports aggregate the records of the planning, crew and stock apps. Tables of their own: the yearly
mobile-library plan the year's figures are measured against, and the daily figures the reports read (one row per
day, site, bus and trip, recomputed from those records whenever a day's records change, ``daily``)."""

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


class Figures(models.Model):
    """The summable figures the reports add up: every column is a part of a report aggregate (``daily.PARTS``)."""

    # Visits (published plans), by the day of their trip.
    visits_planned = models.IntegerField(default=0)
    visits_made = models.IntegerField(default=0)
    visits_skipped = models.IntegerField(default=0)
    time_at_sites = models.DurationField(null=True)
    reader_visits_students = models.IntegerField(default=0)
    reader_visits_adults = models.IntegerField(default=0)
    served_children = models.IntegerField(default=0)
    served_elderly = models.IntegerField(default=0)
    served_disabled = models.IntegerField(default=0)
    served_ethnic_minority = models.IntegerField(default=0)
    # At the sites in a priority area when the day was computed (a site's change marks its days stale).
    served_priority_areas = models.IntegerField(default=0)
    reading_uses = models.IntegerField(default=0)
    digital_uses = models.IntegerField(default=0)
    leg_distance_m = models.BigIntegerField(default=0)
    # Trips (published routes): planned, made (a visit done) and their whole distance.
    trips_planned = models.IntegerField(default=0)
    trips_made = models.IntegerField(default=0)
    trip_distance_m = models.BigIntegerField(default=0)
    # Loans by the day they were lent; loans by the day they were due, returned late or still out.
    loans = models.IntegerField(default=0)
    loans_due = models.IntegerField(default=0)
    due_returned_late = models.IntegerField(default=0)
    due_still_out = models.IntegerField(default=0)
    returns = models.IntegerField(default=0)
    collections_deposited = models.IntegerField(default=0)
    copies_rotated = models.IntegerField(default=0)
    collections_collected = models.IntegerField(default=0)
    collection_uses = models.IntegerField(default=0)
    new_readers = models.IntegerField(default=0)
    acquisitions = models.IntegerField(default=0)
    copies_purchased = models.IntegerField(default=0)
    copies_donated = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DayFigures(Figures):
    """The figures of one day at one site, on one bus's trip (each of the three empty when the records have none:
    a loan away from a visit, a reader's card, a trip's own distance). Rows are only ever replaced a whole day at a
    time."""

    date = models.DateField()
    site = models.ForeignKey("places.ServiceSite", null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                             related_name="+")  # fmt: skip
    vehicle = models.ForeignKey("places.Vehicle", null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                db_index=False, related_name="+")  # fmt: skip
    trip = models.ForeignKey("planning.PlanRoute", null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                             related_name="+")  # fmt: skip

    class Meta:
        indexes = [
            models.Index(fields=["date"], name="reports_dayfigures_date"),
            models.Index(fields=["vehicle", "date"], name="reports_dayfigures_vehicle"),
        ]
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")

    def __str__(self):
        return f"{self.date} {self.site_id or '-'} {self.vehicle_id or '-'} {self.trip_id or '-'}"


class MonthFigures(Figures):
    """A month's daily figures added up per site (``by="site"``, any bus) and per bus (``by="vehicle"``, any site):
    a month of a big network is a few thousand rows, where its days are a hundred thousand."""

    month = models.DateField()  # its first day
    by = models.CharField(max_length=8)
    site = models.ForeignKey("places.ServiceSite", null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                             db_index=False, related_name="+")  # fmt: skip
    vehicle = models.ForeignKey("places.Vehicle", null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                db_index=False, related_name="+")  # fmt: skip

    class Meta:
        indexes = [models.Index(fields=["by", "month"], name="reports_monthfigures_month")]
        verbose_name = _("monthly figures")
        verbose_name_plural = _("monthly figures")

    def __str__(self):
        return f"{self.month:%Y-%m} {self.by} {self.site_id or self.vehicle_id or '-'}"


class StaleDay(models.Model):
    """A day whose records changed since its figures were computed: marked in the transaction that changed them,
    cleared when the day is recomputed (right after the commit, or before the next report is read)."""

    date = models.DateField(primary_key=True)
    marked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("day to recompute")
        verbose_name_plural = _("days to recompute")

    def __str__(self):
        return str(self.date)

"""Planning runs, plans (draft / published / superseded), routes per vehicle and date, visits."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel
from backend.places.models.fleet import MAX_TRIP_DAYS, MIN_TRIP_DAYS

TRIP_DAYS_RANGE = {"low": MIN_TRIP_DAYS, "high": MAX_TRIP_DAYS}


class NetworkRevision(models.Model):
    """One row counting changes to what planning reads; a draft built at an older revision is stale."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        db_table = "tours_networkrevision"
        verbose_name = _("network revision")

    def __str__(self):
        return str(self.value)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


class PlanningRun(BaseModel):
    """A request to plan a horizon for some vehicles, carried out by a background job."""

    starts_on = models.DateField(_("first date"))
    ends_on = models.DateField(_("last date"))
    vehicles = models.ManyToManyField("places.Vehicle", related_name="planning_runs")
    time_limit_s = models.PositiveIntegerField(_("time limit (seconds)"), default=30)
    trip_days = models.JSONField(
        _("longest trip per bus (days)"),
        default=dict,
        blank=True,
        help_text=_("For this run only, by bus id; a bus not named keeps its own longest trip."),
    )
    base_plan = models.ForeignKey(
        "Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replans",
        help_text=_("For a re-plan: the plan whose visits should move as little as possible."),
    )
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    phase = models.CharField(_("phase"), max_length=40, blank=True)
    percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    best_distance_m = models.PositiveBigIntegerField(_("best distance so far (m)"), null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "tours_planningrun"
        ordering = ["-created_at", "-id"]
        verbose_name = _("planning run")
        verbose_name_plural = _("planning runs")

    def __str__(self):
        return f"#{self.pk} {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y} ({self.get_status_display()})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The horizon cannot end before it starts.")})
        if not isinstance(self.trip_days, dict) or not all(
            type(days) is int and MIN_TRIP_DAYS <= days <= MAX_TRIP_DAYS for days in self.trip_days.values()
        ):
            raise ValidationError({"trip_days": _("Give each bus from %(low)d to %(high)d days.") % TRIP_DAYS_RANGE})

    def trip_days_of(self, vehicle) -> int:
        """The longest trip ``vehicle`` may make in this run: the run's choice, else the bus's own."""
        return self.trip_days.get(str(vehicle.pk), vehicle.max_trip_days)

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    SUPERSEDED = "superseded", _("superseded")


class Plan(BaseModel):
    """The visits of a horizon, as planned. Every plan is kept; at most one is published per overlapping horizon."""

    run = models.OneToOneField(PlanningRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan")
    starts_on = models.DateField(_("first date"))
    ends_on = models.DateField(_("last date"))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    network_revision = models.PositiveBigIntegerField(_("network revision it was built from"))
    distance_m = models.PositiveBigIntegerField(_("distance (m)"), default=0)
    duration_s = models.PositiveBigIntegerField(_("time on the road (s)"), default=0)
    stats = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "tours_plan"
        ordering = ["-created_at", "-id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return f"{_('Plan')} #{self.pk} {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y} ({self.get_status_display()})"


class PlanRoute(models.Model):
    """One vehicle on one date: leaves the depot, visits in order, comes back."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="routes")
    vehicle = models.ForeignKey("places.Vehicle", on_delete=models.PROTECT, related_name="routes")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("leaves the depot"))
    ends_at = models.TimeField(_("back at the depot"))
    break_starts_at = models.TimeField(_("lunch break"), null=True, blank=True)
    distance_m = models.PositiveIntegerField(_("distance (m)"), default=0)
    trip_day = models.PositiveSmallIntegerField(
        _("day of its trip"),
        default=1,
        db_default=1,
        help_text=_("1: leaves the depot; later days start from a lodging."),
    )
    start_lodging = models.ForeignKey(
        "places.Lodging",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("starts from the lodging"),
    )
    end_lodging = models.ForeignKey(
        "places.Lodging",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("spends the night at"),
    )
    return_ferry_departs_at = models.TimeField(_("ferry taken on the last leg"), null=True, blank=True)

    class Meta:
        db_table = "tours_planroute"
        ordering = ["date", "vehicle_id"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        constraints = [models.UniqueConstraint(fields=["plan", "vehicle", "date"], name="one_route_per_vehicle_day")]

    def __str__(self):
        return f"{self.vehicle} {self.date:%d/%m/%Y}"


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    SKIPPED = "skipped", _("skipped")


class SkipCause(models.TextChoices):
    """Why a visit was not made, as the reports count it (the crew's own words go in ``skip_reason``)."""

    WEATHER = "weather", _("bad weather or flooding")
    ROAD = "road", _("road or ferry impassable")
    VEHICLE = "vehicle", _("vehicle breakdown")
    SITE_BUSY = "site_busy", _("site closed or busy (exams, events)")
    NO_HOST = "no_host", _("nobody at the site to host the visit")
    CREW = "crew", _("crew short")
    OTHER = "other", _("other")


class PlannedVisit(models.Model):
    """A stop on a route. ``key`` is the planner's visit id, stable across re-plans of the same need."""

    route = models.ForeignKey(PlanRoute, on_delete=models.CASCADE, related_name="visits")
    position = models.PositiveSmallIntegerField(_("order"))
    key = models.CharField(_("planner visit id"), max_length=80)
    site = models.ForeignKey("places.ServiceSite", on_delete=models.PROTECT, related_name="planned_visits")
    arrives_at = models.TimeField(_("arrival"))
    starts_at = models.TimeField(_("start of set-up"))
    departs_at = models.TimeField(_("departure"))
    distance_m = models.PositiveIntegerField(_("leg distance (m)"), default=0)
    ferry_departs_at = models.TimeField(_("ferry taken on the way"), null=True, blank=True)
    deliver_boxes = models.PositiveSmallIntegerField(_("boxes to deliver"), default=0)
    collect_boxes = models.PositiveSmallIntegerField(_("boxes to collect"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    skip_cause = models.CharField(
        _("cause of skipping"), max_length=20, choices=SkipCause.choices, blank=True, default="", db_default=""
    )
    skip_reason = models.TextField(_("reason for skipping"), blank=True)
    pinned = models.BooleanField(
        _("pinned"),
        default=False,
        db_default=False,
        help_text=_("Placed by hand: a re-plan of this plan keeps it on its date, bus and time."),
    )
    actual_arrival = models.DateTimeField(_("actual arrival"), null=True, blank=True)
    actual_departure = models.DateTimeField(_("actual departure"), null=True, blank=True)

    class Meta:
        db_table = "tours_plannedvisit"
        ordering = ["route__date", "route__vehicle_id", "position"]
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        constraints = [models.UniqueConstraint(fields=["route", "position"], name="one_visit_per_position")]
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self):
        return f"{self.site} {self.route.date:%d/%m/%Y} {self.starts_at:%H:%M}"


class LeftOutVisit(models.Model):
    """A visit the plan could not hold, with the planner's reason."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="left_out")
    key = models.CharField(max_length=80)
    site = models.ForeignKey("places.ServiceSite", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason code"), max_length=40)
    message = models.TextField(_("reason"))

    class Meta:
        db_table = "tours_leftoutvisit"
        ordering = ["id"]
        verbose_name = _("left-out visit")
        verbose_name_plural = _("left-out visits")

    def __str__(self):
        return f"{self.site}: {self.message}"

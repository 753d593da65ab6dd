"""Service sites: anything the bus visits, with its opening windows and seasonal changes."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel
from backend.places.models.access import Access, FerryLink
from backend.places.models.base import Located, SearchableModel
from backend.places.models.network import Commune, Library, School


class PriorityGroup(models.TextChoices):
    """Who Circular 05/2022/TT-BVHTTDL puts first for mobile service and rotation."""

    CHILDREN = "children", _("children")
    ELDERLY = "elderly", _("elderly people")
    DISABLED = "disabled", _("people with disabilities")
    ETHNIC_MINORITY = "ethnic_minority", _("ethnic minorities")
    BORDER_AREA = "border_area", _("border area")
    DISADVANTAGED_AREA = "disadvantaged_area", _("disadvantaged area")


# The groups that are places rather than people: every person served there counts for them.
PRIORITY_AREAS = (PriorityGroup.BORDER_AREA, PriorityGroup.DISADVANTAGED_AREA)


def validate_priority_groups(value) -> None:
    known = set(PriorityGroup.values)
    if not isinstance(value, list) or any(item not in known for item in value):
        raise ValidationError(
            _("List priority groups among: %(choices)s.") % {"choices": ", ".join(PriorityGroup.values)}
        )


class ServiceSite(SearchableModel, Located):
    """Anything the bus visits: a school, a cultural house, a learning centre, a reading point."""

    search_source_fields = ("name", "address")

    name = models.CharField(_("name"), max_length=200)
    library = models.ForeignKey(
        Library, null=True, blank=True, on_delete=models.PROTECT, related_name="sites", verbose_name=_("library")
    )
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.PROTECT, related_name="sites", verbose_name=_("school")
    )
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="sites")
    address = models.CharField(_("address"), max_length=300, blank=True)
    visit_minutes = models.PositiveIntegerField(
        _("visit duration (minutes)"), default=120, validators=[MinValueValidator(10), MaxValueValidator(600)]
    )
    setup_minutes = models.PositiveIntegerField(
        _("set-up time (minutes)"), default=15, validators=[MaxValueValidator(180)]
    )
    target_interval_days = models.PositiveIntegerField(
        _("target days between visits"), default=21, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (low) to 5 (highest): remote, border and disadvantaged places come first."),
    )
    remote_area = models.CharField(
        _("remote area"),
        max_length=10,
        choices=[("remote", _("remote")), ("border", _("border")), ("island", _("island"))],
        blank=True,
        default="",
        db_default="",
        help_text=_("Circular 05/2022: a remote, border or island point may keep a rotated batch beyond 6 months."),
    )
    priority_groups = models.JSONField(
        _("priority groups"),
        default=list,
        blank=True,
        validators=[validate_priority_groups],
        help_text=_("Whom the site serves among the groups Circular 05/2022 puts first; planning favours them."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    crew_notes = models.TextField(_("notes for the crew"), blank=True)
    access = models.CharField(
        _("access"), max_length=10, choices=Access.choices, blank=True, help_text=_("Blank: the commune's.")
    )
    ferry = models.ForeignKey(
        FerryLink,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
        verbose_name=_("ferry link"),
        help_text=_("Blank: the commune's."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("service site")
        verbose_name_plural = _("service sites")
        constraints = [
            models.CheckConstraint(
                name="site_has_library_or_school",
                condition=models.Q(library__isnull=False) | models.Q(school__isnull=False),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def may_keep_batch_long(self) -> bool:
        """Flagged remote, border or island (a special zone, đặc khu, is an island)."""
        return bool(self.remote_area) or (self.commune_id is not None and self.commune.kind == "dac_khu")

    def clean(self):
        super().clean()
        if not self.library_id and not self.school_id:
            raise ValidationError(_("A service site belongs to a library, a school, or both."))
        if self.access == Access.FERRY and not (self.ferry_id or (self.commune_id and self.commune.ferry_id)):
            raise ValidationError(
                {"ferry": _("A site reached by ferry needs a ferry link (its own or its commune's).")}
            )

    def resolved_access(self) -> str:
        """Its own access, else its commune's."""
        return self.access or self.commune.resolved_access()

    def resolved_ferry_id(self) -> int | None:
        return self.ferry_id or self.commune.ferry_id

    @property
    def is_school(self) -> bool:
        return self.school_id is not None

    @property
    def planning_priority(self) -> int:
        """Its priority, one step higher (at most 5) when it serves a priority group of Circular 05/2022."""
        return min(5, self.priority + 1) if self.priority_groups else self.priority


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningWindow(models.Model):
    """A weekly window in which a site can receive the bus; a day may have several."""

    site = models.ForeignKey(ServiceSite, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("opening window")
        verbose_name_plural = _("opening windows")
        constraints = [
            models.CheckConstraint(
                name="window_ends_after_start", condition=models.Q(closes_at__gt=models.F("opens_at"))
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The window must end after it starts.")})


class SeasonalOverride(BaseModel):
    """A yearly period (by month and day, may wrap the new year) when a site is closed or visited more often."""

    site = models.ForeignKey(ServiceSite, on_delete=models.CASCADE, related_name="seasonal_overrides")
    name = models.CharField(_("name"), max_length=120)
    start_month = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(12)])
    start_day = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(31)])
    end_month = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(12)])
    end_day = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(31)])
    closed = models.BooleanField(_("closed in this period"), default=False)
    target_interval_days = models.PositiveIntegerField(
        _("target days between visits in this period"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Meta:
        ordering = ["site", "start_month", "start_day"]
        verbose_name = _("seasonal override")
        verbose_name_plural = _("seasonal overrides")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        for prefix in ("start", "end"):
            month, day = getattr(self, f"{prefix}_month"), getattr(self, f"{prefix}_day")
            if month and day:
                try:
                    datetime.date(2024, month, day)  # a leap year, so 29 February is allowed
                except ValueError:
                    errors[f"{prefix}_day"] = _("No such day in that month.")
        if not self.closed and self.target_interval_days is None:
            errors["target_interval_days"] = _("Give a visit interval, or mark the period as closed.")
        if errors:
            raise ValidationError(errors)

    def covers(self, day: datetime.date) -> bool:
        start, end, key = (self.start_month, self.start_day), (self.end_month, self.end_day), (day.month, day.day)
        return start <= key <= end if start <= end else key >= start or key <= end

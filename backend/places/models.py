"""The network the bus serves: administrative units, libraries, schools, service sites, vehicles, closures."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from backend.core.models import BaseModel
from backend.core.text import fold

# Vietnam lies within about 8.0–23.5 N and 102.0–110.0 E; the islands reach further south and east.
LATITUDE_RANGE = (6.0, 24.0)
LONGITUDE_RANGE = (102.0, 118.0)

latitude_validators = [MinValueValidator(LATITUDE_RANGE[0]), MaxValueValidator(LATITUDE_RANGE[1])]
longitude_validators = [MinValueValidator(LONGITUDE_RANGE[0]), MaxValueValidator(LONGITUDE_RANGE[1])]


class SearchableModel(BaseModel):
    """Keeps ``search_text``: the folded text that diacritic-blind search matches against."""

    search_source_fields: tuple[str, ...] = ("name",)
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def refresh_search_text(self) -> None:
        self.search_text = fold(" ".join(str(getattr(self, f) or "") for f in self.search_source_fields))

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class Located(models.Model):
    latitude = models.FloatField(_("latitude"), validators=latitude_validators)
    longitude = models.FloatField(_("longitude"), validators=longitude_validators)

    class Meta:
        abstract = True


class Province(SearchableModel):
    """A province or centrally-run city (34 since 1 July 2025), loaded from `vietnam-provinces`."""

    code = models.PositiveIntegerField(_("official code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("division type"), max_length=40)
    codename = models.SlugField(max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class CommuneKind(models.TextChoices):
    COMMUNE = "xa", _("commune (xã)")
    WARD = "phuong", _("ward (phường)")
    SPECIAL_ZONE = "dac_khu", _("special zone (đặc khu)")


class Commune(SearchableModel):
    """A commune, ward or special zone: the level below the province since 2025."""

    code = models.PositiveIntegerField(_("official code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=CommuneKind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    codename = models.SlugField(max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=latitude_validators)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=longitude_validators)

    class Meta:
        ordering = ["province__code", "code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name


class LibraryKind(models.TextChoices):
    PUBLIC = "public", _("city/provincial public library")
    COMMUNE = "commune", _("commune library or cultural house")
    LEARNING_CENTRE = "learning_centre", _("community learning centre")
    SCHOOL = "school", _("school library")
    PRIVATE = "private", _("private library serving the community")
    POST_OFFICE = "post_office", _("post-office cultural point")


class Library(SearchableModel, Located):
    """A library or reading point. City/provincial public libraries are the bus's depots."""

    search_source_fields = ("name", "address")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=LibraryKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="libraries")
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("library")
        verbose_name_plural = _("libraries")

    def __str__(self):
        return self.name

    @property
    def is_depot(self) -> bool:
        return self.kind == LibraryKind.PUBLIC


class SchoolLevel(models.TextChoices):
    PRIMARY = "primary", _("primary (tiểu học)")
    LOWER_SECONDARY = "lower_secondary", _("lower secondary (THCS)")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary (THPT)")
    MULTI_LEVEL = "multi_level", _("multi-level")


class School(SearchableModel):
    search_source_fields = ("name", "address")

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=SchoolLevel.choices)
    students = models.PositiveIntegerField(_("number of students"), default=0)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="schools")
    address = models.CharField(_("address"), max_length=300, blank=True)
    library = models.OneToOneField(
        Library,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="school",
        verbose_name=_("school library"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.library_id and self.library.kind != LibraryKind.SCHOOL:
            raise ValidationError({"library": _("A school's library must be of the kind 'school library'.")})


class SchoolContactPerson(BaseModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(
        pgettext_lazy("job title of a person", "title"),
        max_length=80,
        blank=True,
        help_text=_("e.g. principal, teacher-librarian"),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("school contact person")
        verbose_name_plural = _("school contact persons")

    def __str__(self):
        return self.name


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
    is_active = models.BooleanField(_("active"), default=True)
    crew_notes = models.TextField(_("notes for the crew"), blank=True)

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

    def clean(self):
        super().clean()
        if not self.library_id and not self.school_id:
            raise ValidationError(_("A service site belongs to a library, a school, or both."))

    @property
    def is_school(self) -> bool:
        return self.school_id is not None


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


class VehicleStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    MAINTENANCE = "maintenance", _("in maintenance")
    RETIRED = "retired", _("retired")


def default_working_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4, 5]


class Vehicle(BaseModel):
    """A library bus, with its working day and its crew."""

    plate_number = models.CharField(_("plate number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    home_depot = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="vehicles")
    capacity_books = models.PositiveIntegerField(_("capacity (books)"), default=3000)
    capacity_boxes = models.PositiveIntegerField(_("capacity (boxes)"), default=12)
    day_starts_at = models.TimeField(_("working day starts"), default=datetime.time(7, 0))
    day_ends_at = models.TimeField(_("working day ends"), default=datetime.time(17, 0))
    lunch_earliest = models.TimeField(_("lunch break earliest start"), default=datetime.time(11, 30))
    lunch_latest = models.TimeField(_("lunch break latest end"), default=datetime.time(13, 0))
    lunch_minutes = models.PositiveIntegerField(
        _("lunch break (minutes)"), default=60, validators=[MaxValueValidator(180)]
    )
    average_speed_kmh = models.FloatField(
        _("average speed (km/h)"), default=35, validators=[MinValueValidator(5), MaxValueValidator(90)]
    )
    cost_per_km = models.DecimalField(_("cost per km (VND)"), max_digits=10, decimal_places=0, default=0)
    status = models.CharField(_("status"), max_length=20, choices=VehicleStatus.choices, default=VehicleStatus.ACTIVE)
    maintenance_from = models.DateField(_("in maintenance from"), null=True, blank=True)
    maintenance_until = models.DateField(_("in maintenance until"), null=True, blank=True)
    working_weekdays = models.JSONField(
        _("working weekdays"), default=default_working_weekdays, help_text=_("0 = Monday … 6 = Sunday")
    )
    min_crew = models.PositiveSmallIntegerField(
        _("minimum crew for a trip"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Circular 05/2022: a driver and two library staff."),
    )
    crew = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CrewAssignment", related_name="vehicles", blank=True
    )

    class Meta:
        ordering = ["plate_number"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")

    def __str__(self):
        return f"{self.name} ({self.plate_number})"

    def save(self, *args, **kwargs):
        self.plate_number = " ".join(self.plate_number.upper().split())
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        self.plate_number = " ".join((self.plate_number or "").upper().split())
        if self.day_starts_at and self.day_ends_at and self.day_ends_at <= self.day_starts_at:
            errors["day_ends_at"] = _("The working day must end after it starts.")
        if self.lunch_earliest and self.lunch_latest:
            span = _minutes(self.lunch_latest) - _minutes(self.lunch_earliest)
            if span < (self.lunch_minutes or 0):
                errors["lunch_latest"] = _("The lunch window is shorter than the lunch break.")
        if self.home_depot_id and not self.home_depot.is_depot:
            errors["home_depot"] = _("The home depot must be a city or provincial public library.")
        weekdays = self.working_weekdays
        if not isinstance(weekdays, list) or not all(isinstance(d, int) and 0 <= d <= 6 for d in weekdays):
            errors["working_weekdays"] = _("Give weekdays as numbers from 0 (Monday) to 6 (Sunday).")
        if self.status == VehicleStatus.MAINTENANCE and not self.maintenance_from:
            errors["maintenance_from"] = _("Give the date the maintenance starts.")
        if self.maintenance_from and self.maintenance_until and self.maintenance_until < self.maintenance_from:
            errors["maintenance_until"] = _("The maintenance cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    def is_available_on(self, day: datetime.date) -> bool:
        """True on its working weekdays, unless retired or in a maintenance period that covers ``day``."""
        if self.status == VehicleStatus.RETIRED or day.weekday() not in self.working_weekdays:
            return False
        if self.maintenance_from and self.maintenance_from <= day:
            return self.maintenance_until is not None and day > self.maintenance_until
        return True


def _minutes(t: datetime.time) -> int:
    return t.hour * 60 + t.minute


class CrewRole(models.TextChoices):
    DRIVER = "driver", _("driver")
    LIBRARIAN = "librarian", _("library staff")


class CrewAssignment(models.Model):
    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="crew_assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crew_assignments")
    crew_role = models.CharField(_("crew role"), max_length=20, choices=CrewRole.choices)

    class Meta:
        verbose_name = _("crew assignment")
        verbose_name_plural = _("crew assignments")
        constraints = [models.UniqueConstraint(fields=["vehicle", "user"], name="unique_crew_member")]

    def __str__(self):
        return f"{self.user} – {self.vehicle}"


class ClosureKind(models.TextChoices):
    HOLIDAY = "holiday", _("national holiday (no service anywhere)")
    SCHOOL_BREAK = "school_break", _("school break (schools closed)")
    SITE = "site", _("one site closed")
    VEHICLE = "vehicle", _("one vehicle unavailable")


class Closure(BaseModel):
    """A dated period without service: for everyone, for schools, for one site, or for one vehicle."""

    kind = models.CharField(_("kind"), max_length=20, choices=ClosureKind.choices)
    name = models.CharField(_("name"), max_length=160)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (inclusive)"))
    site = models.ForeignKey(ServiceSite, null=True, blank=True, on_delete=models.CASCADE, related_name="closures")
    vehicle = models.ForeignKey(Vehicle, null=True, blank=True, on_delete=models.CASCADE, related_name="closures")

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                name="closure_ends_after_start", condition=models.Q(ends_on__gte=models.F("starts_on"))
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y})"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A closure cannot end before it starts.")
        if self.kind == ClosureKind.SITE and not self.site_id:
            errors["site"] = _("Name the closed site.")
        if self.kind == ClosureKind.VEHICLE and not self.vehicle_id:
            errors["vehicle"] = _("Name the unavailable vehicle.")
        if self.kind != ClosureKind.SITE and self.site_id:
            errors["site"] = _("Only a site closure names a site.")
        if self.kind != ClosureKind.VEHICLE and self.vehicle_id:
            errors["vehicle"] = _("Only a vehicle closure names a vehicle.")
        if errors:
            raise ValidationError(errors)

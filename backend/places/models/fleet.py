"""The library buses, their working days and their crews."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel
from backend.places.models.network import Library

# A trip lasts from one day (back at the library each evening) to four (three nights at communes' lodgings).
MIN_TRIP_DAYS, MAX_TRIP_DAYS = 1, 4


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
    max_trip_days = models.PositiveSmallIntegerField(
        _("longest trip (days)"),
        default=1,
        validators=[MinValueValidator(MIN_TRIP_DAYS), MaxValueValidator(MAX_TRIP_DAYS)],
        help_text=_("More than 1: the bus may stay out overnight at a commune's lodging."),
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

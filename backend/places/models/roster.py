"""Who crews each trip: the crew of a vehicle on a date, and crew members' absences (Circular 05/2022)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel
from backend.places.models.fleet import CrewRole


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", _("leave")
    SICKNESS = "sickness", _("sickness")
    TRAINING = "training", _("training")
    OTHER = "other", _("other")


class CrewAbsence(BaseModel):
    """A crew member away from work on a dated range (both ends included); planning respects it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crew_absences")
    kind = models.CharField(_("kind"), max_length=20, choices=AbsenceKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("crew absence")
        verbose_name_plural = _("crew absences")
        indexes = [models.Index(fields=["user", "starts_on", "ends_on"])]

    def __str__(self):
        return f"{self.user} {self.get_kind_display()} {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An absence cannot end before it starts.")})


class TripCrew(BaseModel):
    """The crew of one vehicle on one date, when it differs from the vehicle's own crew or was confirmed on the
    phone at departure. Without a row the vehicle's crew, less those absent, goes."""

    vehicle = models.ForeignKey("places.Vehicle", on_delete=models.CASCADE, related_name="trip_crews")
    date = models.DateField(_("date"))
    rotation_delivery = models.BooleanField(
        _("rotation delivery only"), default=False, help_text=_("A delivery of rotating collections needs fewer staff.")
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at departure"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "vehicle_id"]
        verbose_name = _("trip crew")
        verbose_name_plural = _("trip crews")
        constraints = [models.UniqueConstraint(fields=["vehicle", "date"], name="one_crew_per_vehicle_day")]

    def __str__(self):
        return f"{self.vehicle} {self.date:%d/%m/%Y}"


class TripCrewMember(models.Model):
    trip_crew = models.ForeignKey(TripCrew, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    crew_role = models.CharField(_("crew role"), max_length=20, choices=CrewRole.choices)

    class Meta:
        ordering = ["crew_role", "id"]
        verbose_name = _("trip crew member")
        verbose_name_plural = _("trip crew members")
        constraints = [models.UniqueConstraint(fields=["trip_crew", "user"], name="member_once_per_trip")]

    def __str__(self):
        return f"{self.user} ({self.get_crew_role_display()})"

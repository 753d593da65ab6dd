"""Closures: holidays, school breaks, a site closed or a vehicle out of service for some dates."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel
from backend.places.models.fleet import Vehicle
from backend.places.models.sites import ServiceSite


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

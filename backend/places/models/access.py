"""How the bus reaches a place: by road, by a ferry link, or not at all; and where a crew spends the night."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel
from backend.places.models.base import Located, latitude_validators, longitude_validators


class Access(models.TextChoices):
    """How a commune or a site is reached; a site left blank takes its commune's."""

    ROAD = "road", _("by road")
    FERRY = "ferry", _("by ferry")
    NO_ROAD = "no_road", _("not by the bus (rotation delivery only)")


def parse_departures(values) -> list[datetime.time]:
    """Departure times from "HH:MM" strings (or times); raises ``ValueError`` on anything else."""
    if not isinstance(values, list | tuple):
        raise ValueError("not a list")
    times = []
    for value in values:
        if isinstance(value, datetime.time):
            times.append(value)
            continue
        times.append(datetime.datetime.strptime(str(value), "%H:%M").time())
    return sorted(set(times))


class FerryLink(BaseModel):
    """A crossing from a mainland port to an island port, with its daily departures both ways."""

    name = models.CharField(_("name"), max_length=120)
    port_name = models.CharField(_("mainland port"), max_length=120, blank=True)
    port_latitude = models.FloatField(_("mainland port latitude"), validators=latitude_validators)
    port_longitude = models.FloatField(_("mainland port longitude"), validators=longitude_validators)
    island_port_name = models.CharField(_("island port"), max_length=120, blank=True)
    island_port_latitude = models.FloatField(_("island port latitude"), validators=latitude_validators)
    island_port_longitude = models.FloatField(_("island port longitude"), validators=longitude_validators)
    crossing_minutes = models.PositiveIntegerField(
        _("crossing (minutes)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    departures = models.JSONField(
        _("departures from the mainland"), default=list, help_text=_('Times as "HH:MM", e.g. ["07:00", "13:30"].')
    )
    return_departures = models.JSONField(
        _("departures from the island"), default=list, help_text=_('Times as "HH:MM", e.g. ["10:00", "16:00"].')
    )
    bus_boards = models.BooleanField(
        _("the bus may board"), default=True, help_text=_("Otherwise the crew crosses with the boxes on foot.")
    )
    cost = models.DecimalField(_("extra cost per crossing (VND)"), max_digits=12, decimal_places=0, default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ferry link")
        verbose_name_plural = _("ferry links")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        for name in ("departures", "return_departures"):
            try:
                times = parse_departures(getattr(self, name))
            except (TypeError, ValueError):
                errors[name] = _('Give a list of times as "HH:MM".')
                continue
            if not times:
                errors[name] = _("Give at least one departure.")
            else:
                setattr(self, name, [t.strftime("%H:%M") for t in times])
        if errors:
            raise ValidationError(errors)

    def departure_times(self, *, outbound: bool = True) -> list[datetime.time]:
        return parse_departures(self.departures if outbound else self.return_departures)


class Lodging(BaseModel, Located):
    """A place the library names in a commune where a crew on a trip of several days spends the night."""

    name = models.CharField(_("name"), max_length=200)
    commune = models.ForeignKey("places.Commune", on_delete=models.PROTECT, related_name="lodgings")
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    cost_per_night = models.DecimalField(
        _("cost per night (VND)"), max_digits=12, decimal_places=0, default=0, validators=[MinValueValidator(0)]
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lodging")
        verbose_name_plural = _("lodgings")

    def __str__(self):
        return self.name

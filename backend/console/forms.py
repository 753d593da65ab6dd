"""The console's forms: they parse and check input; the services decide."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from backend.core.validation import validate_date_in_bounds
from backend.places.models import Vehicle, VehicleStatus
from backend.places.models.fleet import MAX_TRIP_DAYS, MIN_TRIP_DAYS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def next_monday() -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=7 - today.weekday())


class PlanningRunForm(forms.Form):
    starts_on = forms.DateField(label=_("First date"), widget=DATE_INPUT, validators=[validate_date_in_bounds])
    ends_on = forms.DateField(label=_("Last date"), widget=DATE_INPUT, validators=[validate_date_in_bounds])
    vehicles = forms.ModelMultipleChoiceField(
        label=_("Buses"),
        queryset=Vehicle.objects.exclude(status=VehicleStatus.RETIRED).order_by("plate_number"),
        widget=forms.CheckboxSelectMultiple,
    )
    time_limit_s = forms.IntegerField(label=_("Time to search (seconds)"), min_value=1, max_value=600, initial=30)

    TRIP_DAYS_PREFIX = "trip_days_"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One optional box per bus: its longest trip for this run only; empty keeps the bus's own.
        for vehicle in self.fields["vehicles"].queryset:
            self.fields[f"{self.TRIP_DAYS_PREFIX}{vehicle.pk}"] = forms.IntegerField(
                label=vehicle.plate_number,
                required=False,
                min_value=MIN_TRIP_DAYS,
                max_value=MAX_TRIP_DAYS,
                widget=forms.NumberInput(attrs={"placeholder": vehicle.max_trip_days}),
                help_text=_("Its own: %(days)d") % {"days": vehicle.max_trip_days},
            )

    def trip_days_fields(self):
        return [self[name] for name in self.fields if name.startswith(self.TRIP_DAYS_PREFIX)]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last date cannot come before the first."))
        chosen = {v.pk for v in data.get("vehicles", [])}
        trip_days = {}
        for name in [n for n in data if n.startswith(self.TRIP_DAYS_PREFIX)]:
            days, vehicle_id = data.pop(name), int(name.removeprefix(self.TRIP_DAYS_PREFIX))
            if days is not None and vehicle_id in chosen:  # a length typed for a bus then unticked does not count
                trip_days[vehicle_id] = days
        data["trip_days"] = trip_days
        return data


class PlanFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    vehicle = forms.ModelChoiceField(
        label=_("Bus"), required=False, queryset=Vehicle.objects.order_by("plate_number"), empty_label=_("All buses")
    )

    def __init__(self, *args, **kwargs):
        from backend.planning.models import PlanStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All plans")), *PlanStatus.choices]


class VisitMoveForm(forms.Form):
    date = forms.TypedChoiceField(label=_("Date"), coerce=datetime.date.fromisoformat)
    vehicle = forms.ModelChoiceField(label=_("Bus"), queryset=Vehicle.objects.none(), empty_label=None)
    position = forms.IntegerField(
        label=_("Place in the route"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("1 is the first stop; leave empty to put it where it adds the least driving."),
    )

    def __init__(self, *args, plan_dates, vehicles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [(d.isoformat(), date_format(d, "l d/m/Y")) for d in plan_dates]
        self.fields["vehicle"].queryset = vehicles

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.core.validation import validate_date_in_bounds
from backend.places.models import ServiceSite
from backend.planning.models import VisitRequest


class VisitRequestForm(forms.ModelForm):
    """What a school contact fills in to ask for the bus."""

    class Meta:
        model = VisitRequest
        fields = [
            "site",
            "preferred_from",
            "preferred_until",
            "window_start",
            "window_end",
            "students",
            "grades",
            "theme",
            "notes",
        ]
        widgets = {
            "preferred_from": forms.DateInput(attrs={"type": "date"}),
            "preferred_until": forms.DateInput(attrs={"type": "date"}),
            "window_start": forms.TimeInput(attrs={"type": "time"}),
            "window_end": forms.TimeInput(attrs={"type": "time"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"site": _("Service point")}  # the model's field has no label of its own
        help_texts = {"theme": _("e.g. Book Day 21/4, Lifelong Learning Week")}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = ServiceSite.objects.filter(school=school, is_active=True)
        self.fields["site"].empty_label = None
        for name in ("preferred_from", "preferred_until"):
            self.fields[name].validators.append(validate_date_in_bounds)

    def _post_clean(self):
        # Model validation happens in the service, with the request's school and creator filled in.
        pass

"""What the network's models share: diacritic-blind search text, and coordinates inside Vietnam."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

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

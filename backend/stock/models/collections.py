"""Rotating collections and their stays at service sites."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel
from backend.places.models import SearchableModel
from backend.stock.models.catalogue import ReadingLevel


class RotatingCollection(SearchableModel):
    """A named set of copies in labelled boxes that moves as one unit (bộ sách luân chuyển)."""

    search_source_fields = ("code", "name")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    reading_level = models.CharField(
        _("reading level"), max_length=10, choices=ReadingLevel.choices, default=ReadingLevel.ALL
    )
    box_labels = models.JSONField(_("box labels"), default=list, blank=True)
    holder_library = models.ForeignKey(
        "places.Library", null=True, blank=True, on_delete=models.PROTECT, related_name="collections"
    )
    holder_vehicle = models.ForeignKey(
        "places.Vehicle", null=True, blank=True, on_delete=models.PROTECT, related_name="collections"
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("rotating collection")
        verbose_name_plural = _("rotating collections")
        constraints = [
            models.CheckConstraint(
                name="collection_at_one_place",
                condition=(models.Q(holder_library__isnull=False) & models.Q(holder_vehicle__isnull=True))
                | (models.Q(holder_library__isnull=True) & models.Q(holder_vehicle__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def boxes(self) -> int:
        return max(1, len(self.box_labels or []))


class CollectionStay(BaseModel):
    """A collection deposited at a site: from its deposit until it is collected."""

    collection = models.ForeignKey("stock.RotatingCollection", on_delete=models.PROTECT, related_name="stays")
    site = models.ForeignKey("places.ServiceSite", on_delete=models.PROTECT, related_name="collection_stays")
    library = models.ForeignKey("places.Library", on_delete=models.PROTECT, related_name="+")
    deposited_on = models.DateField(_("deposited on"))
    expected_collection_on = models.DateField(_("to be collected by"))
    collected_on = models.DateField(_("collected on"), null=True, blank=True)
    copies_deposited = models.PositiveIntegerField(_("copies deposited"), default=0)
    copies_collected = models.PositiveIntegerField(_("copies collected"), null=True, blank=True)
    deposit_visit = models.ForeignKey(
        "planning.PlannedVisit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collect_visit = models.ForeignKey(
        "planning.PlannedVisit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deposited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_by_name = models.CharField(_("received and signed by"), max_length=120, blank=True)

    class Meta:
        ordering = ["-deposited_on", "-id"]
        verbose_name = _("collection stay")
        verbose_name_plural = _("collection stays")
        constraints = [
            models.UniqueConstraint(
                fields=["collection"],
                condition=models.Q(collected_on__isnull=True),
                name="one_open_stay_per_collection",
            ),
            models.CheckConstraint(
                name="stay_collection_after_deposit",
                condition=models.Q(expected_collection_on__gte=models.F("deposited_on"))
                & (models.Q(collected_on__isnull=True) | models.Q(collected_on__gte=models.F("deposited_on"))),
            ),
        ]

    def __str__(self):
        return f"{self.collection.code} @ {self.site}"

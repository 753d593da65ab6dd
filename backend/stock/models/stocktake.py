"""Stocktakes (kiểm kê): a holder's scanned barcodes against the ledger."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel


class Stocktake(BaseModel):
    """A count (kiểm kê) of one holder, whole or partial (one collection, or a shelf-mark range), and its findings."""

    library = models.ForeignKey("places.Library", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    vehicle = models.ForeignKey("places.Vehicle", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    collection = models.ForeignKey(
        "stock.RotatingCollection", null=True, blank=True, on_delete=models.PROTECT, related_name="stocktakes"
    )
    shelf_from = models.CharField(_("shelf marks from"), max_length=40, blank=True)
    shelf_to = models.CharField(_("shelf marks to"), max_length=40, blank=True)
    taken_at = models.DateTimeField(_("taken at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scanned_count = models.PositiveIntegerField(default=0)
    expected_count = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict)
    corrections_applied = models.BooleanField(default=False)
    source_event_id = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        constraints = [
            models.CheckConstraint(
                name="stocktake_of_one_holder",
                condition=(models.Q(library__isnull=False) & models.Q(vehicle__isnull=True))
                | (models.Q(library__isnull=True) & models.Q(vehicle__isnull=False)),
            )
        ]

    def __str__(self):
        return f"{self.library or self.vehicle} {self.taken_at:%d/%m/%Y %H:%M}"

    # What a scanned copy can be besides "where the ledger says" (see stock.stocktake).
    OTHER_FINDINGS = ("unexpected", "misplaced", "out_of_circulation", "outside_scope")

    @property
    def found_count(self) -> int:
        """Copies scanned where the ledger says: the scans less the other findings, so that a count kept without
        its list of matching barcodes (a trip's return count) still says how many matched."""
        return self.scanned_count - sum(len(self.result.get(kind, [])) for kind in self.OTHER_FINDINGS)

    def clean(self):
        super().clean()
        check_shelf_range(self.shelf_from, self.shelf_to)


def check_shelf_range(shelf_from: str, shelf_to: str) -> None:
    """A shelf-mark range runs forwards: "800" to "899", never "899" to "800" (which would expect no copy at all)."""
    if shelf_from and shelf_to and shelf_from.strip() > shelf_to.strip():
        raise ValidationError(
            {"shelf_to": [_("The last shelf mark must come after the first (%(first)s).") % {"first": shelf_from}]}
        )

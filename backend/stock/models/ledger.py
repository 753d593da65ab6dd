"""The append-only stock ledger: every change of a copy's holder is one ``Movement`` row.

Rows are never updated or deleted (on PostgreSQL a trigger refuses it). A mistake is put right by a further movement
(kind ``correction``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    ACQUIRE = "acquire", _("acquisition (bổ sung)")
    LOAD = "load", _("loaded onto the bus")
    UNLOAD = "unload", _("unloaded from the bus")
    DEPOSIT = "deposit", _("deposited at a site")
    COLLECT = "collect", _("collected from a site")
    TRANSFER = "transfer", _("transfer")
    LEND = "lend", _("lent")
    RETURN = "return", _("returned")
    LOST = "lost", _("marked lost")
    FOUND = "found", _("found again")
    DAMAGED = "damaged", _("marked damaged")
    WITHDRAW = "withdraw", _("withdrawn")
    CORRECTION = "correction", _("stocktake correction")


# Status of a holder: "available" is a library or a vehicle, "on_loan" a loan, "lost"/"withdrawn" no holder.
_STATES = ["available", "on_loan", "lost", "withdrawn"]


def _holder_check(prefix: str, *, nullable: bool) -> models.Q:
    q = models.Q
    lib, veh, loan, st = f"{prefix}_library", f"{prefix}_vehicle", f"{prefix}_loan", f"{prefix}_status"
    none = q(**{f"{lib}__isnull": True, f"{veh}__isnull": True, f"{loan}__isnull": True})
    check = (
        (
            q(**{st: "available", f"{loan}__isnull": True})
            & (
                q(**{f"{lib}__isnull": False, f"{veh}__isnull": True})
                | q(**{f"{lib}__isnull": True, f"{veh}__isnull": False})
            )
        )
        | (q(**{st: "on_loan", f"{loan}__isnull": False, f"{lib}__isnull": True, f"{veh}__isnull": True}))
        | (q(**{f"{st}__in": ["lost", "withdrawn"]}) & none)
    )
    if nullable:
        check |= q(**{f"{st}__isnull": True}) & none
    return check


class Movement(models.Model):
    """One change of one copy's holder (or condition), with who, when, where and why."""

    copy = models.ForeignKey("stock.Copy", on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=12, choices=MovementKind.choices)
    from_status = models.CharField(max_length=10, null=True, blank=True)
    from_library = models.ForeignKey(
        "places.Library", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_vehicle = models.ForeignKey(
        "places.Vehicle", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_loan = models.ForeignKey("Loan", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_status = models.CharField(max_length=10)
    to_library = models.ForeignKey(
        "places.Library", null=True, blank=True, on_delete=models.PROTECT, related_name="movements_in"
    )
    to_vehicle = models.ForeignKey(
        "places.Vehicle", null=True, blank=True, on_delete=models.PROTECT, related_name="movements_in"
    )
    to_loan = models.ForeignKey("Loan", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    collection = models.ForeignKey(
        "RotatingCollection", null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    site = models.ForeignKey(
        "places.ServiceSite",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
        verbose_name=_("where it happened"),
    )
    visit = models.ForeignKey(
        "planning.PlannedVisit", null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    source_event_id = models.UUIDField(_("phone event id"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        constraints = [
            models.UniqueConstraint(fields=["copy", "source_event_id"], name="movement_event_once_per_copy"),
            models.CheckConstraint(name="movement_from_one_holder", condition=_holder_check("from", nullable=True)),
            models.CheckConstraint(name="movement_to_one_holder", condition=_holder_check("to", nullable=False)),
            models.CheckConstraint(
                name="movement_known_states",
                condition=models.Q(to_status__in=_STATES)
                & (models.Q(from_status__isnull=True) | models.Q(from_status__in=_STATES)),
            ),
        ]
        indexes = [
            models.Index(fields=["copy", "id"], name="movement_copy_seq_idx"),
            models.Index(fields=["source_event_id"], name="movement_event_idx"),
            models.Index(fields=["site", "kind"], name="movement_site_kind_idx"),
        ]

    def __str__(self):
        return f"{self.copy_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

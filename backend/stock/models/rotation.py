"""The rotation planner's proposals: which collection goes to which site next cycle."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class RotationProposal(BaseModel):
    """The rotation planner's proposal for one cycle: which collection goes to which site. Nothing moves until a
    coordinator accepts it; accepted deliveries and the collections due become boxes for route planning."""

    cycle_starts_on = models.DateField(_("cycle starts on"))
    cycle_ends_on = models.DateField(_("cycle ends on"))
    exclude_cycles = models.PositiveSmallIntegerField(
        _("no repeat within this many cycles"),
        default=3,
        help_text=_("A site never gets a collection it had in its last N stays."),
    )
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    solver_status = models.CharField(_("solver status"), max_length=20, blank=True)
    objective = models.BigIntegerField(_("objective"), default=0)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rotation proposal")
        verbose_name_plural = _("rotation proposals")
        constraints = [
            models.CheckConstraint(
                name="proposal_cycle_ends_after_start",
                condition=models.Q(cycle_ends_on__gte=models.F("cycle_starts_on")),
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.cycle_starts_on:%d/%m/%Y} ({self.get_status_display()})"


class RotationAssignment(models.Model):
    """One pairing of a proposal: a collection for a site, with the reasons the planner chose it."""

    proposal = models.ForeignKey("stock.RotationProposal", on_delete=models.CASCADE, related_name="assignments")
    collection = models.ForeignKey("stock.RotatingCollection", on_delete=models.PROTECT, related_name="assignments")
    site = models.ForeignKey("places.ServiceSite", on_delete=models.PROTECT, related_name="rotation_assignments")
    new_titles = models.PositiveIntegerField(_("titles new to the site"), default=0)
    books = models.PositiveIntegerField(_("books"), default=0)
    score = models.BigIntegerField(_("score"), default=0)
    explanation = models.TextField(_("why this pairing"))
    stay = models.OneToOneField(
        "stock.CollectionStay",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignment",
        help_text=_("Set when the collection is deposited at the site."),
    )

    class Meta:
        ordering = ["proposal", "site__name"]
        verbose_name = _("rotation assignment")
        verbose_name_plural = _("rotation assignments")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "collection"], name="collection_once_per_proposal"),
            models.UniqueConstraint(fields=["proposal", "site"], name="site_once_per_proposal"),
        ]

    def __str__(self):
        return f"{self.collection.code} → {self.site}"

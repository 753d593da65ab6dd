"""The records Circular 05/2022 asks for around rotation: handover and return records of a collection's stay
(Form 02), the uses a deposited collection had at its point, and the withdrawal list (danh sách thanh lý)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel


class RecordKind(models.TextChoices):
    HANDOVER = "handover", _("handover record")
    RETURN = "return", _("return record")


class ConfirmedVia(models.TextChoices):
    PHONE = "phone", _("confirmed on the phone")
    SCAN = "scan", _("signed scan uploaded")


class HandoverRecord(BaseModel):
    """A handover (deposit) or return (collection) record of one stay, in the layout of Form 02: the library and the
    point, the date, who handed over and who received, the item list, condition notes and guidance."""

    stay = models.ForeignKey("stock.CollectionStay", on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(_("kind"), max_length=10, choices=RecordKind.choices)
    number = models.CharField(_("number"), max_length=30, unique=True)
    collection = models.ForeignKey("stock.RotatingCollection", on_delete=models.PROTECT, related_name="records")
    site = models.ForeignKey("places.ServiceSite", on_delete=models.PROTECT, related_name="handover_records")
    library = models.ForeignKey(
        "places.Library", on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing library")
    )
    date = models.DateField(_("date"))
    handed_over_by = models.CharField(_("handed over by"), max_length=300, blank=True)
    received_by = models.CharField(_("received by"), max_length=300, blank=True)
    items = models.JSONField(_("items"), default=list)  # [{barcode, title, authors, condition}] as they were
    item_count = models.PositiveIntegerField(_("number of items"), default=0)
    missing = models.JSONField(_("missing"), default=list, blank=True)  # return record: barcodes not back
    damaged = models.JSONField(_("damaged"), default=list, blank=True)  # return record: barcodes back damaged
    uses = models.PositiveIntegerField(_("uses at the point"), null=True, blank=True)  # return record
    condition_notes = models.TextField(_("condition notes"), blank=True)
    guidance = models.TextField(_("storage and service guidance"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_name = models.CharField(_("confirmed by"), max_length=120, blank=True)
    confirmed_via = models.CharField(_("confirmed through"), max_length=10, choices=ConfirmedVia.choices, blank=True)
    signed_scan = models.FileField(_("signed scan"), upload_to="handover-scans/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("handover or return record")
        verbose_name_plural = _("handover and return records")
        constraints = [models.UniqueConstraint(fields=["stay", "kind"], name="one_record_of_each_kind_per_stay")]

    def __str__(self):
        return f"{self.number} {self.collection.code} @ {self.site}"


class UseSource(models.TextChoices):
    POINT = "point", _("reported by the point")
    CREW = "crew", _("reported by the crew")


class CollectionUse(BaseModel):
    """Uses of a deposited collection at its point over a period: reading uses and loans the point made from it
    (loans the bus made from the collection's copies are counted from the ledger)."""

    stay = models.ForeignKey("stock.CollectionStay", on_delete=models.PROTECT, related_name="uses")
    period_from = models.DateField(_("from"))
    period_until = models.DateField(_("until"))
    reading_uses = models.PositiveIntegerField(_("reading uses"), default=0)
    loans = models.PositiveIntegerField(_("loans made by the point"), default=0)
    source = models.CharField(_("reported by"), max_length=10, choices=UseSource.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_event_id = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["stay", "period_from", "id"]
        verbose_name = _("collection use")
        verbose_name_plural = _("collection uses")
        constraints = [
            models.CheckConstraint(
                name="use_period_ends_after_start", condition=models.Q(period_until__gte=models.F("period_from"))
            )
        ]

    def __str__(self):
        return f"{self.stay_id} {self.period_from}–{self.period_until}: {self.reading_uses + self.loans}"


class WithdrawalReason(models.TextChoices):
    LOST = "lost", _("lost")
    DAMAGED = "damaged", _("damaged beyond use")


class WithdrawalStatus(models.TextChoices):
    LISTED = "listed", _("listed, awaiting the library's decision")
    WITHDRAWN = "withdrawn", _("withdrawn")
    KEPT = "kept", _("kept in stock")


class WithdrawalEntry(BaseModel):
    """A settled loss or damage on the withdrawal list (danh sách thanh lý), until the library decides; a copy
    withdrawn leaves the stock through a ``withdraw`` movement."""

    copy = models.ForeignKey("stock.Copy", on_delete=models.PROTECT, related_name="withdrawal_entries")
    reason = models.CharField(_("reason"), max_length=10, choices=WithdrawalReason.choices)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WithdrawalStatus.choices, default=WithdrawalStatus.LISTED
    )
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_ref = models.CharField(_("decision"), max_length=120, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    movement = models.OneToOneField(
        "stock.Movement", null=True, blank=True, on_delete=models.PROTECT, related_name="withdrawal_entry"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("withdrawal list entry")
        verbose_name_plural = _("withdrawal list")
        constraints = [
            models.UniqueConstraint(
                fields=["copy"], condition=models.Q(status="listed"), name="copy_listed_once_for_withdrawal"
            )
        ]

    def __str__(self):
        return f"{self.copy_id} {self.get_reason_display()} ({self.get_status_display()})"

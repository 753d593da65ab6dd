"""Readers, their loans and the titles they reserve at a stop."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel
from backend.core.names import name_parts, person_name
from backend.places.models import SearchableModel


class ReaderCategory(models.TextChoices):
    """Who the reader is, for the loan limit (``STOCK_LOAN_LIMITS``); blank readers get ``STOCK_LOAN_LIMIT``."""

    CHILD = "child", _("child")
    PUPIL = "pupil", _("pupil")
    ADULT = "adult", _("adult")
    ELDERLY = "elderly", _("elderly")


class Reader(SearchableModel):
    """A reader (bạn đọc) with a card, registered at a stop or a school."""

    search_source_fields = ("card_number", "full_name")

    card_number = models.CharField(_("card number"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=150, help_text=_("Family, middle and given name."))
    # The parts of ``full_name`` (family, middle, given): lists of readers sort by the given name.
    family_name = models.CharField(_("family name"), max_length=50, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=80, blank=True)
    given_name = models.CharField(_("given name"), max_length=50, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    school = models.ForeignKey("places.School", null=True, blank=True, on_delete=models.PROTECT, related_name="readers")
    site = models.ForeignKey(
        "places.ServiceSite", null=True, blank=True, on_delete=models.PROTECT, related_name="readers"
    )
    category = models.CharField(
        _("category"), max_length=10, choices=ReaderCategory.choices, blank=True, default="", db_default=""
    )
    card_expires_on = models.DateField(_("card valid until"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_event_id = models.UUIDField(_("phone event id"), null=True, blank=True, unique=True)

    class Meta:
        ordering = ["card_number"]
        verbose_name = _("reader")
        verbose_name_plural = _("readers")

    def __str__(self):
        return f"{self.card_number} {self.full_name}"

    @classmethod
    def from_db(cls, db, field_names, values):
        reader = super().from_db(db, field_names, values)
        reader._saved_full_name = reader.__dict__.get("full_name")
        return reader

    def save(self, *args, **kwargs):
        # One spelling of the name. A full name edited since loading is split again in Vietnamese order; otherwise
        # the parts, when given, make the full name (a new reader given only a full name has it split).
        parts = person_name(self.family_name, self.middle_name, self.given_name)
        full_name_edited = not self._state.adding and self.full_name != getattr(self, "_saved_full_name", None)
        if self.full_name and (full_name_edited or not parts):
            self.family_name, self.middle_name, self.given_name = name_parts(self.full_name)
        elif parts:
            self.full_name = parts
        super().save(*args, **kwargs)
        self._saved_full_name = self.full_name


class Loan(BaseModel):
    """One copy lent to one reader; due back at the bus's next scheduled visit to the stop."""

    copy = models.ForeignKey("stock.Copy", on_delete=models.PROTECT, related_name="loans")
    reader = models.ForeignKey("stock.Reader", on_delete=models.PROTECT, related_name="loans")
    site = models.ForeignKey("places.ServiceSite", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(
        "planning.PlannedVisit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collection = models.ForeignKey(
        "stock.RotatingCollection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loans",
        help_text=_("The rotating collection the copy belonged to when lent: it is returned after that collection."),
    )
    lent_at = models.DateTimeField(_("lent at"))
    due_on = models.DateField(_("due on"))
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    lent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-lent_at", "-id"]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            models.UniqueConstraint(
                fields=["copy"], condition=models.Q(returned_at__isnull=True), name="one_open_loan_per_copy"
            ),
            models.CheckConstraint(
                name="loan_returned_after_lent",
                condition=models.Q(returned_at__isnull=True) | models.Q(returned_at__gte=models.F("lent_at")),
            ),
        ]
        indexes = [models.Index(fields=["reader", "returned_at"], name="loan_reader_open_idx")]

    def __str__(self):
        return f"{self.copy_id} → {self.reader_id}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None


class ReservationStatus(models.TextChoices):
    OPEN = "open", _("open")
    FULFILLED = "fulfilled", _("fulfilled")
    CANCELLED = "cancelled", _("cancelled")


class Reservation(BaseModel):
    """A title a reader asked for at a stop; it shows on the run sheet of the bus's next visit there."""

    reader = models.ForeignKey("stock.Reader", on_delete=models.PROTECT, related_name="reservations")
    record = models.ForeignKey("stock.Record", on_delete=models.PROTECT, related_name="reservations")
    site = models.ForeignKey("places.ServiceSite", on_delete=models.PROTECT, related_name="reservations")
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReservationStatus.choices, default=ReservationStatus.OPEN
    )
    source_event_id = models.UUIDField(_("phone event id"), null=True, blank=True, unique=True)

    class Meta:
        db_table = "fieldwork_reservation"
        ordering = ["requested_at", "id"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self):
        return f"{self.record_id} ← {self.reader_id}"

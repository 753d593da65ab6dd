"""What the crew records at a stop (charged to the stop and visit, never to whoever uploaded it), where the bus
is, and the sync conflicts a coordinator settles."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel


class VisitReport(BaseModel):
    """The record of a visit as it happened: times, visitors, activity, the host's proof of visit."""

    visit = models.OneToOneField("planning.PlannedVisit", on_delete=models.CASCADE, related_name="report")
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    arrival_latitude = models.FloatField(null=True, blank=True)
    arrival_longitude = models.FloatField(null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    students = models.PositiveIntegerField(_("students"), null=True, blank=True)
    adults = models.PositiveIntegerField(_("adults"), null=True, blank=True)
    # Of the persons counted, those in the priority groups of Circular 05/2022 (a person may be in several).
    children = models.PositiveIntegerField(_("children"), null=True, blank=True)
    elderly = models.PositiveIntegerField(_("elderly people"), null=True, blank=True)
    disabled = models.PositiveIntegerField(_("people with disabilities"), null=True, blank=True)
    ethnic_minority = models.PositiveIntegerField(_("ethnic minority people"), null=True, blank=True)
    # Document uses not seen by the loan desk: books and papers read on the bus or at the point.
    reading_uses = models.PositiveIntegerField(_("documents read on the spot"), null=True, blank=True)
    digital_uses = models.PositiveIntegerField(_("uses of the bus's computers"), null=True, blank=True)
    activity_note = models.TextField(_("activity"), blank=True)
    host_name = models.CharField(_("host's name"), max_length=120, blank=True)
    host_confirmed = models.BooleanField(_("confirmed by the host"), default=False)
    photo = models.FileField(_("photo"), upload_to="visit-photos/%Y/%m/", blank=True)
    # Per group of fields, the (device time, event id) of the event that set it: the latest wins whatever order
    # the events arrive in, so replays and reordered batches end in the same state.
    versions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        db_table = "fieldwork_visitreport"
        verbose_name = _("visit report")
        verbose_name_plural = _("visit reports")

    def __str__(self):
        return str(self.visit_id)

    @property
    def visitors(self) -> int:
        return (self.students or 0) + (self.adults or 0)


class PositionPing(models.Model):
    """A GPS position of a vehicle sent by a crew phone."""

    vehicle = models.ForeignKey("places.Vehicle", on_delete=models.CASCADE, related_name="positions")
    at = models.DateTimeField(_("at"))
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])
    accuracy_m = models.FloatField(_("accuracy (m)"), null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "fieldwork_positionping"
        ordering = ["vehicle_id", "-at"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [models.UniqueConstraint(fields=["vehicle", "at"], name="one_position_per_vehicle_instant")]

    def __str__(self):
        return f"{self.vehicle_id} {self.at:%Y-%m-%d %H:%M:%S} {self.latitude:.5f},{self.longitude:.5f}"


class ConflictStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted: the phone's version applied")
    DISMISSED = "dismissed", _("dismissed: the server's record kept")


class SyncConflict(BaseModel):
    """An event from a phone that contradicts what the server knows; held for a coordinator."""

    # Without an event: a difference found by a count made on the console (a trip's return stocktake).
    event = models.OneToOneField(
        "sync.RawEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="conflict"
    )
    code = models.CharField(_("code"), max_length=60)
    message = models.TextField(_("message"))
    details = models.JSONField(default=dict, blank=True)
    visit = models.ForeignKey(
        "planning.PlannedVisit", null=True, blank=True, on_delete=models.SET_NULL, related_name="conflicts"
    )
    vehicle = models.ForeignKey("places.Vehicle", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ConflictStatus.choices, default=ConflictStatus.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(_("note"), blank=True)

    class Meta:
        db_table = "fieldwork_syncconflict"
        ordering = ["-created_at", "-id"]
        verbose_name = _("sync conflict")
        verbose_name_plural = _("sync conflicts")
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"{self.code} ({self.get_status_display()})"


class TripClosure(BaseModel):
    """A trip closed by the bus's stocktake on its return (Circular 05/2022: a stocktake after every trip), with
    who went. A published route back at the depot without one is an open trip."""

    vehicle = models.ForeignKey("places.Vehicle", on_delete=models.PROTECT, related_name="trip_closures")
    date = models.DateField(_("back at the depot on"))
    route = models.ForeignKey("planning.PlanRoute", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stocktake = models.OneToOneField("stock.Stocktake", on_delete=models.PROTECT, related_name="trip_closure")
    crew = models.JSONField(_("crew"), default=dict, blank=True)  # who went, as on the day
    conflict = models.ForeignKey(SyncConflict, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-date", "vehicle_id"]
        verbose_name = _("closed trip")
        verbose_name_plural = _("closed trips")
        constraints = [models.UniqueConstraint(fields=["vehicle", "date"], name="one_closure_per_trip")]

    def __str__(self):
        return f"{self.vehicle_id} {self.date:%d/%m/%Y}"


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent out")
    FAILED = "failed", _("Not delivered")


class ReaderNotice(BaseModel):
    """What a reader was told (a loan's new return date after a missed stop), and through which channels.

    A channel that failed (an SMS gateway down) leaves the notice ``failed`` with the reason; it is tried again
    at ``next_attempt_at`` through the channels that have not reached the reader yet.
    """

    reader = models.ForeignKey("stock.Reader", on_delete=models.CASCADE, related_name="notices")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    data = models.JSONField(default=dict, blank=True)
    channels = models.JSONField(_("sent through"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING)
    failure = models.TextField(_("why it was not delivered"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="reader_notice_retry")]
        verbose_name = _("reader notice")
        verbose_name_plural = _("reader notices")

    def __str__(self):
        return self.subject

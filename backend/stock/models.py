"""The append-only stock ledger, rotating collections and their stays at sites, readers and loans.

Every change of a copy's holder is one ``Movement`` row; rows are never updated or deleted (on PostgreSQL a trigger
refuses it). A mistake is put right by a further movement (kind ``correction``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.catalogue.models import ReadingLevel
from backend.core.models import BaseModel
from backend.places.models import SearchableModel


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

    copy = models.ForeignKey("catalogue.Copy", on_delete=models.PROTECT, related_name="movements")
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
        "tours.PlannedVisit", null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
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

    collection = models.ForeignKey(RotatingCollection, on_delete=models.PROTECT, related_name="stays")
    site = models.ForeignKey("places.ServiceSite", on_delete=models.PROTECT, related_name="collection_stays")
    library = models.ForeignKey("places.Library", on_delete=models.PROTECT, related_name="+")
    deposited_on = models.DateField(_("deposited on"))
    expected_collection_on = models.DateField(_("to be collected by"))
    collected_on = models.DateField(_("collected on"), null=True, blank=True)
    copies_deposited = models.PositiveIntegerField(_("copies deposited"), default=0)
    copies_collected = models.PositiveIntegerField(_("copies collected"), null=True, blank=True)
    deposit_visit = models.ForeignKey(
        "tours.PlannedVisit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collect_visit = models.ForeignKey(
        "tours.PlannedVisit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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


class Reader(SearchableModel):
    """A reader (bạn đọc) with a card, registered at a stop or a school."""

    search_source_fields = ("card_number", "full_name")

    card_number = models.CharField(_("card number"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    school = models.ForeignKey("places.School", null=True, blank=True, on_delete=models.PROTECT, related_name="readers")
    site = models.ForeignKey(
        "places.ServiceSite", null=True, blank=True, on_delete=models.PROTECT, related_name="readers"
    )
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


class Loan(BaseModel):
    """One copy lent to one reader; due back at the bus's next scheduled visit to the stop."""

    copy = models.ForeignKey("catalogue.Copy", on_delete=models.PROTECT, related_name="loans")
    reader = models.ForeignKey(Reader, on_delete=models.PROTECT, related_name="loans")
    site = models.ForeignKey("places.ServiceSite", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey("tours.PlannedVisit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    collection = models.ForeignKey(
        RotatingCollection,
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

    proposal = models.ForeignKey(RotationProposal, on_delete=models.CASCADE, related_name="assignments")
    collection = models.ForeignKey(RotatingCollection, on_delete=models.PROTECT, related_name="assignments")
    site = models.ForeignKey("places.ServiceSite", on_delete=models.PROTECT, related_name="rotation_assignments")
    new_titles = models.PositiveIntegerField(_("titles new to the site"), default=0)
    books = models.PositiveIntegerField(_("books"), default=0)
    score = models.BigIntegerField(_("score"), default=0)
    explanation = models.TextField(_("why this pairing"))
    stay = models.OneToOneField(
        CollectionStay,
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


class Stocktake(BaseModel):
    """A count (kiểm kê) of one holder, whole or partial (one collection, or a shelf-mark range), and its findings."""

    library = models.ForeignKey("places.Library", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    vehicle = models.ForeignKey("places.Vehicle", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    collection = models.ForeignKey(
        RotatingCollection, null=True, blank=True, on_delete=models.PROTECT, related_name="stocktakes"
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

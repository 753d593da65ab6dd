"""The unified catalogue: bibliographic records and the physical copies of each.

A copy's current holder (``status`` plus one of ``holder_library`` / ``holder_vehicle`` / ``holder_loan``) is kept
here for fast reads; it is only ever written by ``backend.stock.services`` together with a ledger movement, and it
always equals the replay of the ledger (``manage.py verify_ledger``).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel
from backend.core.text import search_key
from backend.places.models import SearchableModel


class ReadingLevel(models.TextChoices):
    CHILDREN = "children", _("children (thiếu nhi, 6–11)")
    TEEN = "teen", _("young teens (thiếu niên, 12–15)")
    ADULT = "adult", _("adults and upper secondary")
    ALL = "all", _("all ages")


class Record(SearchableModel):
    """A bibliographic record (a title in one edition)."""

    # The words search matches (issue 21); ISBNs and barcodes are matched whole, on their own columns.
    search_source_fields = ("title", "subtitle", "authors", "series", "subjects")

    title = models.CharField(_("title"), max_length=500)
    subtitle = models.CharField(_("subtitle"), max_length=500, blank=True)
    authors = models.CharField(_("authors"), max_length=500, blank=True, help_text=_("Separated by semicolons."))
    series = models.CharField(_("series"), max_length=300, blank=True, default="", db_default="")
    isbn = models.CharField(_("ISBN-13"), max_length=13, blank=True, db_index=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1400), MaxValueValidator(2100)]
    )
    language = models.CharField(_("language (ISO 639-2)"), max_length=3, default="vie")
    ddc = models.CharField(_("DDC class"), max_length=20, blank=True, db_index=True)
    subjects = models.CharField(_("subjects"), max_length=1000, blank=True, help_text=_("Separated by semicolons."))
    reading_level = models.CharField(
        _("reading level"), max_length=10, choices=ReadingLevel.choices, default=ReadingLevel.ALL
    )
    source_key = models.CharField(
        _("import key"),
        max_length=120,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Stable key from the import source (MARC 001, or ISBN/title for CSV) that re-imports match on."),
    )
    # The title's folded words ("de men phieu luu ky"): search ranks exact titles and title starts on it (issue 21).
    title_key = models.TextField(editable=False, blank=True, default="", db_default="")

    class Meta:
        db_table = "catalogue_record"
        ordering = ["title", "id"]
        # Search walks record_title_key_idx, on (title_key COLLATE "C"): PostgreSQL only, see migration 0007.
        verbose_name = _("bibliographic record")
        verbose_name_plural = _("bibliographic records")

    def __str__(self):
        return self.title

    def refresh_search_text(self) -> None:
        # Folded words only, punctuation dropped, so that PostgreSQL's full-text parser and SQLite's LIKE see the same
        # words. The leading space lets SQLite match the start of any word with "% men%".
        self.title_key = search_key(self.title)
        self.search_text = " " + search_key(" ".join(str(getattr(self, f) or "") for f in self.search_source_fields))

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "title_key"}
        super(SearchableModel, self).save(*args, **kwargs)


class CopySource(models.TextChoices):
    PURCHASE = "purchase", _("purchase")
    DONATION = "donation", _("donation")


class Condition(models.TextChoices):
    GOOD = "good", _("good")
    WORN = "worn", _("worn")
    DAMAGED = "damaged", _("damaged")


class CopyStatus(models.TextChoices):
    AVAILABLE = "available", _("in stock (at a library or on a bus)")
    ON_LOAN = "on_loan", _("on loan")
    LOST = "lost", _("lost")
    WITHDRAWN = "withdrawn", _("withdrawn")


OUT_OF_CIRCULATION = (CopyStatus.LOST, CopyStatus.WITHDRAWN)

_ONE_HOLDER = (
    (
        models.Q(status="available")
        & models.Q(holder_loan__isnull=True)
        & (
            (models.Q(holder_library__isnull=False) & models.Q(holder_vehicle__isnull=True))
            | (models.Q(holder_library__isnull=True) & models.Q(holder_vehicle__isnull=False))
        )
    )
    | (
        models.Q(status="on_loan")
        & models.Q(holder_loan__isnull=False)
        & models.Q(holder_library__isnull=True)
        & models.Q(holder_vehicle__isnull=True)
    )
    | (
        models.Q(status__in=["lost", "withdrawn"])
        & models.Q(holder_loan__isnull=True)
        & models.Q(holder_library__isnull=True)
        & models.Q(holder_vehicle__isnull=True)
    )
)


class Copy(BaseModel):
    """A physical copy with a unique barcode. It is at exactly one holder, or out of circulation."""

    barcode = models.CharField(_("barcode"), max_length=32, unique=True)
    record = models.ForeignKey("stock.Record", on_delete=models.PROTECT, related_name="copies")
    acquired_on = models.DateField(_("acquired on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=CopySource.choices, default=CopySource.PURCHASE)
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    price = models.DecimalField(_("price (VND)"), max_digits=12, decimal_places=0, null=True, blank=True)
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices, default=Condition.GOOD)
    shelf_mark = models.CharField(_("shelf mark"), max_length=40, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=CopyStatus.choices, default=CopyStatus.AVAILABLE)
    holder_library = models.ForeignKey(
        "places.Library",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copies",
        verbose_name=_("at library"),
    )
    holder_vehicle = models.ForeignKey(
        "places.Vehicle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copies",
        verbose_name=_("on vehicle"),
    )
    holder_loan = models.OneToOneField(
        "stock.Loan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("on loan"),
    )
    collection = models.ForeignKey(
        "stock.RotatingCollection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        verbose_name=_("rotating collection"),
    )

    class Meta:
        db_table = "catalogue_copy"
        ordering = ["barcode"]
        verbose_name = _("copy")
        verbose_name_plural = _("copies")
        constraints = [
            models.CheckConstraint(name="copy_has_exactly_one_holder", condition=_ONE_HOLDER),
            models.CheckConstraint(
                name="copy_price_not_negative", condition=models.Q(price__isnull=True) | models.Q(price__gte=0)
            ),
        ]
        indexes = [
            models.Index(fields=["holder_library", "status"], name="copy_library_idx"),
            models.Index(fields=["holder_vehicle", "status"], name="copy_vehicle_idx"),
        ]

    def __str__(self):
        return self.barcode

    @property
    def is_in_circulation(self) -> bool:
        return self.status not in OUT_OF_CIRCULATION

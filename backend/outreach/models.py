"""Reading events (Book Day 21/4, Lifelong Learning Week 1–7/10, storytelling, contests, reading clubs) held at the
bus's points, and donation drives (*quyên góp sách, xã hội hóa*): who gave how many books, which copies entered the
catalogue from each gift."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.models import BaseModel
from backend.core.names import person_name


class EventKind(models.TextChoices):
    BOOK_DAY = "book_day", _("Vietnam Book and Reading Culture Day (21/4)")
    READING_CULTURE_DAY = "reading_day", _("Reading culture festival")
    LIFELONG_LEARNING_WEEK = "lifelong_week", _("Lifelong Learning Week (1–7/10)")
    OTHER = "other", _("other event")


class Activity(models.TextChoices):
    STORYTELLING = "storytelling", _("storytelling")
    CONTEST = "contest", _("contest")
    READING_CLUB = "reading_club", _("reading club")
    FILM = "film", _("film showing")
    OTHER = "other", _("other activity")


def validate_activities(value) -> None:
    if not isinstance(value, list) or any(item not in Activity.values for item in value):
        raise ValidationError(_("Choose activities from the list."))


class Event(BaseModel):
    """An event at one or more points over one or more days: planned as the bus's sessions there, then reported
    (participants and the activities held)."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    sites = models.ManyToManyField("places.ServiceSite", related_name="+", verbose_name=_("service points"))
    activities = models.JSONField(_("activities"), default=list, blank=True, validators=[validate_activities])
    expected_participants = models.PositiveIntegerField(_("expected participants"), default=0)
    participants_total = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    participants_children = models.PositiveIntegerField(_("of whom children"), null=True, blank=True)
    participants_elderly = models.PositiveIntegerField(_("of whom elderly people"), null=True, blank=True)
    participants_disabled = models.PositiveIntegerField(_("of whom people with disabilities"), null=True, blank=True)
    participants_ethnic_minority = models.PositiveIntegerField(
        _("of whom ethnic minority people"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    visits = models.ManyToManyField(
        "planning.PlannedVisit", blank=True, related_name="+", verbose_name=_("service sessions")
    )
    requests = models.ManyToManyField(
        "planning.VisitRequest", blank=True, related_name="+", verbose_name=_("visit requests")
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(name="event_days_ordered", condition=models.Q(ends_on__gte=models.F("starts_on")))
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day cannot be before the first day.")
        if self.participants_total is not None:
            for field in PARTICIPANT_GROUPS:
                if (getattr(self, field) or 0) > self.participants_total:
                    errors[field] = _("A group cannot be larger than all the participants.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_reported(self) -> bool:
        return self.reported_at is not None

    def get_activities_display(self) -> list[str]:
        labels = dict(Activity.choices)
        return [str(labels[a]) for a in self.activities if a in labels]


PARTICIPANT_GROUPS = (
    "participants_children",
    "participants_elderly",
    "participants_disabled",
    "participants_ethnic_minority",
)


class DonationDrive(BaseModel):
    """A book drive (*cuộc vận động quyên góp sách*): its days, who organises it, the library that receives the
    books."""

    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    organiser = models.CharField(_("organiser"), max_length=200)
    library = models.ForeignKey(
        "places.Library", on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving library")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("donation drive")
        verbose_name_plural = _("donation drives")
        constraints = [
            models.CheckConstraint(name="drive_days_ordered", condition=models.Q(ends_on__gte=models.F("starts_on")))
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})


class DonorKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")


class Donor(BaseModel):
    """A person (name stored as family, middle and given names) or an organisation that gives books."""

    kind = models.CharField(_("kind"), max_length=12, choices=DonorKind.choices, default=DonorKind.PERSON)
    family_name = models.CharField(_("family name"), max_length=60, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=60, blank=True)
    given_name = models.CharField(_("given name"), max_length=60, blank=True)
    organisation = models.CharField(_("organisation name"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        ordering = ["given_name", "family_name", "middle_name", "organisation", "id"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.kind == DonorKind.ORGANISATION:
            return self.organisation
        return person_name(self.family_name, self.middle_name, self.given_name)

    def clean(self):
        if self.kind == DonorKind.ORGANISATION and not self.organisation.strip():
            raise ValidationError({"organisation": _("Give the organisation's name.")})
        if self.kind == DonorKind.PERSON and not self.given_name.strip():
            raise ValidationError({"given_name": _("Give the person's given name.")})


class Donation(BaseModel):
    """Books one donor gave to a drive on one day; ``copies`` counts them all, catalogued or not yet."""

    drive = models.ForeignKey(DonationDrive, on_delete=models.PROTECT, related_name="donations")
    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="donations")
    received_on = models.DateField(_("received on"))
    copies = models.PositiveIntegerField(_("number of copies"), validators=[MinValueValidator(1)])
    notes = models.TextField(_("notes"), blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")

    def __str__(self):
        return f"{self.donor} {self.received_on:%d/%m/%Y}"


class DonatedCopy(models.Model):
    """A copy that entered the catalogue from a donation (the copy's ``source`` is ``donation`` and its ledger starts
    with an ``acquire`` movement)."""

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="catalogued")
    copy = models.OneToOneField("stock.Copy", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["donation", "copy"]
        verbose_name = _("donated copy")
        verbose_name_plural = _("donated copies")

    def __str__(self):
        return f"{self.donation_id}: {self.copy_id}"

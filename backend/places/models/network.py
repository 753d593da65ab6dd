"""Administrative units (provinces, communes), libraries, schools and their contact persons."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from backend.core.models import BaseModel
from backend.places.models.access import Access, FerryLink
from backend.places.models.base import Located, SearchableModel, latitude_validators, longitude_validators


class Province(SearchableModel):
    """A province or centrally-run city (34 since 1 July 2025), loaded from `vietnam-provinces`."""

    code = models.PositiveIntegerField(_("official code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("division type"), max_length=40)
    codename = models.SlugField(max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class CommuneKind(models.TextChoices):
    COMMUNE = "xa", _("commune (xã)")
    WARD = "phuong", _("ward (phường)")
    SPECIAL_ZONE = "dac_khu", _("special zone (đặc khu)")


class Commune(SearchableModel):
    """A commune, ward or special zone: the level below the province since 2025."""

    code = models.PositiveIntegerField(_("official code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=CommuneKind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    codename = models.SlugField(max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=latitude_validators)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=longitude_validators)
    access = models.CharField(
        _("access"),
        max_length=10,
        choices=Access.choices,
        blank=True,
        help_text=_("Blank: by road, or for a special zone by its ferry link if it has one, else not by the bus."),
    )
    ferry = models.ForeignKey(
        FerryLink,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communes",
        verbose_name=_("ferry link"),
    )

    class Meta:
        ordering = ["province__code", "code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.resolved_access() == Access.FERRY and not self.ferry_id:
            raise ValidationError({"ferry": _("A commune reached by ferry needs its ferry link.")})
        if not self.ferry_id and self.pk:
            # Sites set to "by ferry" without a link of their own cross on the commune's: it cannot go.
            riding = self.sites.filter(access=Access.FERRY, ferry__isnull=True).count()
            if riding:
                raise ValidationError(
                    {
                        "ferry": ngettext(
                            "%(count)d site of this commune crosses on its ferry link: give it a link of its own "
                            "or another access first.",
                            "%(count)d sites of this commune cross on its ferry link: give them a link of their own "
                            "or another access first.",
                            riding,
                        )
                        % {"count": riding}
                    }
                )

    def resolved_access(self) -> str:
        """Its own access; else a special zone is reached by its ferry link, or not by the bus; else by road."""
        if self.access:
            return self.access
        if self.kind == CommuneKind.SPECIAL_ZONE:
            return Access.FERRY if self.ferry_id else Access.NO_ROAD
        return Access.ROAD


class LibraryKind(models.TextChoices):
    PUBLIC = "public", _("city/provincial public library")
    COMMUNE = "commune", _("commune library or cultural house")
    LEARNING_CENTRE = "learning_centre", _("community learning centre")
    SCHOOL = "school", _("school library")
    PRIVATE = "private", _("private library serving the community")
    POST_OFFICE = "post_office", _("post-office cultural point")


class Library(SearchableModel, Located):
    """A library or reading point. City/provincial public libraries are the bus's depots."""

    search_source_fields = ("name", "address")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=LibraryKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="libraries")
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("library")
        verbose_name_plural = _("libraries")

    def __str__(self):
        return self.name

    @property
    def is_depot(self) -> bool:
        return self.kind == LibraryKind.PUBLIC


class SchoolLevel(models.TextChoices):
    PRIMARY = "primary", _("primary (tiểu học)")
    LOWER_SECONDARY = "lower_secondary", _("lower secondary (THCS)")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary (THPT)")
    MULTI_LEVEL = "multi_level", _("multi-level")


class School(SearchableModel):
    search_source_fields = ("name", "address")

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=SchoolLevel.choices)
    students = models.PositiveIntegerField(_("number of students"), default=0)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="schools")
    address = models.CharField(_("address"), max_length=300, blank=True)
    library = models.OneToOneField(
        Library,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="school",
        verbose_name=_("school library"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.library_id and self.library.kind != LibraryKind.SCHOOL:
            raise ValidationError({"library": _("A school's library must be of the kind 'school library'.")})


class SchoolContactPerson(BaseModel):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(
        pgettext_lazy("job title of a person", "title"),
        max_length=80,
        blank=True,
        help_text=_("e.g. principal, teacher-librarian"),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("school contact person")
        verbose_name_plural = _("school contact persons")

    def __str__(self):
        return self.name

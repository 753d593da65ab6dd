from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.core.names import person_name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    DRIVER_LIBRARIAN = "driver_librarian", _("Driver-librarian")
    SCHOOL_CONTACT = "school_contact", _("School contact")


# The apps whose data coordinators keep in the admin (users and their roles are the administrators').
COORDINATED_APPS = frozenset({"places", "planning", "notifications", "stock", "crew", "sync", "reports"})


class User(AbstractUser):
    """A person who signs in. What they may see and do follows from ``role``."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COORDINATOR)
    # first_name is the given name and last_name the family name; Vietnamese names have a middle name between.
    middle_name = models.CharField(_("middle name"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    school = models.ForeignKey(
        "places.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_users",
        help_text=_("Only for school contacts: the one school they act for."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="school_contact_has_school",
                condition=~models.Q(role="school_contact") | models.Q(school__isnull=False),
            ),
        ]

    def save(self, *args, **kwargs):
        # The admin-site flag follows the role both ways (issue 19): coordinators and administrators keep the network
        # in the Django admin; a coordinator made a driver loses it, whichever way the role was changed.
        self.is_staff = self.keeps_admin_site
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff"}
        super().save(*args, **kwargs)

    @property
    def keeps_admin_site(self) -> bool:
        """Whether the role opens the Django admin: administrators and coordinators (and superusers)."""
        return self.is_superuser or self.role in (Role.ADMIN, Role.COORDINATOR)

    def get_full_name(self) -> str:
        """Family, middle and given name, in Vietnamese order ("Trần Văn Hùng")."""
        return person_name(self.last_name, self.middle_name, self.first_name)

    def get_short_name(self) -> str:
        return self.first_name

    def has_perm(self, perm, obj=None):
        """Coordinators may change everything in the apps they keep; administrators everything."""
        return self._keeps(perm.split(".", 1)[0]) or super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return self._keeps(app_label) or super().has_module_perms(app_label)

    def _keeps(self, app_label: str) -> bool:
        if not self.is_active:
            return False
        return self.role == Role.ADMIN or (self.role == Role.COORDINATOR and app_label in COORDINATED_APPS)

    def clean(self):
        super().clean()
        if self.role == Role.SCHOOL_CONTACT and not self.school_id:
            raise ValidationError({"school": _("A school contact must be bound to a school.")})
        if self.role != Role.SCHOOL_CONTACT and self.school_id:
            raise ValidationError({"school": _("Only school contacts are bound to a school.")})

    @property
    def is_coordinator(self) -> bool:
        """Coordinators and administrators keep the network; superusers count as administrators."""
        return self.is_superuser or self.role in (Role.ADMIN, Role.COORDINATOR)

    @property
    def is_driver_librarian(self) -> bool:
        return self.role == Role.DRIVER_LIBRARIAN

    @property
    def is_school_contact(self) -> bool:
        return self.role == Role.SCHOOL_CONTACT

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    DRIVER_LIBRARIAN = "driver_librarian", _("Driver-librarian")
    SCHOOL_CONTACT = "school_contact", _("School contact")


class User(AbstractUser):
    """A person who signs in. What they may see and do follows from ``role``."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.COORDINATOR)
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

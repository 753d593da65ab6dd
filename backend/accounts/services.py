"""Writes to user accounts."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from backend.core.exceptions import ConflictError, PermissionDeniedError
from backend.core.validation import clean_and_save

from .models import Role, User


class PasswordChangeForbiddenError(PermissionDeniedError):
    code = "password_change_forbidden"


class SelfDeactivationError(ConflictError):
    code = "cannot_deactivate_self"


@transaction.atomic
def user_create(*, username: str, password: str | None = None, **data: Any) -> User:
    """Create a user; without a password the account cannot sign in until one is set."""
    user = User(username=username, **data)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return clean_and_save(user)


def _may_set_password(*, by: User, user: User) -> bool:
    """Everyone sets their own; administrators anyone's; coordinators only crews' and school contacts'."""
    if by.pk == user.pk or by.is_superuser or by.role == Role.ADMIN:
        return True
    return by.is_coordinator and not user.is_superuser and user.role in (Role.DRIVER_LIBRARIAN, Role.SCHOOL_CONTACT)


@transaction.atomic
def user_update(*, user: User, data: Mapping[str, Any], by: User | None = None) -> User:
    """Change a user's fields and, with ``password``, their password: everything is validated before anything is
    saved, so a refused change leaves the account as it was. The admin-site flag follows the role.

    With ``by`` (who asks): only an administrator sets another coordinator's or administrator's password
    (PasswordChangeForbiddenError, 403); the role checked is the account's role before the change.
    """
    data = dict(data)
    password = data.pop("password", None)
    if password and by is not None and not _may_set_password(by=by, user=user):
        raise PasswordChangeForbiddenError(
            _("Only an administrator can set the password of another coordinator or administrator."),
            extra={"fields": {"password": [_("Not yours to change.")]}},
        )
    for name, value in data.items():
        setattr(user, name, value)
    if password:
        user.set_password(password)
    return clean_and_save(user)


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User | None = None) -> User:
    """Deactivated users cannot sign in; their tokens stop working with them. Nobody deactivates themself
    (SelfDeactivationError, 409): another coordinator or an administrator does."""
    if not active and by is not None and by.pk == user.pk:
        raise SelfDeactivationError(_("You cannot deactivate your own account: ask another coordinator."))
    if user.is_active != active:
        user.is_active = active
        clean_and_save(user, update_fields=["is_active"])
    return user

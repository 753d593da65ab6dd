"""Writes to user accounts."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from backend.core.services import model_update
from backend.core.validation import clean_and_save

from .models import User


@transaction.atomic
def user_create(*, username: str, password: str | None = None, **data: Any) -> User:
    """Create a user; without a password the account cannot sign in until one is set."""
    user = User(username=username, **data)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return clean_and_save(user)


def user_update(*, user: User, data: Mapping[str, Any]) -> User:
    data = dict(data)
    password = data.pop("password", None)
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
    return model_update(user, data)


def user_set_active(*, user: User, active: bool) -> User:
    """Deactivated users cannot sign in; their tokens stop working with them."""
    return model_update(user, {"is_active": active})

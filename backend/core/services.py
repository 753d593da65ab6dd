"""Generic write helpers that entity services build on."""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models

from backend.core.validation import clean_and_save

M = TypeVar("M", bound=models.Model)


def model_create(model: type[M], data: Mapping[str, Any]) -> M:
    """Create a ``model`` row from plain field values, validating everything first."""
    return clean_and_save(model(**data))


def model_update(instance: M, data: Mapping[str, Any]) -> M:
    """Apply field values to ``instance``, validate, save only what changed."""
    changed = [name for name, value in data.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, data[name])
    if changed:
        clean_and_save(instance, update_fields=[*changed, "updated_at"] if hasattr(instance, "updated_at") else changed)
    return instance

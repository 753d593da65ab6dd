"""Validation helpers shared by services."""

from django.db import models


def clean_and_save(instance: models.Model, *, update_fields: list[str] | None = None) -> models.Model:
    """Run every model validation (fields, uniqueness, ``clean``), then save."""
    instance.full_clean()
    instance.save(update_fields=update_fields)
    return instance

"""Input fields both APIs share.

Every date either API reads goes through ``DateField`` (and a datetime through ``DateTimeField``): a date outside
``backend.core.validation.date_bounds`` (year 9999, year 1) is a 400 naming the field. Model serializers get them for
every model date field (``serializer_field_mapping`` below), so a new endpoint is bounded without thinking of it.
"""

from django.db import models
from rest_framework import serializers

from backend.core.validation import validate_date_in_bounds


class DateField(serializers.DateField):
    """A date within the library's bounds (``BOOKBUS["DATE_MIN_YEAR"]`` to ``DATE_MAX_YEARS_AHEAD`` from today)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [*self.validators, validate_date_in_bounds]


class DateTimeField(serializers.DateTimeField):
    """A date and time whose date is within the library's bounds."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [*self.validators, validate_date_in_bounds]


# DRF builds a model serializer's fields from this table when a serializer is first used: every model date field of
# both APIs, present and future, reads through the bounded fields.
serializers.ModelSerializer.serializer_field_mapping[models.DateField] = DateField
serializers.ModelSerializer.serializer_field_mapping[models.DateTimeField] = DateTimeField

"""Writes to the catalogue: bibliographic records, with ISBNs validated and normalised to ISBN-13.

Copies are created and moved only through ``backend.stock.services`` (``copy_acquire``), so that every copy has
its ledger from the start; here only their descriptive fields change.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import ValidationError as IsbnError

from backend.core.services import model_create, model_update
from backend.stock.models import Copy, Record

DESCRIPTIVE_COPY_FIELDS = ("acquired_on", "source", "donor", "price", "condition", "shelf_mark")


def isbn_normalise(value: str | None) -> str:
    """An ISBN-10 or ISBN-13 (hyphens, spaces allowed) as a compact ISBN-13; "" for none.

    Raises ``ValidationError`` on the ``isbn`` field for a wrong length, character or checksum.
    """
    if not value or not str(value).strip():
        return ""
    try:
        return stdnum_isbn.to_isbn13(stdnum_isbn.validate(str(value).strip()))
    except IsbnError as error:
        raise ValidationError(
            {"isbn": [_("“%(value)s” is not a valid ISBN (%(reason)s).") % {"value": value, "reason": error.message}]}
        ) from error


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "isbn" in data:
        data["isbn"] = isbn_normalise(data["isbn"])
    for name in ("title", "subtitle", "authors", "publisher", "subjects", "ddc"):
        if isinstance(data.get(name), str):
            data[name] = " ".join(data[name].split())
    return data


def record_create(**data: Any) -> Record:
    """Create a bibliographic record. Raises ``ValidationError`` (nothing saved) for a bad ISBN or field."""
    return model_create(Record, _clean(data))


def record_update(*, record: Record, data: Mapping[str, Any]) -> Record:
    """Update a record; only changed fields are written."""
    return model_update(record, _clean(data))


def copy_update(*, copy: Copy, data: Mapping[str, Any]) -> Copy:
    """Change a copy's descriptive fields; its holder and status change only through stock movements."""
    unknown = set(data) - set(DESCRIPTIVE_COPY_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Changes only through a stock movement.")] for name in sorted(unknown)})
    return model_update(copy, data)

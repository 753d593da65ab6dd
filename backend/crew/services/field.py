"""Writes from the field outside batch sync: GPS pings and the proof-of-visit photo."""

import datetime
import hashlib
import warnings
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from backend.core.exceptions import ApplicationError
from backend.crew.models import PositionPing, VisitReport
from backend.planning.models import PlannedVisit

MAX_PHOTO_BYTES = 8 * 1024 * 1024
# JPEG, PNG, WebP: what phone cameras produce, by the format Pillow reads in the file (not its name or first bytes).
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# 50 megapixels: more than a phone's photo; a small file claiming more would take gigabytes to decode.
MAX_PHOTO_PIXELS = 50_000_000


class InvalidPhotoError(ApplicationError):
    code = "invalid_photo"


@dataclass(frozen=True)
class Ping:
    vehicle_id: int
    at: datetime.datetime
    latitude: float
    longitude: float
    accuracy_m: float | None = None


def position_record_batch(*, pings: list[Ping]) -> int:
    """Store GPS pings in one query; a ping already stored (same vehicle and instant) is skipped. Returns the
    number of new pings. The caller has checked the vehicles."""
    rows = [
        PositionPing(
            vehicle_id=p.vehicle_id, at=p.at, latitude=p.latitude, longitude=p.longitude, accuracy_m=p.accuracy_m
        )
        for p in pings
    ]
    before = PositionPing.objects.filter(vehicle_id__in={p.vehicle_id for p in pings}).count()
    PositionPing.objects.bulk_create(rows, ignore_conflicts=True)
    return PositionPing.objects.filter(vehicle_id__in={p.vehicle_id for p in pings}).count() - before


@transaction.atomic
def visit_photo_attach(*, visit: PlannedVisit, photo: UploadedFile) -> VisitReport:
    """Attach the host's proof-of-visit photo (JPEG, PNG or WebP, at most 8 MB) to the visit's report.

    Sending the same photo again changes nothing. Raises InvalidPhotoError.
    """
    if photo.size > MAX_PHOTO_BYTES:
        raise InvalidPhotoError(_("The photo is larger than 8 MB."), extra={"fields": {"photo": [_("Too large.")]}})
    extension = photo_format(photo)
    digest = hashlib.sha256(photo.read()).hexdigest()
    photo.seek(0)
    report, _created = VisitReport.objects.select_for_update().get_or_create(visit=visit)
    if report.versions.get("photo") == digest:
        return report
    report.photo.save(f"visit-{visit.id}-{digest[:12]}.{extension}", photo, save=False)
    report.versions = {**report.versions, "photo": digest}
    report.save(update_fields=["photo", "versions", "updated_at"])
    return report


def photo_format(photo: UploadedFile) -> str:
    """The file extension of a photo Pillow reads as a whole JPEG, PNG or WebP image. Raises InvalidPhotoError for
    anything else: another format, a RIFF file that is not WebP, a truncated or corrupt image, too many pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(photo) as image:
                extension = PHOTO_FORMATS.get(image.format or "")
                if extension is None:
                    raise _unknown_format()
                if image.width * image.height > MAX_PHOTO_PIXELS:
                    raise InvalidPhotoError(
                        _("The photo has too many pixels."), extra={"fields": {"photo": [_("Too large.")]}}
                    )
                image.verify()  # PNG: every chunk's checksum
            photo.seek(0)
            with Image.open(photo) as image:
                image.draft("RGB", (image.width // 8, image.height // 8))  # JPEG: decode every block, at 1/8 scale
                image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise _unknown_format() from exc
    finally:
        photo.seek(0)
    return extension


def _unknown_format() -> InvalidPhotoError:
    return InvalidPhotoError(
        _("The photo must be a JPEG, PNG or WebP image."), extra={"fields": {"photo": [_("Unknown format.")]}}
    )

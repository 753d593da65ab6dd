"""Where a copy is: a library, a vehicle, a reader's loan, or out of circulation (lost, withdrawn)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from backend.places.models import Library, ServiceSite, Vehicle
from backend.stock.models import CopyStatus, Loan

from .exceptions import MovementNotAllowedError, SiteHasNoLibraryError, SiteInactiveError


@dataclass(frozen=True)
class Holder:
    """A copy's place, as stored on ``Copy`` (``holder_*``) and on both ends of a ``Movement`` (``from_*``/``to_*``).

    Build one with ``Holder.library(lib)``, ``Holder.vehicle(bus)``, ``Holder.loan(loan)``, ``Holder.lost()``,
    ``Holder.withdrawn()``; read a copy's with ``Holder.of(copy)``.
    """

    status: str
    library_id: int | None = None
    vehicle_id: int | None = None
    loan_id: int | None = None

    @classmethod
    def library(cls, library) -> "Holder":
        return cls(CopyStatus.AVAILABLE, library_id=_pk(library))

    @classmethod
    def vehicle(cls, vehicle) -> "Holder":
        return cls(CopyStatus.AVAILABLE, vehicle_id=_pk(vehicle))

    @classmethod
    def loan(cls, loan) -> "Holder":
        return cls(CopyStatus.ON_LOAN, loan_id=_pk(loan))

    @classmethod
    def lost(cls) -> "Holder":
        return cls(CopyStatus.LOST)

    @classmethod
    def withdrawn(cls) -> "Holder":
        return cls(CopyStatus.WITHDRAWN)

    @classmethod
    def of(cls, copy) -> "Holder":
        return cls(str(copy.status), copy.holder_library_id, copy.holder_vehicle_id, copy.holder_loan_id)

    @classmethod
    def from_movement_end(cls, movement, end: str) -> "Holder | None":
        status = getattr(movement, f"{end}_status")
        if status is None:
            return None
        ids = (getattr(movement, f"{end}_{name}_id") for name in ("library", "vehicle", "loan"))
        return cls(str(status), *ids)

    @property
    def kind(self) -> str:
        """``library``, ``vehicle``, ``loan``, ``lost`` or ``withdrawn``."""
        if self.library_id:
            return "library"
        if self.vehicle_id:
            return "vehicle"
        if self.loan_id:
            return "loan"
        return str(self.status)

    @property
    def in_circulation(self) -> bool:
        return self.kind in ("library", "vehicle", "loan")

    def copy_fields(self) -> dict:
        """Field values for ``Copy`` (``status`` and ``holder_*_id``)."""
        return {
            "status": self.status,
            "holder_library_id": self.library_id,
            "holder_vehicle_id": self.vehicle_id,
            "holder_loan_id": self.loan_id,
        }

    def movement_fields(self, end: str) -> dict:
        """Field values for one end (``from`` or ``to``) of a ``Movement``."""
        return {
            f"{end}_status": self.status,
            f"{end}_library_id": self.library_id,
            f"{end}_vehicle_id": self.vehicle_id,
            f"{end}_loan_id": self.loan_id,
        }

    def as_dict(self) -> dict:
        return {"kind": self.kind, "library": self.library_id, "vehicle": self.vehicle_id, "loan": self.loan_id}

    def label(self) -> str:
        """Where the copy is, in words of the active language, for messages to people: the library by its name,
        the bus by its plate, the reader of a loan by their card; lost or withdrawn. One query at most."""
        if self.library_id:
            name = Library.objects.filter(pk=self.library_id).values_list("name", flat=True).first()
            return name or _("library #%(id)s") % {"id": self.library_id}
        if self.vehicle_id:
            plate = Vehicle.objects.filter(pk=self.vehicle_id).values_list("plate_number", flat=True).first()
            return _("the bus %(plate)s") % {"plate": plate or f"#{self.vehicle_id}"}
        if self.loan_id:
            card = Loan.objects.filter(pk=self.loan_id).values_list("reader__card_number", flat=True).first()
            return _("reader %(card)s (on loan)") % {"card": card or f"#{self.loan_id}"}
        if self.status == CopyStatus.LOST:
            return _("the lost books")
        if self.status == CopyStatus.WITHDRAWN:
            return _("the withdrawn books")
        return str(self)

    def __str__(self):
        """The compact form for logs and debugging, e.g. ``vehicle:3``; ``label()`` is for people."""
        ident = self.library_id or self.vehicle_id or self.loan_id
        return f"{self.kind}:{ident}" if ident else self.kind


def _pk(obj) -> int:
    return obj if isinstance(obj, int) else obj.pk


def site_library(site: ServiceSite | None) -> Library:
    """The library that holds what is deposited at ``site``; the site must be active."""
    if site is None:
        raise MovementNotAllowedError(_("Name the site."), extra={"fields": {"site": [_("Required.")]}})
    if not site.is_active:
        raise SiteInactiveError(_("%(site)s is not active.") % {"site": site}, extra={"site": site.pk})
    library = site.library or (site.school.library if site.school_id else None)
    if library is None:
        raise SiteHasNoLibraryError(
            _("%(site)s has no library or school library to receive books.") % {"site": site}, extra={"site": site.pk}
        )
    return library

"""The network the bus serves: administrative units, libraries, schools, service sites, vehicles, closures."""

from .access import Access, FerryLink, Lodging, parse_departures
from .base import LATITUDE_RANGE, LONGITUDE_RANGE, Located, SearchableModel, latitude_validators, longitude_validators
from .closures import Closure, ClosureKind
from .fleet import CrewAssignment, CrewRole, Vehicle, VehicleStatus, default_working_weekdays
from .network import Commune, CommuneKind, Library, LibraryKind, Province, School, SchoolContactPerson, SchoolLevel
from .roster import AbsenceKind, CrewAbsence, TripCrew, TripCrewMember
from .sites import PRIORITY_AREAS, OpeningWindow, PriorityGroup, SeasonalOverride, ServiceSite, Weekday

__all__ = [
    "AbsenceKind",
    "CrewAbsence",
    "TripCrew",
    "TripCrewMember",
    "Access",
    "FerryLink",
    "Lodging",
    "parse_departures",
    "Closure",
    "ClosureKind",
    "Commune",
    "CommuneKind",
    "CrewAssignment",
    "CrewRole",
    "LATITUDE_RANGE",
    "LONGITUDE_RANGE",
    "Library",
    "LibraryKind",
    "Located",
    "OpeningWindow",
    "PRIORITY_AREAS",
    "PriorityGroup",
    "Province",
    "School",
    "SchoolContactPerson",
    "SchoolLevel",
    "SearchableModel",
    "SeasonalOverride",
    "ServiceSite",
    "Vehicle",
    "VehicleStatus",
    "Weekday",
    "default_working_weekdays",
    "latitude_validators",
    "longitude_validators",
]

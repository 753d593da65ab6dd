"""BookBus route planner: multi-day visit planning on OR-Tools, with an independent checker.

Import and run without Django. The names below are the public surface; see routing/README.md.
"""

from routing.builder import ProblemBuilder
from routing.checker import Violation, check
from routing.exceptions import InvalidInstanceError, NoSolutionError, RoutingError, SolveCancelled
from routing.instance import load_instance, parse_instance
from routing.matrix import GeodesicMatrixProvider, MatrixProvider, OsrmMatrixProvider, TravelMatrix
from routing.params import SolveParams
from routing.plan import LeftOut, Plan, Route, Stop, Trip
from routing.problem import (
    Commune,
    Depot,
    FerryLink,
    Location,
    Lodging,
    LunchBreak,
    PeriodicTarget,
    Problem,
    Shift,
    TimeWindow,
    Vehicle,
    Visit,
)
from routing.replan import Change, NewVisit, ReplanResult, SiteClosed, VehicleOut, replan
from routing.slots import SlotOffer, insert_visit, offer_slots
from routing.solver import solve

__all__ = [
    "Change",
    "Commune",
    "Depot",
    "FerryLink",
    "Lodging",
    "Trip",
    "GeodesicMatrixProvider",
    "InvalidInstanceError",
    "LeftOut",
    "Location",
    "LunchBreak",
    "MatrixProvider",
    "NewVisit",
    "NoSolutionError",
    "OsrmMatrixProvider",
    "PeriodicTarget",
    "Plan",
    "Problem",
    "ProblemBuilder",
    "ReplanResult",
    "Route",
    "RoutingError",
    "Shift",
    "SiteClosed",
    "SlotOffer",
    "SolveCancelled",
    "SolveParams",
    "Stop",
    "TimeWindow",
    "TravelMatrix",
    "Vehicle",
    "VehicleOut",
    "Violation",
    "Visit",
    "check",
    "insert_visit",
    "load_instance",
    "offer_slots",
    "parse_instance",
    "replan",
    "solve",
]

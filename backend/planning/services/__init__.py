"""Planning services: schools' requests, building the planner's problem, runs, plans, slots, disruptions."""

from .adjust import VisitMoveRefusedError, VisitNotMovableError, planned_visit_move, planned_visit_pin
from .plans import (
    PlanComparison,
    PlanNotDraftError,
    plan_compare,
    plan_publish,
    plan_save_from_routing,
    plan_to_routing,
)
from .problem import network_revision, problem_build
from .requests import RequestStateError, visit_request_cancel, visit_request_create, visit_request_decline
from .run_watch import planning_runs_reap
from .runs import planning_run_cancel, planning_run_execute, planning_run_restart, planning_run_start
from .slots import Slot, slot_book, slot_offers_for
from .translate import BuiltProblem

__all__ = [
    "VisitMoveRefusedError",
    "VisitNotMovableError",
    "planned_visit_move",
    "planned_visit_pin",
    "RequestStateError",
    "visit_request_cancel",
    "visit_request_create",
    "visit_request_decline",
    "BuiltProblem",
    "PlanComparison",
    "PlanNotDraftError",
    "Slot",
    "network_revision",
    "plan_compare",
    "plan_publish",
    "plan_save_from_routing",
    "plan_to_routing",
    "planning_run_cancel",
    "planning_run_restart",
    "planning_runs_reap",
    "planning_run_execute",
    "planning_run_start",
    "problem_build",
    "slot_book",
    "slot_offers_for",
]

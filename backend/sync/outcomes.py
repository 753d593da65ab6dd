"""The answers given per event. The phone branches on ``status`` (and on ``code`` when rejected)."""

from typing import Any

from .exceptions import EventConflict, EventRejected


def applied_outcome(event_id, result: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(event_id), "status": "applied", "result": result}


def rejection_outcome(event_id, rejection: EventRejected) -> dict[str, Any]:
    outcome = {"id": str(event_id) if event_id is not None else None, "status": "rejected", "code": rejection.code}
    outcome["message"] = rejection.message
    if rejection.fields:
        outcome["fields"] = rejection.fields
    return outcome


def conflict_outcome(event_id, conflict: EventConflict) -> dict[str, Any]:
    """``conflict`` (the id of the SyncConflict a coordinator will settle) is filled in once it is saved."""
    return {"id": str(event_id), "status": "conflict", "code": conflict.code, "message": conflict.message}


def waiting_outcome(event_id, code: str, message: str, waiting_for: list[str]) -> dict[str, Any]:
    """Held by the server until what it needs arrives (``waiting_for``); ``code`` says what is missing so far."""
    return {"id": str(event_id), "status": "waiting", "code": code, "message": message, "waiting_for": waiting_for}


def duplicate_outcome(outcome: dict[str, Any]) -> dict[str, Any]:
    """The answer given the first time, marked as a duplicate."""
    return {**outcome, "status": "duplicate", "original_status": outcome.get("status")}

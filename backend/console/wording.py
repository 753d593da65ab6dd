"""Words for what the planner records in codes: a run's phase, why a visit was left out, what became of a visit."""

from django.utils.translation import gettext_lazy as _

from backend.planning.wording import left_out_reason  # the plan maps say it too

__all__ = ["CHANGE_KINDS", "RUN_PHASES", "left_out_reason", "run_phase"]

RUN_PHASES = {
    "queued": _("waiting to start"),
    "building": _("reading the network"),
    "solving": _("searching for the shortest routes"),
    "saving": _("saving the draft"),
    "done": _("done"),
    "failed": _("failed"),
    "cancelled": _("cancelled"),
}

CHANGE_KINDS = {
    "added": _("added"),
    "moved": _("moved"),
    "retimed": _("new time"),
    "dropped": _("dropped"),
}


def run_phase(phase: str) -> str:
    return str(RUN_PHASES.get(phase, phase))

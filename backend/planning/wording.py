"""Why the planner left a visit out, in words for coordinators: the console's lists and the plan maps say it alike."""

from django.utils.translation import gettext_lazy as _

# routing/plan.py's reason codes, said so that a coordinator knows what to change.
LEFT_OUT_REASONS = {
    "no_working_date": _("no bus works on any date this visit could be made"),
    "window_too_short": _("its opening hours are too short for a visit"),
    "unreachable": _("the bus cannot get there and back within a working day"),
    "too_heavy": _("its boxes do not fit on the bus"),
    "no_room": _("no room left in the buses' days: other visits came first"),
    "site_closed": _("closed on every date it could be visited"),
    "spacing": _("no date keeps the gap to its other visits"),
    "no_road": _("no road for the bus: served by a rotation delivery"),
    "no_ferry_link": _("set to be reached by ferry, but no ferry link is named for the site or its commune"),
}


def left_out_reason(code: str) -> str:
    return str(LEFT_OUT_REASONS.get(code, _("the planner could not place it")))

"""The header menu every page shows: one list, filtered by the user's role and by the pages that exist.

A page joins the menu by adding its URL name here. An entry whose URL does not resolve (a page not built yet) is
left out rather than failing, so the menu never links to a missing page.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

COORDINATOR, DRIVER, SCHOOL = "coordinator", "driver", "school"


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    audience: str


MENU = (
    MenuEntry(_("Overview"), "console:index", COORDINATOR),
    MenuEntry(_("Planning"), "console:planning", COORDINATOR),
    MenuEntry(_("Disruptions"), "console:disruptions", COORDINATOR),
    MenuEntry(_("Requests"), "console:requests", COORDINATOR),
    MenuEntry(_("Conflicts"), "console:conflicts", COORDINATOR),
    MenuEntry(_("Books"), "console:catalogue", COORDINATOR),
    MenuEntry(_("Buses"), "console:buses", COORDINATOR),
    MenuEntry(_("Collections"), "console:collections", COORDINATOR),
    MenuEntry(_("Stocktakes"), "console:stocktakes", COORDINATOR),
    MenuEntry(_("Readers"), "console:readers", COORDINATOR),
    MenuEntry(_("Network"), "console:sites", COORDINATOR),
    MenuEntry(_("Events"), "console:events", COORDINATOR),
    MenuEntry(_("Maps"), "mapping:coverage", COORDINATOR),
    MenuEntry(_("Reports"), "reports:dashboard", COORDINATOR),
    MenuEntry(_("Visits and requests"), "visits:request-list", SCHOOL),
    MenuEntry(_("Driver app"), "driver:shell", DRIVER),
)


def audience_of(user) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_coordinator:
        return COORDINATOR
    if user.is_driver_librarian:
        return DRIVER
    if user.is_school_contact:
        return SCHOOL
    return None


def menu_for(user, path: str) -> list[dict]:
    """The entries this user may open, each with its URL and whether the page shown belongs to it."""
    audience = audience_of(user)
    entries = []
    for entry in MENU:
        if entry.audience != audience:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": entry.label, "url": url})
    # The current entry is the one with the longest URL that starts the path ("/console/" is a prefix of them all).
    matching = [e for e in entries if path.startswith(e["url"])]
    current = max(matching, key=lambda e: len(e["url"]), default=None)
    for entry in entries:
        entry["current"] = entry is current
    return entries


def header_menu(request):
    """Context processor: ``menu`` for base.html."""
    return {"menu": menu_for(request.user, request.path)} if hasattr(request, "user") else {"menu": []}

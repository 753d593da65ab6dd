"""Colours, marker icons and popup HTML shared by the maps. All text passed in is escaped here."""

from __future__ import annotations

from html import escape

# Distinct on a light map and for most colour-blind readers; grey is kept for "not scheduled".
ROUTE_COLOURS = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
)  # fmt: skip
LEFT_OUT_COLOUR = "#757575"
DEPOT_COLOUR = "#263238"
STATUS_COLOURS = {
    "on_time": "#2e7d32",
    "due": "#f9a825",
    "overdue": "#c62828",
    "never_visited": "#6a1b9a",
}
ACTIVITY_COLOUR = "#1565c0"
# A draft's changes: a ring around a stop that is on a route, a hollow badge where a visit is no longer.
CHANGE_COLOURS = {
    "added": "#2e7d32",
    "moved": "#b45309",
    "moved_away": "#b45309",
    "retimed": "#6a1b9a",
    "dropped": "#c62828",
}
CHANGE_ON_ROUTE = ("added", "moved", "retimed")  # the stop's own badge is drawn too: ring it
CHANGE_SYMBOLS = {"moved_away": "→", "dropped": "✕"}

_DEPOT_SVG = (
    '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">'
    '<path fill="#fff" d="M12 3 2 11h3v9h5v-6h4v6h5v-9h3z"/></svg>'
)
_BUS_SVG = (
    '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path fill="#fff" d="M4 5a3 3 0 0 1 3-3h10a3 '
    "3 0 0 1 3 3v11a2 2 0 0 1-1 1.7V20a1 1 0 0 1-1 1h-1a1 1 0 0 1-1-1v-2H8v2a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-2.3A2 "
    '2 0 0 1 4 16zm2 1v5h12V6zm1.5 8a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm9 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z"/>'
    "</svg>"
)


def route_colour(index: int) -> str:
    return ROUTE_COLOURS[index % len(ROUTE_COLOURS)]


def stop_icon_html(number: int | str, colour: str, *, extra_class: str = "") -> str:
    """A round badge with the stop's number in the route colour."""
    return f'<div class="bb-badge {extra_class}" style="background:{colour}">{escape(str(number))}</div>'


def depot_icon_html(label: str = "") -> str:
    """The depot's badge; ``label`` is its name for screen readers (the drawing says nothing to them)."""
    name = f'<span class="bb-sr">{escape(label)}</span>' if label else ""
    return f'<div class="bb-badge bb-depot" style="background:{DEPOT_COLOUR}">{_DEPOT_SVG}{name}</div>'


def bus_icon_html(colour: str, label: str) -> str:
    return (
        f'<div class="bb-badge bb-bus" style="background:{colour}">{_BUS_SVG}</div>'
        f'<div class="bb-bus-label">{escape(label)}</div>'
    )


def change_icon_html(kind: str, tag: str) -> str:
    """A ring (around a stop's badge) or a hollow badge (where no stop is any more), with a short word beside it."""
    colour = CHANGE_COLOURS[kind]
    if kind in CHANGE_ON_ROUTE:
        mark = f'<div class="bb-change-ring" style="border-color:{colour}"></div>'
    else:
        style = f"border-color:{colour};color:{colour}"
        mark = f'<div class="bb-badge bb-change-hollow" style="{style}">{CHANGE_SYMBOLS[kind]}</div>'
    return f'{mark}<div class="bb-change-tag" style="border-color:{colour}">{escape(tag)}</div>'


def popup_html(title: str, rows: list[tuple[str, str]]) -> str:
    """A title and ``label: value`` rows; a row with an empty label is a plain line."""
    body = "".join(
        f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" if k else f'<tr><td colspan="2">{escape(v)}</td></tr>'
        for k, v in rows
    )
    return f'<div class="bb-popup"><h3>{escape(title)}</h3><table>{body}</table></div>'


def swatch(colour: str, *, shape: str = "line") -> str:
    return f'<span class="bb-swatch bb-swatch-{shape}" style="background:{colour}"></span>'


def change_swatch(kind: str) -> str:
    """The legend's sample of a change mark: a ring, or a hollow dashed dot."""
    shape = "ring" if kind in CHANGE_ON_ROUTE else "hollow"
    return f'<span class="bb-swatch bb-swatch-{shape}" style="border-color:{CHANGE_COLOURS[kind]}"></span>'


def legend_html(title: str, rows: list[tuple[str, str]], *, note: str = "", collapsed: bool = False) -> str:
    """``rows`` are (swatch HTML, already-escaped text) pairs; ``collapsed`` folds the list under its title."""
    items = "".join(f"<li>{sw}<span>{text}</span></li>" for sw, text in rows)
    note_html = f'<p class="bb-note">{note}</p>' if note else ""
    state = "" if collapsed else " open"
    return f'<details class="bb-legend"{state}><summary>{escape(title)}</summary><ul>{items}</ul>{note_html}</details>'


def list_panel_html(title: str, names: list[str]) -> str:
    items = "".join(f"<li>{escape(n)}</li>" for n in names)
    summary = f"<summary>{escape(title)} ({len(names)})</summary>"
    return f'<details class="bb-unplaced" open>{summary}<ul>{items}</ul></details>'

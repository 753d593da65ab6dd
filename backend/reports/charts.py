"""Charts drawn on the server as inline SVG: no script and nothing from a CDN, and they print as they show."""

from dataclasses import dataclass
from html import escape

from backend.core.numbers import vn_number

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48
BAR_COLOUR, PREVIOUS_COLOUR, TARGET_COLOUR = "#0b5d3b", "#9aa5b1", "#d9480f"


@dataclass(frozen=True)
class ChartLabels:
    title: str
    value: str
    previous: str
    target: str


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    """Vietnamese grouping and decimal comma: 12.345, or 2,5 for a figure with decimals (a rate, a tick)."""
    return vn_number(value, 0 if float(value).is_integer() else 1)


def monthly_chart_svg(months: list[dict], labels: ChartLabels) -> str:
    """Bars of this period's monthly figure, last year's as a grey line, the target as a dashed orange line.

    ``months`` are ``selectors.monthly_series`` rows (``month``, ``value``, ``previous``, ``target``).
    """
    n = max(len(months), 1)
    top = _nice_top(max([m[k] for m in months for k in ("value", "previous", "target")] or [0]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / n

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    def x(i: int) -> float:
        return LEFT + slot * (i + 0.5)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bb-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(labels.title)}"><title>{escape(labels.title)}</title>'
    ]
    for i in range(5):
        v = top * i / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e7eb"/>'
            f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="11">{_number(v)}</text>'
        )
    for i, m in enumerate(months):
        bar_w = slot * 0.6
        parts.append(
            f'<rect class="bb-bar" x="{x(i) - bar_w / 2:.1f}" y="{y(m["value"]):.1f}" width="{bar_w:.1f}" '
            f'height="{plot_h - (y(m["value"]) - TOP):.1f}" fill="{BAR_COLOUR}">'
            f"<title>{m['month']:%m/%Y}: {_number(m['value'])}</title></rect>"
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11">'
            f"{m['month']:%m/%Y}</text>"
        )
    for key, colour, dash, css in (
        ("previous", PREVIOUS_COLOUR, "", "bb-previous"),
        ("target", TARGET_COLOUR, ' stroke-dasharray="6 4"', "bb-target"),
    ):
        points = " ".join(f"{x(i):.1f},{y(m[key]):.1f}" for i, m in enumerate(months))
        line = f'<polyline class="{css}" points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        parts.append(line)
    legend_y = HEIGHT - 12
    parts.append(
        f'<rect x="{LEFT}" y="{legend_y - 9}" width="12" height="10" fill="{BAR_COLOUR}"/>'
        f'<text x="{LEFT + 16}" y="{legend_y}" font-size="12">{escape(labels.value)}</text>'
        f'<line x1="{LEFT + 200}" x2="{LEFT + 224}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        f'stroke="{PREVIOUS_COLOUR}" stroke-width="2"/>'
        f'<text x="{LEFT + 228}" y="{legend_y}" font-size="12">{escape(labels.previous)}</text>'
        f'<line x1="{LEFT + 420}" x2="{LEFT + 444}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{LEFT + 448}" y="{legend_y}" font-size="12">{escape(labels.target)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)

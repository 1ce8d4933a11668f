"""Small line charts as inline SVG, drawn on the server: no script, no style attribute, so
the page keeps its strict Content-Security-Policy and opens from file://.

Every chart has a title and a description for screen readers; the page puts the same numbers
in a data table beside it. Lines differ by colour (a colour-blind-safe palette) and by dash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Okabe & Ito's palette, then a few more, all readable on white.
COLOURS = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00",
    "#56b4e9", "#332288", "#882255", "#117733", "#555555",
)  # fmt: skip
DASHES = ("", "6 3", "2 3", "8 3 2 3")
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 14, 30


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[float | None]  # one per run, oldest first; None: not walked or no score


@dataclass(frozen=True)
class Level:
    """A horizontal line: a goal's target, or the milestone due now."""

    value: float
    label: str
    dotted: bool = False


def style(index: int) -> tuple[str, str]:
    """(colour, dash pattern) of the index-th line."""
    return COLOURS[index % len(COLOURS)], DASHES[(index // len(COLOURS)) % len(DASHES)]


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count <= 1 else span * index / (count - 1))


def _y(value: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - max(0.0, min(100.0, value)) / 100)


def _axes(x_labels: Sequence[str]) -> list[str]:
    parts = []
    for tick in (0, 25, 50, 75, 100):
        y = _y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#333">{tick}</text>'
        )
    count = len(x_labels)
    shown = {0, count - 1} if count > 1 else {0}
    for index in sorted(shown):
        anchor = "start" if index == 0 and count > 1 else "end" if index else "middle"
        parts.append(
            f'<text x="{_x(index, count):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}" '
            f'font-size="11" fill="#333">{escape(x_labels[index])}</text>'
        )
    return parts


def _segments(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive scored points: a line breaks where a run has no score."""
    segments: list[list[tuple[int, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            segments.append([])
        else:
            segments[-1].append((index, value))
    return [s for s in segments if s]


def _line(line: Line, index: int, count: int) -> list[str]:
    colour, dash = style(index)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    parts = []
    for segment in _segments(line.values):
        points = " ".join(f"{_x(i, count):.1f},{_y(v):.1f}" for i, v in segment)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dashed}/>'
        )
        parts += [
            f'<circle cx="{_x(i, count):.1f}" cy="{_y(v):.1f}" r="2.5" fill="{colour}">'
            f"<title>{escape(line.label)}: {v:.0f}</title></circle>"
            for i, v in segment
        ]
    return parts


def _level(level: Level) -> list[str]:
    y = _y(level.value)
    dash = "2 4" if level.dotted else "8 4"
    return [
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#000" '
        f'stroke-width="1.5" stroke-dasharray="{dash}"/>',
        f'<text x="{WIDTH - RIGHT - 2}" y="{y - 4:.1f}" text-anchor="end" font-size="11" '
        'font-weight="bold" fill="#000" stroke="#fff" stroke-width="3" paint-order="stroke">'
        f"{escape(level.label)}</text>",
    ]


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    lines: Sequence[Line],
    x_labels: Sequence[str],
    levels: Sequence[Level] = (),
) -> Markup:
    """An SVG line chart of 0-100 scores over runs, with optional goal levels."""
    count = len(x_labels)
    body = _axes(x_labels)
    for index, line in enumerate(lines):
        body += _line(line, index, count)
    for level in levels:
        body += _level(level)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-d">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def swatch(index: int) -> Markup:
    """The legend's sample of the index-th line."""
    colour, dash = style(index)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return Markup(
        '<svg class="swatch" width="28" height="10" aria-hidden="true" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg"><line x1="0" x2="28" y1="5" y2="5" '
        f'stroke="{colour}" stroke-width="3"{dashed}/></svg>'
    )

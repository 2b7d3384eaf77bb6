"""The timeline drawn as inline SVG: one row per lane, an axis, a <title> on every mark.

The drawing scales through its ``viewBox``; colours come from the page's style sheet
(classes ``k-<kind>``), and every kind also differs in shape or fill pattern, so the
marks read without colour.  Each mark is a ``<g class="m">`` with ``data-lane`` and
``data-count`` (marks merged into it), which tests and scripts can count.
"""

from __future__ import annotations

import math
from html import escape
from typing import Callable, Dict, List

from ._model import LANES, Mark, Timeline

__all__ = ["draw"]

WIDTH, LEFT, RIGHT, ROW, TOP, AXIS = 1000, 150, 20, 30, 8, 46
_BAR = 16  # bar height


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _defs(prefix: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="pat-bg"/><line x1="0" y1="0" x2="0" y2="6" class="pat-line"/></pattern>'
        f'<pattern id="{prefix}-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" class="pat-bg"/><path d="M0 0L6 6M6 0L0 6" class="pat-line"/></pattern>'
        f'<pattern id="{prefix}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" class="pat-bg"/><circle cx="2.5" cy="2.5" r="1.2" class="pat-dot"/></pattern>'
        "</defs>"
    )


_FILLS = {"cancelled": "hatch", "failed": "cross", "incomplete": "dots", "sent": "hatch"}


class _Scale:
    def __init__(self, timeline: Timeline) -> None:
        self.start = timeline.start
        self.per = (WIDTH - LEFT - RIGHT) / (timeline.end - timeline.start)

    def __call__(self, x: float) -> float:
        return LEFT + (x - self.start) * self.per


def _bar(mark: Mark, x: Callable[[float], float], y: float, prefix: str) -> str:
    x0 = x(mark.x0)
    x1 = x(mark.x1) if mark.x1 is not None else x0
    width = max(x1 - x0, 2.0)
    fill = _FILLS.get(mark.kind)
    style = f' fill="url(#{prefix}-{fill})"' if fill else ""
    shape = f'<rect x="{_f(x0)}" y="{_f(y - _BAR / 2)}" width="{_f(width)}" height="{_BAR}" rx="2"{style}/>'
    if mark.x1 is None and mark.lane in ("speech", "response", "audio"):
        shape += f'<path d="M{_f(x0 + width)} {_f(y - 8)}l6 8l-6 8" class="open"/>'  # never ended: an arrow
    return shape


def _point(mark: Mark, x: Callable[[float], float], y: float) -> str:
    cx = x(mark.x0)
    shapes = {
        "cut": f'<path d="M{_f(cx)} {_f(y - 12)}l-4 6l8 6l-8 6l4 6" class="zig"/>',
        "barge": f'<path d="M{_f(cx - 6)} {_f(y - 9)}h12l-6 11z"/>',
        "call": f'<path d="M{_f(cx)} {_f(y - 8)}l8 8l-8 8l-8 -8z"/>',
        "error": f'<rect x="{_f(cx - 6)}" y="{_f(y - 6)}" width="12" height="12"/>',
        "problem": f'<path d="M{_f(cx)} {_f(y - 8)}l8 14h-16z"/>',
    }
    shape = shapes[mark.kind]
    if mark.kind == "barge" and mark.x1 is not None:
        shape = f'<line x1="{_f(cx)}" y1="{_f(y + 4)}" x2="{_f(x(mark.x1))}" y2="{_f(y + 4)}" class="reach"/>' + shape
    return shape


LABEL = 600  # characters of a mark's title at most (names and messages come from the log)
TAGS = 60  # a lane with more marks than this draws no text beside them (their titles still say it all)


def _tag(mark: Mark, x: Callable[[float], float], y: float) -> str:
    text = mark.tag if mark.count == 1 else f"×{mark.count}"
    if not text:
        return ""
    return f'<text x="{_f(x(mark.x0) + 9)}" y="{_f(y - 5)}" class="tag">{escape(text[:24])}</text>'


_POINTS = ("cut", "barge", "call", "error", "problem")


def _room(marks: List[Mark], x: Callable[[float], float]) -> List[bool]:
    """Whether each mark's text fits before the next mark of its lane (marks in axis order)."""
    starts = [x(mark.x0) for mark in marks] + [float(WIDTH)]
    return [starts[i + 1] - starts[i] >= 14 + 6 * len(mark.tag) for i, mark in enumerate(marks)]


def _mark(mark: Mark, x: Callable[[float], float], y: float, prefix: str, tags: bool, room: bool) -> str:
    label = mark.label if mark.count == 1 else f"{mark.count} marks close together, drawn as one; the first: {mark.label}"
    label = label if len(label) <= LABEL else label[: LABEL - 1] + "…"
    shape = _point(mark, x, y) if mark.kind in _POINTS else _bar(mark, x, y, prefix)
    focus = ' tabindex="0"' if tags else ""  # a keyboard stop per mark, where a lane is not crowded
    return (
        f'<g class="m k-{mark.kind}" data-lane="{mark.lane}" data-count="{mark.count}"{focus}>'
        f"<title>{escape(label)}</title>{shape}{_tag(mark, x, y) if tags and room else ''}</g>"
    )


def _step(span: float, whole: bool) -> float:
    """A round step (1, 2 or 5 times a power of ten) that cuts ``span`` into 4 to 10 parts."""
    power = 10.0 ** math.floor(math.log10(span / 4)) if span > 0 else 1.0
    for factor in (1, 2, 5, 10):
        if span / (power * factor) <= 10:
            return max(power * factor, 1.0) if whole else power * factor
    return power * 10


def _ticks(timeline: Timeline, x: Callable[[float], float], bottom: float) -> str:
    step = _step(timeline.end - timeline.start, not timeline.timed)
    parts = [f'<line x1="{LEFT}" y1="{_f(bottom)}" x2="{WIDTH - RIGHT}" y2="{_f(bottom)}" class="axis"/>']
    value = math.ceil(timeline.start / step) * step
    while value <= timeline.end + step * 1e-6:
        px = x(value)
        text = f"{value:g}" + ("s" if timeline.timed else "")
        parts.append(f'<line x1="{_f(px)}" y1="{_f(bottom)}" x2="{_f(px)}" y2="{_f(bottom + 5)}" class="axis"/>')
        parts.append(f'<text x="{_f(px)}" y="{_f(bottom + 17)}" class="tick">{text}</text>')
        value = round(value + step, 9)
    label = "seconds from the first record drawn" if timeline.timed else "event number (the log has no times)"
    parts.append(f'<text x="{_f((LEFT + WIDTH - RIGHT) / 2)}" y="{_f(bottom + 36)}" class="axis-label">{label}</text>')
    return "".join(parts)


def draw(timeline: Timeline, prefix: str, title: str) -> str:
    """The SVG of one session's timeline; ``prefix`` keeps its pattern ids apart from other sessions'."""
    x = _Scale(timeline)
    height = TOP + ROW * len(LANES) + AXIS
    by_lane: Dict[str, List[Mark]] = {key: [] for key, _ in LANES}
    for mark in timeline.marks:
        by_lane[mark.lane].append(mark)
    rows = []
    for number, (key, name) in enumerate(LANES):
        y = TOP + ROW * number + ROW / 2
        count = sum(mark.count for mark in by_lane[key])
        lane = by_lane[key]
        tags = len(lane) <= TAGS
        body = "".join(_mark(mark, x, y, prefix, tags, room) for mark, room in zip(lane, _room(lane, x)))
        rows.append(
            f'<g class="lane" data-lane="{key}" role="group" aria-label="{escape(name)}: {count}">'
            f'<rect x="0" y="{_f(y - ROW / 2)}" width="{WIDTH}" height="{ROW}" class="row{number % 2}"/>'
            f'<text x="8" y="{_f(y + 4)}" class="lane-name">{escape(name)}</text>{body}</g>'
        )
    return (
        f'<svg viewBox="0 0 {WIDTH} {height}" role="group" aria-label="{escape(title)}" class="timeline">'
        f"<title>{escape(title)}</title>{_defs(prefix)}"
        f"{''.join(rows)}{_ticks(timeline, x, TOP + ROW * len(LANES) + 4)}</svg>"
    )

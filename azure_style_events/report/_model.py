"""A folded log turned into plain timeline data: lanes of marks, placed on one x axis.

The x axis is seconds since the log's first time when the log has times; otherwise it is
the event number (from 0), and audio lengths appear in the marks' labels only.  A record
with no time of its own in a timed log is placed by interpolating its event number
between records that have both.  Marks are made per item, response, speech stretch,
barge-in, error and problem: never per event, so the size follows the conversation, not
the number of deltas.

A log that concatenates several sessions: speech, responses, barge-ins, errors and
problems cover them all; the items (assistant audio, audio sent, function calls, the
transcript) are those of the last session only, as the conversation state keeps them.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

__all__ = ["LANES", "LogReport", "Mark", "SessionView", "Timeline", "build_view"]

#: (key, label) of each lane, top to bottom.
LANES: Tuple[Tuple[str, str], ...] = (
    ("speech", "User speech"),
    ("sent", "Audio sent"),
    ("audio", "Assistant audio"),
    ("response", "Responses"),
    ("barge", "Barge-ins"),
    ("call", "Function calls"),
    ("error", "Server errors"),
    ("problem", "Protocol problems"),
)


@dataclass
class LogReport:
    """What the report needs of one checked file."""

    source: str
    protocol: str = ""
    state: Any = None  # the folded ConversationState (None: no protocol checks, or unreadable)
    problems: List[Tuple[Optional[int], Any]] = field(default_factory=list)  # (file line, ProtocolProblem)
    errors: List[Tuple[Optional[int], Any]] = field(default_factory=list)  # (file line, ServerError)
    events: int = 0
    error: Optional[str] = None  # why the file could not be read to its end


@dataclass
class Mark:
    """One thing drawn: a bar from ``x0`` to ``x1``, or a point at ``x0`` (``x1`` is None)."""

    lane: str
    kind: str  # the CSS class and shape, e.g. "completed", "cut", "error"
    x0: float
    x1: Optional[float]
    label: str  # the text alternative (SVG <title>)
    count: int = 1  # marks merged into this one (long sessions)
    tag: str = ""  # a short text drawn beside it


@dataclass
class Timeline:
    timed: bool
    start: float
    end: float
    marks: List[Mark]

    @property
    def axis(self) -> str:
        if self.timed:
            return "time: seconds (from the log's times), counted from the first record drawn"
        return "event order: event number in the file (the log has no times; audio lengths are in the labels)"


@dataclass
class SessionView:
    source: str
    protocol: str
    events: int
    timeline: Optional[Timeline]
    responses: List[Dict[str, str]]
    transcript: List[Tuple[str, str]]
    problems: List[Tuple[str, str, str, str]]  # (code, where, event type, message)
    errors: List[Tuple[str, str, str, str]]  # (code, where, event type, message)
    note: Optional[str] = None


class Clock:
    """Turns an event's (number, time) into its x."""

    def __init__(self, anchors: List[Tuple[int, float]]) -> None:
        anchors.sort()
        self.timed = bool(anchors)
        self.t0 = min((time for _, time in anchors), default=0.0)
        self._index = [index for index, _ in anchors]
        self._time = [time - self.t0 for _, time in anchors]

    def x(self, index: Optional[int], time: Optional[float]) -> Optional[float]:
        if not self.timed:  # the event number, from 1
            return None if index is None else float(index + 1)
        if time is not None:
            return time - self.t0
        return None if index is None else self._guess(index)

    def _guess(self, index: int) -> float:
        at = bisect_left(self._index, index)
        if at <= 0:
            return self._time[0]
        if at >= len(self._index):
            return self._time[-1]
        i0, i1 = self._index[at - 1], self._index[at]
        t0, t1 = self._time[at - 1], self._time[at]
        return t0 if i1 == i0 else t0 + (t1 - t0) * (index - i0) / (i1 - i0)


def _anchors(state: Any) -> List[Tuple[int, float]]:
    found: List[Tuple[int, float]] = []
    for record in (*state.speech, *state.barge_ins, *state.errors, *state.problems, *state.items):
        if record.time is not None:
            found.append((record.index, record.time))
    for speech in state.speech:
        if speech.stop_time is not None and speech.stop_index is not None:
            found.append((speech.stop_index, speech.stop_time))
    for response in state.responses:
        if response.timing.created is not None:
            found.append((response.index, response.timing.created))
        if response.timing.done is not None and response.done_index is not None:
            found.append((response.done_index, response.timing.done))
    return found


def _ms(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def _where(source: str, line: Optional[int], index: int) -> str:
    return f"{source}:{line}" if line is not None else f"{source}: event {index + 1}"


BUCKETS = 800  # marks closer than 1/BUCKETS of the axis, in one lane and of one kind, are drawn as one


def _merge(marks: List[Mark], span: float) -> List[Mark]:
    """Neighbouring small marks of a lane and kind become one mark that counts them."""
    near = span / BUCKETS
    merged: List[Mark] = []
    last: Dict[Tuple[str, str], Mark] = {}
    for mark in sorted(marks, key=lambda m: m.x0):
        small = mark.x1 is None or mark.x1 - mark.x0 < near
        key = (mark.lane, mark.kind)
        into = last.get(key) if small else None
        if into is not None and mark.x0 - into.x0 < near:  # within one bucket of the group's start
            _absorb(into, mark)
            continue
        merged.append(mark)
        last[key] = mark
        if not small:
            del last[key]
    return merged


def _absorb(into: Mark, mark: Mark) -> None:
    end = mark.x1 if mark.x1 is not None else mark.x0
    into.count += mark.count
    if into.x1 is not None or end > into.x0:
        into.x1 = max(into.x1 if into.x1 is not None else into.x0, end)


def _timeline(report: LogReport, problems: List[Tuple[Optional[int], Any]], errors: List[Tuple[Optional[int], Any]]) -> Timeline:
    from ._marks import marks_of

    clock = Clock(_anchors(report.state))
    whole = LogReport(report.source, report.protocol, report.state, problems, errors, report.events)
    marks = marks_of(whole, clock)
    ends = [x for mark in marks for x in (mark.x0, mark.x1) if x is not None]
    start = 0.0 if clock.timed else 1.0
    end = max(ends, default=start + 1)
    if not clock.timed:
        end = max(end, float(report.events))
    end = max(end, start + 1e-3)
    return Timeline(clock.timed, start, end, _merge(marks, end - start))


def _response_rows(state: Any) -> List[Dict[str, str]]:
    rows = []
    for response in state.responses:
        timing, usage = response.timing, response.usage
        get = usage.get if usage is not None else (lambda key: None)
        rows.append(
            {
                "response": response.id,
                "status": response.status or "unfinished",
                "event": f"{response.index + 1}",
                "items": f"{len(response.item_ids)}",
                "first audio": _ms(timing.first_audio_ms),
                "first text": _ms(timing.first_text_ms),
                "created → done": _ms(timing.response_ms),
                "input tokens": _number(get("input_tokens")),
                "output tokens": _number(get("output_tokens")),
                "total tokens": _number(get("total_tokens")),
            }
        )
    return rows


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "–"


def build_view(report: LogReport) -> SessionView:
    """The report's view of one file: its timeline and tables."""
    state = report.state
    if state is None:
        note = report.error or "no protocol checks were made (--no-protocol): nothing to draw"
        return SessionView(report.source, report.protocol, report.events, None, [], [], [], [], note)
    problems = report.problems or [(None, problem) for problem in state.problems]
    errors = report.errors or [(None, error) for error in state.errors]
    return SessionView(
        report.source,
        report.protocol,
        report.events,
        _timeline(report, problems, errors),
        _response_rows(state),
        list(state.transcript()),
        [(p.code, _where(report.source, line, p.index), p.event_type, p.message) for line, p in problems],
        [(e.code or e.type or "", _where(report.source, line, e.index), e.event_type, str(e)) for line, e in errors],
        report.error,
    )

"""What ``check`` reports, and how: report lines, tallies, the text and JSON renderings, progress.

A schema problem of one event and a protocol problem of the session are each one report
line (:class:`SchemaProblemLine`, :class:`ProtocolProblemLine`), written as they are found;
the summary (per event type, per file, the session figures, timing and server errors)
is written at the end.  The JSON form is one document, complete on every outcome.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any, Dict, List, Optional, Tuple

from .._core._errors import ErrorDetail

__all__ = ["FileReport", "Output", "Progress", "ProtocolProblemLine", "SchemaProblemLine", "Tally"]


@dataclass
class SchemaProblemLine:
    """One problem of one event."""

    source: str
    line: int
    model: str
    detail: ErrorDetail

    def as_text(self) -> str:
        return f"{self.source}:{self.line}: {self.detail.path}: {self.detail.message} [{self.model}]"

    def as_json(self) -> Dict[str, Any]:
        return {
            "file": self.source,
            "line": self.line,
            "model": self.model,
            "path": self.detail.path,
            "loc": list(self.detail.loc),
            "expected": self.detail.expected,
            "got": self.detail.got,
            "input": _json_input(self.detail),
            "kind": self.detail.kind,
            "message": self.detail.message,
        }


def _json_input(detail: ErrorDetail) -> Any:
    """The received value as JSON where it is JSON data, else its readable rendering."""
    if detail.kind in ("missing", "other"):
        return None if detail.kind == "missing" else detail.got
    if detail.kind == "text" and isinstance(detail.input, (bytes, bytearray)):
        return detail.got
    try:
        json.dumps(detail.input, allow_nan=False)
    except (TypeError, ValueError, RecursionError):  # not JSON data after all
        return detail.got
    return detail.input


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


@dataclass
class ProtocolProblemLine:
    """One protocol problem found by folding a file through a ConversationState."""

    source: str
    line: Optional[int]  # None: judged at the end of the file (the problem names its event)
    problem: Any  # conversation.ProtocolProblem

    def as_text(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else f"{self.source}: event {self.problem.index + 1}"
        return f"{where}: [{self.problem.code}] {self.problem.message}"

    def as_json(self) -> Dict[str, Any]:
        return {
            "file": self.source,
            "line": self.line,
            "protocol": True,
            "code": self.problem.code,
            "event_type": self.problem.event_type,
            "message": self.problem.message,
        }


@dataclass
class Tally:
    """Counts for one file, or for all of them.

    An event of a type the catalog has no class for is *unchecked*: counted apart,
    never as valid (with ``--strict`` it is invalid instead).
    """

    events: int = 0
    invalid: int = 0
    unchecked: int = 0
    protocol: int = 0  # protocol problems (they count for the exit status as invalid events do)
    by_type: Dict[str, List[int]] = field(default_factory=dict)  # type -> [events, invalid, unchecked]
    no_model: "Counter[str]" = field(default_factory=Counter)

    @property
    def valid(self) -> int:
        return self.events - self.invalid - self.unchecked

    def count(self, event_type: Optional[str], bad: bool, unchecked: bool = False) -> None:
        self.events += 1
        self.invalid += bad
        self.unchecked += unchecked
        if event_type is not None:
            row = self.by_type.setdefault(event_type, [0, 0, 0])
            row[0] += 1
            row[1] += bad
            row[2] += unchecked

    def add(self, other: "Tally") -> None:
        self.events += other.events
        self.invalid += other.invalid
        self.unchecked += other.unchecked
        self.protocol += other.protocol
        for name, (count, bad, unchecked) in other.by_type.items():
            row = self.by_type.setdefault(name, [0, 0, 0])
            row[0] += count
            row[1] += bad
            row[2] += unchecked
        self.no_model.update(other.no_model)

    def as_json(self) -> Dict[str, Any]:
        return {
            "events": self.events,
            "valid": self.valid,
            "invalid": self.invalid,
            "unchecked": self.unchecked,
            "protocol_problems": self.protocol,
            "by_type": {
                name: {
                    "events": n,
                    "valid": n - bad - unchecked,
                    "invalid": bad,
                    "unchecked": unchecked,
                    "model": name not in self.no_model,
                }
                for name, (n, bad, unchecked) in sorted(self.by_type.items())
            },
            "unknown_types": dict(sorted(self.no_model.items())),
        }

    def line(self) -> str:
        """``3 valid, 1 invalid, 2 unchecked (no model)``: the unchecked part only when there are some."""
        text = f"{self.valid:,} valid, {self.invalid:,} invalid"
        return text + (f", {self.unchecked:,} unchecked (no model)" if self.unchecked else "")


@dataclass
class FileReport:
    source: str
    protocol: str = ""
    chosen: str = ""  # why, when --protocol auto chose
    tally: Tally = field(default_factory=Tally)
    error: Optional[str] = None  # the file could not be read (to its end)
    explicit: bool = False  # the protocol was named with --protocol
    session: Optional[Dict[str, Any]] = None  # the ConversationState summary, with protocol checks on
    timing: Optional[Dict[str, Any]] = None  # the ConversationState's timing(), with protocol checks on
    errors: List[Tuple[int, Any]] = field(default_factory=list)  # (line, conversation.ServerError)
    envelopes: int = 0  # events that came in envelopes
    state: Any = None  # the folded ConversationState, kept for --report only
    problem_lines: List[Tuple[Optional[int], Any]] = field(default_factory=list)  # (line, ProtocolProblem), --report only

    def errors_json(self) -> List[Dict[str, Any]]:
        return [
            {
                "line": line,
                "event_type": error.event_type,
                "code": error.code,
                "type": error.type,
                "message": error.message,
                "param": error.param,
                "event_id": error.event_id,
                "request_type": error.request_type,
                "request_index": error.request_index,
            }
            for line, error in self.errors
        ]

    def note(self) -> Optional[str]:
        """A plain word when a file held no event, or most of its events went unchecked under a named protocol."""
        tally = self.tally
        if not tally.events and self.error is None:
            return f"{self.source} holds no events: nothing was checked"
        if not self.explicit or not tally.events or tally.unchecked * 2 <= tally.events:
            return None
        return (
            f"{self.source}: {tally.unchecked:,} of {_plural(tally.events, 'event')} have no model in "
            f"{self.protocol}; is it another protocol's log? try --protocol auto"
        )


class Output:
    """Writes problems as they come (text lines or JSON array items) and the summary at the end."""

    def __init__(self, out: IO[str], as_json: bool, max_problems: Optional[int], progress: Optional["Progress"]) -> None:
        self.out = out
        self.as_json = as_json
        self.max_problems = max_problems
        self.progress = progress
        self.problems = 0
        if as_json:
            out.write('{\n  "problems": [')

    def problem(self, finding: Any) -> None:
        self.problems += 1
        if self.max_problems is not None and self.problems > self.max_problems:
            return
        if self.progress is not None:
            self.progress.clear()
        if self.as_json:
            self.out.write(("\n    " if self.problems == 1 else ",\n    ") + json.dumps(finding.as_json()))
        else:
            self.out.write(finding.as_text() + "\n")

    def finish(self, files: List[FileReport], total: Tally, strict: bool, interrupted: bool = False) -> None:
        if self.progress is not None:
            self.progress.clear()
        hidden = self.problems - self.max_problems if self.max_problems is not None and self.problems > self.max_problems else 0
        if self.as_json:
            summary = {
                "files": [report.source for report in files],
                **total.as_json(),
                "problem_count": self.problems,
                "problems_not_shown": hidden,
                "strict": strict,
                "interrupted": interrupted,
                "notes": [note for report in files for note in [report.note()] if note],
                "per_file": [
                    {
                        "file": r.source,
                        "protocol": r.protocol,
                        "protocol_choice": r.chosen,
                        "error": r.error,
                        "session": r.session,
                        "timing": r.timing,
                        "server_errors": r.errors_json(),
                        **r.tally.as_json(),
                    }
                    for r in files
                ],
            }
            body = json.dumps(summary, indent=2)[1:].strip()
            self.out.write(("\n  ],\n  " if self.problems else "],\n  ") + body + "\n")
            return
        _print_summary(self.out, files, total, hidden)
        if interrupted:
            print("interrupted: the summary covers what was read until then", file=self.out)


def _print_summary(out: IO[str], files: List[FileReport], total: Tally, hidden: int) -> None:
    if hidden:
        print(f"... and {hidden} more problems not shown (--max-problems)", file=out)
    names = ", ".join(report.source for report in files)
    print(f"read {_plural(total.events, 'event')} in {names}: {total.line()}", file=out)
    for report in files:
        if report.protocol:
            print(f"protocol of {report.source}: {report.protocol}{f' ({report.chosen})' if report.chosen else ''}", file=out)
    if len(files) > 1:
        for report in files:
            state = f"unreadable: {report.error}" if report.error else "read"
            print(f"  {report.source}: {_plural(report.tally.events, 'event')}, {report.tally.line()} ({state})", file=out)
    for report in files:
        note = report.note()
        if note:
            print(f"note: {note}", file=out)
    if total.by_type:
        width = max(len(name) for name in total.by_type)
        print(f"  {'type':<{width}}  events  valid  invalid  unchecked", file=out)
        for name, (count, bad, unchecked) in sorted(total.by_type.items()):
            mark = "  no model" if name in total.no_model else ""
            print(f"  {name:<{width}}  {count:>6,}  {count - bad - unchecked:>5,}  {bad:>7,}  {unchecked:>9,}{mark}", file=out)
    for report in files:
        if report.session is not None:
            _print_session(out, report)
    unknown = ", ".join(f"{name} ({count})" for name, count in sorted(total.no_model.items()))
    print(f"unknown types: {unknown or 'none'}", file=out)


def _print_session(out: IO[str], report: FileReport) -> None:
    """The folded session of one file: figures, rules, problems, server errors, timing."""
    summary = report.session
    assert summary is not None
    source = report.source
    if summary["sessions"] > 1:
        print(f"sessions in {source}: {summary['sessions']:,}; the whole log: {_figures_line(summary)}", file=out)
        print(f"  the last session: {_figures_line(summary['last_session'])}", file=out)
    else:
        print(f"session summary of {source}: {_figures_line(summary)}", file=out)
    if summary["rules_note"]:
        print(f"note: {source}: {summary['rules_note']}", file=out)
    print(f"protocol problems in {source}: {report.tally.protocol:,}", file=out)
    print(f"server errors in {source}: {len(report.errors):,}", file=out)
    for line, error in report.errors:
        print(f"  {source}:{line}: {error}", file=out)
    timing = report.timing
    if timing and any(values["count"] for values in timing.values()):
        cells = [
            f"{name} p50 {values['p50']:,.0f} p95 {values['p95']:,.0f} max {values['max']:,.0f} (n={values['count']})"
            for name, values in timing.items()
            if values["count"]
        ]
        print(f"timing of {source}: " + "; ".join(cells), file=out)
    elif timing is not None:
        print(f"timing of {source}: the log has no times", file=out)


def _figures_line(summary: Dict[str, Any]) -> str:
    statuses = ", ".join(f"{name} {count:,}" for name, count in summary["response_status"].items())
    usage = summary["usage"]
    return (
        f"{_plural(summary['items'], 'item')}, "
        f"{_plural(summary['responses'], 'response')}{f' ({statuses})' if statuses else ''}, "
        f"audio in {summary['audio_in_ms']:,} ms, out {summary['audio_out_ms']:,} ms, "
        f"tokens {usage['total_tokens']:,} (input {usage['input_tokens']:,}, cached {usage['cached_tokens']:,}, "
        f"output {usage['output_tokens']:,})"
    )


class Progress:
    """A running count on stderr for long logs on a terminal, redrawn a few times a second."""

    EVERY = 2000  # events between clock reads
    INTERVAL = 0.25  # seconds between redraws

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.next_draw = time.monotonic() + self.INTERVAL
        self.drawn = False

    def tick(self, source: str, tally: Tally) -> None:
        now = time.monotonic()
        if now >= self.next_draw:
            self.next_draw = now + self.INTERVAL
            self.stream.write(f"\rchecking {source}: {_plural(tally.events, 'event')}, {tally.line()}")
            self.stream.flush()
            self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K\r")
            self.stream.flush()
            self.drawn = False

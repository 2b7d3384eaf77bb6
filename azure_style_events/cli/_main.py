"""``python -m azure_style_events check``: validate logs of realtime events.

Each event of each log is parsed as a server or client event of one protocol's
catalog (chosen by ``--protocol``, or per file from its events), dispatched on its
``type`` and checked field by field.  One line is printed per problem as it is found;
a summary follows, per event type and per file.  Exit status: 0 all valid, 1 some
invalid, 2 usage error or unreadable input (after everything else was checked),
130 interrupted.  Reading logs is ``_logs.py``'s job; this module decides and reports.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
import sys
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import chain
from typing import IO, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Type

from .._core._errors import ErrorDetail, Problem, ValidationError, describe_value, json_kind, render_path
from .._core._logs import Bad, Event, Item, open_log, read_log
from .._core._model import Model, check_data
from .._version import VERSION

__all__ = ["console", "main"]

SAMPLE_NAME = "sample_session.jsonl"
PROG = "python -m azure_style_events"
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
AUTO_SAMPLE = 200  # events read ahead to choose a file's protocol
_open = open  # the one place files are opened (tests replace it to simulate errors)


# -- protocols ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Catalog:
    """One catalog's two discriminated bases, and every event type either one has a class for."""

    name: str
    server: Type[Model]
    client: Type[Model]
    models: Dict[str, Type[Model]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Built once: the registries are complete once the catalog is imported.  A type
        # both sides have (none today) is read as the server's, the direction logs hold most.
        merged = {**self.client.__mapping__, **self.server.__mapping__}  # type: ignore[attr-defined]
        object.__setattr__(self, "models", merged)


def _protocols(choice: str) -> Dict[str, Catalog]:
    """The catalogs ``--protocol`` asks for: one by name, or all three for ``auto``.

    Only what is asked for is imported: each catalog is a few megabytes of classes.
    """
    found: Dict[str, Catalog] = {}
    if choice in ("auto", "voicelive"):
        from .. import voicelive

        found["voicelive"] = Catalog("voicelive", voicelive.ServerEvent, voicelive.ClientEvent)
    if choice in ("auto", "openai"):
        from .. import openai_realtime

        found["openai"] = Catalog("openai", openai_realtime.ServerEvent, openai_realtime.ClientEvent)
    if choice in ("auto", "openai-beta"):
        from ..openai_realtime import beta

        found["openai-beta"] = Catalog("openai-beta", beta.ServerEvent, beta.ClientEvent)
    return found


# -- the report -----------------------------------------------------------------------------


@dataclass
class Finding:
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
class ProtocolFinding:
    """One protocol problem found by folding a file through a ConversationState."""

    source: str
    line: int
    problem: Any  # conversation.ProtocolProblem

    def as_text(self) -> str:
        return f"{self.source}:{self.line}: [{self.problem.code}] {self.problem.message}"

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

    def note(self) -> Optional[str]:
        """A plain word when most events of the file went unchecked under a named protocol."""
        tally = self.tally
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
                        **r.tally.as_json(),
                    }
                    for r in files
                ],
            }
            body = json.dumps(summary, indent=2)[1:].strip()
            self.out.write(("\n  ],\n  " if self.problems else "],\n  ") + body + "\n")
            return
        _print_summary(self.out, files, total, hidden)


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
            print(f"session summary of {report.source}: {_session_line(report.session)}", file=out)
            print(f"protocol problems in {report.source}: {report.tally.protocol:,}", file=out)
    unknown = ", ".join(f"{name} ({count})" for name, count in sorted(total.no_model.items()))
    print(f"unknown types: {unknown or 'none'}", file=out)


def _session_line(summary: Dict[str, Any]) -> str:
    statuses = ", ".join(f"{name} {count:,}" for name, count in summary["response_status"].items())
    usage = summary["usage"]
    return (
        f"{_plural(summary['sessions'], 'session')}, {_plural(summary['items'], 'item')}, "
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


# -- checking -------------------------------------------------------------------------------


@dataclass
class FileCheck:
    """Checks the events of one file against one protocol and reports what it finds."""

    report: FileReport
    output: Output
    strict: bool
    protocol: Optional[Catalog] = None
    state: Any = None  # a ConversationState when protocol checks are on

    def fold(self, line: int, data: Any) -> None:
        """Fold one decoded event into the file's conversation state; report new protocol problems."""
        state = self.state
        before = len(state.problems)
        state.fold(data)
        for found in state.problems[before:]:
            self.report.tally.protocol += 1
            self.output.problem(ProtocolFinding(self.report.source, line, found))

    def bad_text(self, bad: Bad) -> None:
        self._count(None, True)
        self._emit(bad.line, "event", [ErrorDetail("$", "JSON", bad.got, False, (), None, "text")], None)

    def run(self, items: Iterable[Item]) -> None:
        """Check every item of one file.

        A long log is millions of small events, so the common one (an object whose
        ``type`` names a model) is handled in this loop with the tallies held in local
        names; anything else goes through :meth:`event`.  The model is not built: the
        per-class checker runs on the decoded data (nobody else holds it), through
        ``_model.check_data``.
        """
        assert self.protocol is not None
        models = self.protocol.models
        tally = self.report.tally
        by_type = tally.by_type
        progress = self.output.progress
        every = Progress.EVERY
        state = self.state
        for item in items:
            if isinstance(item, Bad):
                self.bad_text(item)
                continue
            line, index, data = item
            event_type: Any = data.get("type") if data.__class__ is dict else None
            target = models.get(event_type) if event_type.__class__ is str else None
            if target is None:
                self.event(item)
                continue
            problems: List[Problem] = []
            try:
                target = check_data(target, data, problems, owned=True)
                details = [problem.detail() for problem in problems] if problems else None
            except RecursionError:
                details = ValidationError.too_deep(target.__name__).errors
            row = by_type.get(event_type)
            if row is None:
                row = by_type[event_type] = [0, 0, 0]
            row[0] += 1
            tally.events += 1
            if details:
                row[1] += 1
                tally.invalid += 1
                self._emit(line, target.__name__, details, index)
            if state is not None:
                self.fold(line, data)
            if progress is not None and not tally.events % every:
                progress.tick(self.report.source, tally)

    def event(self, item: Event) -> None:
        """Any value that is not an object with a ``type`` one of the catalog's models has."""
        line, index, data = item
        if data.__class__ is not dict:
            self._count(None, True)
            self._emit(line, "event", [ErrorDetail("$", "object", describe_value(data), False, (), data, json_kind(data))], index)
            return
        event_type = data.get("type")
        if event_type.__class__ is not str:
            self._count(None, True)
            absent = "type" not in data
            kind = "missing" if absent else json_kind(event_type)
            detail = ErrorDetail("$.type", "str", describe_value(event_type), absent, ("type",), event_type, kind)
            self._emit(line, "event", [detail], index)
            return
        assert self.protocol is not None
        if self.state is not None:
            self.fold(line, data)
        self.report.tally.no_model[event_type] += 1
        self._count(event_type, self.strict, unchecked=not self.strict)
        if self.strict:
            expected = f"an event type of {self.protocol.name}"
            detail = ErrorDetail("$.type", expected, describe_value(event_type), False, ("type",), event_type, "string")
            self._emit(line, "event", [detail], index)

    def _count(self, event_type: Optional[str], bad: bool, unchecked: bool = False) -> None:
        tally = self.report.tally
        tally.count(event_type, bad, unchecked)
        progress = self.output.progress
        if progress is not None and not tally.events % Progress.EVERY:
            progress.tick(self.report.source, tally)

    def _emit(self, line: int, model: str, details: Iterable[ErrorDetail], index: Optional[int]) -> None:
        for detail in details:
            if index is not None:  # an element of an array line: its paths start at its index
                loc = (index, *detail.loc)
                detail = detail._replace(path=render_path(loc), loc=loc)
            self.output.problem(Finding(self.report.source, line, model, detail))


def _choose(protocols: Dict[str, Catalog], items: List[Any]) -> Tuple[Catalog, str]:
    """The catalog that knows most of the read-ahead events' types; then the one most of them fit."""
    events = [
        (data["type"], data)
        for item in items
        if item.__class__ is not Bad
        for data in [item[2]]
        if isinstance(data, dict) and isinstance(data.get("type"), str)
    ]
    types = [name for name, _ in events]
    best: Optional[Tuple[int, int]] = None
    chosen = next(iter(protocols.values()))
    for protocol in protocols.values():
        known = sum(name in protocol.models for name in types)
        fitting = 0
        for name, event in events:
            model = protocol.models.get(name)
            if model is not None:
                problems: List[Problem] = []
                try:
                    check_data(model, event, problems, owned=False)
                except RecursionError:
                    continue
                fitting += not problems
        if best is None or (known, fitting) > best:
            best, chosen = (known, fitting), protocol
    assert best is not None
    distinct = len(set(types))
    known_distinct = sum(name in chosen.models for name in set(types))
    return chosen, f"auto: it knows {known_distinct} of the {distinct} event types seen first"


def _check_source(checker: FileCheck, stream: IO[bytes], protocols: Dict[str, Catalog], choice: str, fold: bool = True) -> None:
    items: Iterator[Any] = read_log(open_log(stream))
    if choice == "auto":
        ahead = []
        for item in items:
            ahead.append(item)
            if len(ahead) >= AUTO_SAMPLE:
                break
        checker.protocol, checker.report.chosen = _choose(protocols, ahead)
        items = chain(ahead, items)
    else:
        checker.protocol = protocols[choice]
        checker.report.explicit = True
    checker.report.protocol = checker.protocol.name
    if fold:
        from ..conversation import ConversationState

        checker.state = ConversationState(checker.protocol.name)
    try:
        checker.run(items)
    finally:
        if checker.state is not None:
            checker.report.session = checker.state.summary()


# -- inputs ---------------------------------------------------------------------------------


def _stdin_has_data() -> bool:
    """Whether standard input is a pipe, a socket or a file (not a terminal, not absent)."""
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):  # replaced, closed or detached stdin
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)


def _stdin() -> Any:
    """Standard input's bytes, in a context that does not close it."""
    buffer: Optional[IO[bytes]] = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without a byte buffer (one replaced in tests)
        buffer = io.BytesIO(sys.stdin.read().encode("utf-8", "surrogatepass"))
    return nullcontext(buffer)


def _sources(paths: Sequence[str]) -> Iterator[Tuple[str, Any]]:
    """``(name, opener)`` pairs; an opener returns a context manager of a byte stream."""
    if not paths:
        if _stdin_has_data():
            yield "<stdin>", _stdin
            return
        from importlib.resources import files

        sample = files("azure_style_events").joinpath("data").joinpath(SAMPLE_NAME)
        yield f"{SAMPLE_NAME} (bundled sample)", lambda: sample.open("rb")
        return
    for path in paths:
        if path == "-":
            yield "<stdin>", _stdin
        else:
            yield path, lambda path=path: _open(path, "rb")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


# -- the command ----------------------------------------------------------------------------

_EPILOG = """\
exit status:
  0    every event checked is valid and the session breaks no protocol rule
  1    at least one event is invalid (or has no model, with --strict), or a protocol problem
  2    usage error, or an input could not be read (reported; everything else is still checked)
  130  interrupted

With no PATH, standard input is read when it is a pipe or a file; otherwise the
bundled sample session is checked (the summary names it).  Files may be JSON Lines,
a JSON array, pretty-printed JSON, and gzip-compressed.
"""


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Validate logs of realtime events.")
    parser.add_argument("--version", action="version", version=f"azure-style-events {VERSION}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="validate JSON Lines or JSON arrays of realtime events",
        description="Check every event of each log against a protocol's catalog.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="logs to check, '-' for standard input")
    check.add_argument(
        "--protocol",
        choices=("auto", "voicelive", "openai", "openai-beta"),
        default="auto",
        help="the catalog to check against (default: auto, chosen per file from its first events)",
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.add_argument("--strict", action="store_true", help="count events of a type with no model as invalid")
    check.add_argument(
        "--no-protocol",
        dest="protocol_checks",
        action="store_false",
        help="do not fold the log through a ConversationState (no protocol checks, no session summary)",
    )
    check.add_argument(
        "--max-problems", type=_count_arg, default=None, metavar="N", help="print at most N problems (all are counted)"
    )
    check.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a running count on stderr (default: when stderr is a terminal)",
    )
    return parser


def _count_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of at least 0, got {value}")
    return value


def main(argv: Optional[Sequence[str]] = None, prog: str = PROG) -> int:
    """Run the command line; returns the exit status."""
    progress: List[Progress] = []
    try:
        return _main(argv, prog, progress)
    except BrokenPipeError:
        # The reader went away (`check log | head`): stop quietly.  Point stdout at
        # /dev/null so that the interpreter's final flush does not complain again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INVALID
    except KeyboardInterrupt:
        for shown in progress:
            shown.clear()
        print(f"{prog}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def console() -> int:
    """The ``azure-style-events`` console script."""
    return main(prog="azure-style-events")


def _total(files: List[FileReport]) -> Tally:
    total = Tally()
    for report in files:
        total.add(report.tally)
    return total


def _check_all(
    args: Any, prog: str, output: Output, protocols: Dict[str, Catalog], files: List[FileReport], progress: Any
) -> None:
    """Check every source in turn; one that cannot be read is reported and the rest go on."""
    for source, opener in _sources(args.paths):
        report = FileReport(source)
        files.append(report)
        checker = FileCheck(report, output, args.strict)
        try:
            with opener() as stream:
                _check_source(checker, stream, protocols, args.protocol, args.protocol_checks)
        except BrokenPipeError:
            raise
        except (OSError, EOFError) as exc:  # cannot open, a failing read, a corrupt gzip stream
            report.error = f"cannot read {source}: {_reason(exc)}"
            if progress is not None:
                progress.clear()
            sys.stdout.flush()
            print(f"{prog}: error: {report.error}", file=sys.stderr)


def _main(argv: Optional[Sequence[str]], prog: str, shown: List[Progress]) -> int:
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    if args.command != "check":
        parser.print_usage(sys.stderr)
        print(f"{prog}: error: name a command, e.g. `check`", file=sys.stderr)
        return EXIT_USAGE
    show_progress = sys.stderr.isatty() if args.progress is None else args.progress
    progress = Progress(sys.stderr) if show_progress else None
    shown.extend([progress] if progress else [])
    output = Output(sys.stdout, args.format == "json", args.max_problems, progress)
    protocols = _protocols(args.protocol)
    files: List[FileReport] = []
    try:
        _check_all(args, prog, output, protocols, files, progress)
    except KeyboardInterrupt:
        if output.as_json:  # the document stays valid JSON on every outcome: close it, then stop
            output.finish(files, _total(files), args.strict, interrupted=True)
        raise
    total = _total(files)
    output.finish(files, total, args.strict)
    if any(report.error for report in files):
        return EXIT_USAGE
    return EXIT_INVALID if total.invalid or total.protocol else EXIT_OK

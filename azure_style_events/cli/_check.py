"""The check itself: each event of a file validated against its dialect's catalog and folded.

A long log is millions of small events, so :meth:`FileCheck.run` handles the common one
(an object whose ``type`` names a model) in one loop with its tallies in local names; the
model is not built: the per-class checker runs on the decoded data.  ``--protocol auto``
reads the first events of a file ahead and picks the dialect whose catalog knows most of
their types, then the one most of them fit.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from itertools import chain
from typing import IO, Any, Iterable, Iterator, List, Optional, Sequence, Tuple

from .._core._errors import ErrorDetail, Problem, ValidationError, describe_value, json_kind, render_path
from .._core._limits import MAX_EVENT_BYTES
from .._core._logs import Bad, Item, open_log, read_log
from .._core._model import check_data
from .._dialects import DIALECTS, NAMES, Dialect, get_dialect
from ..conversation._time import unwrap_envelope
from ._inputs import reason, sources
from ._render import FileReport, Output, Progress, ProtocolProblemLine, SchemaProblemLine, Tally
from ._report import add_report_option, report_written
from ._status import EXIT_INVALID, EXIT_OK, EXIT_USAGE

__all__ = ["AUTO_SAMPLE", "FileCheck", "add_line_limit", "add_parser", "check_source", "choose", "run"]

AUTO_SAMPLE = 200  # events read ahead to choose a file's dialect


@dataclass
class FileCheck:
    """Checks the events of one file against one dialect and reports what it finds."""

    report: FileReport
    output: Output
    strict: bool
    protocol: Optional[Dialect] = None
    state: Any = None  # a ConversationState when protocol checks are on
    keep: bool = False  # keep the state and each protocol problem's line in the report (--report)

    def fold(self, line: int, data: Any, at: Any = None, source: Optional[str] = None) -> None:
        """Fold one decoded event into the file's conversation state; report new protocol problems."""
        state = self.state
        before, errors = len(state.problems), len(state.errors)
        state.fold(data, at, source)
        if len(state.problems) != before:
            self._protocol_problems(state.problems[before:], line)
        if len(state.errors) != errors:
            self.report.errors.extend((line, error) for error in state.errors[errors:])

    def _protocol_problems(self, found: Iterable[Any], line: int) -> None:
        for problem in found:
            if self.keep:
                self.report.problem_lines.append((line, problem))
            self.report.tally.protocol += 1
            self.output.problem(ProtocolProblemLine(self.report.source, line, problem))

    def finish(self) -> None:
        """The file ended: what only its end shows, and the session summary."""
        state = self.state
        if state is None:
            return
        before = len(state.problems)
        state.end()
        for problem in state.problems[before:]:  # reported at their own event; the line is not kept
            if self.keep:
                self.report.problem_lines.append((None, problem))
            self.report.tally.protocol += 1
            self.output.problem(ProtocolProblemLine(self.report.source, None, problem))
        self.report.session = state.summary()
        self.report.timing = state.timing()
        if self.keep:
            self.report.state = state

    def bad_text(self, bad: Bad) -> None:
        self._count(None, True)
        self._emit(bad.line, "event", [ErrorDetail("$", "JSON", bad.got, False, (), None, "text")], ())

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
                self.event(line, () if index is None else (index,), data)
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
                self._emit(line, target.__name__, details, () if index is None else (index,))
            if state is not None:
                self.fold(line, data)
            if progress is not None and not tally.events % every:
                progress.tick(self.report.source, tally)

    def event(self, line: int, prefix: Tuple[Any, ...], data: Any, at: Any = None, source: Optional[str] = None) -> None:
        """Any value the fast loop does not take: an envelope, no object, no ``type``, a type with no model."""
        if data.__class__ is not dict:
            self._count(None, True)
            self._emit(
                line, "event", [ErrorDetail("$", "object", describe_value(data), False, (), data, json_kind(data))], prefix
            )
            return
        event_type = data.get("type")
        if event_type.__class__ is not str:
            envelope = unwrap_envelope(data) if not prefix or prefix[-1] != "event" else None
            if envelope is not None:
                self.report.envelopes += 1
                self.event(line, (*prefix, "event"), envelope.event, envelope.time, envelope.source)
                return
            self._count(None, True)
            absent = "type" not in data
            kind = "missing" if absent else json_kind(event_type)
            detail = ErrorDetail("$.type", "str", describe_value(event_type), absent, ("type",), event_type, kind)
            self._emit(line, "event", [detail], prefix)
            return
        assert self.protocol is not None
        target = self.protocol.models.get(event_type)
        if target is not None:
            self.checked(line, prefix, target, data)
        else:
            self.report.tally.no_model[event_type] += 1
            self._count(event_type, self.strict, unchecked=not self.strict)
            if self.strict:
                expected = f"an event type of {self.protocol.name}"
                detail = ErrorDetail("$.type", expected, describe_value(event_type), False, ("type",), event_type, "string")
                self._emit(line, "event", [detail], prefix)
        if self.state is not None:
            self.fold(line, data, at, source)

    def checked(self, line: int, prefix: Tuple[Any, ...], target: Any, data: Any) -> None:
        """One event of a type with a model, off the fast loop (inside an envelope)."""
        problems: List[Problem] = []
        try:
            target = check_data(target, data, problems, owned=True)
            details = [problem.detail() for problem in problems]
        except RecursionError:
            details = ValidationError.too_deep(target.__name__).errors
        self._count(data["type"], bool(details))
        if details:
            self._emit(line, target.__name__, details, prefix)

    def _count(self, event_type: Optional[str], bad: bool, unchecked: bool = False) -> None:
        tally = self.report.tally
        tally.count(event_type, bad, unchecked)
        progress = self.output.progress
        if progress is not None and not tally.events % Progress.EVERY:
            progress.tick(self.report.source, tally)

    def _emit(self, line: int, model: str, details: Iterable[ErrorDetail], prefix: Tuple[Any, ...]) -> None:
        for detail in details:
            if prefix:  # an element of an array line, an envelope's event: its paths start there
                loc = (*prefix, *detail.loc)
                detail = detail._replace(path=render_path(loc), loc=loc)
            self.output.problem(SchemaProblemLine(self.report.source, line, model, detail))


def choose(dialects: Sequence[Dialect], items: List[Any]) -> Tuple[Dialect, str]:
    """The dialect whose catalog knows most of the read-ahead events' types; then the one most of them fit.

    The reason says what it chose and why, when two dialects tie, and when the file seems
    to mix dialects (types only another catalog knows).
    """
    events = []
    for item in items:
        if item.__class__ is Bad:
            continue
        data = item[2]
        envelope = unwrap_envelope(data)
        data = envelope.event if envelope is not None else data
        if isinstance(data, dict) and isinstance(data.get("type"), str):
            events.append((data["type"], data))
    if not events:
        return dialects[0], "auto: no events to choose from"
    types = [name for name, _ in events]
    scores = [(_score(dialect, events, types), dialect) for dialect in dialects]
    best, chosen = max(scores, key=lambda pair: pair[0])  # the first of equals: the registry's order
    distinct = set(types)
    known_distinct = sum(name in chosen.models for name in distinct)
    reason = f"auto: it knows {known_distinct} of the {len(distinct)} event types seen first"
    tied = [dialect.name for score, dialect in scores if score == best and dialect is not chosen]
    if tied:
        reason += f"; {', '.join(tied)} fit them as well (pass --protocol to choose)"
    unknown = distinct - set(chosen.models)
    others = [dialect.name for _, dialect in scores if dialect is not chosen and unknown & set(dialect.models)]
    if others:
        reason += (
            f"; types only {', '.join(others)} know{'s' if len(others) == 1 else ''} were seen too: is it a mix of dialects?"
        )
    return chosen, reason


def _score(dialect: Dialect, events: List[Tuple[str, Any]], types: List[str]) -> Tuple[int, int]:
    """How many of the events' types the catalog knows, and how many of the events fit it."""
    models = dialect.models
    known = sum(name in models for name in types)
    fitting = 0
    for name, event in events:
        model = models.get(name)
        if model is not None:
            problems: List[Problem] = []
            try:
                check_data(model, event, problems, owned=False)
            except RecursionError:
                continue
            fitting += not problems
    return known, fitting


def check_source(checker: FileCheck, stream: IO[bytes], choice: str, fold: bool = True, max_line: int = MAX_EVENT_BYTES) -> None:
    items: Iterator[Any] = read_log(open_log(stream), max_line)
    if choice == "auto":
        ahead = []
        for item in items:
            ahead.append(item)
            if len(ahead) >= AUTO_SAMPLE:
                break
        checker.protocol, checker.report.chosen = choose(list(DIALECTS.values()), ahead)
        items = chain(ahead, items)
    else:
        checker.protocol = get_dialect(choice)
        checker.report.explicit = True
    checker.report.protocol = checker.protocol.name
    if fold:
        from ..conversation import ConversationState

        checker.state = ConversationState(checker.protocol)
    try:
        checker.run(items)
    finally:
        checker.finish()


def total(files: List[FileReport]) -> Tally:
    """The tallies of every file, added up."""
    whole = Tally()
    for report in files:
        whole.add(report.tally)
    return whole


def check_all(args: Any, prog: str, output: Output, files: List[FileReport], progress: Any) -> None:
    """Check every source in turn; one that cannot be read is reported and the rest go on."""
    for source, opener in sources(args.paths):
        report = FileReport(source)
        files.append(report)
        checker = FileCheck(report, output, args.strict, keep=getattr(args, "report", None) is not None)
        try:
            with opener() as stream:
                check_source(checker, stream, args.protocol, args.protocol_checks, args.max_line_bytes)
        except BrokenPipeError:
            raise
        except (OSError, EOFError) as exc:  # cannot open, a failing read, a corrupt gzip stream
            report.error = f"cannot read {source}: {reason(exc)}"
            if progress is not None:
                progress.clear()
            sys.stdout.flush()
            print(f"{prog}: error: {report.error}", file=sys.stderr)


# -- the command ---------------------------------------------------------------------------------

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


def add_parser(commands: Any) -> None:
    """Register ``check`` and its options."""
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
        choices=("auto", *NAMES),
        default="auto",
        help="the catalog to check against (default: auto, chosen per file from its first events)",
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.add_argument(
        "--strict", action="store_true", help="count events of a type with no model, and server errors, as invalid"
    )
    check.add_argument(
        "--no-protocol",
        dest="protocol_checks",
        action="store_false",
        help="do not fold the log through a ConversationState (no protocol checks, no session summary)",
    )
    check.add_argument(
        "--max-problems", type=_count_arg, default=None, metavar="N", help="print at most N problems (all are counted)"
    )
    add_line_limit(check)
    check.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a running count on stderr (default: when stderr is a terminal)",
    )
    add_report_option(check)


def add_line_limit(command: Any) -> None:
    """The ``--max-line-bytes`` option of a command that reads logs."""
    command.add_argument(
        "--max-line-bytes",
        type=_positive,
        default=MAX_EVENT_BYTES,
        metavar="N",
        help=f"a longer line (or JSON document) is reported and skipped, never held (default: {MAX_EVENT_BYTES:,})",
    )


def _positive(text: str) -> int:
    value = _count_arg(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def _count_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of at least 0, got {value}")
    return value


def run(args: Any, prog: str, shown: List[Any]) -> int:
    """Check every source; the exit status says what was found."""
    show_progress = sys.stderr.isatty() if args.progress is None else args.progress
    progress = Progress(sys.stderr) if show_progress else None
    shown.extend([progress] if progress else [])
    output = Output(sys.stdout, args.format == "json", args.max_problems, progress)
    files: List[FileReport] = []
    try:
        check_all(args, prog, output, files, progress)
    except KeyboardInterrupt:
        # What was read so far is summed up (the JSON document stays complete), then the interruption is said.
        output.finish(files, total(files), args.strict, interrupted=True)
        report_written(args, files, prog)
        raise
    whole = total(files)
    output.finish(files, whole, args.strict)
    if not report_written(args, files, prog):
        return EXIT_USAGE
    if any(report.error for report in files):
        return EXIT_USAGE
    refused = args.strict and any(report.errors for report in files)
    return EXIT_INVALID if whole.invalid or whole.protocol or refused else EXIT_OK

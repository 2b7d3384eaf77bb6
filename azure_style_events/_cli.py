"""``python -m azure_style_events check``: validate a log of realtime events.

Input is JSON Lines (one event per line) or one JSON array of events.  Each event
is parsed as a server or a client event, chosen by its ``type``, and checked.  One
line is printed per bad event; a summary follows.  Exit status: 0 all valid,
1 some invalid, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import typing
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Type

from .voicelive import ClientEvent, ClientEventType, ServerEvent, ServerEventType
from ._errors import ErrorDetail, Problem, ValidationError, describe_value
from ._jsontext import JSONDecodeError
from ._jsontext import loads as _loads
from ._model import Model

__all__ = ["main"]

SAMPLE_NAME = "sample_session.jsonl"
_SERVER_TYPES = frozenset(member.value for member in ServerEventType)
_CLIENT_TYPES = frozenset(member.value for member in ClientEventType)
_EXIT_OK, _EXIT_INVALID, _EXIT_USAGE = 0, 1, 2
_open = open  # the one place files are opened (tests replace it to simulate errors)


@dataclass
class _Bad:
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
            "expected": self.detail.expected,
            "got": self.detail.got,
            "message": self.detail.message,
        }


@dataclass
class _Report:
    """Counts only: each problem goes to ``emit`` as it is found, so memory stays flat."""

    emit: Callable[[_Bad], None]
    progress: Optional["_Progress"] = None
    sources: List[str] = field(default_factory=list)
    events: int = 0
    invalid_events: int = 0
    line: int = 0  # the line being read, for errors about the input itself
    by_type: typing.Counter[str] = field(default_factory=Counter)
    unknown_types: typing.Counter[str] = field(default_factory=Counter)

    def summary(self) -> Dict[str, Any]:
        return {
            "files": self.sources,
            "events": self.events,
            "valid": self.events - self.invalid_events,
            "invalid": self.invalid_events,
            "by_type": dict(sorted(self.by_type.items())),
            "unknown_types": dict(sorted(self.unknown_types.items())),
        }


class _Progress:
    """A running count on stderr for long logs on a terminal, redrawn a few times a second."""

    EVERY = 2000  # events between clock reads
    INTERVAL = 0.25  # seconds between redraws

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.next_draw = time.monotonic() + self.INTERVAL
        self.drawn = False

    def tick(self, report: _Report) -> None:
        now = time.monotonic()
        if now >= self.next_draw:
            self.next_draw = now + self.INTERVAL
            self.stream.write(f"\rchecking {report.sources[-1]}: {report.events:,} events, {report.invalid_events:,} invalid")
            self.stream.flush()
            self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K\r")
            self.stream.flush()


class _UsageError(Exception):
    """Input the command cannot read at all: exit 2 with one line."""


def _choose_base(event_type: str) -> Optional[Type[Model]]:
    if event_type in ServerEvent.__mapping__ or event_type in _SERVER_TYPES:
        return ServerEvent
    if event_type in ClientEvent.__mapping__ or event_type in _CLIENT_TYPES:
        return ClientEvent
    return None


def _check_event(report: _Report, source: str, line: int, text: Optional[str], data: Any) -> None:
    """Check one event; ``text`` is given when the JSON still has to be decoded."""
    report.events += 1
    if report.progress is not None and not report.events % _Progress.EVERY:
        report.progress.tick(report)
    owned = text is not None
    try:
        if text is not None:
            data = _loads(text)
        if not isinstance(data, dict):
            raise ValidationError.single("event", "$", "object", describe_value(data))
        event_type = data.get("type")
        if not isinstance(event_type, str):
            detail = ErrorDetail("$.type", "str", describe_value(event_type), "type" not in data)
            raise ValidationError("event", [detail])
        base = _choose_base(event_type)
        if base is None:
            report.unknown_types[event_type] += 1
            return
        report.by_type[event_type] += 1
        if owned:
            # Freshly decoded: checked in place, as from_json does.
            problems: List[Problem] = []
            instance = base._asev_parse(data, True, problems)
            if problems:
                raise ValidationError.from_problems(type(instance).__name__, problems)
        else:
            base.from_dict(data)
    except JSONDecodeError as exc:
        got = f"invalid text ({exc.msg} at column {exc.colno})"
        _record(report, source, line, "event", [ErrorDetail("$", "JSON", got)])
    except RecursionError:
        _record(report, source, line, "event", [ErrorDetail("$", "JSON", "text nested too deeply")])
        return
    except ValidationError as exc:
        _record(report, source, line, exc.model, exc.errors)


def _record(report: _Report, source: str, line: int, model: str, details: Sequence[ErrorDetail]) -> None:
    report.invalid_events += 1
    for detail in details:
        report.emit(_Bad(source, line, model, detail))


def _text_lines(report: _Report, stream: IO[bytes]) -> Iterator[str]:
    """Decode the input line by line, so a bad byte is reported at its own line."""
    for raw in stream:
        report.line += 1
        yield raw.decode("utf-8")


def _check_stream(report: _Report, source: str, stream: IO[bytes]) -> None:
    report.line = 0
    lines = _text_lines(report, stream)
    # Peek at the first non-blank character: "[" means one JSON array, else JSON Lines.
    head = ""
    for line in lines:
        if report.line == 1 and line.startswith("\ufeff"):
            line = line[1:]  # a byte order mark is not part of the text
        head += line
        if line.strip():
            break
    if head.lstrip().startswith("["):
        _check_array(report, source, head + "".join(lines))
        return
    if head.strip():
        _check_event(report, source, report.line, head.strip(), None)
    for line in lines:
        if line.strip():
            _check_event(report, source, report.line, line, None)


def _check_array(report: _Report, source: str, text: str) -> None:
    """Check the elements of a JSON array one by one, keeping each one's line number."""
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    length = len(text)

    counted = [0, 1]  # position up to which newlines are counted, and the line there

    def line_at(index: int) -> int:
        counted[1] += text.count("\n", counted[0], index)
        counted[0] = index
        return counted[1]

    def skip_space(index: int) -> int:
        while index < length and text[index] in " \t\r\n":
            index += 1
        return index

    position = skip_space(position)
    if position < length and text[position] == "]":
        return
    while True:
        element_line = line_at(position)
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            report.events += 1
            got = f"invalid text ({exc.msg} at line {exc.lineno} column {exc.colno})"
            _record(report, source, exc.lineno, "event", [ErrorDetail("$", "JSON", got)])
            return
        _check_event(report, source, element_line, None, value)
        position = skip_space(position)
        if position < length and text[position] == ",":
            position = skip_space(position + 1)
            continue
        if position < length and text[position] == "]":
            return
        report.events += 1
        _record(report, source, line_at(position), "event", [ErrorDetail("$", "`,` or `]`", "the end of the array's text")])
        return


def _open_sources(paths: Sequence[str]) -> Iterator[Tuple[str, Any]]:
    if not paths:
        from importlib.resources import files

        sample = files("azure_style_events").joinpath("data").joinpath(SAMPLE_NAME)
        with sample.open("rb") as stream:
            yield SAMPLE_NAME, stream
        return
    for path in paths:
        if path == "-":
            yield "<stdin>", getattr(sys.stdin, "buffer", None) or _encoded(sys.stdin)
            continue
        try:
            stream = _open(path, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise _UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
        with stream:
            yield path, stream


def _encoded(stream: IO[str]) -> Iterator[bytes]:
    """A text stream without a byte buffer (one replaced in tests), read as UTF-8 lines."""
    for line in stream:
        yield line.encode("utf-8", "surrogatepass")


def _print_text(report: _Report, out: IO[str]) -> None:
    valid = report.events - report.invalid_events
    print(
        f"checked {report.events} events in {', '.join(report.sources)}: {valid} valid, "
        f"{report.invalid_events} invalid",
        file=out,
    )
    if report.by_type:
        width = max(len(name) for name in report.by_type)
        for name, count in sorted(report.by_type.items()):
            print(f"  {name:<{width}}  {count}", file=out)
    unknown = ", ".join(f"{name} ({count})" for name, count in sorted(report.unknown_types.items()))
    print(f"unknown types: {unknown or 'none'}", file=out)


def _fail(parser: argparse.ArgumentParser, progress: Optional[_Progress], message: str) -> int:
    if progress is not None:
        progress.clear()
    sys.stdout.flush()
    print(f"{parser.prog}: error: {message}", file=sys.stderr)
    return _EXIT_USAGE


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m azure_style_events", description="Validate logs of realtime events.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="validate JSON Lines or a JSON array of realtime events")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files to check, '-' for standard input; none checks the bundled sample session",
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a running count on stderr (default: when stderr is a terminal)",
    )
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`check log | head`): stop quietly.  Point stdout at
        # /dev/null so that the interpreter's final flush does not complain again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return _EXIT_INVALID


def _main(argv: Optional[Sequence[str]]) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command != "check":
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: name a command, e.g. `check`", file=sys.stderr)
        return _EXIT_USAGE
    out = sys.stdout
    as_json = args.format == "json"
    first = [True]

    def emit(bad: _Bad) -> None:
        # Each problem is written as soon as it is found: nothing accumulates.
        if as_json:
            out.write(("" if first[0] else ",") + "\n    " + json.dumps(bad.as_json()))
            first[0] = False
        else:
            out.write(bad.as_text() + "\n")

    show_progress = sys.stderr.isatty() if args.progress is None else args.progress
    progress = _Progress(sys.stderr) if show_progress else None
    report = _Report(emit, progress)
    if as_json:
        out.write('{\n  "problems": [')
    try:
        for source, stream in _open_sources(args.paths):
            report.sources.append(source)
            _check_stream(report, source, stream)
    except _UsageError as exc:
        return _fail(parser, progress, str(exc))
    except UnicodeDecodeError as exc:
        return _fail(parser, progress, f"{report.sources[-1]} is not UTF-8 text at line {report.line} ({exc.reason})")
    except OSError as exc:  # a read that fails after the open (a device error, a closed pipe)
        return _fail(parser, progress, f"cannot read {report.sources[-1]}: {exc.strerror or exc}")
    if progress is not None:
        progress.clear()
    if as_json:
        summary = json.dumps(report.summary(), indent=2)
        out.write(("\n  ]," if not first[0] else "],") + "\n  " + summary[1:].strip() + "\n")
    else:
        _print_text(report, out)
    return _EXIT_INVALID if report.invalid_events else _EXIT_OK


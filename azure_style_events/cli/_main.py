"""``python -m azure_style_events``: the argument parser and the commands' entry point.

``check`` validates logs of realtime events (``_check``), reading them from files,
standard input or the bundled sample (``_inputs``) and reporting in text or JSON
(``_render``).  Exit status: 0 all valid, 1 some invalid, 2 usage error or unreadable
input (after everything else was checked), 130 interrupted.  No traceback reaches the
user: every failure becomes a line on standard error and an exit status.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional, Sequence

from .._dialects import NAMES
from .._version import VERSION
from ._check import check_all, total
from ._render import FileReport, Output, Progress
from ._report import add_report_option, report_written

__all__ = ["EXIT_INTERRUPTED", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "PROG", "build_parser", "console", "main"]

PROG = "python -m azure_style_events"
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

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
    check.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a running count on stderr (default: when stderr is a terminal)",
    )
    add_report_option(check)
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

"""``python -m azure_style_events``: the argument parser and the commands' entry point.

``check`` validates logs of realtime events (``_check``), reading them from files,
standard input or the bundled sample (``_inputs``) and reporting in text or JSON
(``_render``).  Exit status: 0 all valid, 1 some invalid, 2 usage error or unreadable
input (after everything else was checked), 130 interrupted.  No traceback reaches the
user: every failure becomes a line on standard error and an exit status.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from types import ModuleType
from typing import Any, Dict, List, Optional, Sequence

from .._version import VERSION
from . import _check, _convert, _scrub, _testkit
from ._status import EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_USAGE, PROG

#: Each command's module: ``add_parser(commands)`` registers its commands, ``run(args, prog, shown)`` runs one.
_COMMANDS: Dict[str, ModuleType] = {
    "check": _check,
    "convert": _convert,
    "serve": _testkit,
    "record": _testkit,
    "scrub": _scrub,
}

__all__ = ["EXIT_INTERRUPTED", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "PROG", "build_parser", "console", "main"]


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Check, convert and replay logs of realtime events.")
    parser.add_argument("--version", action="version", version=f"azure-style-events {VERSION}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in dict.fromkeys(_COMMANDS.values()):  # each module once, in the table's order
        command.add_parser(commands)
    return parser


def main(argv: Optional[Sequence[str]] = None, prog: str = PROG) -> int:
    """Run the command line; returns the exit status."""
    progress: List[Any] = []  # progress lines shown, to clear on an interruption
    stdout: Any = sys.stdout
    errors = _escaping(stdout)
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
    finally:
        if errors is not None:
            stdout.reconfigure(errors=errors)


def _escaping(stdout: Any) -> Optional[str]:
    """Let stdout write what its encoding cannot (a lone surrogate JSON allows) as a backslash escape.

    Python's stderr does this already; stdout (``strict``, or ``surrogateescape`` under a
    C locale, which covers only the surrogates it made itself) would raise
    ``UnicodeEncodeError`` in the middle of a report.  In JSON output the escape is the same ``\\uXXXX`` JSON has, so
    the line still parses to the same text.  Returns the setting to give back (``None``:
    nothing was changed).
    """
    if not isinstance(stdout, io.TextIOWrapper) or stdout.errors not in ("strict", "surrogateescape"):
        return None
    errors: str = stdout.errors
    stdout.reconfigure(errors="backslashreplace")
    return errors


def console() -> int:
    """The ``azure-style-events`` console script."""
    return main(prog="azure-style-events")


def _main(argv: Optional[Sequence[str]], prog: str, shown: List[Any]) -> int:
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    command = _COMMANDS.get(args.command)
    if command is None:
        parser.print_usage(sys.stderr)
        print(f"{prog}: error: name a command, e.g. `check`", file=sys.stderr)
        return EXIT_USAGE
    status: int = command.run(args, prog, shown)
    return status

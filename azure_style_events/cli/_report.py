"""``check --report FILE.html``: the option, and writing the page once every file is checked.

With the option, ``check`` keeps each file's folded state and the line of each protocol
problem (``FileCheck.keep``); without it nothing more is kept or done.  The page is
written whatever the check found; a path that cannot be written is one line on standard
error and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, List

from ._inputs import reason
from ._render import FileReport

__all__ = ["add_report_option", "report_written"]


def add_report_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--report",
        metavar="FILE.html",
        default=None,
        help="also write a self-contained HTML report (timeline, responses, transcript, problems) of every file checked",
    )


def report_written(args: Any, files: List[FileReport], prog: str) -> bool:
    """Write the report when one was asked for; False (and a line on stderr) when it could not be."""
    path = getattr(args, "report", None)
    if path is None:
        return True
    from ..report import LogReport, write_report

    logs = [LogReport(f.source, f.protocol, f.state, f.problem_lines, list(f.errors), f.tally.events, f.error) for f in files]
    try:
        write_report(path, logs)
    except OSError as exc:
        print(f"{prog}: error: cannot write the report {path}: {reason(exc)}", file=sys.stderr)
        return False
    except Exception as exc:  # noqa: BLE001 - a bug in drawing must not become a traceback; the check's output stands
        print(f"{prog}: error: cannot make the report {path}: {reason(exc)}", file=sys.stderr)
        return False
    return True

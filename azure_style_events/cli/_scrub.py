"""``python -m azure_style_events scrub IN [--out OUT]``: a recording made safe to share.

Reads JSON Lines of events or envelopes (a JSON array or gzip works too), scrubs them with
:mod:`azure_style_events.testing._scrub` and writes one scrubbed JSON object per line to
``OUT`` or standard output.  ``OUT`` is written whole or not at all: the lines go to a
temporary file beside it that replaces it only once every event was scrubbed.  Exit
status 0, or 2 (one line on standard error) when the input cannot be read or is not a
log of JSON objects.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from typing import TYPE_CHECKING, Any, Iterator

from .._core._logs import Bad, open_log, read_log
from ._inputs import reason, sources

if TYPE_CHECKING:
    from ..testing._scrub import Scrubber

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    """Register ``scrub`` on the subcommands of the main parser."""
    scrub = commands.add_parser(
        "scrub",
        help="replace the words, audio and keys of a recorded session",
        description="Scrub a recorded session (JSON Lines of events or envelopes) so that it can be shared: "
        "text becomes generated text of the same shape, audio a tone of the same length, credentials are masked; "
        "types, ids, numbers and times are kept.",
    )
    scrub.add_argument("input", metavar="IN", help="the recording to scrub, '-' for standard input (gzip is fine)")
    scrub.add_argument("--out", metavar="OUT", help="where to write the scrubbed JSON Lines (default: standard output)")


class _Unusable(Exception):
    """The input is not a log of JSON objects."""


def run(args: argparse.Namespace, prog: str, shown: Any = None) -> int:
    """Scrub ``args.input`` to ``args.out`` (or standard output); the exit status (``shown``: unused, no progress line)."""
    try:  # here, not above: azure_style_events.testing needs the testing extra, `check` does not
        from ..testing._scrub import Scrubber
    except ImportError as exc:
        print(f"{prog} scrub: error: {exc}", file=sys.stderr)
        return 2
    ((name, opener),) = sources([args.input])
    try:
        with opener() as stream:
            lines = _scrubbed(name, read_log(open_log(stream)), Scrubber())
            if args.out is None:
                sys.stdout.writelines(lines)
            else:
                _write_whole(args.out, lines)
    except BrokenPipeError:
        raise  # the reader went away: main() stops quietly
    except _Unusable as exc:
        print(f"{prog} scrub: error: {exc}", file=sys.stderr)
        return 2
    except (OSError, EOFError) as exc:
        target = getattr(exc, "filename", None)
        what = f"write {args.out}" if target is not None and target != name else f"read {name}"
        print(f"{prog} scrub: error: cannot {what}: {reason(exc)}", file=sys.stderr)
        return 2
    return 0


def _scrubbed(name: str, items: Iterator[Any], scrubber: Scrubber) -> Iterator[str]:
    for item in items:
        if isinstance(item, Bad):
            raise _Unusable(f"{name}: line {item.line} is not JSON ({item.got})")
        line, _, data = item
        if not isinstance(data, dict):
            raise _Unusable(f"{name}: line {line} is not an event or an envelope (a JSON object)")
        yield json.dumps(scrubber.scrub(data), ensure_ascii=False) + "\n"


def _write_whole(path: str, lines: Iterator[str]) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".scrub-", suffix=".jsonl", dir=folder)
    try:
        with open(handle, "w", encoding="utf-8") as out:
            out.writelines(lines)
        os.chmod(temporary, 0o666 & ~_umask())  # a temporary file is private; the result is an ordinary file
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

"""``python -m azure_style_events convert``: logs of one dialect rewritten as another.

Each input is read as ``check`` reads it (JSON Lines or a JSON document, gzip, events or
envelopes); its dialect is given with ``--from`` or found from its first events, as
``check`` finds it.  The converted events go to standard output as JSON Lines, one line
each; what could not be carried goes to standard error as a summary by loss code (and,
with ``--losses``, one line per loss).  A bad line is reported and skipped; reading goes on.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from itertools import chain
from typing import IO, Any, Iterator, List

from .._core._logs import Bad, open_log, read_log
from .._dialects import DIALECTS, NAMES, Dialect, get_dialect
from ..convert import Converter, Loss
from ._check import AUTO_SAMPLE, add_line_limit, choose
from ._inputs import reason, sources
from ._status import EXIT_INVALID, EXIT_OK, EXIT_USAGE

__all__ = ["add_parser", "run"]

_EPILOG = """\
exit status:
  0    converted (losses, if any, are summed up on stderr)
  1    with --strict: at least one value could not be carried
  2    usage error, or an input could not be read (reported; the others are still converted)
  130  interrupted
"""


def add_parser(commands: Any) -> None:
    """Register ``convert`` and its options."""
    import argparse

    convert = commands.add_parser(
        "convert",
        help="rewrite logs of one dialect as another",
        description="Convert every event of each log to another dialect; JSON Lines on standard output.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    convert.add_argument("paths", nargs="*", metavar="PATH", help="logs to convert, '-' for standard input")
    convert.add_argument("--to", dest="target", required=True, choices=NAMES, help="the dialect to write")
    convert.add_argument(
        "--from", dest="source", choices=("auto", *NAMES), default="auto", help="the dialect of the logs (default: auto)"
    )
    convert.add_argument("--strict", action="store_true", help="exit 1 when any value could not be carried")
    convert.add_argument("--losses", action="store_true", help="print every loss on stderr, not only the summary")
    add_line_limit(convert)


def run(args: Any, prog: str, shown: List[Any]) -> int:
    """Convert every source in turn; one that cannot be read is reported and the rest go on."""
    losses: "Counter[str]" = Counter()
    unreadable = False
    out = sys.stdout
    for source, opener in sources(args.paths):
        try:
            with opener() as stream:
                converter = _convert_source(source, stream, args, out)
        except (OSError, EOFError) as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            print(f"{prog}: error: cannot read {source}: {reason(exc)}", file=sys.stderr)
            unreadable = True
            continue
        if converter is None:
            continue
        losses.update(loss.code for loss in converter.losses)
        if args.losses:
            for loss in converter.losses:
                print(f"{source}: event {loss.index + 1}: {loss}", file=sys.stderr)
    _summary(losses)
    if unreadable:
        return EXIT_USAGE
    return EXIT_INVALID if args.strict and losses else EXIT_OK


def _convert_source(source: str, stream: IO[bytes], args: Any, out: IO[str]) -> Any:
    items: Iterator[Any] = read_log(open_log(stream), args.max_line_bytes)
    dialect: Dialect
    if args.source == "auto":
        ahead = [item for _, item in zip(range(AUTO_SAMPLE), items)]
        dialect, why = choose(list(DIALECTS.values()), ahead)
        items = chain(ahead, items)
        print(f"{source}: {dialect.name} ({why})", file=sys.stderr)
    else:
        dialect = get_dialect(args.source)
    if dialect.name == args.target:
        print(f"{source}: already {args.target}: written as it is", file=sys.stderr)
    converter = Converter(dialect, args.target)
    for item in items:
        if isinstance(item, Bad):  # a line that is no JSON
            line, got = item.line, item.got
        elif not isinstance(item[2], dict):  # JSON that is no object (an array's elements count as lines)
            line, got = item[0], f"not an event: {type(item[2]).__name__}"
        else:
            for event in converter.convert(item[2]):
                out.write(json.dumps(event, ensure_ascii=False) + "\n")
            continue
        print(f"{source}:{line}: skipped: {got}", file=sys.stderr)
        converter.losses.append(Loss(-1, "", "$", "not-an-event", got))
    return converter


def _summary(losses: "Counter[str]") -> None:
    if not losses:
        print("no losses", file=sys.stderr)
        return
    total = sum(losses.values())
    parts = ", ".join(f"{code} {count:,}" for code, count in sorted(losses.items()))
    print(f"{total:,} loss{'es' if total != 1 else ''}: {parts}", file=sys.stderr)

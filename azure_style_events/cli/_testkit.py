"""The ``serve`` and ``record`` commands: the replay server and the recording proxy from a shell.

``serve RECORDING`` plays a recorded session to every client that connects and prints
each connection's problems as it ends; ``record --upstream URL --out FILE`` forwards
clients to a live service and writes every frame as an envelope line.  Both print their
``ws://`` address and run until Ctrl-C.  They need ``websockets`` (the ``testing``
extra), imported only when one of them runs; a missing package, an unreadable recording
or a port in use is a line on standard error and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, List, Tuple

from ._status import EXIT_INVALID as EXIT_PROBLEMS
from ._status import EXIT_OK, EXIT_USAGE

__all__ = ["COMMANDS", "add_parser", "run"]

COMMANDS = ("serve", "record")
_MIB = 1024 * 1024


def add_parser(commands: Any) -> None:
    """Add ``serve`` and ``record`` to the parser's subcommands."""
    serve = commands.add_parser(
        "serve",
        help="play a recorded session to websocket clients",
        description="Serve a recorded session (a log of events or envelopes) as a realtime endpoint, until Ctrl-C. "
        "Exit status: 0 no client broke a rule, 1 some did, 2 the recording or the port failed.",
    )
    serve.add_argument("recording", metavar="RECORDING", help="the recorded session (JSON Lines, JSON array, gzip)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=0, help="the port (default: a free one, printed)")
    serve.add_argument("--pace", type=float, default=0.0, help="the share of each recorded gap to wait (default: 0, none)")
    serve.add_argument("--protocol", default="auto", help="voicelive, openai, openai-beta (default: auto)")
    serve.add_argument("--client-timeout", type=float, default=30.0, help="seconds to wait for each client event (default: 30)")
    _max_frame(serve)
    record = commands.add_parser(
        "record",
        help="record a realtime session through a websocket proxy",
        description="Forward clients to UPSTREAM, unchanged both ways, writing every frame to FILE as an envelope "
        "line (time, source, event) as it passes.  Headers go upstream and are never written.  Runs until Ctrl-C.",
    )
    record.add_argument("--upstream", required=True, metavar="URL", help="the live service (wss://, ws://, https://)")
    record.add_argument(
        "--listen", default="127.0.0.1:0", metavar="HOST:PORT", help="where clients connect (default: a free port)"
    )
    record.add_argument("--out", required=True, metavar="FILE", help="the JSON Lines file to write (emptied first)")
    _max_frame(record)


def _max_frame(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-frame", type=_mib, default=16.0, metavar="MIB", help="the largest frame taken, in MiB (default: 16)"
    )


_MAX_MIB = 1024.0


def _mib(text: str) -> float:
    """``--max-frame``: a size in MiB, above 0 and at most 1 GiB (``inf`` and ``nan`` are not sizes)."""
    try:
        mib = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of MiB, got {text!r}") from None
    if not 0 < mib <= _MAX_MIB:  # also false for nan
        raise argparse.ArgumentTypeError(f"expected a number of MiB above 0 and at most {_MAX_MIB:g}, got {text}")
    return mib


def run(args: argparse.Namespace, prog: str, shown: Any = None) -> int:
    """Run ``serve`` or ``record``; the exit status."""
    try:
        import azure_style_events.testing as testing
    except ImportError as exc:
        return _fail(prog, str(exc))
    try:
        if args.command == "serve":
            return _serve(testing, args)
        return _record(testing, args, prog)
    except (testing.RecordingError, ValueError, OSError) as exc:
        return _fail(prog, str(exc))


def _fail(prog: str, message: str) -> int:
    print(f"{prog}: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _serve(testing: Any, args: argparse.Namespace) -> int:
    server = testing.ReplayServer(
        args.recording,
        protocol=args.protocol,
        pace=args.pace,
        host=args.host,
        port=args.port,
        client_timeout=args.client_timeout,
        max_frame=int(args.max_frame * _MIB),
    )
    server.start()
    name = server.recording.dialect.name
    print(f"serving {args.recording} ({name}) at {server.url}  (Ctrl-C to stop)", flush=True)
    shown = 0
    try:
        while True:
            time.sleep(0.2)
            shown = _show_ended(server.reports, shown)
    except KeyboardInterrupt:
        server.stop()
    _show_ended(server.reports, shown, everything=True)
    problems = sum(len(report.problems) for report in server.reports)
    print(f"{len(server.reports)} connection(s), {problems} problem(s)", flush=True)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _show_ended(reports: List[Any], shown: int, everything: bool = False) -> int:
    """Print the connections that ended since ``shown``; the new count."""
    while shown < len(reports) and (everything or reports[shown].closed):
        report = reports[shown]
        shown += 1
        state = "the whole recording" if report.finished else "part of the recording"
        print(f"connection {shown} ({report.path or '/'}): {state}, {len(report.problems)} problem(s)", flush=True)
        for problem in report.problems:
            print(f"  {problem}", flush=True)
    return shown


def _record(testing: Any, args: argparse.Namespace, prog: str) -> int:
    host, port = _listen(args.listen)
    proxy = testing.RecordingProxy(args.upstream, args.out, host=host, port=port, max_frame=int(args.max_frame * _MIB))
    proxy.start()
    print(f"recording {proxy.url} -> {args.upstream} into {args.out}  (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        proxy.stop()
    for failure in proxy.failures:
        print(f"{prog}: upstream failed: {failure}", file=sys.stderr)
    print(f"wrote {proxy.written} frame(s) to {args.out}", flush=True)
    return EXIT_OK


def _listen(text: str) -> Tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"--listen takes HOST:PORT, e.g. 127.0.0.1:8765, not {text!r}")
    return host.strip("[]"), int(port)  # (the port's range: checked by the proxy, as by every server)

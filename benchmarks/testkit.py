"""Time starting and stopping a ReplayServer (bound: 50 ms for the pair), and a short replay.

    python benchmarks/testkit.py [--quick]

``start_stop`` is the best of several ``timeit`` repeats of ``server.start()`` then
``server.stop()``: a thread, an event loop, a bound port on 127.0.0.1 and all of it
torn down.  The recording is read once, before timing (reading it is the caller's cost).
``replay`` adds a plain ``websockets`` client playing the bundled sample session.
Needs ``websockets`` (the ``testing`` extra).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import timeit
from importlib import resources
from pathlib import Path
from typing import Dict, List, Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from azure_style_events._dialects import get_dialect
from azure_style_events.testing import ReplayServer

BOUND_MS = 50.0


def sample() -> List[str]:
    text = resources.files("azure_style_events").joinpath("data/sample_session.jsonl").read_text("utf-8")
    return [line for line in text.splitlines() if line.strip()]


def start_stop_seconds(server: ReplayServer, repeats: int) -> float:
    """Best seconds for one start() + stop()."""

    def cycle() -> None:
        server.start()
        server.stop()

    return min(timeit.repeat(cycle, number=1, repeat=repeats))


async def _client(url: str, lines: List[str]) -> None:
    from websockets.asyncio.client import connect

    dialect = get_dialect("voicelive")
    async with connect(url) as ws:
        for line in lines:
            event = json.loads(line)
            if dialect.is_client(event["type"]):
                await ws.send(line)
            else:
                await ws.recv()


def replay_seconds(lines: List[str], repeats: int) -> float:
    """Best seconds for a whole replay of the sample: start, connect, play every event, stop."""

    def once() -> None:
        with ReplayServer(lines, protocol="voicelive") as server:
            asyncio.run(_client(server.url, lines))

    return min(timeit.repeat(once, number=1, repeat=repeats))


def measure(quick: bool = False) -> Dict[str, float]:
    """The figures, in milliseconds."""
    lines = sample()
    server = ReplayServer(lines, protocol="voicelive")
    repeats = 3 if quick else 20
    return {
        "start_stop_ms": start_stop_seconds(server, repeats) * 1000,
        "replay_sample_ms": replay_seconds(lines, 2 if quick else 5) * 1000,
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few repeats only: check that it works")
    args = parser.parse_args(argv)
    figures = measure(args.quick)
    start_stop = figures["start_stop_ms"]
    verdict = "within" if start_stop <= BOUND_MS else "OVER"
    print(f"ReplayServer start + stop: {start_stop:.2f} ms ({verdict} the {BOUND_MS:g} ms bound)")
    print(f"replay of the sample session ({len(sample())} events), start to stop: {figures['replay_sample_ms']:.1f} ms")
    return 0 if start_stop <= BOUND_MS else 1


if __name__ == "__main__":
    sys.exit(main())

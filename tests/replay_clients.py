"""Clients for the replay tests: each plays the client side of a recorded session, in order.

``play`` is a plain ``websockets`` client: for every recorded event it receives the next
server frame (checking its type) or sends the recorded client event, so it is the
well-behaved client of any recording.  ``change`` lets a test make it misbehave in one
place: it sees each client event before it is sent and returns the events to send
instead (none, one, or more).
"""

import asyncio
import json
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

from azure_style_events._dialects import get_dialect

DATA = Path(__file__).resolve().parent / "data"

Change = Callable[[Dict[str, Any]], List[Dict[str, Any]]]


def events(name: str) -> List[Dict[str, Any]]:
    """The events of a recorded session in tests/data."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def is_client(dialect: str, event: Dict[str, Any]) -> bool:
    return get_dialect(dialect).is_client(event["type"])


async def play(
    url: str,
    recorded: List[Dict[str, Any]],
    dialect: str,
    change: Optional[Change] = None,
    after: Optional[Callable[[str], List[Dict[str, Any]]]] = None,
    stop_at: Optional[int] = None,
    headers: Optional[Dict[str, str]] = None,
) -> List[str]:
    """Play the client side of ``recorded``; returns the server types received.

    ``after(type)`` gives events to send right after a server event of that type arrives;
    ``stop_at``: close the connection before the recorded event of that index; ``headers``:
    sent with the handshake (credentials, as SDKs send them).
    """
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    received: List[str] = []
    async with connect(url, open_timeout=5, additional_headers=headers) as ws:
        for index, event in enumerate(recorded):
            if index == stop_at:
                return received
            if is_client(dialect, event):
                for sent in change(event) if change else [event]:
                    await ws.send(json.dumps(sent))
                continue
            frame = await asyncio.wait_for(ws.recv(), 5)
            got = json.loads(frame)["type"]
            assert got == event["type"], f"expected {event['type']} from the server, got {got}"
            received.append(got)
            for extra in after(got) if after else []:
                await ws.send(json.dumps(extra))
        try:
            await asyncio.wait_for(ws.recv(), 5)
        except ConnectionClosed:
            pass
    return received

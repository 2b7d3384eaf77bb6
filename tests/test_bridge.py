"""The dialect bridge example, on loopback: a beta client talks through it to a GA server.

The far end plays the repository's GA session: it sends its server events in order and,
where the session has the client speak, waits for a client frame of that type in GA's
dialect.  The client speaks beta: it sends the session's client events converted to
beta and folds what comes back with a beta ``ConversationState``; the conversation must
be the GA session's.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest

websockets = pytest.importorskip("websockets")
from websockets.asyncio.client import connect  # noqa: E402
from websockets.asyncio.server import serve  # noqa: E402

from azure_style_events import ConversationState, Converter  # noqa: E402
from azure_style_events._dialects import get_dialect  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent.parent / "examples"))
import dialect_bridge  # noqa: E402

SESSION = Path(__file__).parent / "data" / "openai_session.jsonl"
GA = get_dialect("openai")


def recorded():
    return [json.loads(line) for line in SESSION.read_text(encoding="utf-8").splitlines() if line.strip()]


async def far_end(ws, heard, paths):
    paths.append(ws.request.path)
    for event in recorded():
        if GA.is_client(event["type"]):
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            heard.append(frame["type"])
            GA.client.from_dict(frame)  # what reached the GA server is valid GA
        else:
            await ws.send(json.dumps(event))
    await ws.close()


async def session():
    heard, paths = [], []
    async with serve(lambda ws: far_end(ws, heard, paths), "127.0.0.1", 0) as upstream:
        up_port = next(iter(upstream.sockets)).getsockname()[1]
        handler = dialect_bridge.bridge(f"ws://127.0.0.1:{up_port}", "openai-beta", "openai")
        async with serve(handler, "127.0.0.1", 0) as bridge:
            port = next(iter(bridge.sockets)).getsockname()[1]
            state = ConversationState("openai-beta")
            to_beta = Converter("openai", "openai-beta")  # the client's own events, said in beta
            expect = Converter("openai", "openai-beta")  # how many beta frames each GA server event becomes
            async with connect(f"ws://127.0.0.1:{port}/v1/realtime?model=gpt-realtime") as ws:
                # The client walks the recording: it says its part, and reads each server event in turn.
                for event in recorded():
                    if GA.is_client(event["type"]):
                        for beta_event in to_beta.convert(event):
                            state.apply(beta_event)
                            await ws.send(json.dumps(beta_event))
                    else:
                        for _ in expect.convert(event):
                            state.apply(await asyncio.wait_for(ws.recv(), 10))
    return state, heard, paths


def test_a_beta_client_talks_through_the_bridge_to_a_ga_server():
    state, heard, paths = asyncio.run(asyncio.wait_for(session(), 30))
    expected = ConversationState("openai")
    for event in recorded():
        expected.apply(event)
    assert heard == [e["type"] for e in recorded() if GA.is_client(e["type"])]
    assert paths == ["/v1/realtime?model=gpt-realtime"]
    assert [(i.id, i.role, i.text) for i in state.items] == [(i.id, i.role, i.text) for i in expected.items]
    assert [(r.id, r.status) for r in state.responses] == [(r.id, r.status) for r in expected.responses]
    assert state.problems == []

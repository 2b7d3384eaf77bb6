"""The websocket example end to end: a local server replays a recorded session, the client talks.

The server (examples/voicelive_websocket.py) binds 127.0.0.1 on a free port, sends the
recorded server frames as text and binary by turns and checks every client frame; the
whole exchange is bounded in time.  Needs ``websockets`` (the test extra).
"""

import asyncio
import importlib.util
import inspect
import sys
from pathlib import Path

import pytest

pytest.importorskip("websockets.asyncio.server")

from websockets.exceptions import ConnectionClosedError

from azure_style_events import voicelive as vl

ROOT = Path(__file__).resolve().parent.parent


def _example():
    spec = importlib.util.spec_from_file_location("voicelive_websocket", ROOT / "examples" / "voicelive_websocket.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


example = _example()


def test_the_client_talks_a_recorded_barge_in_session_through():
    state, log = asyncio.run(example.replay(example.recorded(), timeout=30))
    # The server waited for, got and validated each client event where the recording has one.
    assert log["heard"] == ["session.update", "conversation.item.create", "response.create", "conversation.item.truncate"]
    # Frames came both ways, and every recorded server event reached the client's state.
    assert log["text"] and log["binary"]
    assert state.problems == []
    summary = state.summary()
    assert summary["responses"] == 2
    assert summary["response_status"] == {"cancelled": 1, "completed": 1}
    assert summary["audio_out_ms"] == 2000
    # The client's truncate (2,000 ms received, 600 ms still in the player) is what the
    # server confirmed in the recording: the answer is cut at 1,400 ms.
    answer = state.item("item_a1")
    assert answer is not None and answer.parts[0].audio_ms == 1400
    assert answer.parts[0].original_transcript


def test_a_wrong_client_frame_closes_the_replay():
    lines = example.recorded()
    # The recording expects a conversation.item.create where this client sends session.update.
    bad = [lines[0], lines[1], lines[3], *lines[4:]]
    bad[0], bad[2] = bad[2], bad[0]
    with pytest.raises(ConnectionClosedError) as caught:
        asyncio.run(example.replay(bad, timeout=30))
    assert "expected conversation.item.create, got session.update" in str(caught.value)


def test_the_guide_shows_the_client_loop():
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    assert inspect.getsource(example.run_client) in guide


def test_events_sent_are_keyword_built_json():
    update = vl.ClientEventSessionUpdate(session={"modalities": ["text"]})
    assert vl.ClientEvent.from_json(update.to_json()) == update

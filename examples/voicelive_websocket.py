"""A Voice Live client over a real websocket, against a local replay of a recorded session.

    python examples/voicelive_websocket.py [session.jsonl]

``replay`` plays a recorded session (by default the package's barge-in sample) with
``azure_style_events.testing.ReplayServer``, as a Voice Live endpoint would: it sends
the recorded server events, as text and as binary frames by turns, and where the
recording has the client speak, it waits for the client's frame, checks that it is that
event and that it validates. ``run_client`` is
an ordinary realtime client: it parses every frame on the receiving path, configures
the session, asks a question, plays the answer and, when the user starts speaking over
it, truncates what was not heard, sending each event built with keywords as
``to_json()``. Everything sent and received is folded into a ``ConversationState``.

Needs the ``websockets`` package (in the ``test`` extra); this package itself does not.
"""

import asyncio
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Union

from websockets.asyncio.client import connect

from azure_style_events import ConversationState
from azure_style_events import voicelive as vl
from azure_style_events.testing import ReplayServer

BYTES_PER_MS = 48  # pcm16 at 24 kHz, mono
PLAYOUT_MS = 600  # how far a player's output runs behind the audio it has received


async def run_client(uri: str) -> ConversationState:
    """Configure, ask, play the answer, barge in; return the folded session."""
    state = ConversationState("voicelive")
    async with connect(uri) as ws:

        async def send(event: vl.ClientEvent) -> None:
            state.apply(event)
            await ws.send(event.to_json())

        await send(
            vl.ClientEventSessionUpdate(
                session={
                    "modalities": ["text", "audio"],
                    "voice": {"type": "azure-standard", "name": "en-US-AvaNeural"},
                    "turn_detection": {"type": "server_vad", "silence_duration_ms": 500},
                }
            )
        )
        playing: Optional[str] = None  # the assistant item whose audio is playing
        received_ms = 0.0
        async for frame in ws:  # a str for a text frame, bytes for a binary one
            event = vl.ServerEvent.from_json(frame, validate=False)
            state.apply(event)
            if isinstance(event, vl.ServerEventSessionUpdated):
                question = vl.UserMessageItem(content=[vl.InputTextContentPart(text="Two days in Lisbon?")])
                await send(vl.ClientEventConversationItemCreate(item=question))
                await send(vl.ClientEventResponseCreate())
            elif isinstance(event, vl.ServerEventResponseAudioDelta):
                playing = event.item_id
                received_ms += len(event.delta) / BYTES_PER_MS
            elif isinstance(event, vl.ServerEventInputAudioBufferSpeechStarted) and playing:
                # Barge-in: the server forgets what the user did not hear.
                heard = max(0, int(received_ms) - PLAYOUT_MS)
                await send(vl.ClientEventConversationItemTruncate(item_id=playing, content_index=0, audio_end_ms=heard))
                playing = None
            elif isinstance(event, vl.ServerEventError):
                print("error:", event.error.message)
    return state


# -- the replaying endpoint ------------------------------------------------------------------


async def replay(lines: List[str], timeout: float = 20.0) -> Tuple[ConversationState, Dict[str, List[str]]]:
    """Serve ``lines`` on the loopback address, run the client against it, stop both.

    The ``ReplayServer`` sends the recorded server events, as text and binary frames by
    turns, and waits for each recorded client event; a frame of another type ends the
    replay (1008, "expected ..., got ...").  The returned log has the types of the
    client's events (``"heard"``) and of the frames sent as text and as binary.
    """
    # input_audio_buffer.append is sent by a microphone, not by this client: not waited for.
    server = ReplayServer(lines, frames="alternate", on_unexpected="close", optional={"input_audio_buffer.append"})
    async with server:
        state = await asyncio.wait_for(run_client(server.url), timeout)
    report = server.report
    log: Dict[str, List[str]] = {
        "heard": [frame.type for frame in report.frames_in],
        "text": [frame.type for frame in report.frames_out if not frame.binary],
        "binary": [frame.type for frame in report.frames_out if frame.binary],
    }
    return state, log


def recorded(path: Union[str, Path, None] = None) -> List[str]:
    """The lines of a recorded session: ``path``, or the package's barge-in sample."""
    if path is None:
        text = resources.files("azure_style_events").joinpath("data/sample_session.jsonl").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def main(argv: List[str]) -> int:
    state, log = asyncio.run(replay(recorded(argv[1] if len(argv) > 1 else None)))
    print(f"the server sent {len(log['text'])} text and {len(log['binary'])} binary frames")
    print("and heard:", ", ".join(log["heard"]))
    print("session:", json.dumps(state.summary()))
    for problem in state.problems:
        print("protocol:", problem)
    return 1 if state.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

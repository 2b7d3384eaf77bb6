"""A Voice Live client over a real websocket, against a local replay of a recorded session.

    python examples/voicelive_websocket.py [session.jsonl]

``replay_server`` plays a recorded session (by default the package's barge-in sample)
as a Voice Live endpoint would: it sends the recorded server events, as text and as
binary frames by turns, and where the recording has the client speak, it waits for the
client's frame, checks that it is that event and that it validates. ``run_client`` is
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
from websockets.asyncio.server import ServerConnection, serve

from azure_style_events import ConversationState
from azure_style_events import voicelive as vl

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

# Sent by a microphone, not by this client: the replay does not wait for them.
MICROPHONE = {"input_audio_buffer.append"}


async def replay_server(ws: ServerConnection, lines: List[str], log: Dict[str, List[str]]) -> None:
    """Play ``lines`` (a recorded session) to one client.

    ``log`` gets the types of the client's events (``"heard"``) and of the frames sent as
    text and as binary (``"text"``, ``"binary"``).
    """
    sent = 0
    for line in lines:
        recorded = json.loads(line)["type"]
        if recorded in MICROPHONE:
            continue
        if recorded in vl.ClientEvent.__mapping__:
            frame = await ws.recv()
            event = vl.ClientEvent.from_json(frame)  # the server validates what it is sent
            if event.type != recorded:
                await ws.close(1008, f"expected {recorded}, got {event.type}")
                return
            log["heard"].append(event.type)
            continue
        binary = sent % 2 == 1  # text, then binary, by turns
        await ws.send(line.encode("utf-8") if binary else line)
        log["binary" if binary else "text"].append(recorded)
        sent += 1
    await ws.close()


async def replay(lines: List[str], timeout: float = 20.0) -> Tuple[ConversationState, Dict[str, List[str]]]:
    """Serve ``lines`` on the loopback address, run the client against it, stop both."""
    log: Dict[str, List[str]] = {"heard": [], "text": [], "binary": []}

    async def handler(ws: ServerConnection) -> None:
        await replay_server(ws, lines, log)

    async with serve(handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        state = await asyncio.wait_for(run_client(f"ws://127.0.0.1:{port}"), timeout)
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

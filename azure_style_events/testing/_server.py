"""The replay server: a thin websocket edge around :class:`~._replay.Replay`.

:class:`ReplayServer` runs a ``websockets`` server on an event loop in a thread of its
own, so that it serves sync tests, asyncio and anyio tests alike.  Each connection gets
a fresh :class:`~._replay.Replay` of the recording (connections may overlap; each has
its own report).  The edge only moves frames and keeps time: every decision is the
replay's.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from typing import Iterable, List

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode

from ._recording import Expect, Recording, RecordingSource, load_recording
from ._replay import CLOSE, MATCHED, Replay, Report, missing_report
from ._thread import ThreadedServer

__all__ = ["DEFAULT_MAX_FRAME", "ReplayServer"]

#: The largest client frame taken by default (16 MiB); a larger one closes the connection (1009).
DEFAULT_MAX_FRAME = 16 * 1024 * 1024


class ReplayServer(ThreadedServer):
    """A websocket server that plays a recorded session to each client that connects.

    ``recording``: a path, lines, or a list of events, envelopes and :func:`expect`
    markers.  ``pace``: the share of each recorded gap to wait before a server event (0:
    none).  ``client_timeout``: seconds to wait for each expected client event.
    ``on_unexpected``: ``"wait"`` (report it, keep waiting) or ``"close"`` (report it,
    close with 1008).  ``optional``: client event types never waited for nor reported
    (e.g. ``{"input_audio_buffer.append"}``).  ``frames``: send ``"text"``, ``"binary"``
    or ``"alternate"`` frames.  ``max_frame``: the largest client frame, in bytes.
    """

    def __init__(
        self,
        recording: RecordingSource,
        *,
        protocol: str = "auto",
        pace: float = 0.0,
        host: str = "127.0.0.1",
        port: int = 0,
        client_timeout: float = 5.0,
        on_unexpected: str = "wait",
        optional: Iterable[str] = (),
        frames: str = "text",
        max_frame: int = DEFAULT_MAX_FRAME,
    ) -> None:
        if frames not in ("text", "binary", "alternate"):
            raise ValueError(f"frames is 'text', 'binary' or 'alternate', not {frames!r}")
        if on_unexpected not in ("wait", "close"):
            raise ValueError(f"on_unexpected is 'wait' or 'close', not {on_unexpected!r}")
        if not 0 <= float(pace) < math.inf:  # (false for nan too)
            raise ValueError(f"pace is a finite share of 0 or more, not {pace!r}")
        if not 0 < float(client_timeout) < math.inf:
            raise ValueError(f"client_timeout is a finite number of seconds above 0, not {client_timeout!r}")
        super().__init__(host, port, max_frame)
        self.recording: Recording = load_recording(recording, protocol, optional)
        self.pace, self.client_timeout = float(pace), float(client_timeout)
        self._frames, self._on_unexpected = frames, on_unexpected
        #: One report per connection, in the order they came.
        self.reports: List[Report] = []
        self._active = 0
        self._changed = threading.Condition()

    # -- the public view -------------------------------------------------------------------

    @property
    def report(self) -> Report:
        """The latest connection's report; with no connection yet, every recorded client event is missing."""
        with self._changed:
            return self.reports[-1] if self.reports else missing_report(self.recording)

    def wait(self, timeout: float = 5.0) -> bool:
        """Wait until a client came and every connection's replay ended; ``False`` on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: bool(self.reports) and self._active == 0, timeout)

    async def _handle(self, ws: ServerConnection) -> None:
        path = ws.request.path.split("?", 1)[0] if ws.request is not None else ""
        replay = Replay(self.recording, on_unexpected=self._on_unexpected, path=path)
        with self._changed:
            self.reports.append(replay.report)
            self._active += 1
        try:
            await _Connection(ws, replay, self).play()
        finally:
            replay.finish()
            with self._changed:
                self._active -= 1
                self._changed.notify_all()


class _Connection:
    """One client: a reader task hands frames to the replay while the player walks the steps."""

    def __init__(self, ws: ServerConnection, replay: Replay, server: ReplayServer) -> None:
        self.ws, self.replay, self.server = ws, replay, server
        self.arrived = asyncio.Event()
        self.sent = 0

    async def play(self) -> None:
        reader = asyncio.ensure_future(self._read())
        try:
            await self._walk(reader)
        except ConnectionClosed:
            self.replay.stop()
        finally:
            await self._close(reader)

    async def _walk(self, reader: "asyncio.Future[None]") -> None:
        replay = self.replay
        while True:
            step = replay.next_step()
            if step is None:
                return
            if isinstance(step, Expect):
                if not await self._await_client(reader):
                    return
                continue
            if step.gap and self.server.pace:
                await asyncio.sleep(step.gap * self.server.pace)
            binary = self._binary()
            await self.ws.send(step.text.encode("utf-8") if binary else step.text)
            replay.sent(time.time(), binary)

    def _binary(self) -> bool:
        """Whether the next server frame goes as a binary frame (``frames``: text, binary, or by turns)."""
        mode = self.server._frames
        self.sent += 1
        return mode == "binary" or (mode == "alternate" and self.sent % 2 == 0)

    async def _await_client(self, reader: "asyncio.Future[None]") -> bool:
        """Wait for the expected client event; ``False`` when the replay cannot go on."""
        loop = asyncio.get_running_loop()
        timeout = self.server.client_timeout
        deadline = loop.time() + timeout
        while True:
            verdict = self.replay.take_expected()
            if verdict is MATCHED:
                return True
            if verdict is CLOSE or reader.done():
                return False
            self.arrived.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                self.replay.timed_out(timeout)
                return False
            try:
                await asyncio.wait_for(self.arrived.wait(), remaining)
            except asyncio.TimeoutError:
                pass

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                self.replay.receive(frame, time.time())
                self.arrived.set()
        except ConnectionClosed as exc:
            if exc.sent is not None and exc.sent.code == CloseCode.MESSAGE_TOO_BIG:
                self.replay.too_large(self.server.max_frame)
        finally:
            self.arrived.set()

    async def _close(self, reader: "asyncio.Future[None]") -> None:
        reason = self.replay.close_reason
        self.replay.stop()
        try:
            await self.ws.close(CloseCode.POLICY_VIOLATION if reason else CloseCode.NORMAL_CLOSURE, reason[:120])
        except ConnectionClosed:
            pass
        await reader

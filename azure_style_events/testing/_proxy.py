"""The recorder: a websocket proxy that writes every frame, as it passes, as an envelope line.

The logic is sans I/O: :func:`upstream_url` joins the upstream's address and the path
and query the client asked for, :func:`forwarded_headers` picks the client's headers
that go upstream (its credentials among them; they are never written), and
:func:`envelope_line` makes the line a frame is recorded as.  :class:`RecordingProxy`
is the edge: it accepts a client, opens the upstream connection and pumps frames both
ways unchanged (text stays text, binary stays binary), flushing each line.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import os
from typing import IO, Any, Dict, List, Mapping, Optional, Tuple, Union
from urllib.parse import urlsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.frames import CloseCode

from .._core._jsontext import DECODE_ERRORS, loads_strict
from ._server import DEFAULT_MAX_FRAME
from ._thread import LOG, ThreadedServer

__all__ = ["RecordingProxy", "envelope_line", "forwarded_headers", "upstream_url"]

# The handshake's own headers: the proxy's connection upstream makes its own.
_HOP = frozenset(
    {
        "host",
        "connection",
        "upgrade",
        "keep-alive",
        "te",
        "trailer",
        "transfer-encoding",
        "content-length",
        "proxy-authorization",
        "proxy-connection",
        "sec-websocket-key",
        "sec-websocket-version",
        "sec-websocket-extensions",
        "sec-websocket-protocol",
        "sec-websocket-accept",
    }
)


def upstream_url(upstream: str, request_path: str) -> str:
    """``upstream`` (``ws``/``wss``/``http``/``https``, maybe with a path prefix) + the client's path and query."""
    parts = urlsplit(upstream)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    if scheme not in ("ws", "wss") or not parts.netloc:
        raise ValueError(f"the upstream is a ws://, wss://, http:// or https:// address, not {upstream!r}")
    prefix = parts.path.rstrip("/")
    path, _, query = request_path.partition("?")
    joined = "&".join(q for q in (parts.query, query) if q)
    return f"{scheme}://{parts.netloc}{prefix}{path or '/'}" + (f"?{joined}" if joined else "")


def forwarded_headers(headers: Any, overrides: Optional[Mapping[str, str]] = None) -> List[Tuple[str, str]]:
    """The client's headers that go upstream (not the handshake's own), ``overrides`` replacing same-named ones.

    ``headers``: the handshake's ``Headers`` (or any object with ``raw_items()``).
    """
    extra = dict(overrides or {})
    dropped = _HOP | {name.lower() for name in extra}
    kept = [(name, value) for name, value in headers.raw_items() if name.lower() not in dropped]
    return kept + list(extra.items())


def envelope_line(frame: Union[str, bytes], source: str, at: datetime.datetime) -> Optional[str]:
    """The JSON line a frame is recorded as; ``None`` for a frame that is no event."""
    try:
        event = loads_strict(frame)
    except DECODE_ERRORS:
        return None
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        return None
    envelope = {"time": at.isoformat().replace("+00:00", "Z"), "source": source, "event": event}
    return json.dumps(envelope, ensure_ascii=False) + "\n"


class RecordingProxy(ThreadedServer):
    """Forward each client to ``upstream`` and write the frames both ways to ``out``.

    ``out``: a path (created, or emptied) or a text stream.  ``headers``: headers sent
    upstream in place of the client's same-named ones (e.g. a real key).  Frames that
    are no event are forwarded but not written (counted in ``skipped``).
    """

    def __init__(
        self,
        upstream: str,
        out: Union[str, "os.PathLike[str]", IO[str]],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        headers: Optional[Mapping[str, str]] = None,
        max_frame: int = DEFAULT_MAX_FRAME,
        open_timeout: float = 10.0,
    ) -> None:
        super().__init__(host, port, max_frame)
        upstream_url(upstream, "/")  # a bad address fails here, not at the first client
        self.upstream, self.open_timeout = upstream, open_timeout
        self._headers: Dict[str, str] = dict(headers or {})
        self._out, self._owned = out, isinstance(out, (str, os.PathLike))
        self._stream: Optional[IO[str]] = None
        self.written = self.skipped = 0
        #: What went wrong with each upstream connection that failed (no header value).
        self.failures: List[str] = []

    def start(self) -> "RecordingProxy":
        out = self._out
        if isinstance(out, (str, os.PathLike)):
            self._stream = open(os.fspath(out), "w", encoding="utf-8")
        else:
            self._stream = out
        return super().start()

    def stop(self) -> None:
        super().stop()
        if self._owned and self._stream is not None:
            self._stream.close()
        self._stream = None

    async def _handle(self, ws: ServerConnection) -> None:
        request = ws.request
        if request is None:
            return
        url = upstream_url(self.upstream, request.path)
        try:
            async with connect(
                url,
                additional_headers=forwarded_headers(request.headers, self._headers),
                user_agent_header=None,
                max_size=self.max_frame,
                open_timeout=self.open_timeout,
                logger=LOG,
            ) as upstream:
                await self._pump(ws, upstream)
        except (OSError, InvalidHandshake, InvalidURI, asyncio.TimeoutError) as exc:
            self.failures.append(f"{urlsplit(url).netloc}: {type(exc).__name__}: {exc}")
            await ws.close(CloseCode.INTERNAL_ERROR, "the upstream could not be reached")

    async def _pump(self, client: ServerConnection, upstream: ClientConnection) -> None:
        ways = [
            asyncio.ensure_future(self._forward(client, upstream, "client")),
            asyncio.ensure_future(self._forward(upstream, client, "server")),
        ]
        await asyncio.wait(ways, return_when=asyncio.FIRST_COMPLETED)
        for way in ways:
            way.cancel()
        await asyncio.gather(*ways, return_exceptions=True)
        await asyncio.gather(client.close(), upstream.close(), return_exceptions=True)

    async def _forward(self, source: Any, target: Any, side: str) -> None:
        try:
            async for frame in source:
                self._write(frame, side)
                await target.send(frame)
        except ConnectionClosed:
            pass

    def _write(self, frame: Union[str, bytes], side: str) -> None:
        line = envelope_line(frame, side, datetime.datetime.now(datetime.timezone.utc))
        stream = self._stream
        if line is None or stream is None:
            self.skipped += 1
            return
        stream.write(line)
        stream.flush()
        self.written += 1

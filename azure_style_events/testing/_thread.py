"""A websocket server on an event loop in a thread of its own: the edge both servers share.

:class:`ThreadedServer` binds in :meth:`~ThreadedServer.start` (returning when the port
is bound, or raising what binding raised), serves until :meth:`~ThreadedServer.stop`, and
is a context manager both ways (``with`` and ``async with``).  A subclass gives the
connection handler.  Running in its own thread, the server answers whatever the caller's
own style is: a sync test, an asyncio or anyio one, or a client on the caller's loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from types import TracebackType
from typing import Optional, Type, TypeVar

from websockets.asyncio.server import Server, ServerConnection, serve

from .._core._limits import byte_limit

__all__ = ["LOG", "ThreadedServer"]

# Quiet unless the user configures logging: a client that goes away is no error of ours.
LOG = logging.getLogger("azure_style_events.testing")
LOG.addHandler(logging.NullHandler())
LOG.propagate = False

_S = TypeVar("_S", bound="ThreadedServer")


class ThreadedServer:
    """Serve ``_handle`` on ``host:port`` (0: a free port) from a background thread."""

    def __init__(self, host: str, port: int, max_frame: int) -> None:
        if not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError(f"port is 0-65535 (0: any free one), not {port!r}")
        self.host, self._port, self.max_frame = host, port, byte_limit(max_frame, "max_frame")
        self._thread: Optional[threading.Thread] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._stopping: Optional[asyncio.Future[None]] = None
        self._failure: Optional[BaseException] = None

    @property
    def port(self) -> int:
        """The bound port (the one asked for until started)."""
        return self._port

    @property
    def url(self) -> str:
        """The server's ``ws://host:port`` address (valid once started)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"ws://{host}:{self._port}"

    async def _handle(self, ws: ServerConnection) -> None:
        raise NotImplementedError

    def start(self: _S) -> _S:
        """Start serving in a background thread; returns once the port is bound."""
        if self._thread is not None:
            raise RuntimeError("the server is already started")
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name="asev-server", daemon=True)
        self._thread.start()
        ready.wait()
        if self._failure is not None:
            self._thread.join()
            self._thread, failure, self._failure = None, self._failure, None
            raise failure
        return self

    def stop(self) -> None:
        """Close every connection and the server; returns when its thread has ended."""
        thread, loop, stopping = self._thread, self._loop, self._stopping
        if thread is None or loop is None or stopping is None:
            return
        loop.call_soon_threadsafe(_settle, stopping)
        thread.join()
        self._thread = self._loop = self._stopping = None

    def __enter__(self: _S) -> _S:
        return self.start()

    def __exit__(self, kind: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.stop()

    async def __aenter__(self: _S) -> _S:
        return await asyncio.get_running_loop().run_in_executor(None, self.start)

    async def __aexit__(
        self, kind: Optional[Type[BaseException]], exc: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self.stop)

    def _run(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._serve(loop, ready))
        except BaseException as exc:  # noqa: BLE001 - handed to start(), which raises it in the caller's thread
            self._failure = exc
        finally:
            ready.set()
            loop.close()

    async def _serve(self, loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
        self._stopping = loop.create_future()
        server = await serve(self._handle, self.host, self._port, max_size=self.max_frame, logger=LOG)
        try:
            self._port = _bound_port(server)
            self._loop = loop
            ready.set()
            await self._stopping
        finally:
            server.close()
            await server.wait_closed()


def _settle(future: "asyncio.Future[None]") -> None:
    if not future.done():
        future.set_result(None)


def _bound_port(server: Server) -> int:
    for sock in server.sockets:
        port: int = sock.getsockname()[1]
        return port
    raise OSError("the server bound no socket")

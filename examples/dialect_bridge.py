"""A websocket bridge between dialects: a client that speaks one talks to a server that speaks another.

    python examples/dialect_bridge.py --listen 127.0.0.1:8765 --upstream ws://HOST/PATH \\
        --client-dialect openai-beta --server-dialect openai

Each connection opens one to the upstream server, forwarding the client's path and query
and the headers an SDK authenticates with.  Every frame is converted on its way: client
events from the client's dialect to the server's, server events back, with one
``Converter`` per direction and per connection (a converter keeps the state of its
stream).  What a target cannot carry is logged; frames keep flowing.  The conversion
itself knows no socket: this file is only the edge around it.

Needs the ``websockets`` package (in the ``testing`` extra).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from typing import Any, Dict, List, Optional

from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection, serve

from azure_style_events import Converter

log = logging.getLogger("dialect_bridge")
#: Headers passed upstream: what the SDKs authenticate and identify themselves with.
FORWARDED = ("authorization", "api-key", "openai-beta", "user-agent")


async def pump(source: Any, sink: Any, converter: Converter, direction: str) -> None:
    """Convert and forward every frame from ``source`` to ``sink`` until one side closes."""
    async for frame in source:
        seen = len(converter.losses)
        for event in converter.convert(frame):
            await sink.send(json.dumps(event))
        for loss in converter.losses[seen:]:
            log.info("%s: %s", direction, loss)


def bridge(upstream: str, client_dialect: str, server_dialect: str) -> Any:
    """A handler for ``websockets.serve``: one upstream connection and two converters per client."""

    async def handle(client: ServerConnection) -> None:
        request = client.request
        path = request.path if request is not None else ""
        headers: Dict[str, str] = {}
        if request is not None:
            headers = {name: value for name, value in request.headers.raw_items() if name.lower() in FORWARDED}
        async with connect(upstream.rstrip("/") + path, additional_headers=headers) as server:
            await _both_ways(client, server, client_dialect, server_dialect)

    return handle


async def _both_ways(client: ServerConnection, server: ClientConnection, client_dialect: str, server_dialect: str) -> None:
    up = asyncio.ensure_future(pump(client, server, Converter(client_dialect, server_dialect), "client->server"))
    down = asyncio.ensure_future(pump(server, client, Converter(server_dialect, client_dialect), "server->client"))
    done, pending = await asyncio.wait({up, down}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    for task in done:
        task.result()


async def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="A websocket bridge between realtime dialects.")
    parser.add_argument("--listen", default="127.0.0.1:8765")
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--client-dialect", required=True)
    parser.add_argument("--server-dialect", required=True)
    args = parser.parse_args(argv)
    host, _, port = args.listen.rpartition(":")
    logging.basicConfig(level=logging.INFO)
    handler = bridge(args.upstream, args.client_dialect, args.server_dialect)
    async with serve(handler, host, int(port)) as server:
        print(f"bridging ws://{args.listen} ({args.client_dialect}) to {args.upstream} ({args.server_dialect})")
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())

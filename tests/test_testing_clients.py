"""Real SDK clients against ReplayServer, on loopback: the ``openai`` SDK's realtime
connection (GA sync and async, beta, Azure OpenAI) and ``azure-ai-voicelive``'s (async, aiohttp).

Each client is pointed at the server the way its users would point it at a local
endpoint, plays the client side of a recorded session and receives every server event;
the server's report is clean.  Skipped, with the reason, where the SDK is not installed.
"""

import asyncio

import pytest

pytest.importorskip("websockets.asyncio.server")

from replay_clients import DATA, events, is_client

from azure_style_events.testing import ReplayServer

pytestmark = pytest.mark.slow  # real clients and subprocesses: seconds each

KEY = "sk-never-stored"
# The openai SDK's sync connection (pinned to websockets<16) warns under websockets 17.
SYNC_OPENAI = pytest.mark.filterwarnings("ignore:connect\\(\\) must be used as a context manager:DeprecationWarning")


def run(coroutine, seconds=20):
    return asyncio.run(asyncio.wait_for(coroutine, seconds))


def check_clean(server, dialect, recorded, received):
    assert received == [event["type"] for event in recorded if not is_client(dialect, event)]
    report = server.report
    report.assert_clean()
    assert report.finished
    assert KEY not in repr(report)


@SYNC_OPENAI
def test_openai_ga_sync_client_with_websocket_base_url():
    openai = pytest.importorskip("openai", reason="the openai SDK is not installed")
    recorded = events("openai_session.jsonl")
    with ReplayServer(DATA / "openai_session.jsonl") as server:
        client = openai.OpenAI(api_key=KEY, websocket_base_url=server.url + "/v1")
        received = []
        with client.realtime.connect(model="gpt-realtime") as conn:
            for event in recorded:
                if is_client("openai", event):
                    conn.send(event)
                else:
                    received.append(conn.recv().type)
    check_clean(server, "openai", recorded, received)
    assert server.report.path == "/v1/realtime"


@SYNC_OPENAI
def test_azure_openai_client_with_an_api_key_and_a_deployment():
    openai = pytest.importorskip("openai", reason="the openai SDK is not installed")
    recorded = events("openai_session.jsonl")
    with ReplayServer(DATA / "openai_session.jsonl") as server:
        client = openai.AzureOpenAI(
            api_key=KEY,
            api_version="2025-08-28",
            azure_endpoint="https://unused.invalid",
            websocket_base_url=server.url + "/openai",
        )
        received = []
        with client.realtime.connect(model="my-deployment") as conn:  # sent as ?deployment=, the key as api-key
            for event in recorded:
                if is_client("openai", event):
                    conn.send(event)
                else:
                    received.append(conn.recv().type)
    check_clean(server, "openai", recorded, received)
    assert server.report.path == "/openai/realtime"


def test_openai_ga_async_client_with_an_http_base_url(capfd):
    openai = pytest.importorskip("openai", reason="the openai SDK is not installed")
    recorded = events("openai_session.jsonl")

    async def main(url):
        client = openai.AsyncOpenAI(api_key=KEY, base_url=url.replace("ws://", "http://") + "/v1")
        received = []
        async with client.realtime.connect(model="gpt-realtime") as conn:
            for event in recorded:
                if is_client("openai", event):
                    await conn.send(event)
                else:
                    received.append((await conn.recv()).type)
        return received

    with ReplayServer(DATA / "openai_session.jsonl") as server:
        received = run(main(server.url))
    check_clean(server, "openai", recorded, received)
    assert capfd.readouterr() == ("", "")


@SYNC_OPENAI
def test_openai_beta_client_with_websocket_base_url():
    openai = pytest.importorskip("openai", reason="the openai SDK is not installed")
    recorded = events("openai_beta_session.jsonl")
    with ReplayServer(DATA / "openai_beta_session.jsonl", protocol="openai-beta") as server:
        client = openai.OpenAI(api_key=KEY, websocket_base_url=server.url + "/v1")
        received = []
        with client.beta.realtime.connect(model="gpt-4o-realtime-preview") as conn:
            for event in recorded:
                if is_client("openai-beta", event):
                    conn.send(event)
                else:
                    received.append(conn.recv().type)
    check_clean(server, "openai-beta", recorded, received)


def test_azure_ai_voicelive_async_client_with_an_http_endpoint(capfd):
    pytest.importorskip("aiohttp", reason="azure-ai-voicelive's connection needs aiohttp")
    voicelive = pytest.importorskip("azure.ai.voicelive.aio", reason="azure-ai-voicelive is not installed")
    from azure.core.credentials import AzureKeyCredential

    recorded = events("voicelive_session.jsonl")

    async def main(url):
        received = []
        endpoint = url.replace("ws://", "http://")
        async with voicelive.connect(endpoint=endpoint, credential=AzureKeyCredential(KEY), model="gpt-realtime") as conn:
            for event in recorded:
                if is_client("voicelive", event):
                    await conn.send(event)
                else:
                    received.append((await conn.recv()).type)
        return received

    with ReplayServer(DATA / "voicelive_session.jsonl") as server:
        received = run(main(server.url))
    check_clean(server, "voicelive", recorded, received)
    assert server.report.path == "/voice-live/realtime"
    assert capfd.readouterr() == ("", "")  # the server is quiet when the client behaves

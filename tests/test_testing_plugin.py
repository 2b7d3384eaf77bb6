"""The pytest plugin: ``realtime_replay`` and ``realtime_cassette`` in a test run of their own.

The fixtures serve sync tests, anyio tests and (where pytest-asyncio is installed)
asyncio tests alike; a client that breaks the replayed session fails its test at
teardown unless ``check=False``; a cassette is recorded in one test and replayed in the
next; CI refuses to record.
"""

import importlib.util

import pytest

pytest.importorskip("websockets.asyncio.server")

from azure_style_events.testing import ReplayServer

pytest_plugins = ["pytester"]

HAS_ASYNCIO_PLUGIN = importlib.util.find_spec("pytest_asyncio") is not None
HAS_ANYIO = importlib.util.find_spec("anyio") is not None

CLIENT = """
import asyncio, json
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

SCRIPT = [
    {"type": "session.created", "event_id": "e1", "session": {"type": "realtime"}},
    {"type": "session.update", "session": {"type": "realtime"}},
    {"type": "session.updated", "event_id": "e2", "session": {"type": "realtime"}},
]

async def client(url, send=True):
    async with connect(url) as ws:
        await ws.recv()
        if send:
            await ws.send(json.dumps({"type": "session.update", "session": {"type": "realtime"}}))
        try:
            while True:
                await ws.recv()
        except ConnectionClosed:
            pass
"""

STYLES = """
def test_sync(realtime_replay):
    server = realtime_replay(SCRIPT, protocol="openai")
    asyncio.run(client(server.url))

def test_broken(realtime_replay):
    server = realtime_replay(SCRIPT, protocol="openai", client_timeout=0.2)
    asyncio.run(client(server.url, send=False))

def test_unchecked(realtime_replay):
    server = realtime_replay(SCRIPT, protocol="openai", client_timeout=0.2, check=False)
    asyncio.run(client(server.url, send=False))
"""

ANYIO = """
@pytest.mark.anyio
async def test_anyio(realtime_replay):
    server = realtime_replay(SCRIPT, protocol="openai")
    await client(server.url)
"""

ASYNCIO = """
@pytest.mark.asyncio
async def test_asyncio(realtime_replay):
    server = realtime_replay(SCRIPT, protocol="openai")
    await client(server.url)
"""

CASSETTES = """
def test_first_records(realtime_cassette):
    cassette = realtime_cassette("cassettes/session.jsonl")
    assert cassette.mode == "record"
    asyncio.run(client(cassette.url))

def test_then_replays(realtime_cassette):
    cassette = realtime_cassette("cassettes/session.jsonl")
    assert cassette.mode == "replay"
    asyncio.run(client(cassette.url))
"""


@pytest.fixture
def inner(pytester, pytestconfig, monkeypatch):
    """Run a test file in a pytest of its own, with the plugin loaded; the outcomes."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("ASEV_RECORD_UPSTREAM", raising=False)
    if HAS_ASYNCIO_PLUGIN:
        pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    loaded = pytestconfig.pluginmanager.hasplugin("azure_style_events")
    plugin = [] if loaded else ["-p", "azure_style_events._pytest_plugin"]

    def run(source, *args):
        pytester.makepyfile(test_inner=CLIENT + source)
        return pytester.runpytest_inprocess(*plugin, "-p", "no:cacheprovider", *args)

    return run


def test_the_fixture_serves_every_test_style_and_fails_a_broken_client_at_teardown(inner):
    source = STYLES + (ANYIO if HAS_ANYIO else "") + (ASYNCIO if HAS_ASYNCIO_PLUGIN else "")
    result = inner(source)
    result.assert_outcomes(passed=3 + HAS_ANYIO + HAS_ASYNCIO_PLUGIN, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_broken*", "*[[]client-timeout[]] no session.update*"])
    assert "test_unchecked" not in "\n".join(line for line in result.outlines if "ERROR" in line)


def test_a_cassette_is_recorded_in_one_test_and_replayed_in_the_next(inner, pytester):
    live = ReplayServer(CLIENT_SCRIPT, protocol="openai").start()  # stands in for the live service
    try:
        result = inner(CASSETTES, f"--realtime-record={live.url}")
    finally:
        live.stop()
    result.assert_outcomes(passed=2)
    assert len(live.reports) == 1  # recorded once, through the proxy; then replayed locally
    assert (pytester.path / "cassettes" / "session.jsonl").exists()


def test_ci_refuses_to_record_a_missing_cassette(inner, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = inner(CASSETTES, "--realtime-record=ws://127.0.0.1:9")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*cassettes/session.jsonl is missing, and CI is set*"])


CLIENT_SCRIPT = [
    {"type": "session.created", "event_id": "e1", "session": {"type": "realtime"}},
    {"type": "session.update", "session": {"type": "realtime"}},
    {"type": "session.updated", "event_id": "e2", "session": {"type": "realtime"}},
]

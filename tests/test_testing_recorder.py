"""The recorder (a proxy that writes each frame as an envelope), cassettes, and the ``serve``
and ``record`` commands, with a ReplayServer standing in for the live service.

A session recorded through the proxy replays to the same conversation and holds no
header value; a cassette is recorded once and replayed after; CI never records by
accident.  Everything runs on loopback with bounded waits.
"""

import asyncio
import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("websockets.asyncio.server")

from replay_clients import DATA, events, is_client, play
from websockets.asyncio.client import connect
from websockets.asyncio.server import serve

from azure_style_events import ConversationState
from azure_style_events.testing import Cassette, CassetteError, RecordingProxy, ReplayServer, scrub
from azure_style_events.testing._proxy import upstream_url

pytestmark = pytest.mark.slow  # real clients and subprocesses: seconds each

ROOT = Path(__file__).resolve().parent.parent
GA = DATA / "openai_session.jsonl"
SECRET = "header-secret-value"


def run(coroutine, seconds=20):
    return asyncio.run(asyncio.wait_for(coroutine, seconds))


async def play_with_key(url, recorded):
    """The plain client, sending credentials as an SDK would (headers and query)."""
    headers = {"Authorization": f"Bearer {SECRET}", "api-key": SECRET}
    return await play(url + "/v1/realtime?model=gpt-realtime", recorded, "openai", headers=headers)


def unwrap(path):
    lines = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
    assert all(set(line) == {"time", "source", "event"} for line in lines)
    return lines


def conversation(entries):
    state = ConversationState("openai")
    for entry in entries:
        state.apply(entry.get("event", entry))
    state.end()
    return state.transcript(), state.summary()["responses"], [p.code for p in state.problems]


def test_a_session_recorded_through_the_proxy_replays_to_the_same_conversation(tmp_path):
    recorded = events(GA.name)
    out = tmp_path / "recorded.jsonl"
    with ReplayServer(GA) as upstream, RecordingProxy(upstream.url, out) as proxy:
        run(play_with_key(proxy.url, recorded))
    upstream.report.assert_clean()
    assert upstream.report.path == "/v1/realtime"  # the client's path went upstream
    assert SECRET not in out.read_text(encoding="utf-8")
    envelopes = unwrap(out)
    assert [e["event"] for e in envelopes if e["source"] == "server"] == [e for e in recorded if not is_client("openai", e)]
    assert [e["event"] for e in envelopes if e["source"] == "client"] == [e for e in recorded if is_client("openai", e)]
    assert conversation(envelopes) == conversation(recorded)
    # The recording replays: the same client, driven by it, gets the same session.
    again = [e["event"] for e in envelopes]
    with ReplayServer(out) as replayed:
        run(play(replayed.url, again, "openai"))
    replayed.report.assert_clean()


def test_the_proxy_forwards_headers_upstream_and_never_writes_them(tmp_path):
    seen = {}

    async def main():
        async def upstream(ws):
            seen["api-key"] = ws.request.headers.get("api-key")
            seen["path"] = ws.request.path
            await ws.send(json.dumps({"type": "session.created", "session": {}}))
            await ws.recv()

        async with serve(upstream, "127.0.0.1", 0) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            with RecordingProxy(f"ws://127.0.0.1:{port}/openai", tmp_path / "out.jsonl") as proxy:
                url = proxy.url + "/realtime?api-version=2025-08-28&deployment=d"
                async with connect(url, additional_headers={"api-key": SECRET}) as ws:
                    await ws.recv()
                    await ws.send(json.dumps({"type": "session.update", "session": {}}))
                    await ws.wait_closed()

    run(main())
    assert seen == {"api-key": SECRET, "path": "/openai/realtime?api-version=2025-08-28&deployment=d"}
    text = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert SECRET not in text
    assert [e["event"]["type"] for e in unwrap(tmp_path / "out.jsonl")] == ["session.created", "session.update"]


def test_upstream_url_keeps_the_prefix_and_joins_the_query():
    assert (
        upstream_url("https://res.example/base/", "/voice-live/realtime?model=m")
        == "wss://res.example/base/voice-live/realtime?model=m"
    )
    assert upstream_url("ws://h:1?a=1", "/v1/realtime?model=m") == "ws://h:1/v1/realtime?a=1&model=m"
    with pytest.raises(ValueError):
        upstream_url("ftp://h", "/")


def test_a_cassette_is_recorded_once_then_replayed_with_the_same_conversation(tmp_path):
    recorded = events(GA.name)
    cassette_path = tmp_path / "cassettes" / "trip.jsonl"
    with ReplayServer(GA) as live:
        with Cassette(cassette_path, upstream=live.url, env={}) as cassette:
            assert cassette.mode == "record"
            run(play_with_key(cassette.url, recorded))
    assert cassette_path.exists() and not cassette_path.with_name("trip.jsonl.partial").exists()
    assert SECRET not in cassette_path.read_text(encoding="utf-8")
    first = conversation(unwrap(cassette_path))
    with Cassette(cassette_path, upstream="ws://127.0.0.1:9", env={}) as cassette:  # the file exists: no upstream is used
        assert cassette.mode == "replay"
        run(play(cassette.url, [e["event"] for e in unwrap(cassette_path)], "openai"))
    assert cassette.reports and not any(report.problems for report in cassette.reports)
    assert first == conversation(scrub(recorded))  # the cassette is saved scrubbed: its words are generated


def test_a_missing_cassette_is_never_recorded_in_ci_by_accident(tmp_path):
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(CassetteError, match="--realtime-record"):
        Cassette(missing, env={})
    with pytest.raises(CassetteError, match="CI is set"):
        Cassette(missing, env={"CI": "true", "ASEV_RECORD_UPSTREAM": "wss://live.example"})
    assert (
        Cassette(missing, env={"CI": "true", "ASEV_RECORD_UPSTREAM": "wss://live.example", "ASEV_RECORD_FORCE": "1"}).mode
        == "record"
    )
    assert Cassette(missing, upstream="wss://live.example", env={"CI": "true"}, force=True).mode == "record"


# -- the commands ------------------------------------------------------------------------------


def start(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "azure_style_events", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready, _, _ = select.select([process.stdout], [], [], 20)
    if not ready:
        process.kill()
        pytest.fail("the command printed no address")
    line = process.stdout.readline()
    return process, line.split(" at ")[-1].split()[0] if " at " in line else line.split()[1]


def interrupt(process):
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    return process.returncode, out, err


POSIX = pytest.mark.skipif(sys.platform == "win32", reason="Ctrl-C is sent as SIGINT")


@POSIX
def test_serve_prints_its_address_replays_and_sums_up_on_ctrl_c():
    recorded = events(GA.name)
    process, url = start("serve", str(GA))
    assert url.startswith("ws://127.0.0.1:")
    run(play(url, recorded, "openai"))
    code, out, err = interrupt(process)
    assert "connection 1 (/): the whole recording, 0 problem(s)" in out
    assert "1 connection(s), 0 problem(s)" in out
    assert (code, err) == (0, "")


@POSIX
def test_record_writes_every_frame_and_the_file_is_complete_after_ctrl_c(tmp_path):
    recorded = events(GA.name)
    out_file = tmp_path / "live.jsonl"
    with ReplayServer(GA) as live:
        process, url = start("record", "--upstream", live.url, "--out", str(out_file))
        run(play_with_key(url, recorded))
        code, out, err = interrupt(process)
    assert (code, err) == (0, "")
    assert f"wrote {len(recorded)} frame(s)" in out
    assert len(unwrap(out_file)) == len(recorded)


def test_the_commands_say_what_is_wrong_without_a_traceback(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for args in (
        ["serve", str(tmp_path / "none.jsonl")],
        ["record", "--upstream", "ftp://x", "--out", str(tmp_path / "o")],
        ["serve", "--port", "99999", str(GA)],
        ["serve", "--port", "-5", str(GA)],
        ["record", "--upstream", "ws://127.0.0.1:1", "--listen", "127.0.0.1:70000", "--out", str(tmp_path / "o")],
        *(["serve", "--max-frame", mib, str(GA)] for mib in ("inf", "1e400", "nan", "0", "-1", "lots")),
        ["record", "--upstream", "ws://127.0.0.1:1", "--max-frame", "inf", "--out", str(tmp_path / "o")],
        ["serve", "--pace", "nan", str(GA)],
        ["serve", "--client-timeout", "-1", str(GA)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "azure_style_events", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
        )
        assert done.returncode == 2
        assert "Traceback" not in done.stderr and "error:" in done.stderr

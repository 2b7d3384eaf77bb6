"""ReplayServer: a recorded session played to a client over loopback, and the client judged.

A well-behaved client gets every recorded server event in order and leaves a clean report;
each misbehaviour (one per test) shows up as the problem a user would look for.  Every
exchange is bounded in time.
"""

import asyncio
import datetime
import json
import time
import timeit

import pytest

pytest.importorskip("websockets.asyncio.server")

from replay_clients import events, is_client, play
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from azure_style_events.testing import Expect, RecordingError, ReplayServer, expect, load_recording

SESSIONS = [
    ("openai_session.jsonl", "openai"),
    ("openai_beta_session.jsonl", "openai-beta"),
    ("voicelive_session.jsonl", "voicelive"),
]
GA = "openai_session.jsonl"


def run(coroutine, seconds=20):
    return asyncio.run(asyncio.wait_for(coroutine, seconds))


def codes(server):
    return [problem.code for problem in server.report.problems]


def replay(name, dialect="openai", change=None, after=None, stop_at=None, **options):
    """Serve the recording ``name`` and play it with the plain client (maybe changed); the stopped server."""
    recorded = events(name)
    with ReplayServer(recorded, client_timeout=options.pop("client_timeout", 3), **options) as server:
        run(play(server.url + "/v1/realtime?model=gpt-realtime", recorded, dialect, change, after, stop_at))
    return server


@pytest.mark.parametrize(("name", "dialect"), SESSIONS)
def test_a_client_that_behaves_gets_every_server_event_and_a_clean_report(name, dialect):
    recorded = events(name)
    with ReplayServer(DATA_PATH(name)) as server:
        received = run(play(server.url, recorded, dialect))
    assert server.recording.dialect.name == dialect  # detected from the recording
    assert received == [event["type"] for event in recorded if not is_client(dialect, event)]
    report = server.report
    assert [frame.type for frame in report.frames_in] == [event["type"] for event in recorded if is_client(dialect, event)]
    assert report.finished
    report.assert_clean()


def DATA_PATH(name):
    from replay_clients import DATA

    return DATA / name


def test_a_wrong_typed_field_is_a_schema_problem():
    def change(event):
        return [dict(event, response={"instructions": 42})] if event["type"] == "response.create" else [event]

    server = replay(GA, change=change)
    assert codes(server) == ["schema"]
    problem = server.report.problems[0]
    assert problem.event_type == "response.create" and "instructions" in problem.message
    with pytest.raises(AssertionError, match="instructions"):
        server.report.assert_clean()


def test_an_unknown_event_type_is_reported_and_the_replay_goes_on():
    def change(event):
        return [{"type": "conversation.item.bogus"}, event] if event["type"] == "conversation.item.create" else [event]

    server = replay(GA, change=change)
    assert codes(server) == ["unknown-event", "unexpected-event"]
    assert server.report.finished  # the replay kept waiting for the expected type, which came


def test_a_truncate_past_the_audio_received_is_a_protocol_problem():
    def change(event):
        return [dict(event, audio_end_ms=60_000)] if event["type"] == "conversation.item.truncate" else [event]

    server = replay(GA, change=change)
    assert "truncate-past-audio" in codes(server)


def test_a_response_create_while_one_is_active_is_a_protocol_problem():
    response = {"id": "resp_1", "object": "realtime.response", "output": []}
    script = [
        {"type": "session.created", "event_id": "e1", "session": {"type": "realtime"}},
        {"type": "response.create"},
        {"type": "response.created", "event_id": "e2", "response": dict(response, status="in_progress")},
        {"type": "response.cancel"},  # the server waits here while the response is active
        {"type": "response.done", "event_id": "e3", "response": dict(response, status="cancelled")},
    ]

    def after(server_type):
        return [{"type": "response.create"}] if server_type == "response.created" else []

    with ReplayServer(script, protocol="openai", client_timeout=3) as server:
        run(play(server.url, script, "openai", after=after))
    assert codes(server) == ["unexpected-event", "overlapping-response"]


def test_a_recorded_client_event_never_sent_is_missing():
    recorded = events(GA)
    last = len(recorded) - 2  # the client leaves before its final response.create
    assert recorded[last]["type"] == "response.create"
    server = replay(GA, stop_at=last)
    assert codes(server) == ["missing-events"]
    assert "response.create" in server.report.problems[0].message


def test_a_silent_client_times_out_and_the_rest_is_missing():
    with ReplayServer([expect("session.update"), expect("response.create")], protocol="openai", client_timeout=0.2) as server:

        async def silent():
            async with connect(server.url) as ws:
                with pytest.raises(ConnectionClosed):
                    await ws.recv()  # the server gives up and closes

        run(silent(), 5)
    assert codes(server) == ["client-timeout", "missing-events"]
    assert "response.create" in server.report.problems[1].message


def test_a_script_sends_its_events_and_waits_at_its_markers():
    script = [
        {"type": "session.created", "event_id": "e1", "session": {"type": "realtime"}},
        expect("session.update"),
        {"type": "session.updated", "event_id": "e2", "session": {"type": "realtime"}},
    ]

    async def client(url):
        async with connect(url) as ws:
            first = json.loads(await ws.recv())
            await ws.send(json.dumps({"type": "session.update", "session": {"type": "realtime"}}))
            second = json.loads(await ws.recv())
            return first["type"], second["type"]

    with ReplayServer(script, protocol="openai") as server:
        assert run(client(server.url)) == ("session.created", "session.updated")
    server.report.assert_clean()
    assert [type(step).__name__ for step in server.recording.steps] == ["Send", "Expect", "Send"]


def test_pace_waits_its_share_of_the_recorded_gap():
    envelopes = [
        {"time": "2026-01-01T00:00:00Z", "source": "server", "event": {"type": "session.created", "session": {}}},
        {"time": "2026-01-01T00:00:00.400Z", "source": "server", "event": {"type": "session.updated", "session": {}}},
    ]

    async def client(url):
        async with connect(url) as ws:
            await ws.recv()
            started = time.monotonic()
            await ws.recv()
            return time.monotonic() - started

    with ReplayServer(envelopes, protocol="openai", pace=0.5) as server:
        gap = run(client(server.url))
    assert 0.15 <= gap < 2.0


def test_a_frame_over_the_limit_is_refused_and_reported():
    with ReplayServer([expect("session.update")], protocol="openai", max_frame=1024) as server:

        async def big():
            async with connect(server.url) as ws:
                await ws.send(json.dumps({"type": "session.update", "session": {"instructions": "x" * 4096}}))
                with pytest.raises(ConnectionClosed) as closed:
                    await ws.recv()
                return closed.value.rcvd.code

        assert run(big(), 5) == 1009
    assert "frame-too-large" in codes(server)
    assert server.report.frames_in == []  # not held


def test_credentials_in_the_query_and_headers_are_taken_and_never_kept():
    script = [expect("session.update")]
    with ReplayServer(script, protocol="voicelive") as server:

        async def client():
            url = server.url + "/voice-live/realtime?api-version=2026-07-15&model=gpt-realtime&api-key=query-secret"
            headers = {"api-key": "header-secret", "Authorization": "Bearer token-secret"}
            async with connect(url, additional_headers=headers) as ws:
                await ws.send(json.dumps({"type": "session.update", "session": {"modalities": ["text"]}}))
                with pytest.raises(ConnectionClosed):
                    await ws.recv()

        run(client(), 5)
    report = server.report
    report.assert_clean()
    assert report.path == "/voice-live/realtime"
    assert "secret" not in repr(report) and "secret" not in repr(vars(server))


def test_each_connection_gets_a_fresh_replay():
    recorded = events(GA)
    with ReplayServer(recorded) as server:
        run(play(server.url, recorded, "openai"))
        run(play(server.url, recorded, "openai"))
    assert len(server.reports) == 2
    for report in server.reports:
        report.assert_clean()


def test_close_on_unexpected_ends_the_replay_with_the_reason():
    with ReplayServer([expect("session.update")], protocol="openai", on_unexpected="close") as server:

        async def client():
            async with connect(server.url) as ws:
                await ws.send(json.dumps({"type": "response.create"}))
                with pytest.raises(ConnectionClosed) as closed:
                    await ws.recv()
                return closed.value.rcvd.code, closed.value.rcvd.reason

        assert run(client(), 5) == (1008, "expected session.update, got response.create")
    assert codes(server) == ["unexpected-event", "missing-events"]


def test_no_client_at_all_means_every_recorded_client_event_is_missing():
    with ReplayServer(events(GA)) as server:
        pass
    assert codes(server) == ["missing-events"]


def test_async_with_serves_a_client_on_the_same_loop():
    recorded = events(GA)

    async def main():
        async with ReplayServer(recorded) as server:
            await play(server.url, recorded, "openai")
        return server

    run(main()).report.assert_clean()


def test_the_server_is_quiet_when_the_client_behaves(capfd):
    replay(GA).report.assert_clean()
    assert capfd.readouterr() == ("", "")


def test_a_recording_that_cannot_be_read_is_said_plainly(tmp_path):
    with pytest.raises(RecordingError, match="cannot read"):
        ReplayServer(tmp_path / "missing.jsonl")
    (tmp_path / "bad.jsonl").write_text('{"type": "session.created"}\nnot json\n')
    with pytest.raises(RecordingError, match="line 2"):
        load_recording(tmp_path / "bad.jsonl")
    assert load_recording([expect("response.create")], "openai").steps == (Expect("response.create", 1),)


def test_an_event_that_cannot_be_written_as_json_is_a_recording_error_naming_its_entry():
    nested: dict = {}
    for _ in range(50000):  # deeper than json.dumps can go
        nested = {"k": nested}
    with pytest.raises(RecordingError, match=r"entry 2: .*nested too deeply"):
        load_recording([{"type": "session.created"}, {"type": "error", "error": nested}], "openai")
    with pytest.raises(RecordingError, match=r"entry 1: .*not JSON data.*object"):
        load_recording([{"type": "error", "error": {"message": object()}}], "openai")


DEEP = '{"type": "error", "error": ' + '{"k": ' * 50000 + "{}" + "}" * 50000 + "}"  # deeper than json.loads goes


def test_text_nested_too_deeply_is_said_plainly_wherever_the_kit_reads_it():
    from azure_style_events.testing import Replay, scrub_lines
    from azure_style_events.testing._proxy import envelope_line

    with pytest.raises(RecordingError, match=r"entry 2: not JSON \(text nested too deeply"):
        load_recording(['{"type": "session.created"}', DEEP], "openai")
    with pytest.raises(ValueError, match=r"entry 1 is not JSON: text nested too deeply"):
        list(scrub_lines([DEEP]))
    assert envelope_line(DEEP, "server", datetime.datetime.now(datetime.timezone.utc)) is None  # not recorded as an event
    replay = Replay(load_recording([expect("session.update")], "openai"))
    replay.receive(DEEP, at=1.0)  # a client's frame
    assert [(problem.code, problem.message) for problem in replay.report.problems] == [
        ("not-json", "frame 0 is not JSON: text nested too deeply to decode")
    ]


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("port", 70000, "port is 0-65535"),
        ("port", -1, "port is 0-65535"),
        ("max_frame", 0, "max_frame is a whole number of bytes above 0"),
        ("pace", float("nan"), "pace is a finite share of 0 or more"),
        ("pace", -0.5, "pace is a finite share of 0 or more"),
        ("client_timeout", float("inf"), "client_timeout is a finite number of seconds above 0"),
        ("client_timeout", 0, "client_timeout is a finite number of seconds above 0"),
    ],
)
def test_an_option_out_of_range_is_a_value_error_before_anything_starts(option, value, said):
    with pytest.raises(ValueError, match=said):
        ReplayServer([expect("session.update")], protocol="openai", **{option: value})


def test_starting_and_stopping_a_server_costs_at_most_50_ms():
    server = ReplayServer(events(GA))
    best = min(timeit.repeat(lambda: (server.start(), server.stop()), number=1, repeat=10))
    assert best <= 0.050


def test_optional_client_events_are_neither_waited_for_nor_reported():
    recorded = events(GA)
    appends = [{"type": e["type"], "audio": e["audio"]} for e in recorded if e["type"] == "input_audio_buffer.append"]

    def change(event):  # a microphone sends more often than the recording did
        return [event, *appends] if event["type"] == "input_audio_buffer.append" else [event]

    server = replay(GA, change=change, optional={"input_audio_buffer.append"})
    server.report.assert_clean()
    assert server.recording.expected.count("input_audio_buffer.append") == 0


def test_the_replay_logic_runs_without_a_socket():
    from azure_style_events.testing import Replay, Send, Verdict

    script = [{"type": "session.created", "event_id": "e1", "session": {"type": "realtime"}}, expect("session.update")]
    replay = Replay(load_recording(script, "openai"))
    assert isinstance(replay.next_step(), Send)
    replay.sent(at=1.0)
    assert replay.take_expected() is Verdict.WAITING
    replay.receive('{"type": "session.update", "session": {"type": "realtime"}}', at=1.5)
    assert replay.take_expected() is Verdict.MATCHED
    assert replay.next_step() is None
    replay.finish()
    assert replay.report.finished and replay.report.problems == []

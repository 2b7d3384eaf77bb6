"""Sessions in time: envelopes, per-response latency, barge-in reaction, time problems.

Every session here is built by hand with known times, so each latency is known exactly.
"""

from __future__ import annotations

import datetime
import json

import pytest
from session_data import events

from azure_style_events import ConversationState
from azure_style_events import voicelive as vl

AUDIO_100MS = "A" * 6400  # 4,800 bytes of pcm16 at 24 kHz


def server(event_type, **fields):
    return {"type": event_type, **fields}


def turn(response_id, item_id, audio_chunks=1, text=None):
    """A response with one assistant item: created, item and part added, deltas, done."""
    out = [
        server("response.created", response={"id": response_id, "status": "in_progress"}),
        server(
            "response.output_item.added",
            response_id=response_id,
            output_index=0,
            item={"id": item_id, "type": "message", "role": "assistant"},
        ),
        server(
            "response.content_part.added",
            response_id=response_id,
            item_id=item_id,
            output_index=0,
            content_index=0,
            part={"type": "audio"},
        ),
    ]
    where = {"response_id": response_id, "item_id": item_id, "output_index": 0, "content_index": 0}
    if text is not None:
        out.append(server("response.text.delta", delta=text, **where))
    out += [server("response.audio.delta", delta=AUDIO_100MS, **where) for _ in range(audio_chunks)]
    out.append(server("response.done", response={"id": response_id, "status": "completed"}))
    return out


def timed(pairs):
    """Envelopes from (seconds, event) pairs; the source follows the event's type."""
    clients = set(vl.ClientEvent.__mapping__)
    return [{"time": t, "source": "client" if e["type"] in clients else "server", "event": e} for t, e in pairs]


START = [(100.0, server("session.created", session={"id": "s"}))]


class TestLatency:
    def session(self):
        created, added, part, text, audio, done = turn("r1", "a1", text="Hi")
        return timed(
            START
            + [
                (101.000, server("input_audio_buffer.speech_started", item_id="u1", audio_start_ms=0)),
                (101.800, server("input_audio_buffer.speech_stopped", item_id="u1", audio_end_ms=800)),
                (101.850, server("input_audio_buffer.committed", item_id="u1")),
                (102.000, created),
                (102.010, added),
                (102.020, part),
                (102.250, text),
                (102.450, audio),
                (103.050, done),
            ]
        )

    def test_each_latency_from_the_trigger(self):
        state = ConversationState("voicelive")
        for envelope in self.session():
            state.apply(envelope)
        assert state.problems == []
        timing = state.responses[0].timing
        assert (timing.trigger, timing.created, timing.done) == (101.85, 102.0, 103.05)
        assert timing.first_audio_ms == pytest.approx(600.0)
        assert timing.first_text_ms == pytest.approx(400.0)
        assert timing.response_ms == pytest.approx(1050.0)

    def test_times_given_with_at_as_datetimes_and_iso_text(self):
        base = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
        forms = [
            lambda s: s,
            lambda s: base + datetime.timedelta(seconds=s),
            lambda s: (base + datetime.timedelta(seconds=s)).isoformat().replace("+00:00", "Z"),
        ]
        results = []
        for form in forms:
            state = ConversationState("voicelive")
            for envelope in self.session():
                state.apply(envelope["event"], at=form(envelope["time"]))
            results.append(state.timing())
        for result in results:
            assert result["first_audio_ms"]["p50"] == pytest.approx(600.0)
            assert result["response_ms"]["max"] == pytest.approx(1050.0)

    def test_a_client_create_is_a_trigger(self):
        state = ConversationState("voicelive")
        created, *rest = turn("r1", "a1")
        for envelope in timed(START + [(5.0, {"type": "response.create"}), (105.5, created)] + [(106.0, e) for e in rest]):
            state.apply(envelope)
        # 5.0 is earlier than the session start: a time problem, and the latency counts from it.
        assert [p.code for p in state.problems] == ["time-order"]
        assert state.responses[0].timing.first_audio_ms == pytest.approx(101000.0)

    def test_timing_summary(self):
        state = ConversationState("voicelive")
        pairs = list(START)
        for n in range(20):
            t = 200.0 + n * 10
            pairs.append((t, {"type": "response.create"}))
            for offset, event in zip((0.1, 0.2, 0.3, 0.1 * n + 0.4, 0.1 * n + 0.5), turn(f"r{n}", f"a{n}")):
                pairs.append((t + offset, event))
        for envelope in timed(pairs):
            state.apply(envelope)
        summary = state.timing()
        assert summary["first_audio_ms"]["count"] == 20
        assert summary["first_audio_ms"]["p50"] == pytest.approx(1300.0)  # the 10th of 400, 500, ... 2300
        assert summary["first_audio_ms"]["p95"] == pytest.approx(2200.0)
        assert summary["first_audio_ms"]["max"] == pytest.approx(2300.0)
        assert summary["first_text_ms"] == {"count": 0, "p50": None, "p95": None, "max": None}
        assert summary["barge_in_ms"]["count"] == 0

    def test_no_times_no_latency(self):
        state = ConversationState("voicelive")
        for event in events():
            state.apply(event)
        assert all(value["count"] == 0 for value in state.timing().values())
        assert state.responses[0].timing.first_audio_ms is None


class TestBargeIn:
    def session(self, reaction=None, gap=0.3):
        pairs = START + [(101.0, {"type": "response.create"})]
        created, added, part, audio, done = turn("r1", "a1", audio_chunks=1)
        pairs += [(101.1, created), (101.2, added), (101.3, part), (101.4, audio)]
        # 100 ms of audio arrived at 101.4; the user speaks at 101.45, while it still plays.
        pairs.append((101.45, server("input_audio_buffer.speech_started", item_id="u2", audio_start_ms=0)))
        if reaction is not None:
            pairs.append((101.45 + gap, reaction))
        pairs.append((101.9, done))
        return timed(pairs)

    @pytest.mark.parametrize(
        "reaction",
        [
            {"type": "response.cancel"},
            {"type": "conversation.item.truncate", "item_id": "a1", "content_index": 0, "audio_end_ms": 50},
        ],
        ids=lambda r: r["type"],
    )
    def test_reaction_time(self, reaction):
        state = ConversationState("voicelive")
        for envelope in self.session(reaction):
            state.apply(envelope)
        state.end()
        assert state.problems == []
        (barge,) = state.barge_ins
        assert barge.item_id == "a1" and barge.reaction_type == reaction["type"]
        assert barge.reaction_ms == pytest.approx(300.0)
        assert state.timing()["barge_in_ms"]["p50"] == pytest.approx(300.0)

    def test_ignored_once(self):
        state = ConversationState("voicelive")
        stream = self.session()
        for envelope in stream:
            state.apply(envelope)
        state.end()
        state.end()
        index = [e["event"]["type"] for e in stream].index("input_audio_buffer.speech_started")
        assert [(p.index, p.code) for p in state.problems] == [(index, "barge-in-ignored")]

    def test_ignored_is_not_judged_without_client_events(self):
        state = ConversationState("voicelive")
        for envelope in self.session():
            if envelope["source"] == "server":
                state.apply(envelope)
        state.end()
        assert state.problems == [] and len(state.barge_ins) == 1

    def test_speech_after_the_audio_played_is_no_barge_in(self):
        state = ConversationState("voicelive")
        pairs = START + [(101.0, {"type": "response.create"})]
        pairs += list(zip((101.1, 101.2, 101.3, 101.4, 101.5), turn("r1", "a1")))
        pairs.append((103.0, server("input_audio_buffer.speech_started", item_id="u2", audio_start_ms=0)))
        for envelope in timed(pairs):
            state.apply(envelope)
        state.end()
        assert state.barge_ins == [] and state.problems == []

    def test_the_sample_barge_in_without_times(self):
        state = ConversationState("voicelive")
        for event in events():
            state.apply(event)
        state.end()
        (barge,) = state.barge_ins
        assert barge.reaction_type == "conversation.item.truncate" and barge.reaction_ms is None
        assert state.problems == []


class TestTimeProblems:
    def test_time_going_back(self):
        state = ConversationState("voicelive")
        stream = events()
        for n, event in enumerate(stream):
            state.apply(event, at=1000.0 + n - (5 if n == 10 else 0))
        assert [(p.index, p.code) for p in state.problems] == [(10, "time-order")]

    def test_a_new_session_starts_a_new_clock(self):
        state = ConversationState("voicelive")
        stream = events()
        second = [dict(e, event_id=e["event_id"] + "_b") for e in stream]
        for n, event in enumerate(stream):
            state.apply(event, at=5000.0 + n)
        for n, event in enumerate(second):
            state.apply(event, at=10.0 + n)  # the second log was recorded earlier: no problem
        assert [p.code for p in state.problems] == ["time-order"]  # only its first event, before session.created

    def test_source_mismatch(self):
        state = ConversationState("voicelive")
        stream = timed([(float(n), e) for n, e in enumerate(events())])
        stream[5]["source"] = "server"  # a client response.create said to come from the server
        for envelope in stream:
            state.apply(envelope)
        assert [(p.index, p.code) for p in state.problems] == [(5, "source-mismatch")]

    def test_a_bad_time_in_an_envelope_is_a_problem_a_bad_at_raises(self):
        state = ConversationState("voicelive")
        model = state.apply({"time": "yesterday", "source": "server", "event": {"type": "session.created", "session": {}}})
        assert isinstance(model, vl.ServerEventSessionCreated)
        assert [p.code for p in state.problems] == ["bad-event"]
        with pytest.raises(ValueError, match="ISO 8601"):
            state.apply({"type": "response.create"}, at="yesterday")
        with pytest.raises(TypeError):
            state.apply({"type": "response.create"}, at=[1])
        assert state._index == 0  # a refused argument is not counted as an event

    @pytest.mark.parametrize("seconds", [1e308, -1e308, 253402300800.0 + 1, float("inf")])
    def test_a_number_past_the_year_9999_is_no_time(self, seconds):
        # 1e308 s made every latency infinite: check --format json printed Infinity (no JSON)
        # and the HTML report failed.  The last second ISO 8601 can write is the bound.
        state = ConversationState("voicelive")
        state.apply({"time": seconds, "source": "server", "event": {"type": "session.created", "session": {}}})
        assert [(p.code, "not a" in p.message) for p in state.problems] == [("bad-event", True)]
        with pytest.raises(ValueError, match="year 9999|finite"):
            state.apply({"type": "response.create"}, at=seconds)
        assert ConversationState("voicelive").apply({"type": "response.create"}, at=253402300799.0) is not None

    def test_check_json_output_stays_json_whatever_the_times(self, tmp_path, capsys):
        from azure_style_events.cli import main

        stream = timed([(0.0 if n < 20 else 1e308, e) for n, e in enumerate(events())])
        log = tmp_path / "log.jsonl"
        log.write_text("".join(json.dumps(line) + "\n" for line in stream), encoding="utf-8")
        main(["check", "--format", "json", "--report", str(tmp_path / "r.html"), str(log)])
        out, err = capsys.readouterr()
        json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
        assert "cannot make the report" not in err and (tmp_path / "r.html").exists()

    def test_envelopes_as_text_mappings_and_models_fold_alike(self):
        stream = timed([(float(n), e) for n, e in enumerate(events())])
        summaries = []
        for form in (lambda e: e, json.dumps, lambda e: json.dumps(e).encode()):
            state = ConversationState("voicelive")
            models = [state.apply(form(envelope)) for envelope in stream]
            assert all(isinstance(m, (vl.ServerEvent, vl.ClientEvent)) for m in models)
            summaries.append((state.summary(), state.timing()))
        assert summaries[0] == summaries[1] == summaries[2]
        assert stream[0] == {"time": 0.0, "source": "client", "event": events()[0]}  # the caller's data is unchanged


class TestTimelineRecords:
    """What a timeline is drawn from: speech stretches, first audio, problem and error times."""

    def test_speech_parts_problems_and_errors_carry_their_event_and_time(self):
        stream = timed([(float(n), e) for n, e in enumerate(events())])
        stream.append({"time": 99.0, "source": "server", "event": {"type": "error", "error": {"message": "late"}}})
        stream[20]["time"] = 3.0  # goes back: a time-order problem at event 20
        state = ConversationState("voicelive")
        for envelope in stream:
            state.apply(envelope)
        (speech,) = state.speech
        started = [e["event"]["type"] for e in stream].index("input_audio_buffer.speech_started")
        stopped = [e["event"]["type"] for e in stream].index("input_audio_buffer.speech_stopped")
        assert (speech.index, speech.time, speech.stop_index, speech.stop_time) == (started, started, stopped, stopped)
        assert (speech.item_id, speech.audio_start_ms, speech.audio_end_ms) == ("item_u2", 2140, 3180)
        part = state.item("item_a1").parts[0]
        first_audio = [e["event"]["type"] for e in stream].index("response.audio.delta")
        assert (part.first_index, part.first_time) == (first_audio, float(first_audio))
        (problem,) = state.problems
        assert (problem.index, problem.code, problem.time) == (20, "time-order", 3.0)
        assert state.errors[0].time == 99.0
        assert state.responses[0].done_index == [e["event"]["type"] for e in stream].index("response.done")

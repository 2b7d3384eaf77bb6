"""ConversationState: a stream folded into its conversation, and the protocol's rules checked.

The good sessions are the bundled Voice Live sample (a barge-in: the truncate pair) and
the test sessions of the three protocols; each folds with no protocol problem.  Each
violation is then built into the sample one at a time, and exactly that problem must be
reported, with its code, at that event.
"""

from __future__ import annotations

import copy
import json

import pytest
from session_data import DATA, ROOT, SAMPLE, at, events, fold
from session_data import codes as problems

from azure_style_events import ConversationState, ProtocolProblem
from azure_style_events import openai_realtime as rt
from azure_style_events import voicelive as vl
from azure_style_events.conversation import CODES

SESSIONS = {
    "voicelive": [SAMPLE, DATA / "voicelive_session.jsonl"],
    "openai": [DATA / "openai_session.jsonl"],
    "openai-beta": [DATA / "openai_beta_session.jsonl"],
}


@pytest.mark.parametrize(("protocol", "path"), [(p, path) for p, paths in SESSIONS.items() for path in paths], ids=str)
def test_good_sessions_fold_without_problems(protocol, path):
    assert fold(protocol, events(path)).problems == []


class TestTheSample:
    """What a client wants from the barge-in session, read off the state."""

    state = fold("voicelive", events(SAMPLE))

    def test_items_in_conversation_order(self):
        assert [(item.id, item.role) for item in self.state.items] == [
            ("item_u1", "user"),
            ("item_a1", "assistant"),
            ("item_u2", "user"),  # committed input audio becomes a user message
            ("item_a2", "assistant"),
        ]
        assert self.state.item("item_u2").text == "And in June?"
        assert self.state.item("item_a2").text == "June is hotter, with festivals all month."

    def test_the_truncated_answer(self):
        """The server dropped the transcript of the truncated part; the audio is cut to what was heard."""
        part = self.state.item("item_a1").parts[0]
        assert part.truncated_ms == 1400 and part.audio_ms == 1400.0 and part.transcript == ""
        assert part.original_transcript.startswith("May is lovely in Lisbon")
        assert self.state.audio_out_ms == pytest.approx(2000.0)

    def test_responses_and_usage(self):
        assert [(r.id, r.status, r.item_ids) for r in self.state.responses] == [
            ("resp_1", "cancelled", ["item_a1"]),
            ("resp_2", "completed", ["item_a2"]),
        ]
        usage = self.state.usage
        assert (usage.total_tokens, usage.input_tokens, usage.cached_tokens, usage.output_tokens) == (491, 421, 256, 70)
        assert self.state.responses[1].usage["output_tokens"] == 19
        assert isinstance(self.state.session, vl.ResponseSession) and self.state.session.voice.name == "en-US-AvaNeural"

    def test_typed_session_and_usage_are_the_events_own_models(self):
        """state.session and a response's usage are the catalog models the events' typed views give:
        the same objects, whether they were asked for before or after the events were folded."""
        state = ConversationState("voicelive")
        models = [state.apply(json.dumps(event)) for event in events(SAMPLE)]
        done = [model for model in models if model is not None and model["type"] == "response.done"]
        usage = state.responses[1].usage
        assert isinstance(usage, vl.TokenUsage) and usage.output_tokens == 19
        assert usage is done[1].response.usage
        created = [model for model in models if model is not None and model["type"] == "session.updated"][-1]
        assert state.session is created.session and isinstance(state.session, vl.ResponseSession)
        plain = fold("voicelive", events(SAMPLE))  # mappings in: a model per event all the same
        assert isinstance(plain.responses[0].usage, vl.TokenUsage)
        state.responses[0].usage = {"total_tokens": 1}  # the record's attribute stays writable
        assert state.responses[0].usage == {"total_tokens": 1}

    def test_audio_in_and_the_summary(self):
        summary = self.state.summary()
        assert (
            summary["audio_in_ms"] == 1000
            and summary["items"] == 4
            and summary["response_status"] == {"cancelled": 1, "completed": 1}
        )


class TestSeededViolations:
    """Each violation built into the good sample, one at a time: exactly that problem, at that event."""

    def setup_method(self):
        self.stream = events(SAMPLE)

    def check(self, stream, expected):
        assert problems(fold("voicelive", stream)) == expected

    def test_deltas_that_do_not_join_to_the_done_value(self):
        index = at(self.stream, "response.text.done")
        self.stream[index]["text"] = "June is cooler."
        self.check(self.stream, [(index, "delta-mismatch")])

    def test_a_truncate_past_the_received_audio(self):
        index = at(self.stream, "conversation.item.truncate")
        self.stream[index]["audio_end_ms"] = 2600  # 2,000 ms were received
        self.check(self.stream, [(index, "truncate-past-audio")])

    def test_an_overlapping_response_create(self):
        """Voice Live cancels by default; with cancel_previous false a create during a response overlaps."""
        create = {"type": "response.create", "event_id": "evt_extra", "response": {"cancel_previous": False}}
        index = at(self.stream, "response.audio.delta", 3)
        self.stream.insert(index, create)
        self.check(self.stream, [(index, "overlapping-response")])

    def test_a_response_created_while_another_is_in_progress(self):
        index = at(self.stream, "response.created", 1)
        early = self.stream.pop(index)
        target = at(self.stream, "response.done")
        self.stream.insert(target, early)
        self.check(self.stream, [(target, "overlapping-response")])

    def test_a_duplicate_event_id(self):
        index = at(self.stream, "response.audio.delta", 4)
        self.stream[index]["event_id"] = self.stream[index - 2]["event_id"]
        self.check(self.stream, [(index, "duplicate-event-id")])

    def test_duplicate_ids_are_found_across_the_whole_window_and_memory_stays_bounded(self):
        from azure_style_events.conversation._state import EVENT_ID_WINDOW

        state = ConversationState("voicelive")
        state.apply({"type": "session.created", "event_id": "s0", "session": {"id": "sess"}})
        for number in range(1, 3 * EVENT_ID_WINDOW + 1):  # the window moves on twice over
            state.apply({"type": "input_audio_buffer.speech_started", "event_id": f"e{number}", "audio_start_ms": 0})
        assert state.problems == []
        last = 3 * EVENT_ID_WINDOW
        state.apply({"type": "input_audio_buffer.speech_started", "event_id": f"e{last - EVENT_ID_WINDOW + 1}"})
        state.apply({"type": "input_audio_buffer.speech_started", "event_id": f"e{last}"})
        # the client's own ids are another sequence: the same id sent by the client is no duplicate
        state.apply({"type": "input_audio_buffer.clear", "event_id": f"e{last}"})
        assert [(problem.code, problem.message) for problem in state.problems] == [
            (
                "duplicate-event-id",
                f"event_id 'e{last - EVENT_ID_WINDOW + 1}' was already used by event {last - EVENT_ID_WINDOW + 1}",
            ),
            ("duplicate-event-id", f"event_id 'e{last}' was already used by event {last}"),
        ]
        seen = state._ids[False]  # the window at least, twice the window at most, however long the log
        assert EVENT_ID_WINDOW <= len(seen) <= 2 * EVENT_ID_WINDOW
        state.apply({"type": "input_audio_buffer.speech_started", "event_id": f"e{last - len(seen) - 1}"})
        assert len(state.problems) == 2  # an id older than those remembered is forgotten

    def test_a_reference_to_an_unknown_item(self):
        index = at(self.stream, "response.text.delta", 2)
        stray = {**self.stream[index], "event_id": "event_stray", "item_id": "item_nobody"}
        self.stream.insert(index, stray)
        self.check(self.stream, [(index, "unknown-reference")])

    def test_a_done_before_its_added(self):
        added = at(self.stream, "response.output_item.added", 1)
        done = at(self.stream, "response.output_item.done", 1)
        moved = self.stream.pop(done)
        self.stream.insert(added, moved)
        self.check(self.stream, [(added, "order")])

    def test_a_delta_after_its_done(self):
        done = at(self.stream, "response.text.done")
        delta = copy.deepcopy(self.stream[done - 1])
        delta["event_id"] = "event_late"
        self.stream.insert(done + 1, delta)
        self.check(self.stream, [(done + 1, "order"), (done + 2, "delta-mismatch")])

    def test_inconsistent_usage(self):
        index = at(self.stream, "response.done", 1)
        self.stream[index]["response"]["usage"]["total_tokens"] = 300
        self.check(self.stream, [(index, "usage-inconsistent")])

    def test_cached_tokens_beyond_input(self):
        index = at(self.stream, "response.done")
        self.stream[index]["response"]["usage"]["input_token_details"]["cached_tokens"] = 999
        self.check(self.stream, [(index, "usage-inconsistent")])

    def test_truncating_a_user_item(self):
        index = at(self.stream, "conversation.item.truncate")
        self.stream[index]["item_id"] = "item_u1"
        self.check(self.stream, [(index, "truncate-target")])

    def test_truncating_a_part_that_does_not_exist(self):
        index = at(self.stream, "conversation.item.truncate")
        self.stream[index]["content_index"] = 3
        self.check(self.stream, [(index, "truncate-target")])

    def test_every_code_is_documented(self):
        page = (ROOT / "docs" / "protocol-checks.md").read_text(encoding="utf-8")
        for code in CODES:
            assert f"`{code}`" in page


class TestNoFalseAlarms:
    def test_a_log_that_starts_mid_session_reports_nothing_before_its_start(self):
        stream = events(SAMPLE)
        tail = stream[at(stream, "response.audio.delta", 5) :]  # after the response and its item began
        state = fold("voicelive", tail)
        assert state.problems == [] and state.segments == 0

    def test_concatenated_sessions_are_segments(self):
        stream = events(SAMPLE)
        second = copy.deepcopy(stream)
        for event in second:
            event["event_id"] += "_b"
        state = fold("voicelive", stream + second)
        assert state.problems == [] and state.segments == 2 and len(state.items) == 4
        assert len(state.responses) == 4  # every response of the log; the second session reused the ids
        assert state.response("resp_1") is state.responses[2]

    def test_audio_outside_the_socket_has_no_audio_checks(self):
        """WebRTC: no audio deltas; a truncate cannot be judged against audio never seen."""
        stream = [event for event in events(SAMPLE) if event["type"] != "response.audio.delta"]
        truncate = at(stream, "conversation.item.truncate")
        stream[truncate]["audio_end_ms"] = 60_000
        assert fold("voicelive", stream).problems == []

    def test_an_out_of_band_response_may_run_beside_another(self):
        stream = events(DATA / "openai_session.jsonl")
        index = at(stream, "response.output_audio.delta", 2)
        stream.insert(index, {"type": "response.create", "event_id": "evt_oob", "response": {"conversation": "none"}})
        assert fold("openai", stream).problems == []

    def test_an_openai_create_during_a_response_overlaps(self):
        stream = events(DATA / "openai_session.jsonl")
        index = at(stream, "response.output_audio.delta", 2)
        stream.insert(index, {"type": "response.create", "event_id": "evt_again"})
        assert problems(fold("openai", stream)) == [(index, "overlapping-response")]


class _Text(str):
    pass


class TestApply:
    def test_models_mappings_text_and_bytes(self):
        stream = events(SAMPLE)
        forms = [
            lambda e: (
                vl.ServerEvent.from_dict(e, validate=False)
                if e["type"] in vl.ServerEvent.__mapping__
                else vl.ClientEvent.from_dict(e)
            ),
            lambda e: e,
            json.dumps,
            lambda e: json.dumps(e).encode(),
            lambda e: bytearray(json.dumps(e).encode()),
            lambda e: _Text(json.dumps(e)),  # a str subclass decodes as its text
            lambda e: " " + json.dumps(e) + "\n",  # white space around the document
        ]
        summaries = []
        for form in forms:
            state = ConversationState("voicelive")
            models = [state.apply(form(event)) for event in stream]
            assert all(isinstance(model, (vl.ServerEvent, vl.ClientEvent)) for model in models)
            summaries.append(state.summary())
        assert all(summary == summaries[0] for summary in summaries)

    def test_the_direction_follows_the_type(self):
        state = ConversationState("voicelive")
        assert type(state.apply('{"type": "response.create"}')) is vl.ClientEventResponseCreate
        assert type(state.apply('{"type": "response.done", "response": {"id": "r"}}')) is vl.ServerEventResponseDone

    def test_bad_content_is_a_problem_not_an_exception(self):
        state = ConversationState("openai")
        assert state.apply("{not json") is None and state.apply("[1]") is None and state.apply({"no": "type"}) is None
        assert [(p.index, p.code) for p in state.problems] == [(0, "bad-event"), (1, "bad-event"), (2, "bad-event")]
        assert isinstance(state.problems[0], ProtocolProblem)

    def test_a_wrong_argument_raises_type_error(self):
        state = ConversationState("voicelive")
        with pytest.raises(TypeError):
            state.apply(5)
        state.apply("{not json")  # the refused argument was not counted: this is event 0
        assert [(p.index, p.code) for p in state.problems] == [(0, "bad-event")]
        with pytest.raises(ValueError):
            ConversationState("openai-alpha")

    def test_the_protocol_may_be_the_catalog_module(self):
        assert ConversationState(rt).protocol == "openai"

    def test_keeping_audio_is_opt_in(self):
        assert fold("voicelive", events(SAMPLE)).item("item_a1").parts[0].audio is None
        kept = fold("voicelive", events(SAMPLE), keep_audio=True).item("item_a1").parts[0].audio
        assert len(kept) == 1400 * 48  # cut at the truncation, 48 bytes per ms of pcm16 at 24 kHz

    def test_function_calls(self):
        state = ConversationState("openai")
        call = {"id": "fc_1", "type": "function_call", "call_id": "call_1", "name": "weather", "arguments": ""}
        for event in [
            {"type": "session.created", "session": {"type": "realtime"}},
            {"type": "response.created", "response": {"id": "r1", "status": "in_progress"}},
            {"type": "response.output_item.added", "response_id": "r1", "output_index": 0, "item": call},
            {
                "type": "response.function_call_arguments.delta",
                "response_id": "r1",
                "item_id": "fc_1",
                "output_index": 0,
                "call_id": "call_1",
                "delta": '{"city":',
            },
            {
                "type": "response.function_call_arguments.delta",
                "response_id": "r1",
                "item_id": "fc_1",
                "output_index": 0,
                "call_id": "call_1",
                "delta": ' "Lisbon"}',
            },
            {
                "type": "response.function_call_arguments.done",
                "response_id": "r1",
                "item_id": "fc_1",
                "output_index": 0,
                "call_id": "call_1",
                "name": "weather",
                "arguments": '{"city": "Lisbon"}',
            },
            {"type": "response.done", "response": {"id": "r1", "status": "completed"}},
            {
                "type": "conversation.item.create",
                "item": {"type": "function_call_output", "call_id": "call_1", "output": "sunny", "id": "out_1"},
            },
            {
                "type": "conversation.item.added",
                "previous_item_id": "fc_1",
                "item": {"id": "out_1", "type": "function_call_output", "call_id": "call_1", "output": "sunny"},
            },
        ]:
            state.apply(event)
        assert state.problems == []
        call_item, output = state.items
        assert (call_item.name, call_item.call_id, call_item.arguments) == ("weather", "call_1", '{"city": "Lisbon"}')
        assert (output.type, output.output) == ("function_call_output", "sunny")


class TestCheck:
    """`check` folds each file: protocol problems as `file:line: [code] message`, counted for the exit status."""

    def test_a_protocol_problem_is_a_line_and_exit_1(self, tmp_path, capsys):
        from azure_style_events.cli import main

        stream = events(SAMPLE)
        index = at(stream, "conversation.item.truncate")
        stream[index]["audio_end_ms"] = 2600
        log = tmp_path / "session.jsonl"
        log.write_text("".join(json.dumps(event) + "\n" for event in stream), encoding="utf-8")
        assert main(["check", str(log)]) == 1
        out = capsys.readouterr().out
        assert f"{log}:{index + 1}: [truncate-past-audio] audio_end_ms 2600 is past the 2000 ms" in out
        assert f"protocol problems in {log}: 1" in out and f"read {len(stream)} events in {log}: {len(stream)} valid" in out
        assert main(["check", "--no-protocol", str(log)]) == 0
        assert "session summary" not in capsys.readouterr().out

    def test_json_carries_the_problems_and_the_session(self, tmp_path, capsys):
        from azure_style_events.cli import main

        stream = events(SAMPLE)
        index = at(stream, "response.done", 1)
        stream[index]["response"]["usage"]["total_tokens"] = 1
        log = tmp_path / "session.jsonl"
        log.write_text("".join(json.dumps(event) + "\n" for event in stream), encoding="utf-8")
        assert main(["check", "--format", "json", str(log)]) == 1
        report = json.loads(capsys.readouterr().out)
        (problem,) = report["problems"]
        assert problem["protocol"] is True and problem["code"] == "usage-inconsistent" and problem["line"] == index + 1
        assert report["protocol_problems"] == 1 and report["per_file"][0]["session"]["responses"] == 2

"""ConversationState on what real sessions do: every reference checked, honest scopes, no false alarms.

Each test here was written against a bug seen on recorded sessions: a reference that went
unreported, a message that misnamed what happened, a summary that mixed scopes, skipped
checks that looked like clean ones, and two habits of real servers reported as problems.
"""

from __future__ import annotations

import copy

import pytest
from session_data import SAMPLE, at, codes, events, fold

from azure_style_events import ConversationState


class TestEveryReferenceIsChecked:
    def test_a_delta_naming_an_unknown_response(self):
        stream = events(SAMPLE)
        index = at(stream, "response.audio_transcript.delta", 2)
        stream[index]["response_id"] = "resp_never"
        state = fold("voicelive", stream)
        assert codes(state) == [(index, "unknown-reference")]
        assert "resp_never" in state.problems[0].message

    def test_a_part_event_naming_an_unknown_response(self):
        stream = events(SAMPLE)
        index = at(stream, "response.content_part.added", 1)
        stream[index]["response_id"] = "resp_never"
        assert codes(fold("voicelive", stream)) == [(index, "unknown-reference")]

    def test_a_delta_after_its_item_was_deleted_says_deleted(self):
        stream = events(SAMPLE)
        index = at(stream, "response.text.delta", 3)
        stream.insert(index, {"type": "conversation.item.deleted", "event_id": "evt_del", "item_id": "item_a2"})
        state = fold("voicelive", stream)
        assert codes(state)[0] == (index + 1, "unknown-reference")
        assert "deleted" in state.problems[0].message and "never seen" not in state.problems[0].message


class TestScopes:
    def test_concatenated_sessions_give_whole_log_totals_and_the_last_session_apart(self):
        stream = events(SAMPLE)
        second = copy.deepcopy(stream)
        for event in second:
            event["event_id"] += "_b"
        summary = fold("voicelive", stream + second).summary()
        assert summary["sessions"] == 2
        # The whole log: both sessions' items and responses, never one session's items beside all responses.
        assert summary["items"] == 8 and summary["responses"] == 4
        assert summary["audio_in_ms"] == 2000
        assert summary["last_session"]["items"] == 4 and summary["last_session"]["responses"] == 2
        assert summary["last_session"]["audio_in_ms"] == 1000


class TestSkippedChecksAreSaid:
    def test_no_session_start_says_the_rules_were_not_checked(self):
        stream = [event for event in events(SAMPLE) if event["type"] != "session.created"]
        summary = fold("voicelive", stream).summary()
        assert summary["rules_checked"] is False and "session.created" in summary["rules_note"]

    def test_a_checked_log_says_so(self):
        summary = fold("voicelive", events(SAMPLE)).summary()
        assert summary["rules_checked"] is True and summary["rules_note"] is None

    def test_checks_that_need_no_session_start_still_run(self):
        stream = [event for event in events(SAMPLE) if event["type"] != "session.created"]
        done = at(stream, "response.text.done")
        stream[done]["text"] = "June is cooler."
        stream[at(stream, "response.audio.delta", 3)]["event_id"] = stream[at(stream, "response.audio.delta", 2)]["event_id"]
        last = at(stream, "response.done", 1)
        stream[last]["response"]["usage"] = {"total_tokens": 5, "input_tokens": 1, "output_tokens": 1}
        found = {code for _, code in codes(fold("voicelive", stream))}
        assert found == {"delta-mismatch", "duplicate-event-id", "usage-inconsistent"}


class TestRealServersHabits:
    def test_transcription_deltas_padded_with_white_space(self):
        stream = events(SAMPLE)
        completed = at(stream, "conversation.item.input_audio_transcription.completed")
        deltas = [" And", " in", " June?"]  # GA and Azure OpenAI lead with a space the transcript lacks
        for offset, delta in enumerate(deltas):
            stream.insert(
                completed + offset,
                {
                    "type": "conversation.item.input_audio_transcription.delta",
                    "event_id": f"evt_tx_{offset}",
                    "item_id": "item_u2",
                    "content_index": 0,
                    "delta": delta,
                },
            )
        assert fold("voicelive", stream).problems == []

    def test_transcription_deltas_without_a_content_index_join_onto_the_first_part(self):
        stream = events(SAMPLE)
        completed = at(stream, "conversation.item.input_audio_transcription.completed")
        transcript = stream[completed]["transcript"]
        for offset, delta in enumerate(transcript.split(" ")):  # some servers leave content_index out of these
            stream.insert(
                completed + offset,
                {
                    "type": "conversation.item.input_audio_transcription.delta",
                    "event_id": f"evt_tx_{offset}",
                    "item_id": stream[completed]["item_id"],
                    "delta": (" " if offset else "") + delta,
                },
            )
        state = fold("voicelive", stream)
        assert state.problems == []
        assert [part.transcript for part in state.item(stream[completed]["item_id"]).parts] == [transcript]

    def test_transcription_deltas_that_differ_inside_are_still_reported(self):
        stream = events(SAMPLE)
        completed = at(stream, "conversation.item.input_audio_transcription.completed")
        stream.insert(
            completed,
            {
                "type": "conversation.item.input_audio_transcription.delta",
                "event_id": "evt_tx",
                "item_id": "item_u2",
                "content_index": 0,
                "delta": " And in July?",
            },
        )
        assert codes(fold("voicelive", stream)) == [(completed + 1, "delta-mismatch")]

    def test_an_empty_part_text_at_content_part_done(self):
        stream = events(SAMPLE)
        part_done = at(stream, "response.content_part.done", 1)
        stream[part_done]["part"]["text"] = ""  # Voice Live: the deltas and response.text.done carry it
        state = fold("voicelive", stream)
        assert state.problems == []
        assert state.item("item_a2").text == "June is hotter, with festivals all month."

    def test_a_part_done_that_disagrees_with_text_is_still_reported(self):
        stream = events(SAMPLE)
        part_done = at(stream, "response.content_part.done", 1)
        stream[part_done]["part"]["text"] = "June is cooler."
        assert codes(fold("voicelive", stream)) == [(part_done, "delta-mismatch")]


class TestBoundedText:
    def test_an_event_over_the_limit_is_a_problem_and_the_next_one_folds(self):
        state = ConversationState("voicelive", max_event_bytes=1000)
        huge = '{"type": "response.audio.delta", "delta": "' + "A" * 5000 + '"}'
        assert state.apply(huge) is None
        assert state.apply('{"type": "session.created", "session": {"id": "s"}}') is not None
        assert [(p.index, p.code) for p in state.problems] == [(0, "bad-event")]
        assert "over the limit of 1,000" in state.problems[0].message

    def test_the_converter_refuses_it_too(self):
        from azure_style_events import Converter

        converter = Converter("voicelive", "openai", max_event_bytes=1000)
        assert converter.convert('{"type": "error", "x": "' + "y" * 2000 + '"}') == []
        assert [loss.code for loss in converter.losses] == ["not-an-event"]

    @pytest.mark.parametrize("limit", [0, -1, 1.5, "1000", True])
    def test_a_limit_that_is_no_positive_number_of_bytes_is_refused_at_once(self, limit):
        # -1 made every event a bad-event, silently, as if the log were corrupt.
        from azure_style_events import Converter

        for make in (
            lambda: ConversationState("voicelive", max_event_bytes=limit),
            lambda: Converter("voicelive", "openai", max_event_bytes=limit),
        ):
            with pytest.raises((ValueError, TypeError), match="max_event_bytes is a whole number of bytes above 0"):
                make()

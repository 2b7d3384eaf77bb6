"""What a session said and played: server errors, audio formats, the user's audio, WAV files,
the transcript as heard, and function calls paired with their outputs."""

from __future__ import annotations

import base64
import io
import math
import struct
import wave

import pytest
from session_data import DATA, at, events, fold

from azure_style_events.conversation import _audio


class TestServerErrors:
    def test_an_error_names_the_request_it_answers(self):
        stream = events()
        stream.append({"type": "response.cancel", "event_id": "evt_cancel"})
        stream.append(
            {
                "type": "error",
                "event_id": "event_err",
                "error": {
                    "type": "invalid_request_error",
                    "code": "response_cancel_not_active",
                    "message": "Cancellation failed: no active response found.",
                    "param": None,
                    "event_id": "evt_cancel",
                },
            }
        )
        state = fold("voicelive", stream)
        assert state.problems == []  # a refusal is not a broken log
        (error,) = state.errors
        assert (error.index, error.code, error.type) == (len(stream) - 1, "response_cancel_not_active", "invalid_request_error")
        assert (error.request_index, error.request_type) == (len(stream) - 2, "response.cancel")
        assert "response_cancel_not_active" in str(error) and "response.cancel" in str(error)

    def test_an_error_without_a_known_request(self):
        state = fold("voicelive", [{"type": "error", "error": {"message": "bad", "event_id": "nobody"}}])
        (error,) = state.errors
        assert error.request_index is None and error.request_type is None and error.message == "bad"

    def test_failed_events_and_failed_responses(self):
        stream = events(DATA / "openai_session.jsonl")
        stream.append(
            {
                "type": "conversation.item.input_audio_transcription.failed",
                "item_id": "x",
                "content_index": 0,
                "error": {"type": "transcription_error", "code": "audio_unintelligible", "message": "no speech"},
            }
        )
        stream.append({"type": "response.created", "response": {"id": "r_fail", "status": "in_progress"}})
        stream.append(
            {
                "type": "response.done",
                "response": {
                    "id": "r_fail",
                    "status": "failed",
                    "status_details": {"type": "failed", "error": {"type": "server_error", "code": "overloaded"}},
                },
            }
        )
        state = fold("openai", stream)
        assert [(e.event_type, e.code) for e in state.errors[-2:]] == [
            ("conversation.item.input_audio_transcription.failed", "audio_unintelligible"),
            ("response.done", "overloaded"),
        ]


def tone(ms, rate=24000):
    """Little-endian 16-bit PCM of a 440 Hz tone."""
    count = rate * ms // 1000
    return struct.pack(f"<{count}h", *(int(8000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(count)))


class TestAudio:
    def test_parts_know_their_format_and_user_audio_is_the_user_item(self):
        state = fold("voicelive", events(), keep_audio=True)
        user, answer = state.item("item_u2"), state.item("item_a1")
        assert user.parts[0].audio_ms == pytest.approx(1000.0)  # it was 0 while audio_in_ms said 1,000
        assert user.parts[0].audio_format.rate == 24000 and user.parts[0].audio_format.encoding == "pcm16"
        assert answer.parts[0].audio_format.bytes_per_ms == 48
        assert isinstance(user.parts[0].audio, bytearray) and len(user.parts[0].audio) == 48000

    def test_g711_and_other_rates_from_the_session(self):
        stream = events()
        created = at(stream, "session.created")
        stream[created]["session"]["output_audio_format"] = "g711_ulaw"
        stream[created]["session"]["input_audio_format"] = "pcm16"
        stream[created]["session"]["input_audio_sampling_rate"] = 16000
        stream = [e for e in stream if e["type"] != "session.updated"]
        state = fold("voicelive", stream)
        answer, user = state.item("item_a1").parts[0], state.item("item_u2").parts[0]
        assert answer.audio_format == ("g711_ulaw", 8000)
        assert user.audio_format == ("pcm16", 16000)
        assert user.audio_ms == pytest.approx(1500.0)  # 48,000 bytes at 32 bytes a millisecond

    def test_ga_format_objects(self):
        stream = events(DATA / "openai_session.jsonl")
        created = at(stream, "session.created")
        stream[created]["session"].setdefault("audio", {})["output"] = {"format": {"type": "audio/pcma"}}
        stream = [e for e in stream if e["type"] != "session.updated"]
        state = fold("openai", stream)
        formats = {part.audio_format for item in state.items for part in item.parts if part.audio_ms and item.role == "assistant"}
        assert formats == {("g711_alaw", 8000)}
        assert {part.audio_format for item in state.items if item.role == "user" for part in item.parts if part.audio_ms} == {
            ("pcm16", 24000)
        }

    @pytest.mark.parametrize("rate", [1, 7999, 384001, 10**12])
    def test_a_rate_no_audio_has_is_not_taken_and_write_wav_stays_bounded(self, rate):
        # A corrupt log's rate of 1 Hz would make write_wav resample the next part 24,000-fold;
        # one of 10**12 Hz fits no WAV header.  Such a rate states no format: the one before stays.
        stream = events(DATA / "openai_session.jsonl")
        created = at(stream, "session.created")
        stream[created]["session"].setdefault("audio", {})["output"] = {"format": {"type": "audio/pcm", "rate": rate}}
        stream = [e for e in stream if e["type"] != "session.updated"]
        state = fold("openai", stream, keep_audio=True)
        formats = {part.audio_format for item in state.items for part in item.parts if part.audio_ms and item.role == "assistant"}
        assert formats == {("pcm16", 24000)}
        whole = io.BytesIO()
        state.write_wav(whole)
        whole.seek(0)
        with wave.open(whole) as read:
            assert read.getframerate() == 24000

    @pytest.mark.parametrize("name", ["pcm16_0hz", "pcm16_1hz", "pcm16_1000000000000hz"])
    def test_a_format_name_with_a_rate_no_audio_has_states_no_format(self, name):
        # pcm16_0hz made every audio delta a ZeroDivisionError (and check a traceback).
        stream = events()
        for event in stream:
            if event["type"] in ("session.created", "session.updated"):
                event["session"]["output_audio_format"] = name
        state = fold("voicelive", stream)
        assert {
            part.audio_format for item in state.items if item.role == "assistant" for part in item.parts if part.audio_ms
        } == {("pcm16", 24000)}

    def test_write_wav_of_one_item_and_the_whole_conversation(self, tmp_path):
        stream = events()
        state = fold("voicelive", stream, keep_audio=True)
        path = tmp_path / "answer.wav"
        state.write_wav(path, item_id="item_a1")
        with wave.open(str(path)) as read:
            assert (read.getnchannels(), read.getsampwidth(), read.getframerate()) == (1, 2, 24000)
            assert read.getnframes() / read.getframerate() == pytest.approx(1.4)  # cut where the listener stopped
        whole = io.BytesIO()
        state.write_wav(whole)
        whole.seek(0)
        with wave.open(whole) as read:
            assert read.getnframes() / read.getframerate() == pytest.approx(1.4 + 1.0)

    def test_write_wav_needs_kept_audio(self, tmp_path):
        with pytest.raises(ValueError, match="keep_audio=True"):
            fold("voicelive", events()).write_wav(tmp_path / "x.wav")

    @pytest.mark.parametrize("target", [5, None, ["x.wav"]])
    def test_write_wav_to_what_is_no_path_or_file_is_a_type_error(self, target):
        state = fold("voicelive", events(), keep_audio=True)
        with pytest.raises(TypeError, match="write_wav writes to a path or a binary file opened for writing"):
            state.write_wav(target)

    def test_write_wav_decodes_g711(self, tmp_path):
        pcm = tone(100, rate=8000)
        samples = struct.unpack(f"<{len(pcm) // 2}h", pcm)
        ulaw = bytes(_encode_ulaw(s) for s in samples)
        stream = [
            {"type": "session.created", "session": {"id": "s", "output_audio_format": "g711_ulaw"}},
            {"type": "response.created", "response": {"id": "r"}},
            {
                "type": "response.output_item.added",
                "response_id": "r",
                "output_index": 0,
                "item": {"id": "a", "type": "message", "role": "assistant"},
            },
            {
                "type": "response.content_part.added",
                "response_id": "r",
                "item_id": "a",
                "output_index": 0,
                "content_index": 0,
                "part": {"type": "audio"},
            },
            {
                "type": "response.audio.delta",
                "response_id": "r",
                "item_id": "a",
                "output_index": 0,
                "content_index": 0,
                "delta": base64.b64encode(ulaw).decode(),
            },
        ]
        state = fold("voicelive", stream, keep_audio=True)
        assert state.item("a").parts[0].audio_ms == pytest.approx(100.0)
        out = tmp_path / "g711.wav"
        state.write_wav(out)
        with wave.open(str(out)) as read:
            assert read.getframerate() == 8000 and read.getnframes() == 800
            decoded = struct.unpack("<800h", read.readframes(800))
        # G.711 keeps about 2 % of a sample's size: each decoded sample is within that of the tone.
        assert all(abs(d - s) <= max(16, abs(s) // 16) for d, s in zip(decoded, samples))

    def test_g711_tables_are_the_standard_expansions(self):
        ulaw, alaw = _audio.ulaw_table(), _audio.alaw_table()
        assert (ulaw[0x00], ulaw[0x7F], ulaw[0x80], ulaw[0xFF]) == (-32124, 0, 32124, 0)
        assert (alaw[0x55], alaw[0xD5], alaw[0x2A], alaw[0xAA]) == (-8, 8, -32256, 32256)
        assert sorted(ulaw) == sorted(-v for v in ulaw)  # symmetric


def _encode_ulaw(sample):
    """A plain µ-law encoder, only for the test's input."""
    sign = 0x80 if sample < 0 else 0
    magnitude = min(abs(sample), 32635) + 0x84
    exponent = max(0, magnitude.bit_length() - 8)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


class TestTranscript:
    def test_as_heard_without_word_timings(self):
        state = fold("voicelive", events())
        assert state.transcript() == [
            ("user", "Is May a good month for Lisbon?"),
            ("assistant", ""),  # truncated, and nothing says which words were heard
            ("user", "And in June?"),
            ("assistant", "June is hotter, with festivals all month."),
        ]
        part = state.item("item_a1").parts[0]
        assert part.heard_transcript is None
        assert part.original_transcript == "May is lovely in Lisbon: warm days, cool evenings and"
        with pytest.deprecated_call():
            assert part.unheard_transcript == part.original_transcript

    def test_exact_with_word_timings(self):
        stream = events()
        words = "May is lovely in Lisbon: warm days, cool evenings and".split(" ")
        first_delta = at(stream, "response.audio.delta")
        timings = [
            {
                "type": "response.audio_timestamp.delta",
                "response_id": "resp_1",
                "item_id": "item_a1",
                "output_index": 0,
                "content_index": 0,
                "audio_offset_ms": 150 * n,
                "audio_duration_ms": 140,
                "text": word,
                "timestamp_type": "word",
            }
            for n, word in enumerate(words)
        ]
        stream[first_delta:first_delta] = timings
        state = fold("voicelive", stream)
        assert state.problems == []
        # audio_end_ms 1,400: the words starting at 0 ... 1,350 ms were heard (all ten).
        assert state.item("item_a1").parts[0].heard_transcript == "May is lovely in Lisbon: warm days, cool evenings and"
        truncate = at(stream, "conversation.item.truncated")
        stream[truncate]["audio_end_ms"] = stream[at(stream, "conversation.item.truncate")]["audio_end_ms"] = 700
        state = fold("voicelive", stream)
        assert state.item("item_a1").parts[0].heard_transcript == "May is lovely in Lisbon:"
        assert state.transcript()[1] == ("assistant", "May is lovely in Lisbon:")


class TestFunctionCalls:
    def test_a_call_knows_its_output_and_the_output_its_call(self):
        stream = [
            {"type": "session.created", "session": {"id": "s"}},
            {"type": "response.created", "response": {"id": "r1"}},
            {
                "type": "response.output_item.added",
                "response_id": "r1",
                "output_index": 0,
                "item": {"id": "call_item", "type": "function_call", "call_id": "c1", "name": "weather"},
            },
            {
                "type": "response.function_call_arguments.delta",
                "response_id": "r1",
                "item_id": "call_item",
                "output_index": 0,
                "call_id": "c1",
                "delta": '{"city": ',
            },
            {
                "type": "response.function_call_arguments.delta",
                "response_id": "r1",
                "item_id": "call_item",
                "output_index": 0,
                "call_id": "c1",
                "delta": '"Lisbon"}',
            },
            {
                "type": "response.function_call_arguments.done",
                "response_id": "r1",
                "item_id": "call_item",
                "output_index": 0,
                "call_id": "c1",
                "arguments": '{"city": "Lisbon"}',
            },
            {"type": "response.done", "response": {"id": "r1", "status": "completed"}},
            {
                "type": "conversation.item.create",
                "item": {"id": "out_item", "type": "function_call_output", "call_id": "c1", "output": "sunny"},
            },
            {
                "type": "conversation.item.created",
                "previous_item_id": "call_item",
                "item": {"id": "out_item", "type": "function_call_output", "call_id": "c1", "output": "sunny"},
            },
        ]
        state = fold("voicelive", stream)
        assert state.problems == []
        call, output = state.item("call_item"), state.item("out_item")
        assert call.output_item_id == "out_item" and output.call_item_id == "call_item"
        assert call.arguments == '{"city": "Lisbon"}' and output.output == "sunny"

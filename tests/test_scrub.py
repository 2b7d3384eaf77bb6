"""Scrubbing recordings (azure_style_events.testing.scrub and the `scrub` command).

What users rely on: a scrubbed recording folds to the same conversation (ids, kinds,
statuses, text lengths, audio durations, usage, problems), keeps no word of what was
said, keeps deltas joining to their ``.done`` values and arguments valid JSON, keeps
audio lengths, masks keys, and comes out the same every time.
"""

from __future__ import annotations

import base64
import gzip
import importlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
from scrub_shape import fold, shape

from azure_style_events.cli import main
from azure_style_events.testing import scrub, scrub_lines
from azure_style_events.testing._scrub import MASK, Scrubber, scrub_arguments, scrub_text

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "azure_style_events" / "data" / "sample_session.jsonl"
SESSIONS = {
    SAMPLE: "voicelive",
    HERE / "data" / "voicelive_session.jsonl": "voicelive",
    HERE / "data" / "openai_session.jsonl": "openai",
    HERE / "data" / "openai_beta_session.jsonl": "openai-beta",
}
WORDS = ("text", "transcript", "instructions", "description", "output", "message")


def lines(path: Path) -> List[str]:
    return path.read_text(encoding="utf-8").splitlines()


def strings(value: Any, keys: tuple = WORDS, key: str = "") -> Iterator[str]:
    """Every string under one of ``keys``, however deep."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from strings(item, keys, name)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, keys, key)
    elif isinstance(value, str) and key in keys:
        yield value


# -- the conversation is the same -------------------------------------------------------------


@pytest.mark.parametrize("path", list(SESSIONS), ids=lambda path: path.name)
def test_a_scrubbed_session_folds_to_the_same_shape(path):
    """Same items, parts' text lengths, audio ms, responses, usage, errors and protocol problems."""
    original = [json.loads(line) for line in lines(path) if line.strip()]
    scrubbed = scrub(lines(path))
    assert shape(fold(SESSIONS[path], scrubbed)) == shape(fold(SESSIONS[path], original))
    assert [event["type"] for event in scrubbed] == [event["type"] for event in original]


def test_check_finds_the_same_invalid_events_after_scrubbing(tmp_path, capsys):
    """An event the catalog refuses (here a duration sent as text) is still refused, and no other is."""
    original = [json.loads(line) for line in lines(SAMPLE) if line.strip()]
    original.append({"type": "conversation.item.truncated", "item_id": "i", "content_index": 0, "audio_end_ms": "5"})
    reports = []
    for name, events in (("original", original), ("scrubbed", scrub(original))):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(event) + "\n" for event in events), encoding="utf-8")
        main(["check", "--format", "json", "--no-protocol", "--protocol", "voicelive", str(path)])
        report = json.loads(capsys.readouterr().out)
        reports.append((report["invalid"], report["valid"], [problem.get("line") for problem in report["problems"]]))
    assert reports[0] == reports[1] and reports[0][0] == 1


def test_a_session_with_protocol_problems_keeps_them():
    """Problems are the recording's own: scrubbing neither hides nor adds any."""
    events = [json.loads(line) for line in lines(SAMPLE) if line.strip()]
    broken = events + [dict(events[-1])]  # a response.done twice
    before, after = fold("voicelive", broken), fold("voicelive", scrub(broken))
    assert before.problems and [p.code for p in after.problems] == [p.code for p in before.problems]


def test_the_same_recording_scrubs_the_same_way():
    text = lines(SAMPLE)
    first = scrub(text)
    assert scrub(text) == first
    assert scrub([json.loads(line) for line in text]) == first
    scrubbed_lines = list(scrub_lines(text))
    assert [json.loads(line) for line in scrubbed_lines] == first
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in scrubbed_lines)


def test_the_input_is_left_alone():
    event = {"type": "response.output_text.done", "item_id": "i", "content_index": 0, "text": "Hello there"}
    scrub([event])
    assert event["text"] == "Hello there"


# -- what goes -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(SESSIONS), ids=lambda path: path.name)
def test_no_word_of_the_conversation_survives(path):
    original = [json.loads(line) for line in lines(path) if line.strip()]
    words = {word.lower() for text in strings(original) for word in re.findall(r"[^\W\d_]{3,}", text)}
    assert len(words) > 10
    left = {word.lower() for text in strings(scrub(original)) for word in re.findall(r"[^\W\d_]+", text)}
    assert words & left == set()


def test_the_sample_transcripts_are_gone():
    scrubbed = json.dumps(scrub(lines(SAMPLE)))
    for said in ("Lisbon", "May", "travellers"):
        assert said in SAMPLE.read_text(encoding="utf-8")
        assert said not in scrubbed


def test_generated_text_keeps_length_case_spacing_and_punctuation():
    text = "Call Ana at 555-0192, ok?\nSí: 3 días."
    new, _ = scrub_text(text)
    assert len(new) == len(text)
    assert [c.isupper() for c in new] == [c.isupper() for c in text]
    assert [c.isdigit() for c in new] == [c.isdigit() for c in text]
    assert [c for c in new if not c.isalnum()] == [c for c in text if not c.isalnum()]
    assert not set(re.findall(r"\w+", new)) & set(re.findall(r"\w+", text))


def test_error_messages_and_tool_descriptions_are_generated():
    events = [
        {"type": "error", "error": {"type": "invalid_request_error", "code": "bad", "message": "Alice cannot do that"}},
        {"type": "session.update", "session": {"tools": [{"type": "function", "name": "f", "description": "Find Alice"}]}},
    ]
    error, update = scrub(events)
    assert error["error"]["type"] == "invalid_request_error" and error["error"]["code"] == "bad"
    assert "Alice" not in json.dumps(error) + json.dumps(update)
    assert update["session"]["tools"][0]["name"] == "f"


# -- what stays ------------------------------------------------------------------------------


def test_types_ids_numbers_and_times_are_kept():
    envelope = {
        "time": "2026-01-02T03:04:05.678Z",
        "source": "server",
        "event": {
            "type": "response.output_audio_transcript.delta",
            "event_id": "event_7",
            "response_id": "resp_1",
            "item_id": "item_1",
            "output_index": 0,
            "content_index": 1,
            "delta": "Hi",
        },
    }
    (scrubbed,) = scrub([envelope])
    assert scrubbed["event"]["delta"] != "Hi"
    del scrubbed["event"]["delta"], envelope["event"]["delta"]
    assert scrubbed == envelope


def test_protocol_words_are_kept():
    event = {
        "type": "session.updated",
        "session": {
            "id": "sess_1",
            "model": "gpt-realtime",
            "voice": "alloy",
            "output_modalities": ["audio"],
            "tool_choice": "auto",
        },
    }
    assert scrub([event]) == [event]


# -- deltas, arguments, audio, credentials -----------------------------------------------------


def deltas(kind: str, pieces: List[str], **ids: Any) -> List[Dict[str, Any]]:
    return [{"type": kind, **ids, "delta": piece} for piece in pieces]


def test_deltas_join_to_the_scrubbed_done_text():
    pieces = ["Hel", "lo the", "re, Mar", "celo", "! 12", "3."]
    events = deltas("response.output_audio_transcript.delta", pieces, item_id="a", content_index=0)
    events.append(
        {"type": "response.output_audio_transcript.done", "item_id": "a", "content_index": 0, "transcript": "".join(pieces)}
    )
    *scrubbed, done = scrub(events)
    assert "".join(event["delta"] for event in scrubbed) == done["transcript"]


def test_interleaved_streams_are_scrubbed_apart():
    first = deltas("response.output_text.delta", ["Goo", "d"], item_id="a", content_index=0)
    second = deltas("response.output_text.delta", ["Wor", "ld"], item_id="b", content_index=0)
    mixed = scrub([first[0], second[0], first[1], second[1]])
    assert mixed[0]["delta"] + mixed[2]["delta"] == scrub_text("Good")[0]
    assert mixed[1]["delta"] + mixed[3]["delta"] == scrub_text("World")[0]


def test_a_stream_ends_at_its_done_so_ids_used_again_start_afresh():
    """Two sessions in one log may reuse item ids: the second stream's deltas still join to its own .done."""
    ids = {"item_id": "item_1", "content_index": 0}
    first = deltas("response.output_text.delta", ["Hel", "lo"], **ids)
    second = deltas("response.output_text.delta", ["Wor", "ld"], **ids)
    done = {"type": "response.output_text.done", **ids}
    scrubbed = scrub([*first, {**done, "text": "Hello"}, *second, {**done, "text": "World"}])
    assert scrubbed[3]["delta"] + scrubbed[4]["delta"] == scrubbed[5]["text"]


def test_arguments_stay_json_with_their_keys_and_numbers():
    arguments = json.dumps({"city": "Lisbon", "days": 3, "when": ["May 2", None, True], "note": 'caf\u00e9 "quoted"\n'})
    scrubbed = json.loads(scrub_arguments(arguments))
    assert list(scrubbed) == ["city", "days", "when", "note"]
    assert scrubbed["days"] == 3 and scrubbed["when"][1:] == [None, True]
    assert len(scrubbed["city"]) == 6 and scrubbed["city"] != "Lisbon"
    assert "Lisbon" not in json.dumps(scrubbed)


def test_argument_deltas_join_to_the_scrubbed_done_arguments():
    arguments = '{"city": "Lisbon", "nights": 2, "tags": ["old town", "tram 28"]}'
    pieces = [arguments[i : i + 5] for i in range(0, len(arguments), 5)]
    events = deltas("response.function_call_arguments.delta", pieces, item_id="f", call_id="c")
    events.append({"type": "response.function_call_arguments.done", "item_id": "f", "call_id": "c", "arguments": arguments})
    *scrubbed, done = scrub(events)
    assert "".join(event["delta"] for event in scrubbed) == done["arguments"]
    assert json.loads(done["arguments"])["nights"] == 2


def test_audio_becomes_generated_audio_of_the_same_length():
    raw = bytes(range(256)) * 3 + b"\x01"
    audio = base64.b64encode(raw).decode()
    events = [
        {"type": "input_audio_buffer.append", "audio": audio},
        {"type": "response.output_audio.delta", "item_id": "a", "content_index": 0, "delta": audio},
        {"type": "conversation.item.create", "item": {"type": "message", "content": [{"type": "input_audio", "audio": audio}]}},
    ]
    appended, delta, created = scrub(events)
    for scrubbed in (appended["audio"], delta["delta"], created["item"]["content"][0]["audio"]):
        generated = base64.b64decode(scrubbed, validate=True)
        assert len(generated) == len(raw) and generated != raw


def test_credentials_are_masked():
    events = [
        {"type": "session.created", "session": {"id": "sess_1", "client_secret": {"value": "ek_abcdefghijkl", "expires_at": 9}}},
        {
            "type": "x.config",
            "api_key": "plain-key-value",
            "headers": {"Authorization": "Bearer abc.def"},
            "model": "sk-0123456789abcdef",
        },
        {
            "type": "conversation.item.create",
            "item": {"content": [{"type": "input_text", "text": "my key is sk-0123456789abcdef"}]},
        },
    ]
    created, config, item = scrub(events)
    assert created["session"]["client_secret"] == {"value": MASK, "expires_at": 9}
    assert config["api_key"] == MASK and config["headers"]["Authorization"] == MASK and config["model"] == MASK
    dumped = json.dumps([created, config, item])
    for secret in ("ek_abcdefghijkl", "plain-key-value", "abc.def", "0123456789abcdef"):
        assert secret not in dumped


# -- bad input -------------------------------------------------------------------------------


def test_text_that_is_not_json_is_refused_with_its_position():
    with pytest.raises(ValueError, match="entry 2 is not JSON"):
        scrub(['{"type": "response.create"}', "{not json"])


def test_json_that_is_not_an_object_is_refused():
    with pytest.raises(ValueError, match="entry 1 is not an event"):
        scrub(["[1, 2]"])


def test_blank_lines_are_skipped():
    assert scrub(["", '{"type": "response.create"}', "  "]) == [{"type": "response.create"}]


def test_a_scrubber_keeps_the_place_of_each_stream_across_calls():
    """Scrubber.scrub streams one event at a time (the command line's way) with the same result as scrub()."""
    events = deltas("response.output_text.delta", ["Hel", "lo"], item_id="a", content_index=0)
    scrubber = Scrubber()
    assert [scrubber.scrub(event) for event in events] == scrub(events)


# -- the command line ------------------------------------------------------------------------


def run(capsys: Any, *argv: str) -> tuple:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_writes_json_lines_to_stdout(capsys):
    code, out, err = run(capsys, "scrub", str(SAMPLE))
    assert code == 0 and err == ""
    assert [json.loads(line) for line in out.splitlines()] == scrub(lines(SAMPLE))


def test_the_command_reads_gzip_and_writes_out(tmp_path, capsys):
    packed = tmp_path / "session.jsonl.gz"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    target = tmp_path / "scrubbed.jsonl"
    code, out, err = run(capsys, "scrub", str(packed), "--out", str(target))
    assert (code, out, err) == (0, "", "")
    assert scrub(lines(target)) == scrub(lines(SAMPLE)) == [json.loads(line) for line in lines(target)]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["scrubbed.jsonl", "session.jsonl.gz"]  # no temporary left


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json\n", "line 1 is not JSON"), ('{"type": "a"}\n7\n', "line 2 is not an event")],
)
def test_the_command_refuses_a_bad_log_in_one_line_and_leaves_out_alone(tmp_path, capsys, content, message):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(content, encoding="utf-8")
    target.write_text("before\n", encoding="utf-8")
    code, out, err = run(capsys, "scrub", str(source), "--out", str(target))
    assert code == 2 and out == ""
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "before\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_the_command_reports_a_missing_file(tmp_path, capsys):
    code, out, err = run(capsys, "scrub", str(tmp_path / "absent.jsonl"))
    assert code == 2 and out == ""
    assert "cannot read" in err and len(err.splitlines()) == 1


def test_the_command_reports_an_unwritable_out(tmp_path, capsys):
    code, _, err = run(capsys, "scrub", str(SAMPLE), "--out", str(tmp_path / "no" / "such" / "out.jsonl"))
    assert code == 2 and "cannot write" in err and len(err.splitlines()) == 1


def test_the_command_needs_an_input(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["scrub"])
    assert exit_.value.code == 2


# -- the package -----------------------------------------------------------------------------


@pytest.fixture
def no_websockets(monkeypatch):
    """As if the testing extra were not installed: websockets cannot be found."""
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None if name == "websockets" else real(name, *rest))
    for module in ("azure_style_events.testing", "azure_style_events.testing._scrub"):
        monkeypatch.delitem(sys.modules, module)


def test_importing_testing_without_websockets_names_the_extra(no_websockets):
    with pytest.raises(ImportError, match=r"azure-style-events\[testing\]"):
        importlib.import_module("azure_style_events.testing")


def test_without_the_extra_scrub_names_it_and_check_still_works(no_websockets, capsys):
    code, out, err = run(capsys, "scrub", str(SAMPLE))
    assert code == 2 and out == "" and "azure-style-events[testing]" in err and len(err.splitlines()) == 1
    assert run(capsys, "check", str(SAMPLE))[0] == 0


@pytest.mark.slow
def test_the_command_line_does_not_import_the_testing_package():
    code = "import sys, azure_style_events.cli; print('azure_style_events.testing' in sys.modules)"
    assert (
        subprocess.run([sys.executable, "-c", code], cwd=HERE.parent, capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )


# -- properties ------------------------------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def split(text: str, cuts: List[int]) -> List[str]:
    points = sorted({0, len(text), *(cut % (len(text) + 1) for cut in cuts)})
    return [text[start:end] for start, end in zip(points, points[1:])]


@pytest.mark.slow
@given(st.text(), st.lists(st.integers(min_value=0), max_size=6))
def test_scrubbing_text_commutes_with_splitting_it_into_deltas(text, cuts):
    events = deltas("response.output_text.delta", split(text, cuts), item_id="a", content_index=0)
    whole, _ = scrub_text(text)
    assert "".join(event["delta"] for event in scrub(events)) == whole
    assert len(whole) == len(text)


@pytest.mark.slow
@given(JSON, st.lists(st.integers(min_value=0), max_size=6), st.booleans())
def test_scrubbed_arguments_are_json_with_the_same_keys_and_numbers(value, cuts, pretty):
    arguments = json.dumps(value, indent=2 if pretty else None, ensure_ascii=pretty)
    events = deltas("response.function_call_arguments.delta", split(arguments, cuts), item_id="f")
    whole = scrub_arguments(arguments)
    assert "".join(event["delta"] for event in scrub(events)) == whole
    assert same_but_strings(json.loads(whole), value)


def same_but_strings(new: Any, old: Any) -> bool:
    """Equal in everything but the letters and digits of string values (whose lengths stay)."""
    if isinstance(old, dict):
        return list(new) == list(old) and all(same_but_strings(new[key], old[key]) for key in old)
    if isinstance(old, list):
        return len(new) == len(old) and all(same_but_strings(a, b) for a, b in zip(new, old))
    if isinstance(old, str):
        return len(new) == len(old)
    return new == old

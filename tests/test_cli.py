"""`python -m azure_style_events check`: reports, summaries and exit codes."""

import io
import itertools
import json
import subprocess
import sys

import pytest

from azure_style_events.cli import main

GOOD = '{"type":"conversation.item.truncated","item_id":"i","content_index":0,"audio_end_ms":5}'
BAD = '{"type":"conversation.item.truncated","item_id":"i","content_index":0,"audio_end_ms":"5"}'


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_bundled_sample_is_valid(capsys):
    """With no path, `check` checks the shipped sample session, which is all valid."""
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert out.splitlines()[0].startswith("read ") and " 0 invalid" in out.splitlines()[0]


def test_bundled_sample_summary(capsys):
    """The sample is a Voice Live session with a barge-in: the truncate pair, a cancelled and a completed response."""
    code, out, _ = run(capsys, "check", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["invalid"] == 0 and report["events"] >= 40
    assert report["by_type"]["conversation.item.truncate"] == {
        "events": 1,
        "valid": 1,
        "invalid": 0,
        "unchecked": 0,
        "model": True,
    }
    assert report["by_type"]["conversation.item.truncated"] == {
        "events": 1,
        "valid": 1,
        "invalid": 0,
        "unchecked": 0,
        "model": True,
    }
    assert report["per_file"][0]["protocol"] == "voicelive"
    assert len(report["by_type"]) >= 10
    session = report["per_file"][0]["session"]
    assert session["response_status"] == {"cancelled": 1, "completed": 1} and session["problems"] == 0
    assert session["audio_out_ms"] == 2000 and report["protocol_problems"] == 0


def test_jsonl_reports_each_bad_line(tmp_path, capsys):
    """Every bad event gets a line with file, line number, JSON path and message."""
    log = tmp_path / "log.jsonl"
    log.write_text(
        "\n".join([GOOD, BAD, "", "{not json", "[1]", '{"type":"brand.new"}', '{"event_id":"x"}', GOOD]),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check", str(log))
    assert code == 1
    lines = out.splitlines()
    assert lines[:4] == [
        f"{log}:2: $.audio_end_ms: expected `int`, got `str` '5' [ServerEventConversationItemTruncated]",
        f"{log}:4: $: expected `JSON`, got invalid text (Expecting property name enclosed in double quotes at column 2) [event]",
        f"{log}:5: $[0]: expected `object`, got `int` 1 [event]",
        f"{log}:7: $.type: missing required field, expected `str` [event]",
    ]
    assert lines[4] == f"read 7 events in {log}: 2 valid, 4 invalid, 1 unchecked (no model)"
    assert lines[-1] == "unknown types: brand.new (1)"


def test_json_array_input_keeps_line_numbers(tmp_path, capsys):
    """A JSON array is checked element by element with each element's line."""
    log = tmp_path / "log.json"
    log.write_text("[\n  " + GOOD + ",\n  " + BAD + "\n]\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json", str(log))
    report = json.loads(out)
    assert code == 1
    assert report["events"] == 2 and report["invalid"] == 1
    assert report["problems"] == [
        {
            "file": str(log),
            "line": 3,
            "model": "ServerEventConversationItemTruncated",
            "path": "$.audio_end_ms",
            "loc": ["audio_end_ms"],
            "expected": "int",
            "got": "`str` '5'",
            "input": "5",
            "kind": "string",
            "message": "expected `int`, got `str` '5'",
        }
    ]


def test_type_of_the_wrong_kind_is_reported(tmp_path, capsys):
    """A `type` that is a list or a number is a bad event, not a crash."""
    log = tmp_path / "odd.jsonl"
    log.write_text('{"type": []}\n{"type": 5}\n', encoding="utf-8")
    code, out, _ = run(capsys, "check", str(log))
    assert code == 1
    assert out.splitlines()[:2] == [
        f"{log}:1: $.type: expected `str`, got `list` [] [event]",
        f"{log}:2: $.type: expected `str`, got `int` 5 [event]",
    ]


def test_all_valid_exits_zero(tmp_path, capsys):
    """A file of valid events exits 0 and counts per type."""
    log = tmp_path / "ok.jsonl"
    log.write_text(GOOD + "\n" + GOOD, encoding="utf-8")  # last line without newline
    code, out, _ = run(capsys, "check", str(log))
    assert code == 0
    assert ["conversation.item.truncated", "2", "2", "0", "0"] in [line.split() for line in out.splitlines()]


@pytest.mark.parametrize("argv", [["check", "/no/such/file.jsonl"], [], ["check", "--format", "xml"]])
def test_usage_errors_exit_two(argv, capsys):
    """Missing files, no command and bad options exit 2 with a one-line error."""
    if argv and argv[-1] == "xml":
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        return
    code, _, err = run(capsys, *argv)
    assert code == 2 and "error:" in err


def test_a_line_that_is_not_utf8_is_one_bad_event(tmp_path, capsys):
    """Bytes that are not UTF-8 are reported at their line; the lines after them are still checked."""
    log = tmp_path / "bin.jsonl"
    log.write_bytes(b'{"type": "\xff"}\n' + BAD.encode() + b"\n")
    code, out, err = run(capsys, "check", str(log))
    lines = out.splitlines()
    assert code == 1 and err == ""
    assert lines[0] == f"{log}:1: $: expected `JSON`, got bytes that are not UTF-8 (invalid start byte at byte 10) [event]"
    assert lines[1].startswith(f"{log}:2: $.audio_end_ms: expected `int`")


@pytest.mark.slow
def test_module_entry_point_reads_stdin():
    """`python -m azure_style_events check -` reads standard input."""
    result = subprocess.run(
        [sys.executable, "-m", "azure_style_events", "check", "-"],
        input=GOOD + "\n" + BAD + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith("<stdin>:2: $.audio_end_ms: expected `int`")


def test_main_accepts_stream_of_client_events(monkeypatch, capsys):
    """Client events are dispatched through ClientEvent."""
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"type":"conversation.item.truncate","item_id":"i"}\n'))
    code, out, _ = run(capsys, "check", "-")
    assert code == 1
    assert "[ClientEventConversationItemTruncate]" in out


def test_text_utf8_cannot_encode_is_escaped_on_a_strict_stdout(monkeypatch, tmp_path):
    """A lone surrogate (valid in JSON text, not in UTF-8) in an event type reaches the output escaped."""
    log = tmp_path / "log.jsonl"
    log.write_text('{"type": "\\ud800", "event_id": "e"}\n', encoding="utf-8")
    commands = (
        ["check", str(log)],
        ["check", "--format", "json", str(log)],
        ["convert", "--from", "openai", "--to", "voicelive", str(log)],
    )
    for argv, errors in itertools.product(commands, ("strict", "surrogateescape")):  # the latter: a C locale's stdout
        raw = io.BytesIO()
        stdout = io.TextIOWrapper(raw, encoding="utf-8", errors=errors, write_through=True)
        monkeypatch.setattr(sys, "stdout", stdout)
        main(argv)  # no UnicodeEncodeError
        assert stdout.errors == errors  # the caller's stream is given back as it was
        if argv[0] == "check":
            assert "\\ud800" in raw.getvalue().decode("utf-8")

"""`check` under load: a 100,000-line replay, streaming, progress, unreadable inputs."""

import gc
import gzip
import json
import os
import random
import subprocess
import sys
import tracemalloc

import pytest

from azure_style_events.cli import _inputs, _render, main

GOOD = {"type": "conversation.item.truncated", "item_id": "item", "content_index": 0, "audio_end_ms": 5}

# Each kind of bad line, and the report line `check` must print for it (at line N).
BAD_LINES = {
    "malformed": ('{"type": "conversation.item.truncated", "item_id": ', "$: expected `JSON`, got invalid text"),
    "wrong type": (
        json.dumps({**GOOD, "audio_end_ms": "5"}),
        "$.audio_end_ms: expected `int`, got `str` '5' [ServerEventConversationItemTruncated]",
    ),
    "missing field": (
        json.dumps({"type": "conversation.item.truncated", "item_id": "i", "content_index": 0}),
        "$.audio_end_ms: missing required field, expected `int` [ServerEventConversationItemTruncated]",
    ),
    "not an object": ("5", "$: expected `object`, got `int` 5 [event]"),
    "type not a string": ('{"type": 7}', "$.type: expected `str`, got `int` 7 [event]"),
}


def replay(path, lines=100_000, seed=20261121):
    """Write a log of `lines` lines with bad, blank and unknown lines scattered; return what to expect."""
    rng = random.Random(seed)
    expected_bad = []
    unknown = 0
    valid = 0
    with open(path, "w", encoding="utf-8") as out:
        for number in range(1, lines + 1):
            roll = rng.random()
            if roll < 0.001:
                kind = rng.choice(sorted(BAD_LINES))
                text, report = BAD_LINES[kind]
                expected_bad.append((number, report))
            elif roll < 0.002:
                text = ""
            elif roll < 0.003:
                text = json.dumps({"type": "vendor.brand_new_event", "n": number})
                unknown += 1
            else:
                text = json.dumps({**GOOD, "event_id": f"e{number}"})
                valid += 1
            # The last line has no newline.
            out.write(text if number == lines else text + "\n")
    return expected_bad, valid, unknown


@pytest.mark.slow
def test_replay_of_a_hundred_thousand_lines(tmp_path, capsys):
    """Every bad line is reported with its line number; the counts and exit code are right."""
    log = tmp_path / "replay.jsonl"
    expected_bad, valid, unknown = replay(log)
    assert len(expected_bad) > 50
    code = main(["check", str(log)])
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    problems = lines[: len(expected_bad)]
    assert len(problems) == len(expected_bad)
    for line, (number, report) in zip(problems, expected_bad):
        assert line.startswith(f"{log}:{number}: ") and report in line, (line, number, report)
    total = len(expected_bad) + valid + unknown
    assert lines[len(expected_bad)] == (
        f"read {total:,} events in {log}: {valid:,} valid, {len(expected_bad):,} invalid, {unknown:,} unchecked (no model)"
    )
    assert lines[-1] == f"unknown types: vendor.brand_new_event ({unknown})"
    assert code == 1


@pytest.mark.slow
def test_streams_without_holding_the_log(tmp_path, capsys):
    """Memory does not grow with the log: 20,000 more lines add (next to) nothing to the peak.

    Measured after a first check has loaded the catalogs and built their checkers (which
    the first traced run would otherwise count), and with both logs longer than the
    protocol checks' bounded window of recent event ids, so that each peak holds a full
    window.  What is left is what the check keeps per line: holding each event costs
    hundreds of bytes a line, even one small int a line costs 36; the bound is 12.
    """
    warm_up = tmp_path / "warm_up.jsonl"
    replay(warm_up, lines=500)
    main(["check", str(warm_up)])
    capsys.readouterr()
    peaks = {}
    for lines in (10_000, 30_000):
        log = tmp_path / f"log{lines}.jsonl"
        replay(log, lines=lines)
        gc.collect()
        tracemalloc.start()
        try:
            main(["check", str(log)])
            peaks[lines] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        capsys.readouterr()
    assert peaks[30_000] - peaks[10_000] < 12 * 20_000, peaks


@pytest.mark.slow
def test_progress_on_a_terminal(tmp_path, monkeypatch, capsys):
    """With --progress (the default on a terminal) stderr shows a running count, then clears it."""
    monkeypatch.setattr(_render.Progress, "INTERVAL", 0.0)  # redraw at every chance
    log = tmp_path / "log.jsonl"
    replay(log, lines=30_000)
    main(["check", "--progress", str(log)])
    _, err = capsys.readouterr()
    assert f"\rchecking {log}: 2,000 events, " in err and f"\rchecking {log}: 20,000 events, " in err
    assert err.endswith("\r\x1b[K\r")
    main(["check", str(log)])  # not a terminal under pytest: no progress
    assert capsys.readouterr()[1] == ""


@pytest.mark.slow
def test_stdin_is_streamed():
    """`check -` reads standard input line by line."""
    text = "\n".join([json.dumps(GOOD)] * 3 + ['{"type": 1}'])
    done = subprocess.run(
        [sys.executable, "-m", "azure_style_events", "check", "-"], input=text, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == "<stdin>:4: $.type: expected `str`, got `int` 1 [event]"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["missing", "directory", "unreadable", "corrupt gzip"])
def test_unreadable_inputs_are_one_line_and_exit_two(tmp_path, kind):
    """A missing file, a directory, an unreadable file and a broken gzip stream: one line on stderr, exit 2."""
    path = tmp_path / "input.jsonl"
    if kind == "directory":
        path.mkdir()
    elif kind == "unreadable":
        path.write_text(json.dumps(GOOD), encoding="utf-8")
        path.chmod(0)
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file")
    elif kind == "corrupt gzip":
        path.write_bytes(gzip.compress(json.dumps(GOOD).encode() * 50)[:40])
    done = subprocess.run(
        [sys.executable, "-m", "azure_style_events", "check", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    errors = done.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("python -m azure_style_events: error: ")
    assert str(path) in errors[0]
    assert "Traceback" not in done.stderr


def test_json_format_streams_the_same_report(tmp_path, capsys):
    """--format json gives one JSON document with the problems and the counts."""
    log = tmp_path / "replay.jsonl"
    expected_bad, valid, unknown = replay(log, lines=5_000)
    code = main(["check", "--format", "json", str(log)])
    report = json.loads(capsys.readouterr()[0])
    assert [problem["line"] for problem in report["problems"]] == [number for number, _ in expected_bad]
    assert report["invalid"] == len(expected_bad) and report["valid"] == valid and report["unchecked"] == unknown
    assert report["unknown_types"] == {"vendor.brand_new_event": unknown}
    assert code == (1 if expected_bad else 0)


def test_permission_denied_in_process(tmp_path, monkeypatch, capsys):
    """An open refused by the system (simulated, as root can read anything) is one line, exit 2."""

    def refuse(path, mode="r", **kwargs):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(_inputs, "_open", refuse)
    code = main(["check", str(tmp_path / "secret.jsonl")])
    err = capsys.readouterr()[1].splitlines()
    assert code == 2 and err == [
        f"python -m azure_style_events: error: cannot read {tmp_path / 'secret.jsonl'}: Permission denied"
    ]


@pytest.mark.slow
def test_closed_output_pipe_is_not_a_traceback(tmp_path):
    """`check log | head -1` closes the pipe early: no traceback, just an exit."""
    log = tmp_path / "replay.jsonl"
    replay(log, lines=20_000)
    reader = subprocess.Popen(
        [sys.executable, "-m", "azure_style_events", "check", str(log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.readline()
    reader.stdout.close()  # as `head -1` does
    with reader.stderr:
        err = reader.stderr.read().decode()
    assert reader.wait() != 0
    assert "Traceback" not in err and "BrokenPipeError" not in err

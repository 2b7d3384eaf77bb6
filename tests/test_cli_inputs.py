"""`check` on what real logs contain, and the options a user of the tool expects.

Each test is one problem found by trying the tool as a new user would: it reported
success on data it never checked, stopped, or printed a traceback.
"""

from __future__ import annotations

import gzip
import json
import os
import select
import signal
import subprocess
import sys
import time

import pytest

from azure_style_events._version import VERSION
from azure_style_events.cli import _main as _cli
from azure_style_events.cli import _render, main

GOOD = '{"type":"conversation.item.truncated","item_id":"i","content_index":0,"audio_end_ms":5}'
BAD = '{"type":"conversation.item.truncated","item_id":"i","content_index":0,"audio_end_ms":"5"}'
PROG = [sys.executable, "-m", "azure_style_events"]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_process(*argv, stdin=None):
    return subprocess.run([*PROG, *argv], input=stdin, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_piped_standard_input_is_checked_not_the_sample():
    done = check_process("check", stdin=GOOD + "\n" + BAD + "\n")
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith("<stdin>:2: $.audio_end_ms")
    assert "sample" not in done.stdout


@pytest.mark.slow
def test_no_input_at_all_checks_the_bundled_sample():
    done = subprocess.run([*PROG, "check"], stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "(bundled sample)" in done.stdout.splitlines()[0]


def test_data_after_a_top_level_array_is_reported(tmp_path, capsys):
    log = tmp_path / "log.json"
    log.write_text(f"[\n{GOOD}\n] trailing\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(log))
    assert code == 1
    assert out.splitlines()[0] == f"{log}:3: $: expected `JSON`, got invalid text (Expecting value at column 3) [event]"


def test_every_line_of_array_lines_is_checked(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    log.write_text(f"[{GOOD}]\n[{GOOD}, {BAD}]\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(log))
    assert code == 1
    assert out.splitlines()[:2] == [
        f"{log}:2: $[1].audio_end_ms: expected `int`, got `str` '5' [ServerEventConversationItemTruncated]",
        f"read 3 events in {log}: 2 valid, 1 invalid",
    ]
    problem = json.loads(run(capsys, "check", "--format", "json", str(log))[1])["problems"][0]
    assert problem["path"] == "$[1].audio_end_ms" and problem["loc"] == [1, "audio_end_ms"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("line", "got"),
    [
        ('{"type": "error", "n": ' + "9" * 5000 + "}", "a number too long to convert"),
        ("[" * 100_000 + "]" * 100_000, "text nested too deeply to decode"),
        ('{"type": "error", "x": NaN}', "NaN is not JSON"),
    ],
    ids=["5000 digits", "100000 levels", "NaN"],
)
def test_hostile_lines_are_bad_events_not_tracebacks(tmp_path, line, got):
    log = tmp_path / "log.jsonl"
    log.write_text(line + "\n" + GOOD + "\n", encoding="utf-8")
    done = check_process("check", str(log))
    assert done.returncode == 1 and done.stderr == ""
    assert got in done.stdout.splitlines()[0]
    assert f"read 2 events in {log}: 1 valid, 1 invalid" in done.stdout


@pytest.mark.slow
def test_a_deeply_nested_array_document_is_reported(tmp_path):
    log = tmp_path / "deep.json"
    log.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    done = check_process("check", str(log))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "nested too deeply" in done.stdout


def test_json_output_is_complete_when_a_file_is_missing(tmp_path, capsys):
    log = tmp_path / "ok.jsonl"
    log.write_text(GOOD + "\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--format", "json", str(tmp_path / "missing.jsonl"), str(log))
    report = json.loads(out)
    assert code == 2 and "cannot read" in err
    assert report["events"] == 1 and report["per_file"][0]["error"].startswith("cannot read")


def test_one_missing_file_among_several_does_not_stop_the_rest(tmp_path, capsys):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(BAD + "\n", encoding="utf-8")
    second.write_text(GOOD + "\n" + GOOD + "\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(first), str(tmp_path / "gone.jsonl"), str(second))
    assert code == 2 and err.count("error:") == 1
    lines = out.splitlines()
    assert f"  {first}: 1 event, 0 valid, 1 invalid (read)" in lines
    assert f"  {second}: 2 events, 2 valid, 0 invalid (read)" in lines
    assert any(line.startswith(f"  {tmp_path / 'gone.jsonl'}: 0 events") and "unreadable" in line for line in lines)


def test_decode_errors_give_the_column_within_the_line(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    log.write_text(GOOD + '\n{"type": "error", "event_id": \n', encoding="utf-8")
    _, out, _ = run(capsys, "check", str(log))
    assert out.splitlines()[0] == f"{log}:2: $: expected `JSON`, got invalid text (Expecting value at column 31) [event]"


def test_progress_is_cleared_before_each_problem_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(_render.Progress, "INTERVAL", 0.0)
    monkeypatch.setattr(_render.Progress, "EVERY", 1)
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join([GOOD] * 5 + [BAD]) + "\n", encoding="utf-8")
    writes = []

    class Recording:
        def write(self, text):
            writes.append(("err", text))

        def flush(self):
            pass

    class Out:
        def write(self, text):
            writes.append(("out", text))

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stderr", Recording())
    monkeypatch.setattr(sys, "stdout", Out())
    main(["check", "--progress", str(log)])
    problem = next(index for index, (stream, text) in enumerate(writes) if stream == "out" and "audio_end_ms" in text)
    assert writes[problem - 1] == ("err", "\r\x1b[K\r")


def test_version_and_help_give_what_a_user_needs(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"azure-style-events {VERSION}"
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = capsys.readouterr().out
    assert "exit status:" in text and "130" in text and "--protocol" in text


def test_strict_counts_unknown_types_as_invalid(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    log.write_text(GOOD + '\n{"type": "vendor.thing"}\n', encoding="utf-8")
    assert run(capsys, "check", "--protocol", "voicelive", str(log))[0] == 0
    code, out, _ = run(capsys, "check", "--protocol", "voicelive", "--strict", str(log))
    assert code == 1
    assert out.splitlines()[0] == f"{log}:2: $.type: expected `an event type of voicelive`, got `str` 'vendor.thing' [event]"
    assert any(line.split()[-2:] == ["no", "model"] and "vendor.thing" in line for line in out.splitlines())


def test_max_problems_prints_some_and_counts_all(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join([BAD] * 10) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", "--max-problems", "3", str(log))
    lines = out.splitlines()
    assert code == 1 and sum("audio_end_ms" in line for line in lines) == 3
    assert "... and 7 more problems not shown (--max-problems)" in lines
    report = json.loads(run(capsys, "check", "--format", "json", "--max-problems", "0", str(log))[1])
    assert report["problems"] == [] and report["problem_count"] == 10 and report["problems_not_shown"] == 10


def test_the_console_script_names_itself(capsys):
    assert _cli.console.__doc__
    code = main(["check", "/no/such.jsonl"], prog="azure-style-events")
    assert code == 2 and capsys.readouterr().err.startswith("azure-style-events: error: cannot read")


def _within(seconds, ready):
    """Wait until ``ready()`` is true, at most ``seconds``: a readiness signal, not a guess."""
    deadline = time.monotonic() + seconds
    while not ready():
        assert time.monotonic() < deadline, f"not ready within {seconds} s"
        time.sleep(0.01)


@pytest.mark.slow
def test_ctrl_c_is_one_line_and_exit_130():
    # The interrupt must land while the check is reading, whatever the machine's
    # speed: feed stdin more than a pipe buffers, wait for the report of line 1 (the
    # check is in its loop), then keep the pipe open so that it waits for more.
    # Unbuffered, as on a terminal, the report is written as soon as it is found.
    # A shell ignores SIGINT in the background jobs it starts, and children inherit that
    # (Python then installs no KeyboardInterrupt handler): give the check the default,
    # as a terminal user's process has, however the test run was started.
    process = subprocess.Popen(
        [*PROG, "check", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write((BAD + "\n" + (GOOD + "\n") * 20_000).encode("utf-8"))
    process.stdin.flush()
    _within(60, lambda: select.select([process.stdout], [], [], 0.1)[0])
    assert process.stdout.readline().startswith(b"<stdin>:1: $.audio_end_ms")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    text = err.decode("utf-8")
    assert process.returncode == 130 and text.strip().endswith("interrupted") and "Traceback" not in text
    # What was read until then is summed up, and the summary says it is partial.
    assert "read " in out.decode("utf-8") and "interrupted: the summary covers what was read until then" in out.decode("utf-8")


@pytest.mark.slow
def test_ctrl_c_with_json_output_leaves_a_complete_document(tmp_path):
    """--format json stays valid JSON on every outcome, an interrupt too (docs/cli.md)."""
    report_path = tmp_path / "report.json"
    with open(report_path, "wb") as report_file:  # a file, not a pipe: the problems must not fill a pipe nobody reads
        process = subprocess.Popen(
            [*PROG, "check", "--format", "json", "-"],
            stdin=subprocess.PIPE,
            stdout=report_file,
            stderr=subprocess.PIPE,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        assert process.stdin is not None
        process.stdin.write(((BAD + "\n") * 20_000).encode("utf-8"))  # problems are being written
        process.stdin.flush()
        _within(60, lambda: report_path.read_text(encoding="utf-8").startswith('{\n  "problems": [\n    {'))
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and err.decode("utf-8").strip().endswith("interrupted")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["interrupted"] is True and report["invalid"] >= 1 and report["problems"]


@pytest.mark.parametrize(
    "content",
    [
        ("\ufeff" + GOOD + "\r\n" + BAD + "\r\n").encode(),
        json.dumps(json.loads(BAD), indent=2).encode(),
        gzip.compress((GOOD + "\n" + BAD + "\n").encode()),
        ("[\r\n  " + GOOD + ",\r\n  " + BAD + "\r\n]\r\n").encode("utf-8-sig"),
    ],
    ids=["BOM and CRLF", "pretty-printed object", "gzip", "array with BOM and CRLF"],
)
def test_what_logs_look_like_in_the_wild(tmp_path, content, capsys):
    log = tmp_path / "log.jsonl.gz"
    log.write_bytes(content)
    code, out, _ = run(capsys, "check", str(log))
    assert code == 1
    assert "$.audio_end_ms: expected `int`, got `str` '5'" in out.splitlines()[0]
    assert " 1 invalid" in [line for line in out.splitlines() if line.startswith("read ")][0]


@pytest.mark.slow
def test_a_named_protocol_loads_only_its_own_catalog(tmp_path):
    """Memory: a long check with `--protocol voicelive` carries no OpenAI classes."""
    log = tmp_path / "log.jsonl"
    log.write_text('{"type": "session.created", "session": {}}\n', encoding="utf-8")
    probe = (
        "import sys; from azure_style_events.cli import main; "
        f"main(['check', '--protocol', 'voicelive', {str(log)!r}]); "
        "print('\\nLOADED', 'azure_style_events.openai_realtime' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert "LOADED False" in run.stdout, run.stdout + run.stderr


def test_the_fast_loop_and_the_slow_path_agree_on_a_missing_nested_discriminator(tmp_path, capsys):
    """The checker runs without building the model: a nested item with no `type` is still named."""
    log = tmp_path / "log.jsonl"
    event = {"type": "conversation.item.created", "item": {"id": "i", "content": []}}
    log.write_text(json.dumps(event) + "\n", encoding="utf-8")
    code = main(["check", "--protocol", "voicelive", str(log)])
    out = capsys.readouterr().out
    from azure_style_events import voicelive

    try:
        voicelive.ServerEvent.from_json(json.dumps(event))
        expected_valid = True
    except ValueError:
        expected_valid = False
    assert (code == 0) == expected_valid, out

"""``check --report``: the HTML page of checked sessions (azure_style_events.report).

The pages are read as text here, and as Chromium renders them (tests marked
``browser``, skipped where Chromium is not installed): a screenshot that is not blank,
the DOM with JavaScript on and off, and no network.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any, List, Tuple

import pytest
from browser import Elements, dump_dom, ink, needs_browser, screenshot
from report_data import SAMPLE, SESSIONS, long_log, timed_sample

from azure_style_events._dialects import DIALECTS
from azure_style_events.cli import main
from azure_style_events.cli._check import AUTO_SAMPLE, choose
from azure_style_events.conversation import ConversationState
from azure_style_events.conversation._time import unwrap_envelope
from azure_style_events.report import LogReport, render_report
from azure_style_events.report._model import LANES

LANE_KEYS = [key for key, _ in LANES]


def folded(path: Path) -> Tuple[ConversationState, int]:
    """The file folded apart from the command line (its dialect chosen as check chooses it)."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    dialect, _ = choose(list(DIALECTS.values()), [(number, None, data) for number, data in enumerate(lines[:AUTO_SAMPLE])])
    state = ConversationState(dialect)
    for data in lines:
        envelope = unwrap_envelope(data)
        if envelope is not None:
            state.fold(envelope.event, envelope.time, envelope.source)
        else:
            state.fold(data)
    state.end()
    return state, len(lines)


def report(tmp_path: Path, *args: str, name: str = "report.html") -> Tuple[int, Path]:
    page = tmp_path / name
    return main(["check", "--report", str(page), *args]), page


def external(text: str) -> List[str]:
    """Every src/href that points anywhere but into the page."""
    return re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?!#)([^"'\s>]+)""", text, re.I)


@pytest.fixture
def timed(tmp_path: Path) -> Path:
    return timed_sample(tmp_path / "timed.jsonl")


@pytest.fixture
def troubled(tmp_path: Path) -> Path:
    """The sample with a server error and protocol problems (a repeated event, an unknown item)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    error = {
        "type": "error",
        "event_id": "event_9001",
        "error": {"type": "invalid_request_error", "code": "bad", "message": "no"},
    }
    unknown = json.loads(lines[39])
    unknown["item_id"], unknown["event_id"] = "item_nowhere", "event_9002"
    path = tmp_path / "troubled.jsonl"
    path.write_text("\n".join([*lines[:20], lines[19], json.dumps(error), *lines[20:], json.dumps(unknown)]) + "\n")
    return path


def test_sample_report_is_one_self_contained_page(tmp_path: Path, capsys: Any) -> None:
    status, page = report(tmp_path, str(SAMPLE))
    assert status == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<svg" in text and "<style>" in text
    assert external(text) == []
    assert not re.search(r"<(link|img|iframe|object|embed)\b|<script[^>]+src|@import|url\((?!#)", text, re.I)
    assert Elements(text).lanes() == LANE_KEYS
    assert "event order" in text  # the sample has no times: the page says what its x axis is
    assert "cancelled" in text and "Barge-ins" in text


def test_timed_log_draws_seconds_and_reaction_time(tmp_path: Path, timed: Path) -> None:
    status, page = report(tmp_path, str(timed))
    text = page.read_text(encoding="utf-8")
    assert status == 0 and "seconds" in text
    assert re.search(r"barge-in over item_a1 at event 33: conversation.item.truncate at event 39 after [\d,]+ ms", text)
    assert "truncation of item_a1: audio cut at 1,400 ms" in text


def test_marks_match_responses_problems_and_errors(tmp_path: Path, troubled: Path) -> None:
    state, _ = folded(troubled)
    status, page = report(tmp_path, str(troubled))
    text = page.read_text(encoding="utf-8")
    found = Elements(text)
    assert status == 1 and state.problems and state.errors
    assert found.marks("problem") == len(state.problems)
    assert found.marks("error") == len(state.errors)
    assert found.marks("response") == len(state.responses)
    assert "troubled.jsonl:22" in text  # the server error's file line


def test_report_written_whatever_the_outcome(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "session.created"}\nnot json\n')
    status, page = report(tmp_path, str(bad), str(tmp_path / "absent.jsonl"))
    text = page.read_text(encoding="utf-8")
    assert status == 2 and "bad.jsonl" in text and "absent.jsonl" in text


def test_no_protocol_checks_still_gives_a_page(tmp_path: Path) -> None:
    status, page = report(tmp_path, "--no-protocol", str(SAMPLE))
    assert status == 0 and "nothing to draw" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("target", ["missing/report.html", "."])
def test_unwritable_report_is_one_line_and_exit_2(tmp_path: Path, capsys: Any, target: str) -> None:
    status = main(["check", "--report", str(tmp_path / target), str(SAMPLE)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "cannot write the report" in err and "Traceback" not in err


def test_without_the_option_nothing_is_kept(tmp_path: Path) -> None:
    import io

    from azure_style_events.cli._check import FileCheck, check_source
    from azure_style_events.cli._render import FileReport, Output

    file_report = FileReport("sample")
    checker = FileCheck(file_report, Output(io.StringIO(), False, None, None), False)
    with SAMPLE.open("rb") as stream:
        check_source(checker, stream, "auto")
    assert file_report.state is None and file_report.problem_lines == []


def test_page_is_drawn_from_records_not_from_the_api_user_state() -> None:
    state, events = folded(SAMPLE)
    text = render_report([LogReport("sample", "voicelive", state, events=events)])
    assert Elements(text).marks("response") == 2 and Elements(text).marks("barge") == 1


@pytest.fixture(scope="module")
def long_report(tmp_path_factory: Any) -> Tuple[Path, int, int]:
    """A 200k-event log's report: its page, the log's events and its records (items, responses, speech, barge-ins)."""
    folder = tmp_path_factory.mktemp("long")
    log = long_log(folder / "long.jsonl", 200_000)
    status, page = report(folder, str(log))
    state, events = folded(log)
    log.unlink()
    assert status == 0
    return page, events, len(state.items) + len(state.responses) + len(state.speech) + len(state.barge_ins)


@pytest.mark.slow
def test_long_log_report_size_follows_items(long_report: Tuple[Path, int, int]) -> None:
    page, events, records = long_report
    size = page.stat().st_size
    assert events >= 200_000
    assert size < 40_000 + 250 * records, (size, records)
    assert size < events * 10  # far less than the events would take


# -- in a browser ------------------------------------------------------------------------


def _pages(tmp_path: Path) -> List[Tuple[Path, Path]]:
    return [(log, report(tmp_path, str(log), name=f"{log.stem}.html")[1]) for log in [*SESSIONS, SAMPLE]]


@pytest.mark.browser
@pytest.mark.slow
@needs_browser
def test_every_recorded_session_renders(tmp_path: Path, timed: Path) -> None:
    """One report of every recorded session (one browser start): each session's lanes and marks."""
    logs = [*SESSIONS, SAMPLE, timed]
    states = [folded(log)[0] for log in logs]
    _, page = report(tmp_path, *map(str, logs))
    dom = Elements(dump_dom(page))
    assert dom.lanes() == LANE_KEYS * len(logs)
    assert dom.marks("response") == sum(len(state.responses) for state in states)
    assert dom.marks("problem") == sum(len(state.problems) for state in states)
    assert ink(screenshot(page, tmp_path / "shot.png", 800, 600)) > 0.02


@pytest.mark.browser
@pytest.mark.slow
@needs_browser
def test_problems_render_and_read_with_javascript_off(tmp_path: Path, troubled: Path) -> None:
    state, _ = folded(troubled)
    _, page = report(tmp_path, str(troubled))
    without = dump_dom(page, script=False)
    dom = Elements(without)
    assert dom.lanes() == LANE_KEYS
    assert dom.marks("problem") == len(state.problems) and dom.marks("error") == len(state.errors)
    assert re.search(r"<button[^>]*hidden", without)  # the zoom button stays hidden without script
    assert not re.search(r"<button[^>]*hidden", dump_dom(page))
    assert ink(screenshot(page, tmp_path / "off.png", 800, 600, script=False)) > 0.02


@pytest.mark.browser
@pytest.mark.slow
@needs_browser
def test_narrow_window_still_draws(tmp_path: Path, timed: Path) -> None:
    _, page = report(tmp_path, str(timed))
    assert ink(screenshot(page, tmp_path / "narrow.png", 380, 700)) > 0.02


def _call_log(path: Path) -> Path:
    call = {"id": "item_c1", "type": "function_call", "status": "completed", "name": "get_weather"}
    call.update(call_id="call_1", arguments='{"city": "Lisbon <May>"}')
    events = [
        {"type": "session.created", "event_id": "e1", "session": {"id": "s1"}},
        {"type": "response.created", "event_id": "e2", "response": {"id": "r1", "status": "in_progress", "output": []}},
        {"type": "response.output_item.added", "event_id": "e3", "response_id": "r1", "output_index": 0, "item": call},
        {"type": "response.output_item.done", "event_id": "e4", "response_id": "r1", "output_index": 0, "item": call},
        {"type": "response.done", "event_id": "e5", "response": {"id": "r1", "status": "completed", "output": [call]}},
    ]
    path.write_text("".join(json.dumps(event) + "\n" for event in events))
    return path


def test_function_call_mark_carries_its_arguments(tmp_path: Path) -> None:
    _, page = report(tmp_path, "--protocol", "openai", str(_call_log(tmp_path / "call.jsonl")))
    text = page.read_text(encoding="utf-8")
    assert Elements(text).marks("call") == 1
    assert "function call get_weather({&quot;city&quot;: &quot;Lisbon &lt;May&gt;&quot;}) call_id call_1" in text


def test_two_sessions_in_one_log(tmp_path: Path) -> None:
    lines = SAMPLE.read_text(encoding="utf-8")
    log = tmp_path / "twice.jsonl"
    log.write_text(lines + lines)
    _, page = report(tmp_path, str(log))
    found = Elements(page.read_text(encoding="utf-8"))
    assert found.marks("response") == 4 and found.marks("barge") == 2  # every session's
    assert found.marks("audio") == 2  # the items: the last session's (its cut answer: a bar and a cut)


def test_huge_texts_from_the_log_are_cut(tmp_path: Path) -> None:
    error = {"type": "error", "event_id": "e1", "error": {"type": "server_error", "code": "x" * 50_000, "message": "m" * 50_000}}
    log = tmp_path / "huge.jsonl"
    log.write_text(json.dumps(error) + "\n")
    _, page = report(tmp_path, "--protocol", "openai", str(log))
    assert page.stat().st_size < 20_000 + 10_000


@pytest.mark.browser
@pytest.mark.slow
@needs_browser
def test_long_log_report_opens_in_seconds(tmp_path: Path, long_report: Tuple[Path, int, int]) -> None:
    page, _, _ = long_report
    started = time.perf_counter()
    dom = Elements(dump_dom(page))
    took = time.perf_counter() - started
    assert dom.lanes() == LANE_KEYS and dom.marks("response") > 3000
    assert took < 30, took  # about 4 s here, 2 of them the browser's own start; CI machines vary

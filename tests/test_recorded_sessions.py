"""Real sessions, scrubbed (tests/data/recorded/, provenance in its PROVENANCE.md).

Each file is named ``<name>.<dialect>.jsonl``.  A real session must fold through
``ConversationState`` and ``check`` with no protocol problem: anything reported on one
of them is a false alarm (or a server habit the rules must learn).  The files must also
be what the scrubber makes of them, so that nothing unscrubbed is ever committed here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrub_shape import fold

from azure_style_events.cli import main
from azure_style_events.testing import scrub

RECORDED = Path(__file__).resolve().parent / "data" / "recorded"
FILES = sorted(RECORDED.glob("*.jsonl"))


def dialect(path: Path) -> str:
    return path.name.rsplit(".", 2)[-2]


def events(path: Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_dialect_has_recorded_sessions():
    assert sorted({dialect(path) for path in FILES}) == ["openai", "openai-beta", "voicelive"]


def test_every_recorded_session_has_its_provenance():
    provenance = (RECORDED / "PROVENANCE.md").read_text(encoding="utf-8")
    assert [path.name for path in FILES if f"`{path.name}`" not in provenance] == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_a_recorded_session_folds_without_protocol_problems(path):
    state = fold(dialect(path), events(path))
    assert [str(problem) for problem in state.problems] == []
    assert state.items and state.responses


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_check_reports_no_protocol_problem_in_a_recorded_session(path, capsys):
    main(["check", "--format", "json", "--protocol", dialect(path), str(path)])
    report = json.loads(capsys.readouterr().out)
    assert report["events"] == len(events(path))
    assert report["protocol_problems"] == 0


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_a_recorded_session_is_the_scrubbers_output(path):
    """Scrubbing again changes nothing: the committed file is scrubbed (and stays so when the scrubber changes)."""
    assert scrub(events(path)) == events(path)


def test_the_recordings_hold_the_cases_they_were_chosen_for():
    """Function calls, a server error, a failed input transcription and input transcripts, across the files."""
    states = [fold(dialect(path), events(path)) for path in FILES]
    assert any(item.type == "function_call" and item.arguments for state in states for item in state.items)
    assert any(error.event_type == "error" for state in states for error in state.errors)
    assert any(error.event_type.endswith("transcription.failed") for state in states for error in state.errors)
    assert any(part.type == "input_audio" and part.transcript for state in states for item in state.items for part in item.parts)

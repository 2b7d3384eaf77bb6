"""Recorded sessions from public projects, where the steering repository provides them.

This repository commits no material fetched from other projects.  When the shared folder
beside the repository (``../shared/sessions/``, as CI lays it out) holds recorded
sessions as ``<name>.<protocol>.jsonl`` (protocol ``voicelive``, ``openai`` or
``openai-beta``), each one must fold through ``ConversationState`` with no protocol
problem.  The sessions folded while building the checks are listed, with their
provenance, in docs/protocol-checks.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from azure_style_events import ConversationState

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "sessions"
RECORDED = sorted(SHARED.glob("*.jsonl")) if SHARED.is_dir() else []


@pytest.mark.skipif(not RECORDED, reason="no recorded sessions in ../shared/sessions/")
@pytest.mark.parametrize("path", RECORDED, ids=lambda path: path.name)
def test_a_recorded_session_folds_without_protocol_problems(path):
    protocol = path.name.rsplit(".", 2)[-2]
    state = ConversationState(protocol)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            state.apply(json.loads(line))
    assert [str(problem) for problem in state.problems] == []

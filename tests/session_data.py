"""The sessions the conversation tests fold, and the small helpers every such test uses.

``events(path)`` reads a JSON Lines session (the bundled sample by default), ``fold``
folds a stream into a fresh ``ConversationState``, ``at`` finds the index of the n-th
event of a type, and ``codes`` lists a state's problems as ``(index, code)``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

from azure_style_events import ConversationState

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
SAMPLE = ROOT / "azure_style_events" / "data" / "sample_session.jsonl"


def events(path: Path = SAMPLE) -> List[Dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def fold(protocol: str, stream: Any, **options: Any) -> ConversationState:
    state = ConversationState(protocol, **options)
    for event in stream:
        state.apply(event)
    return state


def codes(state: ConversationState) -> List[Tuple[int, str]]:
    return [(problem.index, problem.code) for problem in state.problems]


def at(stream: List[Dict[str, Any]], event_type: str, nth: int = 0) -> int:
    """The index of the nth event of a type."""
    return [index for index, event in enumerate(stream) if event["type"] == event_type][nth]

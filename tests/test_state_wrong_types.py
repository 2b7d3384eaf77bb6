"""A value of the wrong JSON type anywhere in an event is reported or ignored, never raised.

The receiving path does not validate, so the fold meets whatever a server sends: a list
where an id belongs, an object for an index.  For every session the tests hold (the
bundled sample, the catalog sessions and the scrubbed real ones), every event type and
every path into its events (three levels deep), the fold runs again with that value
replaced in all events of the type; ``apply`` (JSON text) and ``fold`` (the ``check``
command's decoded lines, envelopes unwrapped as ``check`` does) must both finish.  Unhashable values (lists, objects)
are the ones that used to raise: a ``TypeError`` from a dict lookup with them.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from session_data import DATA, SAMPLE, events

from azure_style_events import ConversationState

SESSIONS = [
    ("voicelive", SAMPLE),
    ("voicelive", DATA / "voicelive_session.jsonl"),
    ("openai", DATA / "openai_session.jsonl"),
    ("openai-beta", DATA / "openai_beta_session.jsonl"),
    *((path.name.rsplit(".", 2)[-2], path) for path in sorted((DATA / "recorded").glob("*.jsonl"))),
]
WRONG = [[], {}, "x", -1, 10**12]  # unhashable (2), a text for a number, numbers for a text, huge
Path_ = Tuple[str, ...]


def paths(value: Any, depth: int = 3, prefix: Path_ = ()) -> Iterator[Path_]:
    """Every key path into an event's objects, to ``depth`` levels (the event's ``type`` kept)."""
    if not isinstance(value, dict) or depth == 0:
        return
    for key, inner in value.items():
        if prefix or key != "type":
            yield (*prefix, key)
            yield from paths(inner, depth - 1, (*prefix, key))


def replaced(event: Dict[str, Any], path: Path_, wrong: Any) -> Dict[str, Any]:
    changed = copy.deepcopy(event)
    here: Any = changed
    for key in path[:-1]:
        here = here.get(key) if isinstance(here, dict) else None
    if isinstance(here, dict) and path[-1] in here:
        here[path[-1]] = copy.deepcopy(wrong)
    return changed


def inner(line: Dict[str, Any]) -> Dict[str, Any]:
    """A line's event: itself, or an envelope's ``event``."""
    return line["event"] if "type" not in line and isinstance(line.get("event"), dict) else line


def cases(stream: List[Dict[str, Any]]) -> Iterator[Tuple[str, Path_]]:
    seen = set()
    for event in stream:
        for path in paths(event):
            if (event["type"], path) not in seen:
                seen.add((event["type"], path))
                yield event["type"], path


def changed_text(line: Dict[str, Any], where: Path_, wrong: Any) -> str:
    """A line as JSON text with one value of its event replaced (inside its envelope, if any)."""
    event = inner(line)
    changed = replaced(event, where, wrong)
    return json.dumps(changed if event is line else {**line, "event": changed})


def fold_line(state: ConversationState, how: str, text: str) -> None:
    if how == "apply":
        state.apply(text)
        return
    line = json.loads(text)
    if "type" in line:
        state.fold(line)
    else:
        state.fold(line["event"], line.get("time"), line.get("source"))


@pytest.mark.slow
@pytest.mark.parametrize(("protocol", "path"), SESSIONS, ids=[f"{p}:{f.stem}" for p, f in SESSIONS])
def test_every_value_of_the_wrong_type_is_folded_without_raising(protocol: str, path: Path) -> None:
    lines = events(path)
    stream = [inner(line) for line in lines]
    texts = [json.dumps(line) for line in lines]
    failures = []
    for event_type, where in cases(stream):
        for wrong in WRONG:
            changed = [
                changed_text(line, where, wrong) if event["type"] == event_type else text
                for line, event, text in zip(lines, stream, texts)
            ]
            for how in ("apply", "fold"):
                state = ConversationState(protocol)
                try:
                    for text in changed:
                        fold_line(state, how, text)
                    state.end()
                    state.summary()
                    state.transcript()
                except Exception as exc:  # noqa: BLE001 - every escape is the failure this test lists
                    failures.append(f"{how} {event_type} {'.'.join(where)}={wrong!r}: {type(exc).__name__}: {exc}")
    assert failures == []


def test_a_huge_content_index_is_a_bad_event_not_a_billion_parts() -> None:
    stream = events()
    index = next(i for i, event in enumerate(stream) if event["type"] == "response.text.delta")
    stream[index] = {**stream[index], "content_index": 10**12}
    state = ConversationState("voicelive")
    for event in stream:
        state.apply(event)
    # Reported where it came; the delta is not joined, so the text's .done then disagrees.
    assert [(p.index, p.code) for p in state.problems][:1] == [(index, "bad-event")]
    assert {p.code for p in state.problems[1:]} <= {"delta-mismatch"}
    assert "content_index 1000000000000 is over the limit of 1024" in state.problems[0].message
    assert max(len(item.parts) for item in state.items) < 10


def test_a_delta_naming_a_response_with_a_list_is_folded_like_one_without_it() -> None:
    stream = events()
    changed = [{**event, "response_id": ["r"]} if event["type"].endswith(".delta") else event for event in stream]
    without = [
        {k: v for k, v in event.items() if k != "response_id"} if event["type"].endswith(".delta") else event for event in stream
    ]
    folded, reference = ConversationState("voicelive"), ConversationState("voicelive")
    for a, b in zip(changed, without):
        folded.apply(a)
        reference.apply(b)
    assert folded.summary() == reference.summary()
    assert folded.transcript() == reference.transcript()

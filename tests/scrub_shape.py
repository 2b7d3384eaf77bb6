"""What scrubbing must not change: the shape a recording folds to (tests/test_scrub.py, test_recorded_sessions.py)."""

from __future__ import annotations

from typing import Any, Iterable, Tuple

from azure_style_events import ConversationState


def fold(dialect: str, events: Iterable[Any]) -> ConversationState:
    state = ConversationState(dialect)
    for event in events:
        state.apply(event)
    return state


def _length(text: Any) -> Any:
    return None if text is None else len(text)


def shape(state: ConversationState) -> Tuple[Any, ...]:
    """Everything of a folded session but its words: ids, kinds, statuses, lengths, durations, usage, problems."""
    items = [
        (
            item.id,
            item.type,
            item.role,
            item.status,
            item.call_id,
            item.name,
            _length(item.arguments),
            _length(item.output),
            [(part.type, _length(part.text), _length(part.transcript), part.audio_ms, part.truncated_ms) for part in item.parts],
        )
        for item in state.items
    ]
    usage = state.usage
    responses = [(response.id, response.status, response.item_ids) for response in state.responses]
    problems = [(problem.index, problem.event_type, problem.code) for problem in state.problems]
    errors = [(error.index, error.event_type, error.code, error.type, _length(error.message)) for error in state.errors]
    return items, responses, repr(usage), problems, errors, state.summary()

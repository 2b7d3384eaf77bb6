"""The marks of each lane, made from a folded conversation's records (one per record, none per delta)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ._model import Clock, Mark, _ms, _where

__all__ = ["marks_of"]

_SHORT = 160  # characters of arguments or messages kept in a label


def _cut(text: str) -> str:
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def _speech(state: Any, clock: Clock) -> List[Mark]:
    marks = []
    for speech in state.speech:
        x0 = clock.x(speech.index, speech.time)
        x1 = clock.x(speech.stop_index, speech.stop_time)
        if x0 is None:
            continue
        span = ""
        if speech.audio_start_ms is not None and speech.audio_end_ms is not None:
            span = f", input audio {speech.audio_start_ms:,}–{speech.audio_end_ms:,} ms"
        ended = "" if x1 is not None else " (no speech_stopped seen)"
        label = f"user speech, event {speech.index + 1}{span}{ended}"
        marks.append(Mark("speech", "speech", x0, x1, label))
    return marks


def _user_audio(state: Any, clock: Clock, speech_at: Dict[str, Tuple[int, Optional[float]]]) -> List[Mark]:
    marks = []
    for item in state.items:
        sent = sum(part.audio_ms for part in item.parts) if item.role == "user" else 0.0
        if sent <= 0:
            continue
        end = clock.x(item.index, item.time)
        if end is None:
            continue
        start: Optional[float]
        if clock.timed:
            start = end - sent / 1000
        else:
            begun = speech_at.get(item.id)
            start = clock.x(*begun) if begun is not None else None
        label = f"audio sent for {item.id}: {sent:,.0f} ms"
        marks.append(Mark("sent", "sent", start if start is not None else end, None if start is None else end, label))
    return marks


def _audio_end(state: Any, item: Any, clock: Clock, part: Any, cut_at: Dict[str, int]) -> Optional[float]:
    """Where an assistant part's bar ends: its audio length (timed), else the barge-in or its response's end."""
    start = clock.x(part.first_index, part.first_time)
    if start is None:
        return None
    if clock.timed:
        heard: float = part.audio_ms
        return start + heard / 1000
    if item.id in cut_at:
        return clock.x(cut_at[item.id], None)
    response = state.response(item.response_id) if item.response_id else None
    done = response.done_index if response is not None else None
    return clock.x(done, None) if done is not None else start + 1


def _assistant_audio(state: Any, clock: Clock) -> List[Mark]:
    cut_at = {b.item_id: b.index for b in state.barge_ins if b.item_id is not None}
    marks = []
    for item in state.items:
        for number, part in enumerate(item.parts):
            if item.role != "assistant" or part.audio_ms <= 0 or part.first_index is None:
                continue
            x0 = clock.x(part.first_index, part.first_time)
            x1 = _audio_end(state, item, clock, part, cut_at)
            if x0 is None:
                continue
            label = f"assistant audio {item.id} part {number}: {part.audio_ms:,.0f} ms"
            if part.truncated_ms is None:
                marks.append(Mark("audio", "audio", x0, x1, label))
                continue
            marks.append(Mark("audio", "heard", x0, x1, label + f", truncated at audio_end_ms {part.truncated_ms:,}"))
            marks.append(
                Mark(
                    "audio",
                    "cut",
                    x1 if x1 is not None else x0,
                    None,
                    f"truncation of {item.id}: audio cut at {part.truncated_ms:,} ms",
                )
            )
    return marks


def _tokens(usage: Any) -> str:
    if usage is None:
        return ""
    total = usage.get("total_tokens")
    return f", {total:,} tokens" if isinstance(total, int) else ""


def _responses(state: Any, clock: Clock) -> List[Mark]:
    marks = []
    for response in state.responses:
        timing = response.timing
        x0 = clock.x(response.index, timing.created)
        x1 = clock.x(response.done_index, timing.done) if response.done_index is not None else None
        if x0 is None:
            continue
        status = response.status or "unfinished"
        label = f"response {response.id}: {status}, event {response.index + 1}"
        if timing.response_ms is not None:
            label += f", {_ms(timing.response_ms)}"
        label += _tokens(response.usage)
        marks.append(Mark("response", status if status in _STATUSES else "other", x0, x1, label))
    return marks


_STATUSES = ("completed", "cancelled", "failed", "incomplete", "in_progress", "unfinished")


def _barge_ins(state: Any, clock: Clock) -> List[Mark]:
    marks = []
    for barge in state.barge_ins:
        x0 = clock.x(barge.index, barge.time)
        if x0 is None:
            continue
        x1 = clock.x(barge.reaction_index, barge.reaction_time) if barge.reaction_index is not None else None
        over = f" over {barge.item_id}" if barge.item_id else ""
        if barge.reaction_type is None or barge.reaction_index is None:
            reaction = "no reaction seen"
        else:
            took = f" after {_ms(barge.reaction_ms)}" if barge.reaction_ms is not None else ""
            reaction = f"{barge.reaction_type} at event {barge.reaction_index + 1}{took}"
        tag = _ms(barge.reaction_ms) if barge.reaction_ms is not None else ""
        marks.append(Mark("barge", "barge", x0, x1, f"barge-in{over} at event {barge.index + 1}: {reaction}", tag=tag))
    return marks


def _calls(state: Any, clock: Clock) -> List[Mark]:
    marks = []
    for item in state.items:
        if item.type != "function_call":
            continue
        x0 = clock.x(item.index, item.time)
        if x0 is not None:
            label = f"function call {item.name or '?'}({_cut(item.arguments or '')}) call_id {item.call_id or '?'}"
            marks.append(Mark("call", "call", x0, None, label, tag=item.name or ""))
    return marks


def _errors(errors: List[Tuple[Optional[int], Any]], source: str, clock: Clock) -> List[Mark]:
    marks = []
    for line, error in errors:
        x0 = clock.x(error.index, error.time)
        if x0 is not None:
            code = error.code or error.type or error.event_type
            label = f"server error {code} at {_where(source, line, error.index)}: {_cut(error.message or '')}"
            marks.append(Mark("error", "error", x0, None, label))
    return marks


def _problems(problems: List[Tuple[Optional[int], Any]], source: str, clock: Clock) -> List[Mark]:
    marks = []
    for line, problem in problems:
        x0 = clock.x(problem.index, problem.time)
        if x0 is not None:
            label = f"protocol problem {problem.code} at {_where(source, line, problem.index)}: {_cut(problem.message)}"
            marks.append(Mark("problem", "problem", x0, None, label))
    return marks


def marks_of(report: Any, clock: Clock) -> List[Mark]:
    """Every mark of one folded file, lane by lane."""
    state = report.state
    speech_at = {s.item_id: (s.index, s.time) for s in state.speech if s.item_id is not None}
    return [
        *_speech(state, clock),
        *_user_audio(state, clock, speech_at),
        *_assistant_audio(state, clock),
        *_responses(state, clock),
        *_barge_ins(state, clock),
        *_calls(state, clock),
        *_errors(report.errors, report.source, clock),
        *_problems(report.problems, report.source, clock),
    ]

"""Checked by mypy --strict and pyright, never run: the catalogs' ``Param`` TypedDicts.

A dict literal given for a nested model is checked against that model's ``Param``: the
right literal passes; a misspelt key, a wrong value type or a missing required key is an
error in both checkers (the ``type: ignore`` lines, which fail the check if they are ever
accepted).
"""

from typing import Any, Mapping

from typing_extensions import assert_type

from azure_style_events import openai_realtime as rt
from azure_style_events import voicelive as vl
from azure_style_events.openai_realtime import beta


def voicelive_literals() -> None:
    update = vl.ClientEventSessionUpdate(
        session={"model": "gpt-realtime", "voice": {"type": "openai", "name": "alloy"}, "modalities": ["text", "audio"]}
    )
    assert_type(update.session, vl.RequestSession)
    vl.ClientEventSessionUpdate(session=vl.RequestSession(model="gpt-realtime"))
    vl.RequestSession(turn_detection={"type": "server_vad", "threshold": 0.5, "silence_duration_ms": 300})
    vl.RequestSession(tools=[{"type": "function", "name": "lookup", "parameters": {"type": "object"}}])
    truncate: vl.ClientEventConversationItemTruncateParam = {
        "type": "conversation.item.truncate",
        "item_id": "item_1",
        "content_index": 0,
        "audio_end_ms": 1400,
    }
    assert_type(vl.ClientEventConversationItemTruncate.from_dict(truncate), vl.ClientEventConversationItemTruncate)
    assert_type(vl.ClientEventConversationItemTruncate(truncate), vl.ClientEventConversationItemTruncate)
    as_mapping: Mapping[str, Any] = truncate
    vl.ClientEventConversationItemTruncate.from_dict(as_mapping)


def voicelive_bad_literals() -> None:
    vl.ClientEventSessionUpdate(session={"modle": "gpt-realtime"})  # type: ignore[call-overload]
    vl.ClientEventSessionUpdate(session={"model": 5})  # type: ignore[call-overload]
    vl.ClientEventSessionUpdate(session={"voice": {"type": "openai"}})  # type: ignore[call-overload]
    vl.RequestSession(turn_detection={"type": "server_vad", "threshold": "high"})  # type: ignore[call-overload]
    vl.RequestSession(turn_detection={"type": "no_such_vad"})  # type: ignore[call-overload]
    vl.RequestSession(tools=[{"type": "function", "nam": "lookup"}])  # type: ignore[list-item]
    misspelt: vl.RequestSessionParam = {"modle": "x"}  # type: ignore[typeddict-unknown-key]
    wrong_type: vl.RequestSessionParam = {"temperature": "warm"}  # type: ignore[typeddict-item]
    missing: vl.ClientEventConversationItemTruncateParam = {  # type: ignore[typeddict-item]
        "type": "conversation.item.truncate",
        "item_id": "item_1",
        "content_index": 0,
    }
    del misspelt, wrong_type, missing


def openai_literals() -> None:
    rt.SessionUpdateEvent(session={"type": "realtime", "instructions": "Be brief.", "output_modalities": ["audio"]})
    rt.ConversationItemCreateEvent(item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hello"}]})
    rt.ResponseCreateEvent(response={"instructions": "Answer."})
    beta.SessionUpdateEvent(session={"instructions": "Be brief.", "voice": "alloy"})
    event: rt.SessionUpdateEventParam = {"type": "session.update", "session": {"type": "realtime"}}
    assert_type(rt.SessionUpdateEvent.from_dict(event), rt.SessionUpdateEvent)


def openai_bad_literals() -> None:
    rt.SessionUpdateEvent(session={"type": "realtime", "instructoins": "Be brief."})  # type: ignore[call-overload]
    rt.SessionUpdateEvent(session={"instructions": "Be brief."})  # type: ignore[call-overload]
    rt.ConversationItemCreateEvent(item={"type": "message", "role": "user"})  # type: ignore[call-overload]
    beta.SessionUpdateEvent(session={"temperature": "hot"})  # type: ignore[call-overload]
    event: rt.SessionUpdateEventParam = {"type": "session.update"}  # type: ignore[typeddict-item]
    del event

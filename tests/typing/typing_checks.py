"""Checked by mypy --strict and pyright, never run: what type checkers must see.

Lines marked ``# type: ignore[...]`` are calls that must stay errors; with
``warn_unused_ignores`` (mypy) and ``reportUnnecessaryTypeIgnoreComment`` (pyright)
the check fails if one of them ever becomes accepted.
"""

from typing import Any, ClassVar, Dict, List, Mapping, Optional, Type

from typing_extensions import Literal, assert_type

from azure_style_events import (
    ClientEventConversationItemTruncate,
    Model,
    RestField,
    ServerEvent,
    ServerEventConversationItemTruncated,
    ServerEventType,
    ValidationError,
    fields,
    rest_discriminator,
    rest_field,
)


def shipped_event(text: str, raw: Mapping[str, Any]) -> None:
    event = ServerEventConversationItemTruncated(item_id="i", content_index=0, audio_end_ms=5)
    assert_type(event.audio_end_ms, int)
    assert_type(event.content_index, int)
    assert_type(event.item_id, str)
    assert_type(event.event_id, Optional[str])
    assert_type(event.type, Literal[ServerEventType.CONVERSATION_ITEM_TRUNCATED])
    assert_type(event.copy(), ServerEventConversationItemTruncated)
    assert_type(ServerEventConversationItemTruncated.from_dict(raw), ServerEventConversationItemTruncated)
    assert_type(ServerEventConversationItemTruncated.from_json(text), ServerEventConversationItemTruncated)
    assert_type(ServerEvent.from_json(text), ServerEvent)
    assert_type(event.as_dict(exclude_readonly=True), Dict[str, Any])
    assert_type(event.to_json(indent=2), str)
    assert_type(event["audio_end_ms"], Any)
    assert_type(event.get("audio_end_ms"), Optional[Any])
    assert_type(ServerEventConversationItemTruncated(raw), ServerEventConversationItemTruncated)
    assert_type(ClientEventConversationItemTruncate(raw).audio_end_ms, int)
    assert_type(fields(event), Mapping[str, RestField])
    assert_type(event.validate(), None)
    try:
        event.validate()
    except ValidationError as err:
        assert_type(err.errors[0].path, str)


def shipped_event_bad_calls() -> None:
    ServerEventConversationItemTruncated(item_id="i", content_index=0)  # type: ignore[call-overload]
    ServerEventConversationItemTruncated(item_id="i", content_index=0, audio_end_ms="5")  # type: ignore[call-overload]
    ServerEventConversationItemTruncated(item_id="i", content_index=0, audio_end_ms=5, audio=1)  # type: ignore[call-overload]
    event = ServerEventConversationItemTruncated(item_id="i", content_index=0, audio_end_ms=5)
    event.audio_end_ms = "late"  # type: ignore[assignment]
    event.nonexistent  # type: ignore[attr-defined]  # noqa: B018


class Voice(Model):
    """A user model: the keyword constructor comes from dataclass_transform."""

    name: str = rest_field()
    speed: float = rest_field(default=1.0)
    tags: Optional[List[str]] = rest_field(default=None)


class Shape(Model):
    __mapping__: ClassVar[Dict[str, Type[Model]]] = {}
    kind: str = rest_discriminator(name="kind")


class Circle(Shape, discriminator="circle"):
    radius: float = rest_field()


def user_model(raw: Mapping[str, Any]) -> None:
    voice = Voice(name="alloy")
    assert_type(voice.name, str)
    assert_type(voice.speed, float)
    assert_type(voice.tags, Optional[List[str]])
    assert_type(voice.copy(), Voice)
    assert_type(Voice.from_dict(raw), Voice)
    assert_type(Circle(kind="circle", radius=1.0).radius, float)
    assert_type(Shape.from_json("{}"), Shape)


def user_model_bad_calls() -> None:
    Voice()  # type: ignore[call-arg]
    Voice(name=1)  # type: ignore[arg-type]
    Voice(name="a", pitch=2)  # type: ignore[call-arg]
    Voice("alloy")  # type: ignore[call-arg]


def catalog_bases_need_their_tag() -> None:
    """A discriminated base's constructor takes its tag: the call without one always fails at run time."""
    from azure_style_events import voicelive

    voicelive.ServerEvent()  # type: ignore[call-overload]
    voicelive.ContentPart()  # type: ignore[call-overload]
    assert_type(voicelive.ServerEvent(type="vendor.event"), voicelive.ServerEvent)

"""The conversation.item.truncated event pair and the discriminated bases."""

import json

import pytest

from azure_style_events import (
    ClientEvent,
    ClientEventConversationItemTruncate,
    ClientEventType,
    ServerEvent,
    ServerEventConversationItemTruncated,
    ServerEventType,
    ValidationError,
)

WIRE = {
    "type": "conversation.item.truncated",
    "event_id": "event_2201",
    "item_id": "item_asst_01",
    "content_index": 0,
    "audio_end_ms": 1850,
}
TEXT = json.dumps(WIRE)


class TestTypedView:
    def test_attributes_read_the_typed_values(self):
        """Each declared field reads back with its annotated type."""
        event = ServerEventConversationItemTruncated.from_json(TEXT)
        assert event.item_id == "item_asst_01"
        assert event.content_index == 0
        assert type(event.audio_end_ms) is int and event.audio_end_ms == 1850
        assert event.event_id == "event_2201"

    def test_type_reads_as_the_enum_member(self):
        """The discriminator, annotated with an enum Literal, reads back as the member."""
        event = ServerEventConversationItemTruncated.from_json(TEXT)
        assert event.type is ServerEventType.CONVERSATION_ITEM_TRUNCATED
        assert type(event["type"]) is str

    def test_optional_event_id_reads_none_when_absent(self):
        """An absent optional field reads as None and stays absent from the data."""
        event = ServerEventConversationItemTruncated(item_id="i", content_index=0, audio_end_ms=5)
        assert event.event_id is None
        assert "event_id" not in event


class TestWireView:
    def test_is_a_real_dict_of_the_json(self):
        """The event is a dict whose items are exactly the JSON."""
        event = ServerEventConversationItemTruncated.from_json(TEXT)
        assert isinstance(event, dict)
        assert event == WIRE
        assert event["audio_end_ms"] == 1850
        assert json.loads(json.dumps(event)) == WIRE

    def test_one_storage_for_both_views(self):
        """A write through either view is seen by the other."""
        event = ServerEventConversationItemTruncated.from_json(TEXT)
        event.audio_end_ms = 900
        assert event["audio_end_ms"] == 900
        event["audio_end_ms"] = 1200
        assert event.audio_end_ms == 1200


class TestConstruction:
    def test_keyword_form_fills_type_first(self):
        """Keyword construction stores fields in declaration order, discriminator first."""
        event = ServerEventConversationItemTruncated(
            item_id="item_asst_01", content_index=0, audio_end_ms=1850, event_id="event_2201"
        )
        assert list(event) == ["type", "event_id", "item_id", "content_index", "audio_end_ms"]
        assert event == WIRE

    def test_mapping_form_fills_absent_type_and_keeps_order(self):
        """The mapping form keeps the sender's keys in order and appends a missing type."""
        wire = {k: v for k, v in WIRE.items() if k != "type"}
        event = ServerEventConversationItemTruncated(wire)
        assert list(event) == ["event_id", "item_id", "content_index", "audio_end_ms", "type"]
        assert event.type == "conversation.item.truncated"

    def test_client_event_pair(self):
        """The client request has the same fields and its own type string."""
        request = ClientEventConversationItemTruncate(item_id="item_asst_01", content_index=0, audio_end_ms=1850)
        assert request["type"] == "conversation.item.truncate"
        assert request.type is ClientEventType.CONVERSATION_ITEM_TRUNCATE
        parsed = ClientEvent.from_json(request.to_json())
        assert type(parsed) is ClientEventConversationItemTruncate
        assert parsed == request


class TestDispatch:
    def test_server_event_from_json_returns_the_subclass(self):
        """ServerEvent.from_json picks the class the type names."""
        event = ServerEvent.from_json(TEXT)
        assert type(event) is ServerEventConversationItemTruncated
        assert event.audio_end_ms == 1850

    def test_dispatch_from_bytes_and_from_dict(self):
        """Bytes and mappings dispatch the same way as text."""
        assert type(ServerEvent.from_json(TEXT.encode())) is ServerEventConversationItemTruncated
        assert type(ServerEvent.from_dict(WIRE)) is ServerEventConversationItemTruncated

    def test_unknown_type_gives_the_base_with_all_data(self):
        """A type no subclass claims gives a ServerEvent holding every key."""
        wire = {"type": "response.brand_new", "event_id": "e1", "payload": {"a": [1, 2]}}
        event = ServerEvent.from_json(json.dumps(wire))
        assert type(event) is ServerEvent
        assert event == wire
        assert event.type == "response.brand_new"

    def test_dispatch_still_validates_the_subclass(self):
        """Dispatch lands on the subclass and checks its fields."""
        with pytest.raises(ValidationError) as info:
            ServerEvent.from_json('{"type": "conversation.item.truncated", "item_id": "i", "content_index": 0}')
        assert str(info.value) == (
            "1 validation error for ServerEventConversationItemTruncated\n"
            "  $.audio_end_ms: missing required field, expected `int`"
        )

    def test_server_and_client_registries_are_separate(self):
        """A client type string does not dispatch through ServerEvent."""
        event = ServerEvent.from_dict({"type": "conversation.item.truncate"})
        assert type(event) is ServerEvent
        assert ServerEvent.__mapping__["conversation.item.truncated"] is ServerEventConversationItemTruncated
        assert ClientEvent.__mapping__["conversation.item.truncate"] is ClientEventConversationItemTruncate


class TestEnums:
    def test_case_insensitive_name_lookup(self):
        """Member lookup by name ignores case; lookup by value is exact."""
        assert ServerEventType["conversation_item_truncated"] is ServerEventType.CONVERSATION_ITEM_TRUNCATED
        assert ServerEventType.Conversation_Item_Truncated is ServerEventType.CONVERSATION_ITEM_TRUNCATED
        assert ServerEventType("conversation.item.truncated") is ServerEventType.CONVERSATION_ITEM_TRUNCATED
        with pytest.raises(ValueError):
            ServerEventType("CONVERSATION.ITEM.TRUNCATED")
        with pytest.raises(AttributeError):
            ServerEventType.NOT_A_MEMBER  # noqa: B018

    @pytest.mark.parametrize(
        "value",
        [
            "error",
            "session.created",
            "session.updated",
            "conversation.item.created",
            "conversation.item.truncated",
            "input_audio_buffer.speech_started",
            "response.audio.delta",
            "response.done",
        ],
    )
    def test_server_types_cover_the_protocol(self, value):
        """Every server event type string of the protocol is a member."""
        assert ServerEventType(value).value == value

    def test_every_registered_event_type_is_a_member(self):
        """The enums name every type the Voice Live catalog has a class for, and nothing else is hidden."""
        assert set(ServerEvent.__mapping__) <= {member.value for member in ServerEventType}
        assert set(ClientEvent.__mapping__) <= {member.value for member in ClientEventType}
        assert len(ServerEvent.__mapping__) == 56 and len(ClientEvent.__mapping__) == 19

    @pytest.mark.parametrize(
        "value",
        [
            "session.update",
            "input_audio_buffer.append",
            "input_audio_buffer.commit",
            "conversation.item.create",
            "conversation.item.truncate",
            "conversation.item.delete",
            "response.create",
            "response.cancel",
        ],
    )
    def test_client_types_cover_the_protocol(self, value):
        """Every client event type string of the protocol is a member."""
        assert ClientEventType(value).value == value

    def test_members_are_strings_on_the_wire(self):
        """A member serialises as its plain string."""
        assert json.dumps(ServerEventType.CONVERSATION_ITEM_TRUNCATED) == '"conversation.item.truncated"'
        assert ServerEventType.CONVERSATION_ITEM_TRUNCATED == "conversation.item.truncated"

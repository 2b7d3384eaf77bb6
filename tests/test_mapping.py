"""The event as a mapping and as an object: dict methods, copies, equality, output."""

import copy
import json
import pickle
from collections.abc import MutableMapping
from typing import Optional

import pytest
from sample_models import Conversation, Part, UserMessage

from azure_style_events import ServerEvent, ServerEventConversationItemTruncated

Truncated = ServerEventConversationItemTruncated


def make():
    return Truncated.from_dict(
        {"type": "conversation.item.truncated", "event_id": "e", "item_id": "i", "content_index": 0, "audio_end_ms": 7}
    )


def nested():
    return Conversation.from_dict(
        {
            "id": "c1",
            "items": [{"type": "message", "role": "user", "content": [{"text": "hi", "kind": "green"}]}],
            "by_name": {"p": {"text": "x"}},
            "meta": {"tags": ["a", "b"]},
        }
    )


class TestMappingMethods:
    def test_isinstance_dict_and_mutable_mapping(self):
        """A model is a dict and a MutableMapping."""
        assert isinstance(make(), dict) and isinstance(make(), MutableMapping)

    def test_read_methods(self):
        """get, keys, values, items, len, in and iteration behave as on dict."""
        event = make()
        assert event.get("audio_end_ms") == 7 and event.get("nope") is None and event.get("nope", 3) == 3
        assert list(event.keys()) == ["type", "event_id", "item_id", "content_index", "audio_end_ms"]
        assert list(event.values())[-1] == 7
        assert ("item_id", "i") in event.items()
        assert len(event) == 5 and "item_id" in event and "x" not in event
        assert list(iter(event)) == list(event.keys())

    def test_pop_and_popitem(self):
        """pop with and without default, popitem, and their KeyErrors."""
        event = make()
        assert event.pop("event_id") == "e"
        assert event.pop("event_id", "gone") == "gone"
        with pytest.raises(KeyError):
            event.pop("event_id")
        assert event.popitem() == ("audio_end_ms", 7)
        event.clear()
        assert len(event) == 0
        with pytest.raises(KeyError):
            event.popitem()

    def test_setdefault_update_clear(self):
        """setdefault, update and clear write the wire view."""
        event = make()
        assert event.setdefault("item_id", "other") == "i"
        assert event.setdefault("x", 1) == 1 and event["x"] == 1
        event.update({"audio_end_ms": 8}, content_index=2)
        assert event.audio_end_ms == 8 and event.content_index == 2
        event.clear()
        assert event == {}


class TestObject:
    def test_copy_keeps_the_class(self):
        """copy() and copy.copy() return a shallow copy of the same class."""
        conv = nested()
        for clone in (conv.copy(), copy.copy(conv)):
            assert type(clone) is Conversation and clone == conv and clone is not conv
            assert clone["items"] is conv["items"]

    def test_deepcopy_keeps_classes_and_shares_nothing(self):
        """copy.deepcopy copies every level and keeps every class."""
        conv = nested()
        clone = copy.deepcopy(conv)
        assert type(clone) is Conversation and clone == conv
        assert type(clone.items_property[0]) is UserMessage
        assert clone["items"] is not conv["items"]
        clone.items_property[0].content[0].text = "changed"
        assert conv.items_property[0].content[0].text == "hi"

    @pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
    def test_pickle_round_trip(self, protocol):
        """Pickling returns the same classes with equal data, on every protocol."""
        conv = nested()
        back = pickle.loads(pickle.dumps(conv, protocol))
        assert type(back) is Conversation and back == conv
        assert type(back.items_property[0].content[0]) is Part

    def test_equality_with_mappings_and_unhashable(self):
        """== compares data like dict; instances are unhashable."""
        event = make()
        assert event == dict(event) and dict(event) == event
        assert event != {**event, "audio_end_ms": 8}
        with pytest.raises(TypeError):
            hash(event)

    def test_repr_names_the_class(self):
        """repr is ClassName({...})."""
        event = Truncated(item_id="i", content_index=0, audio_end_ms=1)
        assert repr(event) == (
            "ServerEventConversationItemTruncated({'type': 'conversation.item.truncated', 'item_id': 'i', "
            "'content_index': 0, 'audio_end_ms': 1})"
        )


class TestOutput:
    def test_as_dict_is_plain_and_shares_nothing(self):
        """as_dict gives plain dicts and lists all the way down, sharing no container."""
        conv = nested()
        out = conv.as_dict()
        assert type(out) is dict and type(out["items"][0]) is dict and type(out["items"][0]["content"][0]) is dict
        assert out == conv
        out["items"][0]["content"].append("x")
        out["meta"]["tags"].append("c")
        assert len(conv.items_property[0].content) == 1 and conv.meta == {"tags": ["a", "b"]}
        assert conv.to_dict() == nested().as_dict()

    def test_exclude_readonly_at_every_depth(self):
        """Read-only fields are left out at the top and inside nested models."""
        inner = Conversation({"id": "inner"})
        conv = Conversation({"id": "outer", "meta": {"child": inner}, "by_name": {}})
        out = conv.as_dict(exclude_readonly=True)
        assert out == {"meta": {"child": {}}, "by_name": {}}
        assert json.loads(conv.to_json(exclude_readonly=True)) == out

    def test_to_json_round_trip_loses_nothing(self):
        """to_json then from_json gives equal data of the same class."""
        conv = nested()
        text = conv.to_json(sort_keys=True)
        assert json.loads(text) == conv.as_dict()
        assert Conversation.from_json(text) == conv

    def test_json_dumps_works_on_a_model(self):
        """json.dumps accepts a model directly, nested models included."""
        conv = nested()
        assert json.loads(json.dumps(conv)) == conv.as_dict()


class TestNoSharing:
    def test_mapping_input_is_not_modified_or_shared(self):
        """Cls(mapping) and from_dict copy containers and leave the input alone."""
        wire = {"id": "c", "items": [{"type": "message", "role": "user", "content": []}], "meta": {"l": [1]}}
        snapshot = copy.deepcopy(wire)
        for conv in (Conversation(wire), Conversation.from_dict(wire)):
            assert wire == snapshot
            assert conv["meta"] is not wire["meta"] and conv["meta"]["l"] is not wire["meta"]["l"]
            assert conv["items"] is not wire["items"]
            conv["meta"]["l"].append(2)
            assert wire["meta"]["l"] == [1]

    def test_model_instances_in_input_are_kept(self):
        """A model instance inside the input is kept as the same object."""
        part = Part(text="a")
        msg = UserMessage({"type": "message", "role": "user", "content": [part]})
        assert msg.content[0] is part

    def test_wire_dict_in_model_field_reads_as_model_of_same_storage(self):
        """A plain dict written through the wire view reads back as the model, stored in place."""
        conv = Conversation({"id": "c"})
        conv["first"] = {"type": "message", "role": "user", "content": []}
        first = conv.first
        assert type(first) is UserMessage and conv["first"] is first
        first.id = "m1"
        assert conv["first"]["id"] == "m1"

    def test_base_server_event_keeps_everything(self):
        """An unknown event keeps nested containers exactly."""
        wire = {"type": "x.y", "a": [{"b": [1.5, None, True, "s"]}], "n": 10**30}
        assert ServerEvent.from_json(json.dumps(wire)).as_dict() == wire


class TestAbsentKeys:
    def test_absent_required_field_reads_none_and_mapping_raises_keyerror(self):
        """A trusted event without a required key reads None; the mapping still raises KeyError."""
        event = ServerEventConversationItemTruncated({"type": "conversation.item.truncated", "content_index": 0})
        assert event.item_id is None and event.audio_end_ms is None
        with pytest.raises(KeyError) as info:
            event["item_id"]
        assert str(info.value) == "'item_id'" and type(info.value) is KeyError
        assert event.get("item_id") is None and "item_id" not in event

    def test_every_absent_field_reads_none_and_only_fields_do(self):
        """Required, optional and one-character keys read None when absent; other keys still raise."""
        from azure_style_events import Model, rest_field

        class Short(Model):
            x: int = rest_field()
            y: Optional[int] = rest_field()
            longer: int = rest_field(name="l")
            other: Optional[str] = rest_field(name="other_key")

        short = Short({})
        assert (short.x, short.y, short.longer, short.other) == (None, None, None, None)
        for key in ("x", "y", "l", "other_key", "longer", "other"):
            with pytest.raises(KeyError):
                short[key]
        short["other_key"] = "v"
        assert short.other == "v" and Short({"x": 1, "l": 2}).longer == 2

    def test_absent_field_of_a_subclass_reads_none(self):
        """Inherited fields read None on a subclass too, also where the subclass redeclares one."""
        from azure_style_events import Model, rest_field

        class Base(Model):
            a: int = rest_field()
            b: int = rest_field()

        class Sub(Base):
            b: str = rest_field()  # type: ignore[assignment]

        sub = Sub({})
        assert (sub.a, sub.b) == (None, None)
        assert Base.b.__get__(sub, Sub) is None  # the base's own descriptor, on a subclass instance

    def test_unknown_attribute_is_an_attribute_error(self):
        """A name that is neither a field nor a method raises AttributeError naming it."""
        event = ServerEventConversationItemTruncated(item_id="i", content_index=0, audio_end_ms=1)
        with pytest.raises(AttributeError, match="'ServerEventConversationItemTruncated' object has no attribute 'audio_end'"):
            event.audio_end  # noqa: B018
        assert not hasattr(event, "nope")

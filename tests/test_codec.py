"""deserialize() and SdkJSONEncoder, and the public namespace."""

import datetime
import json
from typing import Dict, List, Optional, Union

from sample_models import Color, Conversation, FunctionCall, Item, Part, UserMessage

import azure_style_events
from azure_style_events import NULL, SdkJSONEncoder, ServerEventType, deserialize


class TestDeserialize:
    def test_list_of_models_dispatches(self):
        """A list of item mappings becomes the subclasses their discriminators name."""
        wire = [{"type": "message", "role": "user", "content": [{"text": "a"}]}, {"type": "function_call", "name": "f"}]
        items = deserialize(List[Item], wire)
        assert [type(item) for item in items] == [UserMessage, FunctionCall]
        assert type(items[0].content[0]) is Part
        assert wire[0]["content"] == [{"text": "a"}]  # input untouched

    def test_dict_union_enum_and_none(self):
        """dict[str, Model], Union, enum and None annotations convert as a field would."""
        parts = deserialize(Dict[str, Part], {"x": {"text": "t"}})
        assert type(parts["x"]) is Part
        assert deserialize(Color, "red") is Color.RED
        assert deserialize(Union[str, ServerEventType], "conversation.item.truncated") is (
            ServerEventType.CONVERSATION_ITEM_TRUNCATED
        )
        assert deserialize(Union[str, ServerEventType], "other") == "other"
        assert deserialize(Optional[Part], None) is None

    def test_model_trusts_like_the_constructor(self):
        """Values are not checked, as with Cls(mapping)."""
        part = deserialize(Part, {"text": 5})
        assert type(part) is Part and part.text == 5


class TestEncoder:
    def test_models_and_typed_values(self):
        """Models at any depth, enums, NULL, tuples, dates and bytes encode to JSON."""
        value = {
            "conv": Conversation({"id": "c", "meta": {"when": datetime.date(2026, 11, 21)}}),
            "color": Color.GREEN,
            "null": NULL,
            "pair": (1, 2),
            "raw": b"\xfb\xff",
        }
        out = json.loads(json.dumps(value, cls=SdkJSONEncoder))
        assert out == {
            "conv": {"id": "c", "meta": {"when": "2026-11-21"}},
            "color": "green",
            "null": None,
            "pair": [1, 2],
            "raw": "+/8=",
        }
        assert json.loads(json.dumps(b"\xfb\xff", cls=SdkJSONEncoder, format="base64url")) == "-_8"

    def test_exclude_readonly_at_depth(self):
        """exclude_readonly drops read-only fields of every model inside the value."""
        value = [Conversation({"id": "c", "first": {"type": "function_call", "name": "f"}})]
        assert json.loads(json.dumps(value, cls=SdkJSONEncoder, exclude_readonly=True)) == [
            {"first": {"type": "function_call", "name": "f"}}
        ]
        assert json.loads(json.dumps(value, cls=SdkJSONEncoder))[0]["id"] == "c"


def test_public_names_are_sorted_and_importable():
    """__all__ is sorted and every name in it exists."""
    names = azure_style_events.__all__
    assert names == sorted(names)
    assert all(hasattr(azure_style_events, name) for name in names)

"""Hostile input: deep nesting, huge values, long logs; every failure is a ValidationError."""

import copy
import json
import pickle
import time
from typing import Optional

import pytest

from azure_style_events import Model, ServerEvent, ServerEventConversationItemTruncated, ValidationError, rest_field

Truncated = ServerEventConversationItemTruncated
EVENT = {"type": "conversation.item.truncated", "item_id": "i", "content_index": 0, "audio_end_ms": 5}


def nested_lists(depth: int) -> list:
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


def nested_dicts(depth: int) -> dict:
    value: dict = {}
    for level in range(depth - 1):
        value = {f"k{level}": value, "n": level}
    return value


def inner(value):
    """The next level down of nested_lists / nested_dicts."""
    if isinstance(value, list):
        return value[0] if value else None
    key = next((key for key in value if key.startswith("k")), None)
    return value[key] if key else None


@pytest.fixture(autouse=True)
def _both_decoders(either_decoder):
    """Every hostile input goes through the pure-Python decoder and the compiled one alike."""
    return either_decoder


class Chain(Model):
    """A model that contains itself, as deep as the data goes."""

    name: str = rest_field()
    next: Optional["Chain"] = rest_field(default=None)


@pytest.fixture(params=["lists", "dicts"])
def deep_event_data(request):
    """An event with 600 levels of nesting in a key the class does not declare."""
    deep = nested_lists(600) if request.param == "lists" else nested_dicts(600)
    return {**EVENT, "x-extra": deep}


class TestDeepData:
    def test_every_entry_point_keeps_deep_unknown_data(self, deep_event_data):
        """Hundreds of levels in an unknown key survive the trusting and checking paths."""
        text = json.dumps(deep_event_data)
        for event in (
            Truncated(deep_event_data),
            Truncated.from_dict(deep_event_data),
            Truncated.from_json(text),
            ServerEvent.from_json(text.encode()),
        ):
            assert type(event) is Truncated
            assert event == deep_event_data
            event.validate()

    def test_every_output_keeps_deep_unknown_data(self, deep_event_data):
        """as_dict, to_json, copy, deepcopy, pickle and repr all work at that depth."""
        event = Truncated.from_dict(deep_event_data)
        assert event.as_dict() == deep_event_data
        assert event.as_dict(exclude_readonly=True) == deep_event_data
        assert json.loads(event.to_json()) == deep_event_data
        assert json.loads(json.dumps(event)) == deep_event_data
        assert event.copy() == deep_event_data
        twin = copy.deepcopy(event)
        assert twin == deep_event_data and type(twin) is Truncated
        assert twin["x-extra"] is not event["x-extra"]
        assert pickle.loads(pickle.dumps(event)) == deep_event_data
        assert repr(event).startswith("ServerEventConversationItemTruncated({")

    def test_to_json_past_the_recursion_limit_is_a_value_error_naming_the_class(self):
        """Data built in Python may nest deeper than json can write: said plainly, for both encoders."""
        event = Truncated.from_dict({**EVENT, "x-extra": nested_dicts(50_000)}, validate=False)
        for kwargs in ({}, {"indent": 2}):
            with pytest.raises(ValueError, match=r"^ServerEventConversationItemTruncated: nested too deeply to write as JSON"):
                event.to_json(**kwargs)

    def test_copies_share_no_container(self, deep_event_data):
        """from_dict and Cls(mapping) copy every level: no container is shared with the input."""
        for event in (Truncated(deep_event_data), Truncated.from_dict(deep_event_data)):
            theirs, ours, levels = deep_event_data["x-extra"], event["x-extra"], 0
            while theirs:
                assert theirs is not ours and theirs == ours
                theirs, ours, levels = inner(theirs), inner(ours), levels + 1
            assert levels == 599

    def test_text_deeper_than_the_parser_is_a_validation_error(self):
        """100,000 nested brackets give a ValidationError, not a RecursionError."""
        text = '{"type": "conversation.item.truncated", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
        for parse in (Truncated.from_json, ServerEvent.from_json):
            with pytest.raises(ValidationError) as info:
                parse(text)
            assert str(info.value.errors[0]) == "$: expected `JSON`, got text nested too deeply to decode"

    def test_models_nested_past_the_recursion_limit_are_a_validation_error(self):
        """Nested models deeper than Python can check give a ValidationError on every checking path."""
        chain: dict = {"name": "end"}
        for index in range(900):
            chain = {"name": f"n{index}", "next": chain}
        text = json.dumps(chain)
        for attempt in (
            lambda: Chain.from_dict(chain),
            lambda: Chain.from_json(text),
            lambda: Chain(chain),
            lambda: Chain(name="a", next=chain),
            lambda: Chain.from_dict({"name": "a"}).__setattr__("next", chain),
        ):
            with pytest.raises(ValidationError) as info:
                attempt()
            assert str(info.value).endswith("$: expected `object nested less deeply`, got data nested too deeply to check")

    def test_shallower_chains_work(self):
        """A chain of 100 models is fine on every path."""
        chain: dict = {"name": "end"}
        for index in range(100):
            chain = {"name": f"n{index}", "next": chain}
        assert Chain.from_json(json.dumps(chain)).next.next.name == "n97"
        assert Chain(chain).as_dict() == chain


@pytest.mark.slow
class TestLargeInputs:
    def test_twenty_mebibyte_string(self):
        """A 20 MiB string value is decoded, kept exactly and written back, in time linear in its size."""
        big = "é" * (10 * 1024 * 1024)  # 20 MiB as UTF-8
        text = json.dumps({**EVENT, "item_id": big}, ensure_ascii=False)
        started = time.perf_counter()
        event = Truncated.from_json(text.encode())
        assert event.item_id == big
        assert len(event.to_json()) == len(json.dumps(dict(event)))
        assert time.perf_counter() - started < 10

    def test_hundred_thousand_events_take_linear_time(self):
        """Decoding 100,000 events costs about 10 times what 10,000 do."""
        texts = [json.dumps({**EVENT, "event_id": f"e{index}"}) for index in range(100_000)]

        def run(count: int) -> float:
            started = time.perf_counter()
            for text in texts[:count]:
                ServerEvent.from_json(text)
            return time.perf_counter() - started

        run(1000)  # warm up
        small = min(run(10_000) for _ in range(3))
        large = run(100_000)
        assert large < small * 10 * 2.5, (small, large)

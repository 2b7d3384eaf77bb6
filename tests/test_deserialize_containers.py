"""deserialize() returns the container its annotation names, owned by the caller.

A model's attribute read returns live views (a ``SetView`` over the stored list) because
writes through them must reach the model's data.  A free function has no model to keep
in step: ``deserialize`` returns plain containers of typed values.
"""

from __future__ import annotations

import datetime
import enum
from typing import AbstractSet, Dict, FrozenSet, List, Mapping, MutableSequence, MutableSet, Optional, Sequence, Set, Tuple

import pytest

from azure_style_events import deserialize

DAY = datetime.date(2024, 1, 2)


class Color(str, enum.Enum):
    RED = "red"
    BLUE = "blue"


@pytest.mark.parametrize(
    ("annotation", "wire", "expected"),
    [
        (Set[str], ["a", "b"], {"a", "b"}),
        (MutableSet[str], ["a"], {"a"}),
        (AbstractSet[str], ["a"], {"a"}),
        (FrozenSet[str], ["a"], frozenset({"a"})),
        (Tuple[str, ...], ["a", "b"], ("a", "b")),
        (Tuple[int, str], [1, "x"], (1, "x")),
        (List[str], ["a"], ["a"]),
        (Sequence[str], ["a"], ["a"]),
        (MutableSequence[str], ["a"], ["a"]),
        (List[datetime.date], ["2024-01-02"], [DAY]),
        (Sequence[Color], ["red", "other"], [Color.RED, "other"]),
        (Dict[str, datetime.date], {"x": "2024-01-02"}, {"x": DAY}),
        (Mapping[str, Color], {"x": "blue"}, {"x": Color.BLUE}),
        (Set[Color], ["red"], {Color.RED}),
        (Optional[Set[str]], ["a"], {"a"}),
    ],
)
def test_the_container_the_annotation_names(annotation, wire, expected):
    result = deserialize(annotation, wire)
    assert type(result) is type(expected)
    assert result == expected


def test_nested_containers_are_plain_all_the_way_down():
    result = deserialize(List[Set[int]], [[1, 2], [3]])
    assert type(result) is list and [type(element) for element in result] == [set, set]
    assert result == [{1, 2}, {3}]
    nested = deserialize(Dict[str, List[datetime.date]], {"a": ["2024-01-02"]})
    assert type(nested) is dict and type(nested["a"]) is list and nested == {"a": [DAY]}
    pairs = deserialize(Tuple[Set[int], FrozenSet[int]], [[1], [2]])
    assert pairs == ({1}, frozenset({2})) and type(pairs[0]) is set


def test_the_result_is_the_callers_own():
    """Changing the result changes nothing else; the input is not modified."""
    wire = ["a", "b"]
    result = deserialize(Set[str], wire)
    result.add("c")
    assert wire == ["a", "b"]
    assert deserialize(Set[str], wire) == {"a", "b"}


def test_a_set_of_unhashable_values_comes_back_as_a_list():
    """No set can hold dicts or models: such a "set" is the list the JSON holds, as the Azure base returns it."""
    from sample_models import Part

    parts = deserialize(Set[Part], [{"text": "a"}, {"text": "b"}])
    assert type(parts) is list and [type(part) for part in parts] == [Part, Part]
    assert deserialize(Set[Dict[str, int]], [{"a": 1}]) == [{"a": 1}]

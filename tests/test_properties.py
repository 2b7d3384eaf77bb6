"""Property-based tests over every entry point, with hypothesis.

CI runs the "ci" profile (fixed seed, bounded examples; registered in conftest.py); for a
longer local run:

    ASEV_HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py
"""

import copy
import json
import math
import pickle
from typing import Any, Callable, Dict

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from azure_style_events import (  # noqa: E402
    ClientEvent,
    ServerEvent,
    ServerEventConversationItemTruncated,
    ValidationError,
)

Truncated = ServerEventConversationItemTruncated
FIELDS = ("type", "event_id", "item_id", "content_index", "audio_end_ms")

# Text including lone surrogates and every plane; numbers including huge ints, NaN, infinities.
text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=12)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    text,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=12,
)
# Mostly well-formed events, with any field replaced by anything and extra keys added.
good_values: Dict[str, Any] = {
    "type": st.just("conversation.item.truncated"),
    "event_id": st.one_of(st.none(), text),
    "item_id": text,
    "content_index": st.integers(min_value=0, max_value=2**70),
    "audio_end_ms": st.integers(min_value=-5, max_value=2**70),
}


@st.composite
def event_data(draw: Callable[..., Any]) -> Dict[str, Any]:
    data: Dict[str, Any] = {}
    for name in FIELDS:
        choice = draw(st.integers(min_value=0, max_value=9))
        if choice == 0:
            continue  # absent
        data[name] = draw(json_values) if choice == 1 else draw(good_values[name])
    data.update(draw(st.dictionaries(text, json_values, max_size=3)))
    return data


def same(a: Any, b: Any) -> bool:
    """Exact equality of JSON data, NaN included, key order included."""
    return json.dumps(a) == json.dumps(b)


def check_well_typed(event: Any) -> None:
    assert type(event) is Truncated
    assert event.type == "conversation.item.truncated"
    assert type(event.item_id) is str
    assert type(event.content_index) is int and type(event.audio_end_ms) is int
    assert event.event_id is None or type(event.event_id) is str


def check_outputs(event: Any, data: Dict[str, Any]) -> None:
    """Every output of an accepted event gives back exactly the data."""
    assert same(event.as_dict(), data)
    assert same(event.as_dict(exclude_readonly=True), data)
    if _finite(data):
        assert same(json.loads(event.to_json()), data)
    else:  # NaN and the infinities are kept in the data, but to_json() will not write them
        with pytest.raises(ValueError, match="not JSON compliant"):
            event.to_json()
        assert same(json.loads(event.to_json(allow_nan=True)), data)
    for twin in (event.copy(), copy.copy(event), copy.deepcopy(event), pickle.loads(pickle.dumps(event))):
        assert type(twin) is type(event) and same(twin, event)


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(item) for item in value.values())
    if isinstance(value, list):
        return all(_finite(item) for item in value)
    return True


def expect_clean_failure(action: Callable[[], Any]) -> Any:
    """Run ``action``; the only exceptions allowed are ValidationError and TypeError, with a message."""
    try:
        return action()
    except (ValidationError, TypeError) as exc:
        assert str(exc).strip()
        return exc


@pytest.mark.slow
@given(event_data())
def test_checking_paths_accept_exactly_the_valid_data(data: Dict[str, Any]) -> None:
    """from_dict, from_json (text and bytes) agree; what they accept reads typed and round-trips."""
    if not _finite(data):
        # json.dumps writes NaN/Infinity, which is not JSON text: from_json refuses it
        # whatever the key, while from_dict judges Python data by the declared fields.
        refused = expect_clean_failure(lambda: Truncated.from_json(json.dumps(data)))
        assert isinstance(refused, ValidationError) and "is not JSON" in str(refused)
        return
    outcomes = [
        expect_clean_failure(lambda: Truncated.from_dict(data)),
        expect_clean_failure(lambda: Truncated.from_json(json.dumps(data))),
        expect_clean_failure(lambda: Truncated.from_json(json.dumps(data).encode())),
    ]
    # Through the base only when the data names this event: without a type the base
    # cannot tell which event it is (an error), and an unknown type gives the base.
    if data.get("type") == "conversation.item.truncated":
        outcomes.append(expect_clean_failure(lambda: ServerEvent.from_json(json.dumps(data))))
    accepted = [not isinstance(outcome, Exception) for outcome in outcomes]
    assert len(set(accepted)) == 1, outcomes
    for outcome in outcomes:
        if isinstance(outcome, ValidationError):
            assert outcome.errors and all(error.path.startswith("$") for error in outcome.errors)
            continue
        check_well_typed(outcome)
        expected = dict(data)
        expected.setdefault("type", "conversation.item.truncated")
        check_outputs(outcome, expected)


@pytest.mark.slow
@given(event_data())
def test_trusting_path_keeps_every_byte(data: Dict[str, Any]) -> None:
    """Cls(mapping) takes any mapping with the right type and keeps it exactly; validate() judges it."""
    event = expect_clean_failure(lambda: Truncated(data))
    if isinstance(event, Exception):
        assert "type" in data and data["type"] != "conversation.item.truncated"
        return
    expected = dict(data)
    expected.setdefault("type", "conversation.item.truncated")
    assert same(event, expected)
    check_outputs(event, expected)
    verdict = expect_clean_failure(event.validate)
    assert isinstance(verdict, ValidationError) == isinstance(
        expect_clean_failure(lambda: Truncated.from_dict(data)), ValidationError
    )


@pytest.mark.slow
@given(st.dictionaries(st.sampled_from(FIELDS[1:]), json_values, max_size=4))
def test_keyword_construction(kwargs: Dict[str, Any]) -> None:
    """Keywords either build a well-typed event or fail cleanly."""
    event = expect_clean_failure(lambda: Truncated(**kwargs))
    if not isinstance(event, Exception):
        check_well_typed(event)
        check_outputs(event, event.as_dict())


@pytest.mark.slow
@given(st.sampled_from(FIELDS[1:]), json_values)
def test_rejected_attribute_write_changes_nothing(name: str, value: Any) -> None:
    """An attribute write either stores a well-typed value or fails and leaves the event as it was."""
    event = Truncated(item_id="i", content_index=0, audio_end_ms=5, event_id="e")
    before = event.as_dict()
    outcome = expect_clean_failure(lambda: setattr(event, name, value))
    if isinstance(outcome, Exception):
        assert same(event.as_dict(), before)
    elif value is None:
        assert name not in event or name == "type"
    else:
        check_well_typed(event)


@pytest.mark.slow
@given(text, json_values)
def test_mapping_writes_are_kept(key: str, value: Any) -> None:
    """The wire view takes any key and value, and every output keeps them."""
    event = Truncated(item_id="i", content_index=0, audio_end_ms=5)
    event[key] = value
    assert same(event[key], value)
    check_outputs(event, dict(event))


@pytest.mark.slow
@given(st.one_of(json_values, st.binary(max_size=20), text))
def test_any_text_or_bytes(raw: Any) -> None:
    """from_json of anything JSON-ish (or not) returns an event or raises ValidationError/TypeError."""
    payload = raw if isinstance(raw, (bytes, str)) else json.dumps(raw)
    for parse in (Truncated.from_json, ServerEvent.from_json, ClientEvent.from_json):
        outcome = expect_clean_failure(lambda parse=parse: parse(payload))
        if isinstance(outcome, ValidationError):
            # Text that is not a JSON object comes back as it was given, so a reader can
            # log or forward the frame it rejected; decoded data comes back decoded.
            assert outcome.data is not None
            assert outcome.data is payload or isinstance(outcome.data, dict)


def test_huge_integers_and_lone_surrogates_round_trip() -> None:
    """Examples the strategies reach, pinned: a 100-digit int, a lone surrogate."""
    data = {"type": "conversation.item.truncated", "item_id": "\ud800", "content_index": 10**100, "audio_end_ms": 0}
    event = Truncated.from_json(json.dumps(data))
    check_well_typed(event)
    check_outputs(event, data)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(constant: str) -> None:
    """json.loads takes them; no other JSON parser does, so neither parse path does."""
    text = f'{{"type": "conversation.item.truncated", "item_id": "a", "content_index": 1, "audio_end_ms": 0, "x": {constant}}}'
    for validate in (True, False):
        with pytest.raises(ValidationError, match=f"{constant.lstrip('-')} is not JSON") as caught:
            Truncated.from_json(text, validate=validate)
        assert caught.value.data == text

"""The compiled decoder (the ``fast`` extra) gives what the pure-Python path gives, to the last byte.

Generated JSON texts, valid and invalid, go through both paths in the same run: the same
data (values, types, key order, float bits), the same errors with the same messages and
positions.  Where the compiled decoder refuses or reads differently, the pure path decides.
"""

from __future__ import annotations

import json
import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from azure_style_events import ServerEvent, ValidationError
from azure_style_events._core import _jsontext

msgspec = pytest.importorskip("msgspec", reason="the fast extra (msgspec) is not installed")


def outcome(decode, text):
    """What decoding gives: ('ok', data with float bits spelled out) or (error type, message, position)."""
    try:
        value = decode(text)
    except _jsontext.DECODE_ERRORS as exc:
        return (type(exc).__name__, _jsontext.describe_error(exc), getattr(exc, "pos", None))
    return ("ok", _exact(value))


def _exact(value):
    if isinstance(value, float):
        return ("float", struct.pack("<d", value)) if not math.isnan(value) else ("float", "nan")
    if isinstance(value, dict):
        return ("dict", [(key, _exact(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [_exact(item) for item in value])
    return (type(value).__name__, value)


def both(text):
    _jsontext.use_compiled(False)
    pure = outcome(_jsontext.decode, text)
    assert _jsontext.use_compiled(True)
    compiled = outcome(_jsontext.decode, text)
    _jsontext.use_compiled(False)
    return pure, compiled


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@pytest.mark.slow
@given(json_values)
def test_valid_documents_decode_alike(value):
    text = json.dumps(value)
    pure, compiled = both(text)
    assert pure == compiled and pure[0] == "ok"
    pure_bytes, compiled_bytes = both(text.encode())
    assert pure_bytes == compiled_bytes == pure


@pytest.mark.slow
@given(json_values, st.integers(min_value=0, max_value=200), st.sampled_from(list('{}[]",:0123456789eE.-+ \t\nxtfn\\u\x00')))
def test_broken_documents_fail_alike(value, at, char):
    text = json.dumps(value)
    at = at % (len(text) + 1)
    for broken in (text[:at] + char + text[at:], text[:at], text[:at] + text[at + 1 :]):
        pure, compiled = both(broken)
        assert pure == compiled, broken


@pytest.mark.slow
@given(st.from_regex(r"-?(0|[1-9][0-9]{0,25})(\.[0-9]{1,25})?([eE][-+]?[0-9]{1,3})?", fullmatch=True))
def test_numbers_decode_to_the_same_bits(number):
    assert both(f"[{number}]")[0] == both(f"[{number}]")[1]


@pytest.mark.parametrize(
    "text",
    [
        "[NaN]",
        "[Infinity]",
        "[-Infinity]",
        "[18446744073709551616]",  # past 64 bits: kept exactly
        "[-9223372036854775809]",
        "[" + "9" * 5000 + "]",  # past Python's digit limit: the same error
        '["\\ud800"]',  # a lone surrogate
        '["\\udc00x"]',
        '{"a": 1, "a": 2}',  # the last one wins
        "[1e400]",
        "[-1e400]",
        "[5e-324]",
        "[" * 5000 + "]" * 5000,  # nested too deeply
        b"\xef\xbb\xbf{}",  # a byte order mark in bytes
        "\ufeff{}",  # and in text
        b"{\xff}",  # bad UTF-8
        "{} x",  # trailing data
        " \t{}\n\r ",  # white space around
        "",
        "   ",
        '"\\u0000"',
        '["a\\u001fb"]',
        '["a\tb"]',
        '{"type": "response.done"}\n',
        bytearray(b'{"a": [1, 2.5, "x"]}'),
        '{"a": 1}'.encode("utf-16"),
    ],
    ids=repr,
)
def test_the_edges_decode_alike(text):
    pure, compiled = both(text)
    assert pure == compiled


def test_models_and_validation_errors_are_the_same(either_decoder):
    good = '{"type": "conversation.item.truncated", "event_id": "e", "item_id": "i", "content_index": 0, "audio_end_ms": 7}'
    event = ServerEvent.from_json(good)
    assert type(event).__name__ == "ServerEventConversationItemTruncated" and event.audio_end_ms == 7
    with pytest.raises(ValidationError) as caught:
        ServerEvent.from_json('{"type": "conversation.item.truncated", "item_id": 3, "content_index": 0, "audio_end_ms": NaN}')
    assert [e.path for e in caught.value.errors] == ["$"]
    assert "NaN is not JSON" in str(caught.value)


def test_the_environment_variable_turns_it_off(monkeypatch):
    before = _jsontext._compiled
    try:
        monkeypatch.setenv(_jsontext.COMPILED_DECODER_ENV, "1")
        _jsontext._compiled = _jsontext._first_call
        assert _jsontext.decode("[1]") == [1] and _jsontext._compiled is None
        monkeypatch.delenv(_jsontext.COMPILED_DECODER_ENV)
        _jsontext._compiled = _jsontext._first_call
        assert _jsontext.decode("[1]") == [1] and _jsontext._compiled is not None
    finally:
        _jsontext._compiled = before

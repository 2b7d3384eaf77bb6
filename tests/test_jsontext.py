"""The JSON decoder behind from_json agrees with json.loads: same data, same errors."""

import json

import pytest

from azure_style_events._core._jsontext import NotJSONConstant, loads, loads_strict

VALID = [
    '{"a": 1}',
    '  \t\n{"a": [1, 2.5, "x", null, true]}  \n',
    "[]",
    "5",
    '"text"',
    '{"a": NaN, "b": Infinity, "c": -Infinity}',
    '{"big": 123456789012345678901234567890}',
    '{"lone": "\\ud800"}',
    '{"a": 1, "a": 2}',
    b'{"bytes": "\xc3\xa9"}',
    '{"é": "ü"}'.encode("utf-16"),
    bytearray(b'{"x": 1}'),
]

INVALID = ["", "   ", "{", '{"a": 1} x', '{"a": 1}\n{"b": 2}', "\ufeff{}", "{'a': 1}", "[1,]", '{"a" 1}', "nul"]


@pytest.mark.parametrize("text", VALID)
def test_same_data_as_json_loads(text):
    """Valid documents decode to exactly what json.loads returns."""
    assert repr(loads(text)) == repr(json.loads(text))


@pytest.mark.parametrize("text", INVALID)
def test_same_error_as_json_loads(text):
    """Invalid documents raise JSONDecodeError with json.loads' message and position."""
    with pytest.raises(json.JSONDecodeError) as ours:
        loads(text)
    with pytest.raises(json.JSONDecodeError) as theirs:
        json.loads(text)
    assert (ours.value.msg, ours.value.pos, ours.value.lineno, ours.value.colno) == (
        theirs.value.msg,
        theirs.value.pos,
        theirs.value.lineno,
        theirs.value.colno,
    )


def test_non_utf8_bytes_and_wrong_types():
    """Bytes that are not UTF-8 raise UnicodeDecodeError, other types TypeError, like json.loads."""
    with pytest.raises(UnicodeDecodeError):
        loads(b'{"a": "\xff"}')
    with pytest.raises(TypeError):
        loads(5)  # type: ignore[arg-type]


STRICT_VALID = [text for text in VALID if not (isinstance(text, str) and "NaN" in text)]


@pytest.mark.parametrize("text", STRICT_VALID)
def test_strict_form_same_data_as_json_loads(text):
    """loads_strict (a str scanned once when it is one document end to end) returns json.loads' data."""
    assert repr(loads_strict(text)) == repr(json.loads(text))


@pytest.mark.parametrize("text", [*INVALID, '{"a": 1} ', ' {"a": 1}', '{"a": 1}\t'])
def test_strict_form_same_outcome_as_json_loads(text):
    """Text with white space around it decodes as json.loads decodes it; invalid text fails with its error."""
    try:
        expected = json.loads(text)
    except json.JSONDecodeError as theirs:
        with pytest.raises(json.JSONDecodeError) as ours:
            loads_strict(text)
        assert (ours.value.msg, ours.value.pos) == (theirs.msg, theirs.pos)
    else:
        assert loads_strict(text) == expected


@pytest.mark.parametrize("text", ['{"a": NaN}', "[Infinity]", '{"b": [1, -Infinity]}', "NaN"])
def test_strict_form_refuses_the_non_json_constants(text):
    with pytest.raises(NotJSONConstant):
        loads_strict(text)

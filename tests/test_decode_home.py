"""One decode function: ``_jsontext.decode`` is what every reader of JSON text calls.

The generated ``from_json``, the ``check`` command's read loop (``_logs.read_log``) and
the conversation state (through ``loads_strict``, its older name) all decode through it,
so a faster decoder plugged in there reaches all of them.
"""

from __future__ import annotations

import io
import json

import pytest
from sample_models import Part

from azure_style_events import ServerEventConversationItemTruncated, ValidationError
from azure_style_events._core import _jsontext, _logs

EVENT = {"type": "conversation.item.truncated", "item_id": "i", "content_index": 0, "audio_end_ms": 5}


@pytest.fixture
def counted(monkeypatch):
    """Replace ``decode`` where each reader finds it with one that counts its calls."""
    calls = []
    real = _jsontext.decode

    def counting(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(_logs, "decode", counting)
    return calls, counting


def test_loads_strict_is_decode_itself():
    assert _jsontext.loads_strict is _jsontext.decode


@pytest.mark.parametrize("cls", [ServerEventConversationItemTruncated, Part])
def test_generated_from_json_calls_decode(cls):
    cls.from_json(json.dumps(EVENT if cls is not Part else {"text": "t"}))  # compiled by now
    assert cls.from_json.__globals__["_decode"] is _jsontext.decode


def test_the_log_reader_decodes_each_line_with_decode(counted):
    calls, _ = counted
    lines = [json.dumps(EVENT), json.dumps(EVENT) + "  ", "{bad"]
    items = list(_logs.read_log(io.BytesIO("\n".join(lines).encode())))
    # The first line is decoded once more before the loop: whether it opens a document.
    assert calls == [lines[0], *lines]
    assert [type(item).__name__ for item in items] == ["tuple", "tuple", "Bad"]


@pytest.mark.parametrize(
    "text", ['{"type": "conversation.item.truncated",', "", "  ", "\ufeff{}", '{"a": NaN}', b"\xff", "[1] [2]"]
)
def test_from_json_words_bad_text_as_decode_raises_it(text):
    """The ValidationError from_json raises for bad text says what decode's error says."""
    with pytest.raises(_jsontext.DECODE_ERRORS) as raised:
        _jsontext.decode(text)
    with pytest.raises(ValidationError) as ours:
        ServerEventConversationItemTruncated.from_json(text)
    assert _jsontext.describe_error(raised.value) in str(ours.value)

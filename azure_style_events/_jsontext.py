"""JSON text to Python data, as ``json.loads`` does it, without its Python-level layers.

``json.loads(text)`` spends about a third of its time for a small event in Python code
around the C scanner (``JSONDecoder.decode``, ``raw_decode`` and two regular
expression matches for whitespace).  :func:`loads` calls the same C scanner directly
and reproduces the checks around it, so it accepts exactly what ``json.loads``
accepts, returns the same data and raises the same ``JSONDecodeError`` messages.
"""

from __future__ import annotations

import json
from json.decoder import JSONDecodeError
from typing import Any, Union

__all__ = ["JSONDecodeError", "loads"]

# The decoder json.loads uses by default; its scan_once is the C scanner when the
# _json accelerator is present (it always is in CPython).
_DECODER = json.JSONDecoder()
_scan_once = _DECODER.scan_once
# JSON's whitespace, exactly (str.isspace would also take other characters).
_WHITESPACE = " \t\n\r"


def loads(text: Union[str, bytes, bytearray]) -> Any:
    """Decode one JSON document; ``JSONDecodeError``/``UnicodeDecodeError`` as ``json.loads``."""
    if text.__class__ is not str:
        if not isinstance(text, (bytes, bytearray)):
            if isinstance(text, str):
                text = str(text)
            else:
                raise TypeError(f"the JSON object must be str, bytes or bytearray, not {text.__class__.__name__}")
        else:
            text = text.decode(json.detect_encoding(text), "surrogatepass")
    if text.startswith("\ufeff"):
        raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    start = 0
    if text[:1] in _WHITESPACE:  # also true for "": the scanner then reports the empty text
        start = len(text) - len(text.lstrip(_WHITESPACE))
    try:
        value, end = _scan_once(text, start)
    except StopIteration as exc:
        raise JSONDecodeError("Expecting value", text, exc.value) from None
    if end != len(text) and text[end:].strip(_WHITESPACE):
        end = len(text) - len(text[end:].lstrip(_WHITESPACE))
        raise JSONDecodeError("Extra data", text, end)
    return value

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
from typing import Any, Callable, Tuple, Union

__all__ = ["JSONDecodeError", "loads"]

# The decoder json.loads uses by default; its scan_once is the C scanner when the
# _json accelerator is present (it always is in CPython).
_DECODER = json.JSONDecoder()
_scan_once: Callable[[str, int], Tuple[Any, int]] = getattr(_DECODER, "scan_once")  # noqa: B009 - untyped in typeshed
# JSON's whitespace, exactly (str.isspace would also take other characters).
_WHITESPACE = " \t\n\r"


def loads(text: Union[str, bytes, bytearray]) -> Any:
    """Decode one JSON document; ``JSONDecodeError``/``UnicodeDecodeError`` as ``json.loads``."""
    if isinstance(text, str):
        document = text if text.__class__ is str else str(text)
    elif isinstance(text, (bytes, bytearray)):
        document = text.decode(json.detect_encoding(text), "surrogatepass")
    else:
        raise TypeError(f"the JSON object must be str, bytes or bytearray, not {text.__class__.__name__}")
    if document.startswith("\ufeff"):
        raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", document, 0)
    start = 0
    if document[:1] in _WHITESPACE:  # also true for "": the scanner then reports the empty text
        start = len(document) - len(document.lstrip(_WHITESPACE))
    try:
        value, end = _scan_once(document, start)
    except StopIteration as exc:
        raise JSONDecodeError("Expecting value", document, exc.value) from None
    if end != len(document) and document[end:].strip(_WHITESPACE):
        end = len(document) - len(document[end:].lstrip(_WHITESPACE))
        raise JSONDecodeError("Extra data", document, end)
    return value

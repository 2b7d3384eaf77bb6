"""JSON text to Python data, as ``json.loads`` does it, without its Python-level layers.

``json.loads(text)`` spends about a third of its time for a small event in Python code
around the C scanner (``JSONDecoder.decode``, ``raw_decode`` and two regular
expression matches for whitespace).  :func:`loads` calls the same C scanner directly
and reproduces the checks around it, so it accepts exactly what ``json.loads``
accepts, returns the same data and raises the same ``JSONDecodeError`` messages.

:func:`decode` is what the rest of the package calls: ``loads`` with ``NaN`` and
``Infinity`` refused, and one scan only for the common text.  It is the single place
where event text becomes data (the generated ``from_json``, the ``check`` command's
log reader and the conversation state all call it).
"""

from __future__ import annotations

import json
import os
from json.decoder import JSONDecodeError
from typing import Any, Callable, Optional, Tuple, Union

__all__ = [
    "COMPILED_DECODER_ENV",
    "DECODE_ERRORS",
    "JSONDecodeError",
    "NotJSONConstant",
    "decode",
    "describe_error",
    "loads",
    "loads_strict",
    "strict_scan",
    "use_compiled",
]

# The decoder json.loads uses by default; its scan_once is the C scanner when the
# _json accelerator is present (it always is in CPython).
_DECODER = json.JSONDecoder()
_scan_once: Callable[[str, int], Tuple[Any, int]] = getattr(_DECODER, "scan_once")  # noqa: B009 - untyped in typeshed
# JSON's whitespace, exactly (str.isspace would also take other characters).
_WHITESPACE = " \t\n\r"


def loads(text: Union[str, bytes, bytearray], scan: Callable[[str, int], Tuple[Any, int]] = _scan_once) -> Any:
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
        value, end = scan(document, start)
    except StopIteration as exc:
        raise JSONDecodeError("Expecting value", document, exc.value) from None
    if end != len(document) and document[end:].strip(_WHITESPACE):
        end = len(document) - len(document[end:].lstrip(_WHITESPACE))
        raise JSONDecodeError("Extra data", document, end)
    return value


class NotJSONConstant(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity`` in text: Python's decoder takes them, JSON has none."""


def _reject_constant(name: str) -> Any:
    raise NotJSONConstant(f"{name} is not JSON")


# The same C scanner, but NaN, Infinity and -Infinity are refused: json.loads takes
# them, yet no JSON parser elsewhere does, and a float field must hold a number.
_STRICT_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
strict_scan: Callable[[str, int], Tuple[Any, int]] = getattr(_STRICT_DECODER, "scan_once")  # noqa: B009


def decode(text: Union[str, bytes, bytearray]) -> Any:
    """Decode one JSON document strictly: the one place where text becomes data.

    Every reader of events calls this: a model's generated ``from_json``, the ``check``
    command's read loop (``_logs``), the conversation state and the converter.  It raises
    what :func:`loads` raises, all within :data:`DECODE_ERRORS`, and refuses
    ``NaN``/``Infinity`` (:class:`NotJSONConstant`).

    With the ``fast`` extra (msgspec) installed, the compiled decoder reads the text
    first; whatever it refuses (bad text, but also what it reads differently: integers
    past its range, lone surrogates, numbers too large for a float, deep nesting) takes
    the pure-Python path below, which decides, so results and errors are the same with
    and without it.  Setting ``AZURE_STYLE_EVENTS_PURE_JSON`` turns it off.
    """
    compiled = _compiled
    if compiled is not None:
        try:
            return compiled(text)
        except _REFUSED:
            pass
    # The pure-Python path.  A str that is one document from its first character to its
    # last (a line of a log, a websocket frame) costs one call of the C scanner and
    # nothing else; any other text (bytes, white space around the document, a BOM, bad
    # text) takes loads' whole path, which also words the error.
    if text.__class__ is str:
        try:
            value, end = strict_scan(text, 0)  # pyright: ignore[reportArgumentType]  # a str: tested above
        except StopIteration:  # nothing decodable at 0 (empty, white space, a BOM, bad text)
            pass
        else:
            if end == len(text):
                return value
    return loads(text, strict_scan)


#: The environment variable that turns the compiled decoder off (any non-empty value).
COMPILED_DECODER_ENV = "AZURE_STYLE_EVENTS_PURE_JSON"


class _NotYet(Exception):
    """Raised once, by the first call, after it chose the decoder: the pure path decodes that text."""


def _first_call(text: Any) -> Any:
    """Choose the decoder on the first decode (so that ``import azure_style_events`` imports no decoder)."""
    use_compiled(not os.environ.get(COMPILED_DECODER_ENV))
    if _compiled is None:
        raise _NotYet
    return _compiled(text)


def use_compiled(enabled: bool = True) -> bool:
    """Use msgspec's compiled decoder when it is installed and ``enabled``; whether it is now in use.

    Called once by the first decode; tests call it to compare both paths in one run.
    """
    global _compiled
    _compiled = None
    if enabled:
        try:
            import msgspec.json
        except ImportError:
            return False
        _compiled = msgspec.json.Decoder().decode
    return _compiled is not None


# What the compiled decoder raises for text it refuses (msgspec's errors are ValueErrors);
# the pure path then decides what the text is.
_REFUSED = (ValueError, RecursionError, TypeError, _NotYet)
_compiled: Optional[Callable[[Any], Any]] = _first_call


#: The name :func:`decode` had before it became the one decode function; ``conversation``
#: still imports it.  The same function, not a second implementation.
loads_strict = decode


def describe_error(exc: BaseException, *, one_line: bool = False) -> str:
    """What came, for text :func:`decode` refused: one phrase, the same everywhere.

    ``exc`` is what decoding raised: ``JSONDecodeError`` (with line and column),
    ``UnicodeDecodeError``, ``RecursionError`` (nesting too deep) or ``ValueError``
    (``NaN``, or an integer with more digits than Python converts).
    """
    if isinstance(exc, JSONDecodeError):
        # For one line of a JSON Lines file (``one_line``) the caller names the line.
        where = f"column {exc.colno}" if one_line else f"line {exc.lineno} column {exc.colno}"
        return f"invalid text ({exc.msg} at {where})"
    if isinstance(exc, UnicodeDecodeError):
        return f"bytes that are not UTF-8 ({exc.reason} at byte {exc.start})"
    if isinstance(exc, RecursionError):
        return "text nested too deeply to decode"
    if isinstance(exc, NotJSONConstant):
        return f"invalid text ({exc})"
    # The one other ValueError decoding raises: an integer past int's digit limit.
    return f"invalid text (a number too long to convert: {str(exc).split(':')[0]})"


#: Everything decoding can raise for bad text; see :func:`describe_error`.
DECODE_ERRORS = (ValueError, RecursionError)

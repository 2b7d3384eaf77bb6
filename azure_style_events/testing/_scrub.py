"""Scrubbing a recorded realtime session so that it can be shared.

A recording holds what people said and typed, what the model answered, the audio of
both, and sometimes a key.  :func:`scrub` keeps the protocol and drops the content: the
result folds through :class:`~azure_style_events.ConversationState` to the same items,
responses, usage, audio durations and protocol problems, but its words, numbers in text
and sounds are generated.  It is pure: no socket, no clock, no randomness, so the same
recording always scrubs to the same output.

What happens to each value:

Kept as it is
    Every object key; numbers, booleans and ``null``; every string under ``type``,
    ``object``, ``id`` or a key ending in ``_id`` (``event_id``, ``item_id``,
    ``response_id``, ``call_id``, ``previous_item_id``...), and the protocol's words:
    ``status``, ``role``, ``phase``, ``name`` (of functions, voices, rate limits),
    ``model``, ``voice``, formats, modalities, ``tool_choice``, ``truncation``, token
    limits, ``language``, ``reason``, error ``code`` and ``param``, a schema's
    ``required`` list, an envelope's ``time`` and ``source`` (the full list is
    ``KEPT_KEYS``).  A kept string that looks like a credential is still masked.

Masked (replaced by ``"<masked>"``)
    Every string under a key that names a credential (``key``, ``api_key``,
    ``authorization``, ``token``, ``client_secret`` and anything inside it, ``password``,
    ``*_secret``, ``subscription_key``...), and in kept strings any ``sk-...``, ``ek_...``,
    ``xai-...``, ``AIza...`` key or ``Bearer ...`` value.

Audio, made up
    The base64 ``audio`` of ``input_audio_buffer.append`` and of content parts, and the
    ``delta`` of every ``*audio.delta`` event, become a quiet 16-bit tone of the same
    number of decoded bytes (so the same duration in any format).

Text, made up
    Every other string: text, transcripts, instructions, tool descriptions, error
    messages, function outputs, and the string *values* inside function-call
    ``arguments`` (their keys and JSON syntax are kept, so they stay JSON).  Each letter
    becomes a generated letter of the same case and each digit a generated digit;
    spaces, punctuation and other symbols stay.  The generated character depends only
    on its place in its word (letters and digits since the last other character), never
    on the original character: any word of five letters becomes the same five letters.
    So the text keeps its length, word lengths, capitals, punctuation and where digits
    were, and nothing else.  Deltas are scrubbed with the place reached by the deltas
    of the same stream before them (a stream is the event type and the ids it carries; it
    ends at its ``.done``), so the scrubbed deltas still join to the scrubbed ``.done``
    value, and argument deltas still join to valid JSON.

This is not strong anonymisation: word lengths and punctuation survive, so a short
answer ("Yes.", a name whose length is known) may be guessed from its shape;
function and tool names are kept; and the ids, times, token counts and durations are
the original ones.  Read a scrubbed recording before publishing it.  Known limits:
``\\uXXXX`` escapes inside arguments are kept (they are JSON syntax); in arguments that
are not JSON, letters outside strings that could begin ``true``, ``false`` or ``null``
are kept; ``logprobs`` byte lists are not touched.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
import struct
from functools import lru_cache
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from .._core._jsontext import DECODE_ERRORS, describe_error, loads_strict
from ..conversation._time import unwrap_envelope

__all__ = [
    "DIGITS",
    "KEPT_KEYS",
    "LETTERS",
    "MASK",
    "Scrubber",
    "generated_audio",
    "scrub",
    "scrub_arguments",
    "scrub_lines",
    "scrub_text",
]

#: What a credential becomes.
MASK = "<masked>"

#: Keys whose string values are protocol words or names, kept as they are.
KEPT_KEYS = frozenset(
    {
        "code",
        "conversation",
        "eagerness",
        "effort",
        "format",
        "id",
        "include",
        "input_audio_format",
        "language",
        "max_output_tokens",
        "max_response_output_tokens",
        "modalities",
        "model",
        "name",
        "object",
        "output_audio_format",
        "output_modalities",
        "param",
        "phase",
        "reason",
        "required",
        "role",
        "source",
        "status",
        "time",
        "tool_choice",
        "transport",
        "truncation",
        "type",
        "version",
        "voice",
    }
)

_SECRET_NAMES = frozenset({"authorization", "key", "apikey", "token", "secret", "password"})
_SECRET_ENDINGS = ("secret", "password", "apikey", "token", "subscriptionkey", "accesskey")
_CREDENTIAL = re.compile(r"(?:sk-|ek_|xai-)[A-Za-z0-9_-]{8,}|AIza[0-9A-Za-z_-]{20,}|[Bb]earer\s+\S+")
_LITERALS = ("true", "false", "null")


def _generated(label: bytes, alphabets: Tuple[str, ...], size: int) -> str:
    """``size`` characters picked by the bytes of a digest of ``label``, the i-th from ``alphabets[i % len]``."""
    digest = hashlib.sha256(label).digest()
    picked: List[str] = []
    for i in range(size):
        alphabet = alphabets[i % len(alphabets)]
        picked.append(alphabet[digest[i % len(digest)] % len(alphabet)])
    return "".join(picked)


#: The letters and digits generated text is made of, by place in a word.
LETTERS = _generated(b"azure-style-events scrub letters", ("bcdfghklmnprstvz", "aeiou"), 24)
DIGITS = _generated(b"azure-style-events scrub digits", ("0123456789",), 12)


def _char(ch: str, place: int) -> Tuple[str, int]:
    """The generated stand-in for ``ch`` at ``place`` in its word, and the next place."""
    if ch.isalpha():
        letter = LETTERS[place % len(LETTERS)]
        return (letter.upper() if ch.isupper() else letter), place + 1
    if ch.isalnum():
        return DIGITS[place % len(DIGITS)], place + 1
    return ch, 0


def scrub_text(text: str, place: int = 0) -> Tuple[str, int]:
    """``text`` with its letters and digits generated, starting at ``place`` in a word; and the place reached."""
    out: List[str] = []
    for ch in text:
        new, place = _char(ch, place)
        out.append(new)
    return "".join(out), place


class _Arguments:
    """Scrubs JSON text given in pieces: the letters and digits of string values only."""

    __slots__ = ("_stack", "_expect_key", "_in_string", "_is_key", "_escape", "_place", "_bare", "_last")

    def __init__(self) -> None:
        self._stack: List[str] = []
        self._expect_key = False
        self._in_string = False
        self._is_key = False
        self._escape = 0  # -1: just after a backslash; n > 0: the characters of a \uXXXX escape still to copy
        self._place = 0
        self._bare = ""  # the letters of a literal being read outside strings
        self._last = ""

    def feed(self, text: str) -> str:
        return "".join([self._inside(ch) if self._in_string else self._outside(ch) for ch in text])

    def _inside(self, ch: str) -> str:
        if self._escape:
            self._escape = 4 if self._escape == -1 and ch == "u" else max(self._escape - 1, 0)
            return ch
        if ch == "\\":
            self._escape, self._place = -1, 0
        elif ch == '"':
            self._in_string, self._place = False, 0
        elif not self._is_key:
            ch, self._place = _char(ch, self._place)
        return ch

    def _outside(self, ch: str) -> str:
        last, self._last = self._last, ch
        if ch.isalpha():
            return self._bare_letter(ch, last)
        self._bare = ""
        if ch == '"':
            self._in_string, self._place = True, 0
            self._is_key = self._expect_key and self._stack[-1:] == ["{"]
        elif ch in "{[":
            self._stack.append(ch)
            self._expect_key = ch == "{"
        elif ch in "}]":
            self._stack[-1:] = []
            self._expect_key = False
        elif ch == ",":
            self._expect_key = self._stack[-1:] == ["{"]
        elif ch == ":":
            self._expect_key = False
        return ch

    def _bare_letter(self, ch: str, last: str) -> str:
        """A letter outside strings: kept in ``true``, ``false``, ``null`` and exponents, generated elsewhere."""
        if ch in "eE" and (last.isdigit() or last == "."):
            return ch
        self._bare += ch
        if any(literal.startswith(self._bare) for literal in _LITERALS):
            return ch
        return _char(ch, len(self._bare) - 1)[0]


def scrub_arguments(text: str) -> str:
    """Function-call arguments (JSON text) with their string values generated."""
    return _Arguments().feed(text)


@lru_cache(maxsize=64)
def generated_audio(size: int) -> str:
    """Base64 of ``size`` bytes of a quiet 500 Hz tone (16-bit little-endian at 24 kHz)."""
    period = struct.pack("<48h", *(round(300 * math.sin(2 * math.pi * i / 48)) for i in range(48)))
    return base64.b64encode((period * (size // len(period) + 1))[:size]).decode("ascii")


def _is_secret(key: str) -> bool:
    name = key.lower().replace("_", "").replace("-", "")
    return name in _SECRET_NAMES or name.endswith(_SECRET_ENDINGS)


def _masked(value: Any) -> Any:
    """Every string in ``value`` masked (numbers, booleans and structure kept)."""
    if isinstance(value, str):
        return MASK
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item) for item in value]
    return value


def _audio(data: str) -> str:
    try:
        size = len(base64.b64decode(data, validate=True))
    except (binascii.Error, ValueError):
        return scrub_text(data)[0]  # not base64: treated as text
    return generated_audio(size)


def _stream_key(event: Dict[str, Any]) -> Tuple[Any, ...]:
    """What identifies the stream a delta event belongs to."""
    names = ("type", "response_id", "item_id", "output_index", "content_index", "call_id")
    return tuple(str(event.get(name)) for name in names)


class Scrubber:
    """Scrubs the events of one recording in order, remembering where each delta stream got to.

    Use one per recording; :func:`scrub` makes one for you.  Give every event, in order,
    to :meth:`scrub` (events or envelopes, as dicts); each comes back as a new dict.
    """

    def __init__(self) -> None:
        self._places: Dict[Tuple[Any, ...], int] = {}
        self._arguments: Dict[Tuple[Any, ...], _Arguments] = {}

    def scrub(self, data: Dict[str, Any]) -> Dict[str, Any]:
        """The scrubbed copy of one event or envelope."""
        if unwrap_envelope(data) is None:
            return self._event(data)
        return {key: self._event(value) if key == "event" else self._field(key, value) for key, value in data.items()}

    def _event(self, event: Dict[str, Any]) -> Dict[str, Any]:
        kind, delta = event.get("type"), event.get("delta")
        if not (isinstance(kind, str) and kind.endswith(".delta") and isinstance(delta, str)):
            self._end_stream(kind, event)
            return {key: self._field(key, value) for key, value in event.items()}
        new = self._delta(kind, delta, event)
        return {key: new if key == "delta" else self._field(key, value) for key, value in event.items()}

    def _end_stream(self, kind: Any, event: Dict[str, Any]) -> None:
        """Forget a stream at its end (``.done``, ``.completed``), so that a later one with the same ids starts afresh."""
        if isinstance(kind, str) and kind.endswith((".done", ".completed")):
            key = _stream_key({**event, "type": kind.rsplit(".", 1)[0] + ".delta"})
            self._places.pop(key, None)
            self._arguments.pop(key, None)

    def _delta(self, kind: str, delta: str, event: Dict[str, Any]) -> str:
        if kind.endswith("audio.delta"):
            return _audio(delta)
        key = _stream_key(event)
        if kind.endswith("arguments.delta"):
            return self._arguments.setdefault(key, _Arguments()).feed(delta)
        text, self._places[key] = scrub_text(delta, self._places.get(key, 0))
        return text

    def _field(self, key: str, value: Any) -> Any:
        if _is_secret(key):
            return _masked(value)
        if isinstance(value, str):
            return self._string(key, value)
        if isinstance(value, dict):
            return {name: self._field(name, item) for name, item in value.items()}
        if isinstance(value, list):
            return [self._field(key, item) for item in value]  # a list's items are read under its key
        return value

    def _string(self, key: str, value: str) -> str:
        if key in KEPT_KEYS or key.endswith("_id"):
            return _CREDENTIAL.sub(MASK, value)
        if key == "arguments":
            return scrub_arguments(value)
        if key == "audio":
            return _audio(value)
        return scrub_text(value)[0]


Recording = Iterable[Union[Dict[str, Any], str]]


def scrub(recording: Recording) -> List[Dict[str, Any]]:
    """Every event or envelope of ``recording`` scrubbed, in order, as new dicts.

    ``recording`` holds dicts or JSON text (one event or envelope per string; blank
    strings are skipped).  Text that is not JSON, or JSON that is not an object, raises
    ``ValueError`` naming its position (from 1).
    """
    scrubber = Scrubber()
    return [scrubber.scrub(data) for data in _objects(recording)]


def scrub_lines(lines: Iterable[str]) -> Iterator[str]:
    """The JSON Lines ``lines`` (an open file, say) scrubbed, one line at a time, each ending in a newline.

    Blank lines are dropped; errors are those of :func:`scrub`, raised when their line is reached.
    """
    scrubber = Scrubber()
    for data in _objects(lines):
        yield json.dumps(scrubber.scrub(data), ensure_ascii=False) + "\n"


def _objects(recording: Recording) -> Iterator[Dict[str, Any]]:
    for number, entry in enumerate(recording, 1):
        data: Optional[Any] = entry
        if isinstance(entry, str):
            if not entry.strip():
                continue
            try:
                data = loads_strict(entry)
            except DECODE_ERRORS as exc:
                raise ValueError(f"entry {number} is not JSON: {describe_error(exc, one_line=True)}") from None
        if not isinstance(data, dict):
            raise ValueError(f"entry {number} is not an event or an envelope (a JSON object), but {type(data).__name__}")
        yield data

"""Reading logs of realtime events: the input side of ``check``, with no checking in it.

A log is JSON Lines (one event, or one array of events, per line) or a JSON document
(one array of events, a pretty-printed event, or several of them one after another).
It may start with a UTF-8 byte order mark, end its lines with CRLF and be gzip
compressed (recognised by its first bytes, not its name).  JSON Lines are streamed
line by line, so memory stays flat however long the log; a document is read whole.

Nothing here stops at bad input: a line that is not UTF-8 or not JSON becomes a
``Bad`` item at its own line and column, and reading goes on with the next line.
Only in a document, where no later position can be trusted after a break, does
reading stop at the first broken value (after reporting it).
"""

from __future__ import annotations

import gzip
from itertools import chain
from typing import IO, Any, Generator, Iterator, List, NamedTuple, Optional, Tuple, Union

from ._jsontext import DECODE_ERRORS, JSONDecodeError, decode, describe_error, strict_scan

__all__ = ["Bad", "Event", "open_log", "read_log"]

_GZIP_MAGIC = b"\x1f\x8b"
_SPACE = " \t\r\n"


#: One decoded value that should be an event: ``(line, index, data)``; ``index`` is its
#: position in an array line (``None`` for a whole line or a document element), which
#: its problems' paths start with.  A plain tuple: a long log makes one per line.
Event = Tuple[int, Optional[int], Any]


class Bad(NamedTuple):
    """Text that could not be decoded into a value: what came instead."""

    line: int
    got: str


Item = Union[Event, Bad]


def open_log(stream: IO[bytes]) -> IO[bytes]:
    """The stream itself, or a decompressing view of it when it starts like gzip."""
    peek = getattr(stream, "peek", None)
    head = peek(2)[:2] if peek is not None else b""
    if head == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
    return stream


def read_log(stream: IO[bytes]) -> Iterator[Item]:
    """Every event-shaped value of the log, and every piece of text that is not JSON, in order.

    Errors of the stream itself (``OSError``, a corrupt gzip member as ``EOFError`` or
    ``OSError``) propagate: the caller reports the file as unreadable.
    """
    lines: Iterator[Any] = _numbered(stream)
    # The first line with text decides: a value that goes on past it starts a document;
    # otherwise it is the first of the JSON Lines, read by the loop below.
    for number, text in lines:
        if text.__class__ is not str:
            yield text
        elif text.strip(_SPACE):
            if text.lstrip(_SPACE)[:1] in "[{" and _opens_a_document(text):
                yield from _read_document(number, text, lines)
                return
            lines = chain([(number, text)], lines)
            break
    for number, text in lines:
        if text.__class__ is not str:
            yield text
            continue
        try:
            value = decode(text)
        except DECODE_ERRORS as exc:
            if text.strip(_SPACE):
                yield Bad(number, describe_error(exc, one_line=True))
            continue
        if value.__class__ is list:
            yield from _elements(number, value)
        else:
            yield (number, None, value)


def _numbered(stream: IO[bytes]) -> Iterator[Any]:
    """``(line number, text)`` with the line ending removed, or ``(number, Bad)`` for bytes that are not UTF-8."""
    number = 0
    for raw in stream:
        number += 1
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # a byte order mark is not part of the text
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, Bad(number, describe_error(exc))
            continue
        yield number, text.rstrip("\r\n")


def _opens_a_document(text: str) -> bool:
    """Whether the first line starts a value that goes on past the line's end (a pretty-printed document)."""
    try:
        decode(text)
    except DECODE_ERRORS as exc:
        position = getattr(exc, "pos", None)
        return position is not None and position >= len(text.rstrip(_SPACE))
    return False


def _elements(number: int, values: List[Any]) -> Iterator[Item]:
    """The events of an array on one line, each with its index in the path."""
    for index, element in enumerate(values):
        yield (number, index, element)


def _read_document(first: int, text: str, rest: Iterator[Any]) -> Iterator[Item]:
    """The values of a document, one after another; arrays give their elements one by one."""
    parts: List[str] = [text]
    for _, line in rest:
        if isinstance(line, Bad):
            yield line  # the document breaks here: nothing after it can be placed
            return
        parts.append(line)
    document = "\n".join(parts)
    lines = _LineCounter(document, first)
    position = _skip(document, 0)
    while position < len(document):
        if document[position] == "[":
            position = yield from _array(document, position, lines)
        else:
            line = lines.at(position)
            value, position = yield from _value(document, position, lines)
            if position >= 0:
                yield (line, None, value)
        if position < 0:
            return
        position = _skip(document, position)


def _value(document: str, position: int, lines: "_LineCounter") -> Generator[Item, None, Tuple[Any, int]]:
    """Decode one value at ``position``: ``(value, end)``, or a ``Bad`` yielded and ``(None, -1)``."""
    try:
        value, end = strict_scan(document, position)
    except StopIteration:
        yield Bad(lines.at(position), describe_error(JSONDecodeError("Expecting value", document, position), one_line=True))
        return None, -1
    except DECODE_ERRORS as exc:
        yield Bad(lines.at(getattr(exc, "pos", position)), describe_error(exc, one_line=True))
        return None, -1
    return value, end


def _array(document: str, position: int, lines: "_LineCounter") -> Generator[Item, None, int]:
    """The elements of the array starting at ``position``, each at its own line; returns the end, or -1."""
    position = _skip(document, position + 1)
    if document[position : position + 1] == "]":
        return position + 1
    while True:
        line = lines.at(position)
        value, position = yield from _value(document, position, lines)
        if position < 0:
            return -1
        yield (line, None, value)
        position = _skip(document, position)
        char = document[position : position + 1]
        if char == ",":
            position = _skip(document, position + 1)
            continue
        if char == "]":
            return position + 1
        got = repr(char) if char else "the end of the text"
        yield Bad(lines.at(position), f"invalid text (expected `,` or `]` after an array element, got {got})")
        return -1


def _skip(document: str, position: int) -> int:
    length = len(document)
    while position < length and document[position] in _SPACE:
        position += 1
    return position


class _LineCounter:
    """Line numbers of positions in a document, counted forward only once."""

    def __init__(self, document: str, first: int) -> None:
        self.document = document
        self.position = 0
        self.line = first

    def at(self, position: int) -> int:
        if position >= self.position:
            self.line += self.document.count("\n", self.position, position)
        else:
            self.line -= self.document.count("\n", position, self.position)
        self.position = position
        return self.line

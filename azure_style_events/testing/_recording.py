"""Recordings as steps: what the replay sends, and what it waits for.

A recording is a log file (JSON Lines, a JSON array, gzip; bare events or envelopes
``{"time", "source", "event"}``), a list of its lines, or a list of events, envelopes
and :func:`expect` markers written in Python (a *script*).  :func:`load_recording` turns
any of them into a :class:`Recording`: its dialect and its steps, each a :class:`Send`
(a server event, with the recorded gap before it) or an :class:`Expect` (a client event
the replay waits for).  Nothing here does I/O but reading the file a path names.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from .._core._jsontext import DECODE_ERRORS, describe_error, loads_strict
from .._core._logs import Bad, read_log
from .._dialects import DIALECTS, Dialect, get_dialect
from ..conversation._time import as_seconds, unwrap_envelope

__all__ = ["Expect", "Recording", "RecordingError", "RecordingSource", "Send", "expect", "load_recording"]


class RecordingError(ValueError):
    """A recording that cannot be played: unreadable, not JSON, or an entry that is no event."""


@dataclass(frozen=True)
class Expect:
    """Wait here for the client to send an event of ``type``.  ``line``: where the recording has it."""

    type: str
    line: Optional[int] = None


@dataclass(frozen=True)
class Send:
    """Send ``event`` (as ``text``) to the client, ``gap`` recorded seconds after the step before."""

    event: Mapping[str, Any]
    text: str
    gap: float = 0.0
    line: Optional[int] = None


Step = Union[Send, Expect]
Entry = Union[str, Mapping[str, Any], Expect]
RecordingSource = Union[str, "os.PathLike[str]", Iterable[Entry]]


def expect(event_type: str) -> Expect:
    """A script's marker: the replay waits here for a client event of ``event_type``."""
    if not isinstance(event_type, str) or not event_type:
        raise TypeError("expect() takes an event type, e.g. expect('conversation.item.truncate')")
    return Expect(event_type)


@dataclass(frozen=True)
class Recording:
    """A recording ready to play: its dialect and its steps, in order."""

    dialect: Dialect
    steps: Tuple[Step, ...]
    #: The dialect's choice, said in words (``"auto: ..."`` when it was detected).
    reason: str = ""
    #: Client event types neither waited for nor reported when sent.
    optional: FrozenSet[str] = frozenset()

    @property
    def expected(self) -> List[str]:
        """The client event types the replay waits for, in order."""
        return [step.type for step in self.steps if isinstance(step, Expect)]


# An entry read: (line, event or marker, time, source).
_Read = Tuple[Optional[int], Union[Mapping[str, Any], Expect], Optional[float], Optional[str]]


def load_recording(source: RecordingSource, protocol: str = "auto", optional: Iterable[str] = ()) -> Recording:
    """Read ``source`` (a path, lines, or events, envelopes and markers) into a :class:`Recording`.

    ``protocol`` is a dialect's name or ``"auto"`` (the catalog that knows most of the
    recording's types).  Client events of the ``optional`` types become no step.
    Raises :class:`RecordingError` for a recording that cannot be read.
    """
    entries = _read(source)
    dialect, reason = _dialect(entries, protocol)
    skip = frozenset(optional)
    steps: List[Step] = []
    last: Optional[float] = None
    for line, entry, at, side in entries:
        step = _step(dialect, line, entry, side)
        if step is None or (isinstance(step, Expect) and step.type in skip):
            continue
        if at is not None:
            if isinstance(step, Send) and last is not None:
                step = Send(step.event, step.text, max(0.0, at - last), line)
            last = at
        steps.append(step)
    return Recording(dialect, tuple(steps), reason, skip)


def _step(dialect: Dialect, line: Optional[int], entry: Union[Mapping[str, Any], Expect], side: Optional[str]) -> Optional[Step]:
    if isinstance(entry, Expect):
        return Expect(entry.type, line)
    event_type = entry["type"]
    client = side == "client" if side in ("client", "server") else dialect.is_client(event_type)
    if client:
        return Expect(event_type, line)
    return Send(entry, _text(line, entry), 0.0, line)


def _text(line: Optional[int], event: Mapping[str, Any]) -> str:
    """The JSON text the server sends for an event given as data."""
    try:
        return json.dumps(dict(event), ensure_ascii=False)
    except RecursionError:
        raise RecordingError(f"entry {line}: {event['type']} is nested too deeply to write as JSON") from None
    except (TypeError, ValueError) as exc:  # a value JSON has no form for (any other Python object)
        raise RecordingError(f"entry {line}: {event['type']} holds what is not JSON data ({exc})") from None


def _read(source: RecordingSource) -> List[_Read]:
    if isinstance(source, (str, os.PathLike)):
        return _read_file(os.fspath(source))
    if isinstance(source, (bytes, Mapping)):
        raise RecordingError("a recording is a path or a list of events, lines, envelopes and expect() markers")
    return [_entry(number, value) for number, value in enumerate(source, 1)]


def _read_file(path: str) -> List[_Read]:
    try:
        with open(path, "rb") as stream:
            items = list(read_log(stream))
    except (OSError, EOFError) as exc:
        raise RecordingError(f"cannot read {path}: {exc.strerror if isinstance(exc, OSError) else exc}") from None
    read: List[_Read] = []
    for item in items:
        if isinstance(item, Bad):
            raise RecordingError(f"{path}, line {item.line}: not JSON ({item.got})")
        read.append(_entry(item[0], item[2]))
    return read


def _entry(line: Optional[int], value: Any) -> _Read:
    if isinstance(value, Expect):
        return (line, value, None, None)
    if isinstance(value, str):
        try:
            value = loads_strict(value)
        except DECODE_ERRORS as exc:
            raise RecordingError(f"entry {line}: not JSON ({describe_error(exc, one_line=True)})") from None
    envelope = unwrap_envelope(dict(value)) if isinstance(value, Mapping) else None
    if envelope is not None:
        return (line, envelope.event, _seconds(line, envelope.time), envelope.source)
    if isinstance(value, Mapping) and isinstance(value.get("type"), str):
        return (line, value, None, None)
    raise RecordingError(f"entry {line}: not an event (an object with a string `type`), an envelope or expect()")


def _seconds(line: Optional[int], at: Any) -> Optional[float]:
    if at is None:
        return None
    try:
        return as_seconds(at)
    except (TypeError, ValueError) as exc:
        raise RecordingError(f"entry {line}: {exc}") from None


def _dialect(entries: Sequence[_Read], protocol: str) -> Tuple[Dialect, str]:
    if protocol != "auto":
        try:
            return get_dialect(protocol), protocol
        except (TypeError, ValueError) as exc:
            raise RecordingError(str(exc)) from None
    from ..cli._check import choose

    items = [(line, None, {"type": entry.type} if isinstance(entry, Expect) else dict(entry)) for line, entry, _, _ in entries]
    return choose(list(DIALECTS.values()), items)

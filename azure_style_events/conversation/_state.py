"""``ConversationState``: a realtime event stream folded into a conversation, rules checked.

Every realtime client keeps the same state by hand: items in order, deltas joined per
content part, audio received per part, which response is active, token usage.  This
folds events of any of the three dialects into that state, sent and received alike (the
direction follows the event's ``type``), and notes where the stream breaks the protocol's
own rules (docs/protocol-checks.md lists each, with its code).  With times (``apply(event,
at=...)`` or a log's envelopes) it also measures each response's latency and the client's
reaction to a barge-in.

How an event travels: ``apply`` turns its argument into wire data and a model (text is
decoded and wrapped on the receiving path; an envelope gives its event, time and source),
:meth:`ConversationState._fold_event` checks its id and hands it to the method its type's
*role* names.  The dialect registry maps type → role, ``_ROLE_METHODS`` below maps role →
method, and ``_kinds`` joins them, with each type's class and direction, into one table
per catalog, built once: one lookup per event finds all of it.  The fold reads the wire
view (each event is a ``dict`` of its JSON), so it costs a few dictionary lookups per
event and never builds nested models.  Bad event content never raises: it becomes a
problem.

Rules that need the whole session (references, order, truncation, overlapping responses)
are checked from the log's first ``session.created`` on: a log that starts mid-session
reports nothing for what it cannot know, and its summary says the rules were not
checked.  Duplicate ids, usage sums, times and deltas against their ``.done`` are checked
from the first event.  Memory follows the conversation: deleted items go, audio bytes are
kept only when asked for, and the duplicate check remembers the most recent
``EVENT_ID_WINDOW`` event ids of each side at least, twice that at most.
"""

from __future__ import annotations

import binascii
import typing
from collections.abc import Mapping
from types import ModuleType
from typing import IO, Any, Callable, Dict, List, Optional, Set, Tuple, Union

from .._core._jsontext import DECODE_ERRORS, describe_error, loads_strict
from .._core._limits import MAX_CONTENT_PARTS, MAX_EVENT_BYTES, byte_limit
from .._core._model import Model
from .._dialects import DEFAULT_AUDIO_FORMAT, AudioFormat, Dialect, Role, Stream, get_dialect
from . import _audio
from ._records import BargeIn, Item, Part, ProblemCode, ProtocolProblem, Response, ServerError, SessionFigures, Speech, Usage
from ._time import as_seconds, percentiles, unwrap_envelope

__all__ = ["EVENT_ID_WINDOW", "ConversationState"]

#: How many recent event ids (per direction) the duplicate check remembers.
EVENT_ID_WINDOW = 4096
_IDS_KEPT = 2 * EVENT_ID_WINDOW  # past this, the ids older than the window are forgotten
# audio_end_ms is a whole number of ms: a truncate this close to the audio received is at its end.
_ROUNDING_MS = 1.0
_AUDIO_TYPES = ("audio", "output_audio")
# Problems that need no session start to be judged: the rest wait for the first session.created.
_ALWAYS: typing.FrozenSet[str] = frozenset(
    ("bad-event", "duplicate-event-id", "usage-inconsistent", "delta-mismatch", "time-order", "source-mismatch")
)
_SIDES = ("server", "client")
# The string fields of an item payload the records keep (content and ids are read apart).
_ITEM_FIELDS = frozenset(("type", "role", "status", "call_id", "name", "arguments", "output"))
_DEFAULT_BPM = DEFAULT_AUDIO_FORMAT.bytes_per_ms


def _b64_len(text: str) -> int:
    """Decoded length of base64 text, without decoding it."""
    size = len(text) * 3 // 4
    if text[-1:] != "=":  # the usual case: no padding
        return size
    return size - 2 if text[-2:] == "==" else size - 1


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _text(value: Any) -> Optional[str]:
    """A wire string, or an enum member's value; ``None`` for anything else."""
    if value.__class__ is str:
        return value
    return str(getattr(value, "value", value)) if isinstance(value, str) else None


class ConversationState:
    """Fold a realtime stream into its conversation; see the module docstring.

    ``protocol`` is ``"voicelive"``, ``"openai"``, ``"openai-beta"`` or the catalog module.
    With ``keep_audio=True`` each part keeps its decoded audio bytes (``part.audio``) and
    :meth:`write_wav` can write them; durations (``part.audio_ms``) are always known.
    ``max_event_bytes`` bounds the text of one event (16 MiB by default).
    """

    # Slots: the fold reads and writes these on every event, and a slot is the quickest
    # attribute there is.  A new attribute must be added here (the first assignment
    # raises AttributeError until it is); a subclass may add its own, or a __dict__.
    __slots__ = (
        "_dialect",
        "keep_audio",
        "max_event_bytes",
        "problems",
        "responses",
        "errors",
        "barge_ins",
        "speech",
        "_session",
        "segments",
        "audio_in_ms",
        "audio_out_ms",
        "_index",
        "_type",
        "_now",
        "_last_time",
        "_client_seen",
        "_finished",
        "_kinds",
        "_other_kind",
        "_started",
        "_items",
        "_order",
        "_announced",
        "_deleted",
        "_reported",
        "_ids",
        "_active",
        "_responses",
        "_early",
        "_out_fmt",
        "_in_fmt",
        "_out_bpm",
        "_in_bpm",
        "_pending_in",
        "_pending_bytes",
        "_calls",
        "_trigger",
        "_play_response",
        "_play_item",
        "_play_start",
        "_play_ms",
        "_barge",
        "_figures",
        "_segment_start",
    )

    def __init__(
        self, protocol: Union[str, ModuleType, Dialect], *, keep_audio: bool = False, max_event_bytes: int = MAX_EVENT_BYTES
    ) -> None:
        self._dialect: Dialect = get_dialect(protocol)
        self.keep_audio = keep_audio
        #: Text longer than this is not decoded: it is a ``bad-event`` problem (the memory stays bounded).
        self.max_event_bytes = byte_limit(max_event_bytes)
        self.problems: List[ProtocolProblem] = []
        #: Every response of the log, in the order they were created.
        self.responses: List[Response] = []
        #: Every error the server reported (``error`` and ``*.failed`` events), in order.
        self.errors: List[ServerError] = []
        #: Every barge-in: the user speaking over the assistant's audio.
        self.barge_ins: List[BargeIn] = []
        #: Every stretch of the user's speech (``speech_started`` to ``speech_stopped``).
        self.speech: List[Speech] = []
        self._session: Any = None  # the event that carried the latest session configuration (or its dict)
        #: Sessions started (``session.created`` events; a log may concatenate several).
        self.segments = 0
        #: Milliseconds of audio the client sent (``input_audio_buffer.append``) and received, whole log.
        self.audio_in_ms = 0.0
        self.audio_out_ms = 0.0
        self._index = -1
        self._type = ""
        self._now: Optional[float] = None  # the time of the event being folded
        self._last_time: Optional[float] = None
        self._client_seen = False  # whether the log holds client events (a barge-in's reaction can show)
        self._finished: List[SessionFigures] = []
        dialect = self._dialect
        # Each event type of the catalog -> its kind; a type the catalog lacks: a server event of the base class.
        self._kinds, self._other_kind = _kinds(dialect)
        self._reset_segment(started=False)

    # -- the public view ---------------------------------------------------------------

    @property
    def protocol(self) -> str:
        return self._dialect.name

    @property
    def dialect(self) -> Dialect:
        """The dialect's record in the registry."""
        return self._dialect

    @property
    def items(self) -> List[Item]:
        """The current session's conversation items, in conversation order."""
        return list(self._items.values()) if self._order is None else self._ordered()

    def item(self, item_id: str) -> Optional[Item]:
        return self._items.get(item_id)

    def response(self, response_id: str) -> Optional[Response]:
        """The current session's response of that id (ids may repeat in a log of several sessions)."""
        return self._responses.get(response_id)

    @property
    def usage(self) -> Usage:
        """Token totals over every response of the log that reported usage (cached tokens are part of input)."""
        total = Usage()
        for response in self.responses:
            if isinstance(response.usage, dict):
                total.add(response.usage)
        return total

    @property
    def sessions(self) -> List[SessionFigures]:
        """Each session's figures, in order; the last is the current one (its counts so far)."""
        current = self._figures
        current.events = self._index + 1 - self._segment_start
        current.items = len(self._items)
        current.response_status = _statuses(self._responses.values())
        return [*self._finished, current] if current.events or not self._finished else list(self._finished)

    @property
    def rules_checked(self) -> bool:
        """Whether the log showed a session's start, so that every rule could be checked."""
        return self.segments > 0

    def summary(self) -> Dict[str, Any]:
        """Counts for a report: whole-log totals, and the last session's figures under ``last_session``."""
        sessions = self.sessions
        whole = {
            "sessions": self.segments,
            "items": sum(figures.items for figures in sessions),
            "responses": len(self.responses),
            "response_status": _statuses(self.responses),
            "audio_in_ms": round(self.audio_in_ms),
            "audio_out_ms": round(self.audio_out_ms),
            "usage": self.usage.as_dict(),
            "problems": len(self.problems),
            "errors": len(self.errors),
            "rules_checked": self.rules_checked,
            "rules_note": None
            if self.rules_checked
            else (
                "protocol rules not checked: the log has no session.created (it starts mid-session); "
                "duplicate ids, usage sums, times and deltas against their .done were checked"
            ),
        }
        whole["last_session"] = sessions[-1].as_dict()
        return whole

    def timing(self) -> Dict[str, Dict[str, Optional[float]]]:
        """Latency over the log: for each measure, ``count``, ``p50``, ``p95`` and ``max`` in ms.

        ``first_audio_ms``, ``first_text_ms`` and ``response_ms`` come from each response's
        :class:`Timing`; ``barge_in_ms`` from each barge-in's reaction.  Percentiles are by
        nearest rank; a measure with no value has count 0 and ``None`` elsewhere.
        """
        measures: Dict[str, List[float]] = {"first_audio_ms": [], "first_text_ms": [], "response_ms": []}
        for response in self.responses:
            timing = response.timing
            for name, value in (
                ("first_audio_ms", timing.first_audio_ms),
                ("first_text_ms", timing.first_text_ms),
                ("response_ms", timing.response_ms),
            ):
                if value is not None:
                    measures[name].append(value)
        measures["barge_in_ms"] = [ms for ms in (barge.reaction_ms for barge in self.barge_ins) if ms is not None]
        return {name: percentiles(values) for name, values in measures.items()}

    @property
    def session(self) -> Any:
        """The latest session configuration: the catalog's session model, or ``None``.

        Folding keeps the event that carried it and reads its typed view only here: a
        session holds dozens of fields and nested models, and most folds never ask for
        them.  Folded from plain data (``fold``), it is that data's ``session`` dict.
        """
        holder = self._session
        if isinstance(holder, Model):
            return getattr(holder, "session", holder.get("session"))
        return holder

    def transcript(self) -> List[Tuple[str, str]]:
        """The current session's conversation as heard: ``(role, text)`` per message, in order.

        The user's input text and transcriptions, the assistant's text or transcript; a
        truncated part gives what the listener heard where that is known exactly (word
        timings), and nothing where it is not.
        """
        spoken: List[Tuple[str, str]] = []
        for item in self.items:
            if item.type not in (None, "message"):
                continue
            pieces = []
            for part in item.parts:
                if part.truncated_ms is not None:
                    pieces.append(part.heard_transcript or "")
                else:
                    pieces.append(part.text if part.text is not None else part.transcript or "")
            spoken.append((item.role or "", "".join(pieces)))
        return spoken

    def write_wav(self, target: Union[str, "typing.Any", IO[bytes]], item_id: Optional[str] = None) -> None:
        """Write the audio of one item, or of the current session's conversation in order, as a WAV file.

        16-bit PCM at the rate of the audio's format (G.711 decoded); parts at another rate
        are resampled to the first part's.  Needs ``keep_audio=True``.
        """
        if not self.keep_audio:
            raise ValueError("write_wav needs the audio bytes: fold with ConversationState(..., keep_audio=True)")
        if item_id is not None:
            item = self._items.get(item_id)
            if item is None:
                raise ValueError(f"no item {item_id!r} in the current session")
            items = [item]
        else:
            items = self.items
        parts = [
            (bytes(part.audio), part.audio_format or DEFAULT_AUDIO_FORMAT) for item in items for part in item.parts if part.audio
        ]
        _audio.write_wav(target, parts)

    # -- folding --------------------------------------------------------------------------

    def apply(self, event: Any, at: Any = None) -> Optional[Model]:
        """Fold one event in and return it as its catalog model (``None`` for content that is no event).

        ``event`` is a catalog model, a mapping of its JSON, JSON text (``str``/``bytes``,
        parsed on the receiving path) or an envelope (``{"time", "source", "event"}``) of
        one.  ``at`` is when it was sent or received: seconds, a ``datetime`` or ISO 8601
        text; an envelope's ``time`` counts when ``at`` is not given.  Anything else raises
        ``TypeError``.
        """
        if at is not None:
            at = as_seconds(at)  # a time that is no time is the caller's mistake: it raises here
        self._index += 1
        if event.__class__ is str or isinstance(event, (str, bytes, bytearray)):
            if len(event) > self.max_event_bytes:
                self._problem("", "bad-event", f"an event of {len(event):,} bytes, over the limit of {self.max_event_bytes:,}")
                return None
            try:
                data: Any = loads_strict(event)
            except DECODE_ERRORS as exc:
                self._problem("", "bad-event", f"not JSON: {describe_error(exc, one_line=True)}")
                return None
            if at is None:
                # The common input of a client's receive loop: a known type is wrapped on the
                # receiving path (its class's own wrap, rejecting nothing) and folded at once.
                try:
                    kind = self._kinds[data["type"]]
                except (KeyError, TypeError):  # no object, no type, or a type the catalog lacks
                    pass
                else:
                    model: Model = kind.wrap(data)
                    self._fold_event(model, kind.name, kind)
                    return model
            return self._apply_data(data, at, True)
        if isinstance(event, Mapping):
            return self._apply_data(event, at, False)
        self._index -= 1
        raise TypeError(f"apply() takes a model, a mapping, JSON text or an envelope, not {type(event).__name__}")

    def _apply_data(self, data: Any, at: Optional[float], owned: bool) -> Optional[Model]:
        """Any other event: a model or mapping (not ``owned``: wrapped as a copy), an envelope, a time."""
        event_type: Any = data.get("type") if isinstance(data, Mapping) else None
        source = None
        if event_type.__class__ is not str:
            envelope = unwrap_envelope(data)
            if envelope is None:
                self._not_an_event(data)
                return None
            data, source, event_type = envelope.event, envelope.source, envelope.event["type"]
            if at is None:
                at = envelope.time
        self._type = event_type
        if at is not None:
            self._take_time(at)
        kind = self._side(event_type, source)
        if isinstance(data, Model):
            model = data
        elif owned:
            model = kind.wrap(typing.cast(Dict[str, Any], data))
        else:
            base: Any = self._dialect.client if kind.client else self._dialect.server
            model = base.from_dict(data if data.__class__ is dict else dict(data), validate=False)
        self._fold_event(model, event_type, kind)
        return model

    def fold(self, data: Any, at: Any = None, source: Optional[str] = None) -> None:
        """Fold an event's wire data (a model or a plain ``dict`` of its JSON) in; counts as one event.

        ``check`` calls this on decoded lines, so no model is built; ``at`` and ``source``
        are an envelope's time and source, when the line was one.
        """
        self._index += 1
        event_type: Any = data.get("type")
        if event_type.__class__ is not str:
            event_type = ""
        self._type = event_type
        if at is not None:
            self._take_time(at)
        self._fold_event(data, event_type, self._side(event_type, source))

    def end(self) -> None:
        """The log ended: report what only its end can show (a barge-in the client never reacted to)."""
        self._close_barge_in()

    def _side(self, event_type: str, source: Optional[str]) -> _Kind:
        """The type's kind (its direction with it), and a ``source`` that contradicts that direction."""
        kind = self._kinds.get(event_type, self._other_kind)
        if source is not None and source != _SIDES[kind.client] and event_type in self._dialect.models:
            side = _SIDES[kind.client]
            self._problem("source-mismatch", f"{event_type} is a {side} event, but the log says its source is {source!r}")
        return kind

    def _not_an_event(self, data: Any) -> None:
        what = "an object" if isinstance(data, Mapping) else type(data).__name__
        self._problem("", "bad-event", f"not an event: {what} without a string `type`")

    def _take_time(self, at: Any) -> None:
        """The event's time: it must not go back within a session.  A time that is no time is a problem."""
        try:
            seconds = as_seconds(at)
        except (TypeError, ValueError) as exc:
            self._problem("bad-event", f"not a time: {exc}")
            return
        last = self._last_time
        self._now = self._last_time = seconds
        if last is not None and seconds < last:
            self._problem("time-order", f"time goes back {round((last - seconds) * 1000, 3):g} ms from the event before")

    def _fold_event(self, event: Any, event_type: str, kind: _Kind) -> None:
        """One event: its id checked against the recent ones of its direction, then its role's method."""
        self._type = event_type
        client = kind.client
        event_id: Any = event.get("event_id")
        if event_id.__class__ is str:
            # Each side's recent ids, with the number and type of the event that used them
            # (a server error may name a client's).  A dict keeps insertion order, so the
            # oldest go first when it outgrows twice the window.
            seen = self._ids[client]
            if event_id in seen:
                self._problem("duplicate-event-id", f"event_id {event_id!r} was already used by event {seen[event_id][0]}")
            else:
                seen[event_id] = (self._index, event_type)
                if len(seen) > _IDS_KEPT:
                    self._forget_ids(client)
        if kind.method is not None:
            kind.method(self, event, kind.stream)
        if client:
            self._client_seen = True

    def _forget_ids(self, client: bool) -> None:
        """Keep a side's most recent ``EVENT_ID_WINDOW`` ids (a copy each ``EVENT_ID_WINDOW`` events)."""
        seen = self._ids[client]
        recent = list(seen.items())[-EVENT_ID_WINDOW:]
        seen.clear()
        seen.update(recent)

    # -- segments, problems and references -------------------------------------------------

    def _reset_segment(self, started: bool) -> None:
        self._started = started
        self._items: Dict[str, Item] = {}
        self._order: Optional[Dict[str, Optional[str]]] = None  # item id -> previous item id, once given
        self._announced: Dict[str, bool] = {}  # item ids the server named before creating them
        self._deleted: Set[str] = set()
        self._reported: Set[Tuple[str, str]] = set()  # unknown references already reported
        # Per side (server, client): the recent event ids -> (number, type) of the event that used them.
        self._ids: Tuple[Dict[str, Tuple[int, str]], Dict[str, Tuple[int, str]]] = ({}, {})
        self._active: Optional[Response] = None
        self._responses: Dict[str, Response] = {}  # this session's, by id (ids may repeat across sessions)
        self._early: Dict[str, bool] = {}  # items whose output_item.done came first (reported once)
        self._out_fmt: AudioFormat = DEFAULT_AUDIO_FORMAT
        self._in_fmt: AudioFormat = DEFAULT_AUDIO_FORMAT
        self._out_bpm = self._in_bpm = _DEFAULT_BPM  # bytes a millisecond, kept with the formats
        self._pending_in = 0.0  # ms of input audio appended and not yet committed or cleared
        self._pending_bytes: Optional[bytearray] = None
        self._calls: Dict[str, Item] = {}  # call_id -> the item of the call or of its output, whichever came first
        self._trigger: Optional[float] = None
        # The assistant audio playing (for barge-ins): its response, item, start time and ms so far.
        self._play_response: Optional[Response] = None
        self._play_item: Any = None
        self._play_start = self._play_ms = 0.0
        self._barge: Optional[BargeIn] = None  # the barge-in waiting for the client's reaction
        self._last_time = None  # times go forward within a session
        self._figures = SessionFigures(started)
        self._segment_start = self._index + 1  # the number of the segment's first event

    def _problem(self, event_type: Optional[str], code: Any, message: Optional[str] = None) -> None:
        if message is None:  # (code, message): the event being folded
            code, message, event_type = event_type, code, self._type
        if not self._started and code not in _ALWAYS:
            return  # before the log shows a session's start, what came earlier is unknown
        problem = ProtocolProblem(self._index, event_type or "", typing.cast(ProblemCode, code), str(message), self._now)
        self.problems.append(problem)
        self._figures.problems += 1

    def _unknown(self, what: str, ref: Any) -> None:
        """A reference to something never seen (or deleted): a problem once per reference and session."""
        if not self._started or (what, ref) in self._reported:
            return
        self._reported.add((what, ref))
        if what == "item" and ref in self._deleted:
            self._problem("unknown-reference", f"item {ref!r} was deleted earlier in this session")
        else:
            self._problem("unknown-reference", f"{what} {ref!r} was never seen in this session")

    def _check_joined(self, what: str, joined: Optional[List[str]], value: str, source: str, stream: Any = None) -> None:
        """The one check that a stream's deltas join to the value its ``.done`` states.

        Real servers' habits are not problems: input transcriptions may join with white
        space the transcript lacks at its ends.
        """
        if joined is None:
            return
        whole = "".join(joined)
        if whole == value or (stream is Stream.INPUT and whole.strip() == value.strip()):
            return
        self._problem("delta-mismatch", f"the {what} deltas join to {_short(whole)}, {source} says {_short(value)}")

    # -- sessions ----------------------------------------------------------------------------

    def _on_session_created(self, data: Any, stream: Stream) -> None:
        self._close_barge_in()
        figures = self._figures
        figures.events = self._index - self._segment_start  # this event starts the new session
        if figures.events or figures.started:
            figures.items = len(self._items)
            figures.response_status = _statuses(self._responses.values())
            self._finished.append(figures)
        now = self._now
        self.segments += 1
        self._reset_segment(started=True)
        self._last_time = now
        self._segment_start = self._index
        self._on_session_updated(data, stream)

    def _on_session_updated(self, data: Any, _: Stream) -> None:
        session = data.get("session")
        if isinstance(session, dict):
            self._session = data if isinstance(data, Model) else session
            self._out_fmt = self._dialect.output_format(session) or self._out_fmt
            self._in_fmt = self._dialect.input_format(session) or self._in_fmt
            self._out_bpm, self._in_bpm = self._out_fmt.bytes_per_ms, self._in_fmt.bytes_per_ms

    # -- items ---------------------------------------------------------------------------------

    def _item(self, item_id: Any, create: bool = False) -> Optional[Item]:
        if item_id.__class__ is not str:
            return None
        item = self._items.get(item_id)
        if item is None and (create or not self._started or item_id in self._announced):
            item = self._items[item_id] = Item(item_id, self._index, self._now)
        return item

    def _take_item(self, item: Item, data: Any) -> None:
        """Copy an item payload's fields (type, role, status, content, call fields) into the record."""
        for key in _ITEM_FIELDS.intersection(data):  # the fields the payload has, found in one pass
            value = data[key]
            if value.__class__ is str:
                setattr(item, key, value)
            elif isinstance(value, str):  # an enum member: its value
                setattr(item, key, _text(value))
        content = data.get("content")
        if isinstance(content, list):
            for index, part_data in enumerate(content):
                if isinstance(part_data, dict):
                    self._take_part(item.part(index), part_data)
        if item.call_id is not None:
            self._pair_call(item)

    def _pair_call(self, item: Item) -> None:
        """A function call and its output know each other (by ``call_id``)."""
        call_id = typing.cast(str, item.call_id)
        other = self._calls.get(call_id)
        if other is None or other is item:
            self._calls[call_id] = item
            return
        if item.type == "function_call_output" and other.type != "function_call_output":
            item.call_item_id, other.output_item_id = other.id, item.id
        elif other.type == "function_call_output" and item.type != "function_call_output":
            other.call_item_id, item.output_item_id = item.id, other.id

    def _take_part(self, part: Part, data: Any) -> None:
        kind = data.get("type")
        if isinstance(kind, str):
            part.type = kind if kind.__class__ is str else _text(kind)
        for key in ("text", "transcript"):
            value = data.get(key)
            # An empty value where deltas carried the text is "not stated" (Voice Live sends it).
            if value.__class__ is str and part.truncated_ms is None and (value or not getattr(part, key)):
                setattr(part, key, value)

    def _on_item_added(self, data: Any, _: Stream) -> None:
        payload = data.get("item")
        if not isinstance(payload, dict):
            return
        item_id = payload.get("id")
        if item_id.__class__ is not str:
            return
        item = self._item(item_id, create=True)
        assert item is not None
        self._take_item(item, payload)
        self._place(item, data.get("previous_item_id"), "previous_item_id")

    def _place(self, item: Item, previous: Any, key: str) -> None:
        if previous.__class__ is str and previous != "root":
            item.previous_item_id = previous
            if previous not in self._items:
                self._unknown(key, previous)
            if self._order is None:
                self._order = {}
            self._order[item.id] = previous
        elif previous is None or previous == "root":
            if self._order is not None or previous == "root":
                if self._order is None:
                    self._order = {}
                self._order[item.id] = None

    def _ordered(self) -> List[Item]:
        """Items in conversation order: each after its ``previous_item_id``, others as they came."""
        assert self._order is not None
        after: Dict[Optional[str], List[str]] = {}
        roots: List[str] = []
        for item_id in self._items:
            previous = self._order.get(item_id, "")
            if previous == "" or previous is None or previous not in self._items:
                roots.append(item_id)
            else:
                after.setdefault(previous, []).append(item_id)
        ordered: List[Item] = []
        pending = list(reversed(roots))
        while pending:
            item_id = pending.pop()
            ordered.append(self._items[item_id])
            pending.extend(reversed(after.get(item_id, [])))
        return ordered

    def _on_item_deleted(self, data: Any, _: Stream) -> None:
        item_id = data.get("item_id")
        if item_id.__class__ is not str:
            return
        if self._items.pop(item_id, None) is None:
            self._unknown("item", item_id)
        self._deleted.add(item_id)

    def _on_item_create(self, data: Any, _: Stream) -> None:
        self._trigger = self._now
        payload = data.get("item")
        if isinstance(payload, dict):
            item_id: Any = payload.get("id")
            if item_id.__class__ is str:
                self._announced[item_id] = True  # the server creates it (or says why not)
        previous = data.get("previous_item_id")
        if previous.__class__ is str and previous != "root" and previous not in self._items:
            self._unknown("previous_item_id", previous)

    # -- the user's audio and speech -----------------------------------------------------------

    def _on_audio_append(self, data: Any, _: Stream) -> None:
        audio = data.get("audio")
        if audio.__class__ is str:
            ms = _b64_len(audio) / self._in_bpm
            self.audio_in_ms += ms
            self._figures.audio_in_ms += ms
            self._pending_in += ms
            if self.keep_audio:
                self._pending_bytes = _with_audio(self._pending_bytes, audio)

    def _on_audio_clear(self, data: Any, _: Stream) -> None:
        self._pending_in, self._pending_bytes = 0.0, None

    def _on_committed(self, data: Any, _: Stream) -> None:
        """The input audio became a user item: its first part holds that audio."""
        self._trigger = self._now
        item_id = data.get("item_id")
        if item_id.__class__ is not str:
            return
        self._announced[item_id] = True
        item = self._item(item_id, create=True)
        assert item is not None
        if item.type is None:  # committed input audio becomes a user message
            item.type, item.role = "message", "user"
        part = item.part(0)
        part.audio_ms += self._pending_in
        part.audio_format = self._in_fmt
        if self._pending_bytes is not None:
            part.audio = (part.audio or bytearray()) + self._pending_bytes
        self._pending_in, self._pending_bytes = 0.0, None
        if "previous_item_id" in data:
            self._place(item, data.get("previous_item_id"), "previous_item_id")

    def _on_speech_started(self, data: Any, stream: Stream) -> None:
        item_id = data.get("item_id")
        if item_id.__class__ is str:
            self._announced[item_id] = True
        start = data.get("audio_start_ms")
        self.speech.append(Speech(self._index, self._now, _text(item_id), start if start.__class__ is int else None))
        response = self._play_response
        if response is None:
            return
        now = self._now
        arriving = not response._done
        still_playing = now is not None and now < self._play_start + self._play_ms / 1000
        if arriving or still_playing:
            self._close_barge_in()
            self._barge = BargeIn(self._index, now, self._play_item)
            self.barge_ins.append(self._barge)
            self._play_response, self._play_item = None, None

    def _on_speech_stopped(self, data: Any, _: Stream) -> None:
        self._trigger = self._now
        speech = self.speech[-1] if self.speech else None
        if speech is not None and speech.stop_index is None:
            end = data.get("audio_end_ms")
            speech.stop_index, speech.stop_time = self._index, self._now
            speech.audio_end_ms = end if end.__class__ is int else None

    def _on_reaction(self, data: Any, _: Stream) -> None:
        """A client's ``response.cancel``, truncate or ``output_audio_buffer.clear``: a barge-in's answer."""
        barge = self._barge
        if barge is not None:
            barge.reaction_index, barge.reaction_type, barge.reaction_time = self._index, self._type, self._now
            self._barge = None

    def _close_barge_in(self) -> None:
        """A barge-in that is over without a reaction: reported when the log has client events."""
        barge = self._barge
        self._barge = None
        if barge is not None and self._client_seen:
            problem = ProtocolProblem(
                barge.index,
                "input_audio_buffer.speech_started",
                "barge-in-ignored",
                f"the user spoke over the audio of item {barge.item_id!r}, and the client did not cancel, truncate or clear it",
            )
            if self._started:
                self.problems.append(problem)
                self._figures.problems += 1

    # -- responses -----------------------------------------------------------------------------

    def _on_response_create(self, data: Any, _: Stream) -> None:
        self._trigger = self._now
        params = data.get("response")
        params = params if isinstance(params, dict) else {}
        if params.get("conversation") == "none":
            return  # out of band: may run beside the active response
        if self._dialect.create_cancels_previous and params.get("cancel_previous") is not False:
            return  # this dialect cancels the running response first
        active = self._active
        if active is not None and not active._done:
            self._problem("overlapping-response", f"response.create sent while response {active.id!r} is in progress")

    def _on_response_cancel(self, data: Any, stream: Stream) -> None:
        self._on_reaction(data, stream)

    def _payload_response(self, data: Any) -> Tuple[Optional[Dict[str, Any]], Optional[Response], bool]:
        """The ``response`` payload of a response event, its record (made if new), and whether it was new."""
        payload = data.get("response")
        if not isinstance(payload, dict) or payload.get("id").__class__ is not str:
            return None, None, False
        response = self._responses.get(payload["id"])
        if response is not None:
            return payload, response, False
        response = self._responses[payload["id"]] = Response(payload["id"], self._index)
        self.responses.append(response)
        self._figures.responses += 1
        return payload, response, True

    def _on_response_created(self, data: Any, _: Stream) -> None:
        payload, response, new = self._payload_response(data)
        if payload is None or response is None:
            return
        if not new and response._done:
            self._problem("order", f"response.created for response {response.id!r} after its response.done")
        response.timing.created, response.timing.trigger = self._now, self._trigger
        self._trigger = None
        response.status = _text(payload.get("status")) or response.status
        response.in_band = not ("conversation_id" in payload and payload.get("conversation_id") is None)
        self._out_fmt = self._dialect.output_format(payload) or self._out_fmt
        self._out_bpm = self._out_fmt.bytes_per_ms
        if response.in_band:
            active = self._active
            if active is not None and not active._done and active is not response:
                self._problem("overlapping-response", f"response {response.id!r} created while {active.id!r} is in progress")
            self._active = response

    def _response(self, response_id: Any) -> Optional[Response]:
        if response_id.__class__ is not str:
            return None
        response = self._responses.get(response_id)
        if response is None:
            self._unknown("response", response_id)
        return response

    def _named_response(self, data: Any) -> Optional[Response]:
        """The known response an event's ``response_id`` names (an unknown one was reported by ``_part``)."""
        response_id = data.get("response_id")
        return self._responses.get(response_id) if response_id.__class__ is str else None

    def _on_response_done(self, data: Any, _: Stream) -> None:
        payload, response, new = self._payload_response(data)
        if payload is None or response is None:
            return
        if new:
            self._problem("order", f"response.done for response {response.id!r}, which was never created")
        response._done = True
        response.timing.done = self._now
        response.done_index = self._index
        response.status = _text(payload.get("status")) or response.status
        usage = payload.get("usage")
        if isinstance(usage, dict):
            response.take_usage(usage, data if isinstance(data, Model) else None)
            self._figures.usage.add(usage)
            self._check_usage(usage)
        output = payload.get("output")
        if isinstance(output, list):
            for entry in output:
                if isinstance(entry, dict) and entry.get("id").__class__ is str and entry["id"] not in response.item_ids:
                    response.item_ids.append(entry["id"])
        if self._active is response:
            self._active = None
        if response.status == "failed":
            self._on_error(payload.get("status_details") or {}, Stream.NONE)

    def _check_usage(self, usage: Any) -> None:
        get: Any = usage.get
        total, given, made = get("total_tokens"), get("input_tokens"), get("output_tokens")
        if total.__class__ is int and given.__class__ is int and made.__class__ is int and total != given + made:
            self._problem("usage-inconsistent", f"total_tokens {total} is not input_tokens {given} + output_tokens {made}")
        for key, whole in (("input_token_details", given), ("output_token_details", made)):
            details: Any = get(key)
            if not isinstance(details, dict) or whole.__class__ is not int:
                continue
            count: Any = details.get
            text, audio, image = count("text_tokens"), count("audio_tokens"), count("image_tokens")
            if text.__class__ is int and audio.__class__ is int:  # image tokens count when given
                counted = text + audio + (image if image.__class__ is int else 0)
                if counted != whole:
                    self._problem("usage-inconsistent", f"{key} add up to {counted}, not {whole}")
            cached = details.get("cached_tokens")
            if cached.__class__ is int and cached > whole:
                self._problem("usage-inconsistent", f"cached_tokens {cached} exceed input_tokens {whole}")

    def _on_output_added(self, data: Any, _: Stream) -> None:
        payload = data.get("item")
        if not isinstance(payload, dict) or payload.get("id").__class__ is not str:
            return
        response = self._response(data.get("response_id"))
        item = self._item(payload["id"], create=True)
        assert item is not None
        if item._done and item.id not in self._early:
            self._problem("order", f"response.output_item.added for item {item.id!r} after its response.output_item.done")
        self._take_item(item, payload)
        if response is not None:
            item.response_id = response.id
            if item.id not in response.item_ids:
                response.item_ids.append(item.id)

    def _on_output_done(self, data: Any, _: Stream) -> None:
        payload = data.get("item")
        if not isinstance(payload, dict) or payload.get("id").__class__ is not str:
            return
        response = self._response(data.get("response_id"))
        item = self._items.get(payload["id"])
        if item is None:
            if self._started and response is not None:
                self._problem("order", f"response.output_item.done for item {payload['id']!r} before its .added")
                self._early[payload["id"]] = True
            item = self._items[payload["id"]] = Item(payload["id"], self._index, self._now)
        item._done = True
        self._take_item(item, payload)

    # -- errors ------------------------------------------------------------------------------------

    def _on_error(self, data: Any, _: Stream) -> None:
        """An ``error`` event, a ``*.failed`` event or a failed response's details: a :class:`ServerError`."""
        error = data.get("error")
        if not isinstance(error, dict):
            error = data
        event_id = _text(error.get("event_id"))
        request = self._ids[True].get(event_id) if event_id is not None else None
        request_index, request_type = request if request is not None else (None, None)
        self.errors.append(
            ServerError(
                self._index,
                self._type,
                _text(error.get("code")),
                _text(error.get("type")),
                _text(error.get("message")),
                _text(error.get("param")),
                event_id,
                request_index,
                request_type,
                self._now,
            )
        )

    # -- content parts and their streams -----------------------------------------------------------

    def _part(self, data: Any, added: bool = False) -> Optional[Part]:
        """The part an event addresses by ``(item_id, content_index)``; ``None`` when unknown.

        The event's ``response_id``, when it names one, must be a response of this session.
        """
        item_id: Any = data.get("item_id")
        index: Any = data.get("content_index")
        item = self._items.get(item_id) if item_id.__class__ is str else None
        if item is None:
            if not _part_index(index, added):
                return None
            item = self._item(item_id)  # a string id not seen yet: it may still be created here
            if item is None:
                if item_id.__class__ is str:
                    self._unknown("item", item_id)
                return None
        response_id = data.get("response_id")
        if response_id.__class__ is str and response_id != item.response_id and response_id not in self._responses:
            self._unknown("response", response_id)
        parts = item.parts
        if index.__class__ is int and 0 <= index < len(parts):
            return parts[index]  # the usual case: a delta of a part already announced
        if not _part_index(index, added):
            return None
        if index is None:
            index = 0  # input transcription deltas may leave it out
            if parts:
                return parts[0]
        if index >= MAX_CONTENT_PARTS:  # parts are made up to the index: a huge one would exhaust memory
            self._problem("bad-event", f"content_index {index} is over the limit of {MAX_CONTENT_PARTS} parts an item may hold")
            return None
        if not added and self._started and item.type is not None and parts:
            self._unknown(f"content part {index} of item", item_id)
        return item.part(index)

    def _on_part_added(self, data: Any, _: Stream) -> None:
        part = self._part(data, added=True)
        if part is None:
            return
        if part._done.get("part"):
            self._problem("order", "response.content_part.added after its response.content_part.done")
        part._whole = True
        payload = data.get("part")
        if isinstance(payload, dict):
            self._take_part(part, payload)

    def _on_part_done(self, data: Any, _: Stream) -> None:
        item = self._item(data.get("item_id"))
        index = data.get("content_index")
        if item is not None and index.__class__ is int and index >= len(item.parts) and self._started:
            self._problem("order", f"response.content_part.done for part {index} of item {item.id!r} before its .added")
        part = self._part(data, added=True)
        if part is None:
            return
        part._done["part"] = True
        payload = data.get("part")
        if isinstance(payload, dict):
            for stream, key in ((Stream.TEXT, "text"), (Stream.TRANSCRIPT, "transcript")):
                value: Any = payload.get(key)
                if value.__class__ is not str or part.truncated_ms is not None or not self._judged(part):
                    continue
                if not value and part._done.get(stream):
                    continue  # empty here, stated in full by the stream's own .done: not stated again
                self._check_joined(stream.value, part._deltas.get(stream), value, "the part")
            self._take_part(part, payload)

    def _judged(self, part: Part) -> bool:
        """Whether a part's deltas can be held against its ``.done``: all of them were seen."""
        return self._started or part._whole

    def _on_delta(self, data: Any, stream: Stream) -> None:
        part = self._part(data)
        delta = data.get("delta")
        if part is None or delta.__class__ is not str:
            return
        if part._done.get(stream):
            self._problem("order", f"a {stream.value} delta after its .done")
        joined = part._deltas.get(stream)
        if joined is None:
            part._deltas[stream] = [delta]
            if stream is Stream.TEXT and self._now is not None:
                self._first_text(data)
        else:
            joined.append(delta)

    def _first_text(self, data: Any) -> None:
        response = self._named_response(data)
        if response is not None and response.timing.first_text is None:
            response.timing.first_text = self._now

    def _on_audio_delta(self, data: Any, stream: Stream) -> None:
        part = self._part(data)
        delta = data.get("delta")
        if part is None or delta.__class__ is not str:
            return
        if part._done.get(stream):
            self._problem("order", "an audio delta after its .done")
        ms = _b64_len(delta) / self._out_bpm
        part.audio_ms += ms
        self.audio_out_ms += ms
        self._figures.audio_out_ms += ms
        if part.type is None:
            part.type = "audio"
        if part.first_index is None:  # the part's first audio
            part.audio_format, part.first_index, part.first_time = self._out_fmt, self._index, self._now
        if data.get("item_id") == self._play_item:
            self._play_ms += ms
        else:
            self._playing_audio(data, ms)
        if self.keep_audio:
            part.audio = _with_audio(part.audio, delta)

    def _playing_audio(self, data: Any, ms: float) -> None:
        """The audio of another item starts: note it as playing (for barge-ins) and the response's first audio."""
        response = self._named_response(data)
        if response is None:
            return
        now = self._now
        if response.timing.first_audio is None:
            response.timing.first_audio = now
        if self._barge is not None and self._barge.item_id != data.get("item_id"):
            self._close_barge_in()  # a new answer is playing: a reaction now would answer nothing
        self._play_response, self._play_item = response, data.get("item_id")
        self._play_start, self._play_ms = (now if now is not None else 0.0), ms

    def _on_done(self, data: Any, stream: Stream) -> None:
        part = self._part(data)
        if part is None:
            return
        part._done[stream] = True
        key = stream.done_key
        if key is None:
            return
        value = data.get(key)
        if value.__class__ is not str:
            return
        if part.truncated_ms is None and self._judged(part) or stream is Stream.INPUT:
            self._check_joined(stream.value, part._deltas.get(stream), value, "the .done", stream)
        if stream is Stream.TEXT:
            part.text = value
        elif part.truncated_ms is None:
            part.transcript = value

    def _on_args_delta(self, data: Any, _: Stream) -> None:
        item = self._item(data.get("item_id"))
        delta = data.get("delta")
        if item is None:
            if data.get("item_id").__class__ is str:
                self._unknown("item", data.get("item_id"))
            return
        if data.get("response_id") is not None and data.get("response_id") != item.response_id:
            self._response(data.get("response_id"))
        if delta.__class__ is str:
            if item._arg_deltas is None:
                item._arg_deltas = []
            elif item.arguments is not None and item.status == "completed":
                self._problem("order", "a function_call_arguments delta after its .done")
            item._arg_deltas.append(delta)

    def _on_args_done(self, data: Any, _: Stream) -> None:
        item = self._item(data.get("item_id"))
        if item is None:
            return
        value = data.get("arguments")
        if value.__class__ is str:
            self._check_joined("arguments", item._arg_deltas, value, "the .done")
            item.arguments = value
        for key in ("call_id", "name"):
            if data.get(key).__class__ is str:
                setattr(item, key, data.get(key))
        if item.call_id is not None:
            self._pair_call(item)

    def _on_word_timing(self, data: Any, _: Stream) -> None:
        """A spoken word's audio offset (Voice Live): what a truncation's listener heard is then exact."""
        part = self._part(data)
        offset, text = data.get("audio_offset_ms"), data.get("text")
        if part is None or offset.__class__ is not int or text.__class__ is not str:
            return
        if part._words is None:
            part._words = []
        part._words.append((offset, text))

    # -- truncation ------------------------------------------------------------------------------

    def _on_truncate(self, data: Any, stream: Stream) -> None:
        self._on_reaction(data, stream)
        self._check_truncate(data)

    def _on_truncated(self, data: Any, _: Stream) -> None:
        part = self._check_truncate(data)
        end = data.get("audio_end_ms")
        if part is None or end.__class__ is not int:
            return
        # The server drops the transcript of a truncated part: the context holds only what was heard.
        part.truncated_ms = end
        if part.transcript:
            part.original_transcript = part.transcript
        part.heard_transcript = _heard(part.original_transcript or "", part._words, end)
        part.transcript = ""
        if part.audio_ms > end:  # the part's audio is cut to what was heard (audio_out_ms counts what came)
            part.audio_ms = float(end)
            if part.audio is not None:
                fmt = part.audio_format or self._out_fmt
                part.audio = part.audio[: int(end * fmt.bytes_per_ms)]

    def _check_truncate(self, data: Any) -> Optional[Part]:
        item_id, index, end = data.get("item_id"), data.get("content_index"), data.get("audio_end_ms")
        item = self._items.get(item_id) if item_id.__class__ is str else None
        if item is None:
            if item_id.__class__ is str:
                self._unknown("item", item_id)
            return None
        if item.type is not None and (item.type != "message" or item.role not in (None, "assistant")):
            self._problem(
                "truncate-target",
                f"item {item.id!r} is a {item.role or ''} {item.type}, not an assistant audio message".replace("  ", " "),
            )
            return None
        if index.__class__ is not int or index >= len(item.parts):
            if item.parts or self._started:
                self._problem("truncate-target", f"item {item.id!r} has no content part {index!r}")
            return None
        part = item.parts[index]
        if part.type is not None and part.type not in _AUDIO_TYPES:
            self._problem("truncate-target", f"part {index} of item {item.id!r} is {part.type}, not audio")
            return None
        if end.__class__ is int and part.audio_ms > 0 and end > part.audio_ms + _ROUNDING_MS:
            self._problem(
                "truncate-past-audio",
                f"audio_end_ms {end} is past the {part.audio_ms:.0f} ms of audio received for part {index} of item {item.id!r}",
            )
        return part


def _part_index(index: Any, added: bool) -> bool:
    """Whether an event's ``content_index`` can name a part (deltas may leave it out: part 0)."""
    return (index is None and not added) or (type(index) is int and index >= 0)


def _statuses(responses: Any) -> Dict[str, int]:
    counts: Dict[str, int] = {}
    for response in responses:
        key = response.status or "in_progress"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def _with_audio(buffer: Optional[bytearray], text: str) -> Optional[bytearray]:
    """``buffer`` with base64 audio text decoded onto its end (made when absent; left as it is for bad text)."""
    try:
        decoded = binascii.a2b_base64(text)
    except (binascii.Error, ValueError):
        return buffer
    if buffer is None:
        return bytearray(decoded)
    buffer += decoded
    return buffer


def _heard(transcript: str, words: Optional[List[Tuple[int, str]]], end: int) -> Optional[str]:
    """The transcript up to the last word whose audio starts before ``end`` ms; ``None`` without word timings."""
    if words is None:
        return None
    heard = [word for offset, word in sorted(words, key=lambda pair: pair[0]) if offset < end]
    position = 0
    for word in heard:
        found = transcript.find(word, position)
        if found < 0:  # the words do not follow the transcript: give the words themselves
            return " ".join(heard)
        position = found + len(word)
    return transcript[:position]


#: Each role's method: the one table from what an event does to the code that does it.
_ROLE_METHODS: Dict[Role, Callable[..., None]] = {
    Role.SESSION_CREATED: ConversationState._on_session_created,
    Role.SESSION_UPDATED: ConversationState._on_session_updated,
    Role.ITEM_ADDED: ConversationState._on_item_added,
    Role.ITEM_DONE: ConversationState._on_item_added,
    Role.ITEM_DELETED: ConversationState._on_item_deleted,
    Role.ITEM_CREATE: ConversationState._on_item_create,
    Role.TRUNCATE: ConversationState._on_truncate,
    Role.TRUNCATED: ConversationState._on_truncated,
    Role.COMMITTED: ConversationState._on_committed,
    Role.SPEECH_STARTED: ConversationState._on_speech_started,
    Role.SPEECH_STOPPED: ConversationState._on_speech_stopped,
    Role.AUDIO_APPEND: ConversationState._on_audio_append,
    Role.AUDIO_CLEAR: ConversationState._on_audio_clear,
    Role.RESPONSE_CREATE: ConversationState._on_response_create,
    Role.RESPONSE_CANCEL: ConversationState._on_response_cancel,
    Role.RESPONSE_CREATED: ConversationState._on_response_created,
    Role.RESPONSE_DONE: ConversationState._on_response_done,
    Role.OUTPUT_ADDED: ConversationState._on_output_added,
    Role.OUTPUT_DONE: ConversationState._on_output_done,
    Role.PART_ADDED: ConversationState._on_part_added,
    Role.PART_DONE: ConversationState._on_part_done,
    Role.DELTA: ConversationState._on_delta,
    Role.DONE: ConversationState._on_done,
    Role.AUDIO_DELTA: ConversationState._on_audio_delta,
    Role.ARGS_DELTA: ConversationState._on_args_delta,
    Role.ARGS_DONE: ConversationState._on_args_done,
    Role.WORD_TIMING: ConversationState._on_word_timing,
    Role.ERROR: ConversationState._on_error,
    Role.FAILED: ConversationState._on_error,
}
assert set(_ROLE_METHODS) == set(Role), "every role needs its method"

_Method = Callable[[ConversationState, Any, Stream], None]


class _Kind:
    """What the fold needs of one event type, found with one lookup per event.

    ``wrap`` builds the type's model from decoded data on the receiving path (the class's
    own ``wrap_owned``, so the catalog's dispatch is not run again), ``client`` is the
    direction rule's answer, ``method`` and ``stream`` come from the type's role (``None``:
    the fold has nothing to do for it).
    """

    __slots__ = ("name", "wrap", "client", "method", "stream")

    def __init__(
        self, name: str, wrap: Callable[[Dict[str, Any]], Model], client: bool, method: Optional[_Method], stream: Stream
    ) -> None:
        self.name, self.wrap, self.client, self.method, self.stream = name, wrap, client, method, stream


# Per catalog module: event type -> its kind, and the kind of a type the catalog lacks.
_KINDS: Dict[str, Tuple[Dict[str, _Kind], _Kind]] = {}


def _kinds(dialect: Dialect) -> Tuple[Dict[str, _Kind], _Kind]:
    """Every event type of a catalog with its :class:`_Kind`, and the kind of any other type.

    Built once per catalog, shared by every state.
    """
    found = _KINDS.get(dialect.module_name)  # all of it follows from the catalog alone
    if found is None:
        roles = dialect.roles
        table: Dict[str, _Kind] = {}
        for name, cls in dialect.models.items():  # the class the catalog's dispatch picks for the type
            role, stream = roles.get(name, (None, Stream.NONE))
            method = None if role is None else _ROLE_METHODS[role]
            table[name] = _Kind(name, cls.__asev_plan__.wrap_owned, dialect.is_client(name), method, stream)
        other = _Kind("", dialect.server.__asev_plan__.wrap_owned, False, None, Stream.NONE)
        found = _KINDS[dialect.module_name] = (table, other)
    return found

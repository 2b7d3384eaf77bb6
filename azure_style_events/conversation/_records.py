"""What a folded conversation holds: small slotted records, not models.

They are the state a realtime client keeps (items in order, their content parts with
joined text, transcripts and audio, responses with their usage and timing, the errors the
server sent, per-session figures) and the protocol problems found on the way.  Each is a
plain class with ``__slots__``: cheap to create per event, typed for checkers, and never
confused with wire data.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Dict, List, Literal, Optional, Tuple, get_args

from .._dialects import AudioFormat

__all__ = [
    "CODES",
    "BargeIn",
    "Item",
    "Part",
    "ProblemCode",
    "ProtocolProblem",
    "Response",
    "ServerError",
    "SessionFigures",
    "Speech",
    "Timing",
    "Usage",
]

#: The stable codes of protocol problems (docs/protocol-checks.md says what each means).
ProblemCode = Literal[
    "bad-event",
    "barge-in-ignored",
    "delta-mismatch",
    "duplicate-event-id",
    "order",
    "overlapping-response",
    "source-mismatch",
    "time-order",
    "truncate-past-audio",
    "truncate-target",
    "unknown-reference",
    "usage-inconsistent",
]
#: The same codes as a tuple, for code that lists them.
CODES: Tuple[str, ...] = get_args(ProblemCode)


@dataclass(frozen=True)
class ProtocolProblem:
    """One break of the protocol's rules: at the ``index``-th event given to ``apply`` (from 0)."""

    index: int
    event_type: str
    code: ProblemCode
    message: str
    #: When the event passed (seconds), where the log has times.
    time: Optional[float] = None

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


@dataclass(frozen=True)
class ServerError:
    """One refusal or failure the server reported: an ``error`` event or a ``*.failed`` event.

    ``index`` is the event's number (from 0); ``request_index`` and ``request_type`` name
    the client event it answers, when the error names one by its ``event_id`` and that
    event was seen (``None`` otherwise).
    """

    index: int
    event_type: str
    code: Optional[str]
    type: Optional[str]
    message: Optional[str]
    param: Optional[str]
    event_id: Optional[str]
    request_index: Optional[int]
    request_type: Optional[str]
    #: When the error came (seconds), where the log has times.
    time: Optional[float] = None

    def __str__(self) -> str:
        answers = f" (answering {self.request_type} at event {self.request_index})" if self.request_type else ""
        return f"{self.code or self.type or self.event_type}: {self.message or ''}{answers}".rstrip(": ")


class Part:
    """One content part of an item, addressed by ``(item id, content index)``."""

    __slots__ = (
        "type",
        "text",
        "transcript",
        "audio_ms",
        "audio",
        "audio_format",
        "truncated_ms",
        "original_transcript",
        "heard_transcript",
        "first_index",
        "first_time",
        "_deltas",
        "_done",
        "_whole",
        "_words",
    )

    def __init__(self, kind: Optional[str] = None) -> None:
        self.type = kind
        self.text: Optional[str] = None
        self.transcript: Optional[str] = None
        #: Milliseconds of audio received (assistant) or sent (user) for the part; always counted.
        self.audio_ms = 0.0
        #: The decoded audio bytes, with ``ConversationState(..., keep_audio=True)`` only.
        self.audio: Optional[bytearray] = None
        #: The format of the part's audio (encoding, sample rate), from the configuration in force.
        self.audio_format: Optional[AudioFormat] = None
        #: Where a truncation cut the part, in ms of audio (``None``: never truncated).
        self.truncated_ms: Optional[int] = None
        #: The part's whole transcript as it was before a truncation (heard and unheard alike).
        self.original_transcript: Optional[str] = None
        #: What the listener heard of a truncated part: exact where the dialect sends word
        #: timings, ``None`` where it does not (never a guess).
        self.heard_transcript: Optional[str] = None
        #: The number and time of the event that brought the part's first audio (``None``: none yet).
        self.first_index: Optional[int] = None
        self.first_time: Optional[float] = None
        self._deltas: Dict[Any, List[str]] = {}  # stream -> deltas joined at .done
        self._done: Dict[Any, bool] = {}  # stream (or "part") -> its .done seen
        self._whole = False  # its start was seen, so its deltas are all there
        self._words: Optional[List[Tuple[int, str]]] = None  # (audio offset ms, word) from word timings

    @property
    def unheard_transcript(self) -> Optional[str]:
        """Deprecated: the same value as :attr:`original_transcript` (it always held the heard part too)."""
        warnings.warn("Part.unheard_transcript is deprecated: use original_transcript", DeprecationWarning, stacklevel=2)
        return self.original_transcript

    def __repr__(self) -> str:
        return f"Part(type={self.type!r}, text={self.text!r}, transcript={self.transcript!r}, audio_ms={self.audio_ms:g})"


class Item:
    """One conversation item: a message, a function call or its output, or another kind."""

    __slots__ = (
        "id",
        "type",
        "role",
        "status",
        "parts",
        "call_id",
        "name",
        "arguments",
        "output",
        "response_id",
        "previous_item_id",
        "output_item_id",
        "call_item_id",
        "index",
        "time",
        "_arg_deltas",
        "_done",
    )

    def __init__(self, item_id: str, index: int = 0, time: Optional[float] = None) -> None:
        self.id = item_id
        #: The number and time of the event that first named the item.
        self.index = index
        self.time = time
        self.type: Optional[str] = None
        self.role: Optional[str] = None
        self.status: Optional[str] = None
        self.parts: List[Part] = []
        self.call_id: Optional[str] = None
        self.name: Optional[str] = None
        self.arguments: Optional[str] = None
        self.output: Optional[str] = None
        self.response_id: Optional[str] = None
        self.previous_item_id: Optional[str] = None
        #: For a function call: the id of the item that holds its output, once seen.
        self.output_item_id: Optional[str] = None
        #: For a function call's output: the id of the call item it answers, once seen.
        self.call_item_id: Optional[str] = None
        self._arg_deltas: Optional[List[str]] = None
        self._done = False

    @property
    def text(self) -> str:
        """The item's text and transcripts joined, part by part (what was said or written)."""
        return "".join(part.text if part.text is not None else part.transcript or "" for part in self.parts)

    def part(self, index: int) -> Part:
        """The part at ``index``, made (with any parts before it) if it was never seen."""
        while len(self.parts) <= index:
            self.parts.append(Part())
        return self.parts[index]

    def __repr__(self) -> str:
        return f"Item(id={self.id!r}, type={self.type!r}, role={self.role!r}, status={self.status!r}, text={self.text!r})"


class Usage:
    """Token counts: one response's, or the totals over responses (cached tokens are part of input)."""

    __slots__ = ("total_tokens", "input_tokens", "output_tokens", "cached_tokens", "input_audio_tokens", "output_audio_tokens")

    def __init__(self) -> None:
        self.total_tokens = 0
        self.input_tokens = 0
        self.output_tokens = 0
        self.cached_tokens = 0
        self.input_audio_tokens = 0
        self.output_audio_tokens = 0

    def add(self, usage: Any) -> None:
        """Add a usage model's (or mapping's) counts; absent ones count 0."""
        get = usage.get
        self.total_tokens += _count(get("total_tokens"))
        self.input_tokens += _count(get("input_tokens"))
        self.output_tokens += _count(get("output_tokens"))
        details = get("input_token_details")
        if isinstance(details, dict):
            self.cached_tokens += _count(details.get("cached_tokens"))
            self.input_audio_tokens += _count(details.get("audio_tokens"))
        details = get("output_token_details")
        if isinstance(details, dict):
            self.output_audio_tokens += _count(details.get("audio_tokens"))

    def as_dict(self) -> Dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __repr__(self) -> str:
        return "Usage(" + ", ".join(f"{name}={value}" for name, value in self.as_dict().items()) + ")"


def _count(value: Any) -> int:
    return value if value.__class__ is int else 0


def _ms(start: Optional[float], end: Optional[float]) -> Optional[float]:
    return None if start is None or end is None else round((end - start) * 1000, 3)


class Timing:
    """When a response's milestones happened (seconds, as the log's times; ``None``: not seen).

    ``trigger`` is the latest of the user's ``speech_stopped``/``committed``, a client
    ``response.create`` or ``conversation.item.create`` before ``response.created``.
    """

    __slots__ = ("trigger", "created", "first_audio", "first_text", "done")

    def __init__(self) -> None:
        self.trigger: Optional[float] = None
        self.created: Optional[float] = None
        self.first_audio: Optional[float] = None
        self.first_text: Optional[float] = None
        self.done: Optional[float] = None

    @property
    def first_audio_ms(self) -> Optional[float]:
        """Trigger to the response's first audio delta."""
        return _ms(self.trigger, self.first_audio)

    @property
    def first_text_ms(self) -> Optional[float]:
        """Trigger to the response's first text delta (transcript deltas are not text)."""
        return _ms(self.trigger, self.first_text)

    @property
    def response_ms(self) -> Optional[float]:
        """``response.created`` to ``response.done``."""
        return _ms(self.created, self.done)

    def __repr__(self) -> str:
        return f"Timing(first_audio_ms={self.first_audio_ms}, first_text_ms={self.first_text_ms}, response_ms={self.response_ms})"


class Response:
    """One response: its status, its usage (the catalog's usage model), the items it produced, its timing."""

    __slots__ = ("id", "status", "item_ids", "in_band", "timing", "index", "done_index", "_done", "_usage", "_usage_event")

    def __init__(self, response_id: str, index: int = 0) -> None:
        self.id = response_id
        self.status: Optional[str] = None
        self.item_ids: List[str] = []
        #: False for an out-of-band response (``conversation: "none"``), which may run beside others.
        self.in_band = True
        #: When its milestones happened, where the log has times.
        self.timing = Timing()
        #: The number of the event that first named it, and of its ``response.done`` (``None``: not seen).
        self.index = index
        self.done_index: Optional[int] = None
        self._done = False
        self._usage: Any = None
        self._usage_event: Any = None  # the response.done model to read the typed usage from, until read

    @property
    def usage(self) -> Any:
        """The usage the response reported, or ``None``: the catalog's usage model when the
        ``response.done`` came as a model, else its mapping.

        The typed one is read from the event when first asked for: building a response's
        typed view (its output items and their content) costs more than folding the event.
        """
        event = self._usage_event
        if event is not None:
            self._usage_event = None
            typed = getattr(event, "response", None)
            usage = getattr(typed, "usage", None) if isinstance(typed, dict) else None
            if isinstance(usage, dict):
                self._usage = usage
        return self._usage

    @usage.setter
    def usage(self, value: Any) -> None:
        self._usage, self._usage_event = value, None

    def take_usage(self, usage: Any, event: Any) -> None:
        """The usage of a ``response.done``: its wire mapping now, its typed model from ``event``
        (a model, or ``None``) when :attr:`usage` is first read."""
        self._usage, self._usage_event = usage, event

    def __repr__(self) -> str:
        return f"Response(id={self.id!r}, status={self.status!r}, item_ids={self.item_ids!r})"


class BargeIn:
    """The user spoke over the assistant's audio: when, and how the client reacted.

    ``reaction_index``/``reaction_type`` name the client's first ``response.cancel``,
    ``conversation.item.truncate`` or ``output_audio_buffer.clear`` after it (``None``:
    none seen); ``reaction_ms`` is the time between, where the log has times.
    """

    __slots__ = ("index", "time", "item_id", "reaction_index", "reaction_type", "reaction_time")

    def __init__(self, index: int, time: Optional[float], item_id: Optional[str]) -> None:
        self.index = index
        self.time = time
        self.item_id = item_id
        self.reaction_index: Optional[int] = None
        self.reaction_type: Optional[str] = None
        self.reaction_time: Optional[float] = None

    @property
    def reaction_ms(self) -> Optional[float]:
        return _ms(self.time, self.reaction_time)

    def __repr__(self) -> str:
        return f"BargeIn(index={self.index}, item_id={self.item_id!r}, reaction={self.reaction_type!r}, ms={self.reaction_ms})"


class Speech:
    """One stretch of the user's speech, as the server's voice detection saw it.

    ``index``/``time`` are those of ``speech_started``, ``stop_index``/``stop_time`` of
    ``speech_stopped`` (``None`` until seen); ``audio_start_ms``/``audio_end_ms`` are the
    positions in the input audio the events state.
    """

    __slots__ = ("index", "time", "item_id", "audio_start_ms", "stop_index", "stop_time", "audio_end_ms")

    def __init__(self, index: int, time: Optional[float], item_id: Optional[str], audio_start_ms: Optional[int]) -> None:
        self.index = index
        self.time = time
        self.item_id = item_id
        self.audio_start_ms = audio_start_ms
        self.stop_index: Optional[int] = None
        self.stop_time: Optional[float] = None
        self.audio_end_ms: Optional[int] = None

    def __repr__(self) -> str:
        return f"Speech(item_id={self.item_id!r}, audio_start_ms={self.audio_start_ms}, audio_end_ms={self.audio_end_ms})"


class SessionFigures:
    """One session's counts (a log may hold several; each ``session.created`` starts one).

    The part of a log before its first ``session.created`` is a session of its own, with
    ``started`` false, when it holds any event.
    """

    __slots__ = ("started", "events", "items", "responses", "response_status", "audio_in_ms", "audio_out_ms", "usage", "problems")

    def __init__(self, started: bool) -> None:
        self.started = started
        self.events = 0
        self.items = 0
        self.responses = 0
        self.response_status: Dict[str, int] = {}
        self.audio_in_ms = 0.0
        self.audio_out_ms = 0.0
        self.usage = Usage()
        self.problems = 0

    def as_dict(self) -> Dict[str, Any]:
        return {
            "items": self.items,
            "responses": self.responses,
            "response_status": dict(sorted(self.response_status.items())),
            "audio_in_ms": round(self.audio_in_ms),
            "audio_out_ms": round(self.audio_out_ms),
            "usage": self.usage.as_dict(),
            "problems": self.problems,
        }

    def __repr__(self) -> str:
        return f"SessionFigures({self.as_dict()!r})"

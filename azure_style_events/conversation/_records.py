"""What a folded conversation holds: small slotted records, not models.

They are the state a realtime client keeps (items in order, their content parts with
joined text, transcripts and audio durations, responses and their usage) and the
protocol problems found on the way.  Each is a plain class with ``__slots__``:
cheap to create per event, typed for checkers, and never confused with wire data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Literal, Optional, Tuple, get_args

__all__ = ["CODES", "Item", "Part", "ProblemCode", "ProtocolProblem", "Response", "Usage"]

#: The stable codes of protocol problems (docs/protocol-checks.md says what each means).
ProblemCode = Literal[
    "bad-event",
    "delta-mismatch",
    "duplicate-event-id",
    "order",
    "overlapping-response",
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

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class Part:
    """One content part of an item, addressed by ``(item id, content index)``."""

    __slots__ = (
        "type",
        "text",
        "transcript",
        "audio_ms",
        "audio",
        "truncated_ms",
        "unheard_transcript",
        "_deltas",
        "_done",
    )

    def __init__(self, kind: Optional[str] = None) -> None:
        self.type = kind
        self.text: Optional[str] = None
        self.transcript: Optional[str] = None
        #: Milliseconds of audio received for the part (from audio deltas, always counted).
        self.audio_ms = 0.0
        #: The decoded audio bytes, with ``ConversationState(..., keep_audio=True)`` only.
        self.audio: Optional[bytearray] = None
        #: Where a truncation cut the part, in ms of audio (``None``: never truncated).
        self.truncated_ms: Optional[int] = None
        #: The transcript the server dropped at a truncation (what the listener did not hear, and more).
        self.unheard_transcript: Optional[str] = None
        self._deltas: Dict[str, List[str]] = {}  # stream -> deltas joined at .done
        self._done: Dict[str, bool] = {}  # stream -> its .done seen

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
        "_arg_deltas",
        "_done",
    )

    def __init__(self, item_id: str) -> None:
        self.id = item_id
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


class Response:
    """One response: its status, its usage (the catalog's usage model) and the items it produced."""

    __slots__ = ("id", "status", "item_ids", "in_band", "_done", "_usage", "_usage_event")

    def __init__(self, response_id: str) -> None:
        self.id = response_id
        self.status: Optional[str] = None
        self.item_ids: List[str] = []
        #: False for an out-of-band response (``conversation: "none"``), which may run beside others.
        self.in_band = True
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

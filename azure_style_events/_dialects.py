"""The one registry of dialects: what each realtime protocol is, in one record per protocol.

Voice Live, OpenAI Realtime GA and OpenAI Realtime beta describe one conversation with
different event names and shapes.  Everything built on the catalogs (the conversation
state, the command line, the converter, the replay server) asks this module what a
dialect is: its name, its catalog and that catalog's two discriminated bases, which side
an event type belongs to, what the conversation state does with each event type (its
*role*), how its session configuration states audio formats, and each rule that only
one dialect has, as a named field.  A dialect's name appears as a string literal here
and nowhere else in the package.

The records are built at import time and cost nothing: a catalog module is imported
only when a record's catalog-dependent attributes are first read.
"""

from __future__ import annotations

import enum
import importlib
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, Mapping, NamedTuple, Optional, Tuple, Type, Union

if TYPE_CHECKING:
    from ._core._model import Model

__all__ = [
    "DIALECTS",
    "NAMES",
    "AudioFormat",
    "Dialect",
    "Role",
    "Stream",
    "get_dialect",
]


class Role(enum.Enum):
    """What the conversation state does with an event type (the same for every dialect that has it)."""

    SESSION_CREATED = enum.auto()
    SESSION_UPDATED = enum.auto()
    ITEM_ADDED = enum.auto()
    ITEM_DONE = enum.auto()
    ITEM_DELETED = enum.auto()
    ITEM_CREATE = enum.auto()
    TRUNCATE = enum.auto()
    TRUNCATED = enum.auto()
    COMMITTED = enum.auto()
    SPEECH_STARTED = enum.auto()
    SPEECH_STOPPED = enum.auto()
    AUDIO_APPEND = enum.auto()
    AUDIO_CLEAR = enum.auto()
    RESPONSE_CREATE = enum.auto()
    RESPONSE_CANCEL = enum.auto()
    RESPONSE_CREATED = enum.auto()
    RESPONSE_DONE = enum.auto()
    OUTPUT_ADDED = enum.auto()
    OUTPUT_DONE = enum.auto()
    PART_ADDED = enum.auto()
    PART_DONE = enum.auto()
    DELTA = enum.auto()
    DONE = enum.auto()
    AUDIO_DELTA = enum.auto()
    ARGS_DELTA = enum.auto()
    ARGS_DONE = enum.auto()
    WORD_TIMING = enum.auto()
    ERROR = enum.auto()
    FAILED = enum.auto()

    # Members are singletons, so identity is their equality; the C hash keeps them cheap as
    # dict keys on the fold's hot path (Enum's own hash is a Python-level call).
    __hash__ = object.__hash__


class Stream(enum.Enum):
    """Which delta/done pair of a content part an event belongs to, and the key of its full value."""

    NONE = ""
    TEXT = "text"
    TRANSCRIPT = "transcript"
    INPUT = "input"  # the user's input-audio transcription
    AUDIO = "audio"

    __hash__ = object.__hash__  # as Role's: a C-level hash for the fold's dict lookups

    @property
    def done_key(self) -> Optional[str]:
        """The key of a ``.done`` event that holds the whole value (``None``: it holds none)."""
        return _DONE_KEYS[self]


_DONE_KEYS = {
    Stream.NONE: None,
    Stream.TEXT: "text",
    Stream.TRANSCRIPT: "transcript",
    Stream.INPUT: "transcript",
    Stream.AUDIO: None,
}

#: Every event type the conversation state reads, with its role and stream.  A dialect
#: uses the rows whose type its catalog has a class for.
ROLES: Mapping[str, Tuple[Role, Stream]] = {
    "session.created": (Role.SESSION_CREATED, Stream.NONE),
    "session.updated": (Role.SESSION_UPDATED, Stream.NONE),
    "conversation.item.created": (Role.ITEM_ADDED, Stream.NONE),
    "conversation.item.added": (Role.ITEM_ADDED, Stream.NONE),
    "conversation.item.done": (Role.ITEM_DONE, Stream.NONE),
    "conversation.item.retrieved": (Role.ITEM_DONE, Stream.NONE),
    "conversation.item.deleted": (Role.ITEM_DELETED, Stream.NONE),
    "conversation.item.create": (Role.ITEM_CREATE, Stream.NONE),
    "conversation.item.truncate": (Role.TRUNCATE, Stream.NONE),
    "conversation.item.truncated": (Role.TRUNCATED, Stream.NONE),
    "input_audio_buffer.committed": (Role.COMMITTED, Stream.NONE),
    "input_audio_buffer.speech_started": (Role.SPEECH_STARTED, Stream.NONE),
    "input_audio_buffer.speech_stopped": (Role.SPEECH_STOPPED, Stream.NONE),
    "input_audio_buffer.append": (Role.AUDIO_APPEND, Stream.NONE),
    "input_audio_buffer.clear": (Role.AUDIO_CLEAR, Stream.NONE),
    "output_audio_buffer.clear": (Role.RESPONSE_CANCEL, Stream.NONE),
    "response.create": (Role.RESPONSE_CREATE, Stream.NONE),
    "response.cancel": (Role.RESPONSE_CANCEL, Stream.NONE),
    "response.created": (Role.RESPONSE_CREATED, Stream.NONE),
    "response.done": (Role.RESPONSE_DONE, Stream.NONE),
    "response.output_item.added": (Role.OUTPUT_ADDED, Stream.NONE),
    "response.output_item.done": (Role.OUTPUT_DONE, Stream.NONE),
    "response.content_part.added": (Role.PART_ADDED, Stream.NONE),
    "response.content_part.done": (Role.PART_DONE, Stream.NONE),
    "response.text.delta": (Role.DELTA, Stream.TEXT),
    "response.text.done": (Role.DONE, Stream.TEXT),
    "response.output_text.delta": (Role.DELTA, Stream.TEXT),
    "response.output_text.done": (Role.DONE, Stream.TEXT),
    "response.audio_transcript.delta": (Role.DELTA, Stream.TRANSCRIPT),
    "response.audio_transcript.done": (Role.DONE, Stream.TRANSCRIPT),
    "response.output_audio_transcript.delta": (Role.DELTA, Stream.TRANSCRIPT),
    "response.output_audio_transcript.done": (Role.DONE, Stream.TRANSCRIPT),
    "response.audio.delta": (Role.AUDIO_DELTA, Stream.AUDIO),
    "response.audio.done": (Role.DONE, Stream.AUDIO),
    "response.output_audio.delta": (Role.AUDIO_DELTA, Stream.AUDIO),
    "response.output_audio.done": (Role.DONE, Stream.AUDIO),
    "response.audio_timestamp.delta": (Role.WORD_TIMING, Stream.NONE),
    "conversation.item.input_audio_transcription.delta": (Role.DELTA, Stream.INPUT),
    "conversation.item.input_audio_transcription.completed": (Role.DONE, Stream.INPUT),
    "conversation.item.input_audio_transcription.failed": (Role.FAILED, Stream.NONE),
    "response.function_call_arguments.delta": (Role.ARGS_DELTA, Stream.NONE),
    "response.function_call_arguments.done": (Role.ARGS_DONE, Stream.NONE),
    "error": (Role.ERROR, Stream.NONE),
}


class AudioFormat(NamedTuple):
    """An audio format as a session states it: the encoding and the sample rate (mono).

    ``encoding`` is ``"pcm16"`` (16-bit little-endian PCM), ``"g711_ulaw"`` or
    ``"g711_alaw"`` (a byte a sample), whatever name the dialect gives it.
    """

    encoding: str
    rate: int

    @property
    def bytes_per_ms(self) -> float:
        return self.rate * (2 if self.encoding == "pcm16" else 1) / 1000


#: The sample rates a stated format may have, in Hz: from telephony's 8 kHz to 384 kHz.
SAMPLE_RATES = range(8000, 384001)

#: 16-bit PCM at 24 kHz: every dialect's default when the session says nothing.
DEFAULT_AUDIO_FORMAT = AudioFormat("pcm16", 24000)

# Format names as the flat (beta and Voice Live) sessions and GA's format objects write them.
_NAMED_FORMATS = {
    "pcm16": DEFAULT_AUDIO_FORMAT,
    "g711_ulaw": AudioFormat("g711_ulaw", 8000),
    "g711_alaw": AudioFormat("g711_alaw", 8000),
    "audio/pcm": DEFAULT_AUDIO_FORMAT,
    "audio/pcmu": AudioFormat("g711_ulaw", 8000),
    "audio/pcma": AudioFormat("g711_alaw", 8000),
}


def audio_format(stated: Any, rate: Any = None) -> Optional[AudioFormat]:
    """The format a configuration states: a name (``"pcm16"``, ``"pcm16_16000hz"``, ``"g711_ulaw"``)
    with an optional separate ``rate``, or a GA format object (``{"type": "audio/pcm", "rate": 24000}``).
    ``None`` when nothing is stated, the name is unknown, or its rate is none audio has
    (outside ``SAMPLE_RATES``: a rate of 0 would divide by zero, one of 1 Hz would make
    ``write_wav`` resample the next part 24,000-fold); a separate ``rate`` outside it is
    not taken either."""
    if isinstance(stated, dict):
        stated, rate = stated.get("type"), stated.get("rate", rate)
    if not isinstance(stated, str):
        return None
    stated = str(stated)  # an enum member reads as its value
    known = _NAMED_FORMATS.get(stated)
    if known is None and stated.startswith("pcm16_") and stated.endswith("hz") and stated[6:-2].isdigit():
        named_rate = int(stated[6:-2])
        known = AudioFormat("pcm16", named_rate) if named_rate in SAMPLE_RATES else None
    if known is None:
        return None
    if known.encoding == "pcm16" and rate.__class__ is int and rate in SAMPLE_RATES:
        return AudioFormat("pcm16", rate)
    return known


def _get(config: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(config, dict):
            return None
        config = config.get(key)
    return config


@dataclass(frozen=True)
class Dialect:
    """One realtime protocol: its facts, its catalog, and the rules only it has.

    The catalog-dependent attributes (``module``, ``server``, ``client``, ``models``,
    ``roles``) import the catalog on first use.
    """

    #: The name users pass (``ConversationState("openai")``, ``--protocol openai``).
    name: str
    #: A human title for reports.
    title: str
    #: The catalog module's import path.
    module_name: str
    #: The session states audio formats under ``audio.input``/``audio.output`` as objects
    #: (GA), not as flat ``input_audio_format``/``output_audio_format`` names.
    nested_audio_config: bool
    #: Items are announced as ``conversation.item.added`` and completed with
    #: ``conversation.item.done`` (GA), not ``conversation.item.created``.
    item_added_and_done: bool
    #: ``response.create`` cancels the response in progress unless it says
    #: ``cancel_previous: false`` (Voice Live), instead of overlapping it.
    create_cancels_previous: bool
    #: Azure's extensions of the flat shape (Voice Live): voices as objects (its server states
    #: an OpenAI voice as ``{"type": "openai", "name": ...}``), ``pcm16_<rate>hz`` output
    #: formats, the input rate stated apart.
    azure_extensions: bool = False
    #: The session key that states the input sample rate beside the format name (Voice Live).
    input_rate_key: Optional[str] = None
    #: The event type whose events give each spoken word's audio offset (Voice Live).
    word_timing_event: Optional[str] = None

    # -- the catalog, loaded on first use ----------------------------------------------------

    @cached_property
    def module(self) -> ModuleType:
        return importlib.import_module(self.module_name)

    @cached_property
    def server(self) -> Type[Model]:
        """The catalog's discriminated base of server events."""
        base: Type[Model] = self.module.ServerEvent
        return base

    @cached_property
    def client(self) -> Type[Model]:
        """The catalog's discriminated base of client events."""
        base: Type[Model] = self.module.ClientEvent
        return base

    @cached_property
    def models(self) -> Dict[str, Type[Model]]:
        """Every event type the catalog has a class for, with that class.

        A type both sides have (none today) is the server's: logs hold more of those.
        """
        return {**self.client.__mapping__, **self.server.__mapping__}  # type: ignore[attr-defined]

    @cached_property
    def client_types(self) -> FrozenSet[str]:
        """The event types that are client events (a type on both sides is a server event)."""
        return frozenset(self.client.__mapping__) - frozenset(self.server.__mapping__)  # type: ignore[attr-defined]

    def is_client(self, event_type: Any) -> bool:
        """The direction rule: whether an event of this type is sent by the client."""
        return event_type in self.client_types

    def base_for(self, event_type: Any) -> Type[Model]:
        """The discriminated base an event of this type is parsed with."""
        return self.client if event_type in self.client_types else self.server

    @cached_property
    def roles(self) -> Dict[str, Tuple[Role, Stream]]:
        """The roles of the event types this dialect's catalog has."""
        known = self.models
        roles = {name: role for name, role in ROLES.items() if name in known}
        for name in self.server.__mapping__:  # type: ignore[attr-defined]
            if name.endswith(".failed"):  # every failure the server reports is one of its errors
                roles.setdefault(name, (Role.FAILED, Stream.NONE))
        return roles

    # -- audio formats ---------------------------------------------------------------------------

    def output_format(self, config: Any) -> Optional[AudioFormat]:
        """The output audio format a session or response configuration states (``None``: not stated)."""
        if self.nested_audio_config:
            return audio_format(_get(config, "audio", "output", "format"))
        return audio_format(_get(config, "output_audio_format"))

    def input_format(self, config: Any) -> Optional[AudioFormat]:
        """The input audio format a session configuration states (``None``: not stated)."""
        if self.nested_audio_config:
            return audio_format(_get(config, "audio", "input", "format"))
        rate = _get(config, self.input_rate_key) if self.input_rate_key else None
        return audio_format(_get(config, "input_audio_format"), rate)

    def __repr__(self) -> str:
        return f"<Dialect {self.name!r}: {self.title}>"


VOICELIVE = Dialect(
    name="voicelive",
    title="Azure Voice Live",
    module_name="azure_style_events.voicelive",
    nested_audio_config=False,
    item_added_and_done=False,
    create_cancels_previous=True,
    azure_extensions=True,
    input_rate_key="input_audio_sampling_rate",
    word_timing_event="response.audio_timestamp.delta",
)
OPENAI = Dialect(
    name="openai",
    title="OpenAI Realtime (GA)",
    module_name="azure_style_events.openai_realtime",
    nested_audio_config=True,
    item_added_and_done=True,
    create_cancels_previous=False,
)
OPENAI_BETA = Dialect(
    name="openai-beta",
    title="OpenAI Realtime (beta)",
    module_name="azure_style_events.openai_realtime.beta",
    nested_audio_config=False,
    item_added_and_done=False,
    create_cancels_previous=False,
)

#: Every dialect by name, in the order the command line lists them.
DIALECTS: Mapping[str, Dialect] = {dialect.name: dialect for dialect in (VOICELIVE, OPENAI, OPENAI_BETA)}
#: The dialects' names.
NAMES: Tuple[str, ...] = tuple(DIALECTS)
_BY_MODULE = {dialect.module_name: dialect for dialect in DIALECTS.values()}


def get_dialect(protocol: Union[str, ModuleType, Dialect]) -> Dialect:
    """The dialect a user named: its name, its catalog module, or the record itself.

    A name not registered raises ``ValueError`` listing the names; anything else ``TypeError``.
    """
    if isinstance(protocol, Dialect):
        return protocol
    if isinstance(protocol, ModuleType):
        found = _BY_MODULE.get(protocol.__name__)
        if found is None:
            raise ValueError(f"{protocol.__name__} is not a catalog module: expected one of {', '.join(_BY_MODULE)}")
        return found
    if not isinstance(protocol, str):
        raise TypeError(
            f"protocol must be one of {', '.join(map(repr, NAMES))} or a catalog module, not {type(protocol).__name__}"
        )
    found = DIALECTS.get(protocol)
    if found is None:
        raise ValueError(f"unknown protocol {protocol!r}: expected one of {', '.join(NAMES)}")
    return found

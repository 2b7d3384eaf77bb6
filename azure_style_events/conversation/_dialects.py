"""The three protocols' event names for what the conversation state does, and audio formats.

Voice Live, OpenAI beta and OpenAI GA send the same conversation under different event
names (``response.audio.delta`` and ``response.output_audio.delta``;
``conversation.item.created`` and GA's ``conversation.item.added``/``.done``).  One
table names each event type's *action*; a protocol uses the rows whose event type its
catalog has a class for, so a rule is written once and each dialect gets its own names.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, Dict, Optional, Tuple, Union

__all__ = ["ACTIONS", "Dialect", "bytes_per_ms", "dialect"]

#: event type -> (action, stream).  The stream names which delta/done pair of a part it is.
ACTIONS: Dict[str, Tuple[str, str]] = {
    "session.created": ("session.created", ""),
    "session.updated": ("session.updated", ""),
    "conversation.item.created": ("item.added", ""),
    "conversation.item.added": ("item.added", ""),
    "conversation.item.done": ("item.done", ""),
    "conversation.item.retrieved": ("item.done", ""),
    "conversation.item.deleted": ("item.deleted", ""),
    "conversation.item.create": ("item.create", ""),
    "conversation.item.truncate": ("truncate", ""),
    "conversation.item.truncated": ("truncated", ""),
    "input_audio_buffer.committed": ("committed", ""),
    "input_audio_buffer.speech_started": ("speech", ""),
    "input_audio_buffer.append": ("audio.in", ""),
    "response.create": ("response.create", ""),
    "response.created": ("response.created", ""),
    "response.done": ("response.done", ""),
    "response.output_item.added": ("output.added", ""),
    "response.output_item.done": ("output.done", ""),
    "response.content_part.added": ("part.added", ""),
    "response.content_part.done": ("part.done", ""),
    "response.text.delta": ("delta", "text"),
    "response.text.done": ("done", "text"),
    "response.output_text.delta": ("delta", "text"),
    "response.output_text.done": ("done", "text"),
    "response.audio_transcript.delta": ("delta", "transcript"),
    "response.audio_transcript.done": ("done", "transcript"),
    "response.output_audio_transcript.delta": ("delta", "transcript"),
    "response.output_audio_transcript.done": ("done", "transcript"),
    "response.audio.delta": ("audio.delta", "audio"),
    "response.audio.done": ("done", "audio"),
    "response.output_audio.delta": ("audio.delta", "audio"),
    "response.output_audio.done": ("done", "audio"),
    "conversation.item.input_audio_transcription.delta": ("delta", "input"),
    "conversation.item.input_audio_transcription.completed": ("done", "input"),
    "response.function_call_arguments.delta": ("args.delta", ""),
    "response.function_call_arguments.done": ("args.done", ""),
}

#: The key of the full value in a .done event, per stream.
DONE_KEY = {"text": "text", "transcript": "transcript", "input": "transcript", "audio": ""}

_MODULES = {
    "voicelive": "azure_style_events.voicelive",
    "openai": "azure_style_events.openai_realtime",
    "openai-beta": "azure_style_events.openai_realtime.beta",
}


class Dialect:
    """One protocol: its catalog's bases, the actions of its event types, where its audio format sits."""

    __slots__ = ("name", "server", "client", "actions", "ga")

    def __init__(self, name: str, module: ModuleType) -> None:
        self.name = name
        self.server: Any = module.ServerEvent
        self.client: Any = module.ClientEvent
        known = set(self.server.__mapping__) | set(self.client.__mapping__)
        # GA writes formats as objects under session.audio; its item events are added/done.
        self.ga = "conversation.item.added" in known
        self.actions = {name: action for name, action in ACTIONS.items() if name in known}

    def output_format(self, config: Any) -> Any:
        """The output audio format a session or response configuration names (``None``: not said)."""
        if not isinstance(config, dict):
            return None
        if self.ga:
            audio = config.get("audio")
            output = audio.get("output") if isinstance(audio, dict) else None
            return output.get("format") if isinstance(output, dict) else None
        return config.get("output_audio_format")

    def input_format(self, config: Any) -> Any:
        if not isinstance(config, dict):
            return None
        if self.ga:
            audio = config.get("audio")
            given = audio.get("input") if isinstance(audio, dict) else None
            return given.get("format") if isinstance(given, dict) else None
        rate = config.get("input_audio_sampling_rate")
        fmt = config.get("input_audio_format")
        return (fmt, rate) if rate.__class__ is int else fmt


def dialect(protocol: Union[str, ModuleType]) -> Dialect:
    """``"voicelive"``, ``"openai"``, ``"openai-beta"`` or a catalog module."""
    if isinstance(protocol, ModuleType):
        names = {module: name for name, module in _MODULES.items()}
        return Dialect(names.get(protocol.__name__, protocol.__name__), protocol)
    if not isinstance(protocol, str):
        raise TypeError(
            f"protocol must be 'voicelive', 'openai', 'openai-beta' or a catalog module, not {type(protocol).__name__}"
        )
    module = _MODULES.get(protocol)
    if module is None:
        raise ValueError(f"unknown protocol {protocol!r}: expected one of {', '.join(sorted(_MODULES))}")
    return Dialect(protocol, importlib.import_module(module))


#: 16-bit PCM at 24 kHz, every protocol's default.
DEFAULT_BYTES_PER_MS = 48.0


def bytes_per_ms(fmt: Any) -> Optional[float]:
    """Bytes of mono audio per millisecond for a format as the protocols write it; ``None`` if unknown.

    ``"pcm16"`` (24 kHz), Voice Live's ``"pcm16_8000hz"``/``"pcm16_16000hz"``, ``(format,
    rate)`` for Voice Live input, G.711 (8 kHz, a byte a sample), and GA's objects
    ``{"type": "audio/pcm", "rate": 24000}``, ``{"type": "audio/pcmu"}``.
    """
    rate: Any = None
    if isinstance(fmt, tuple):
        fmt, rate = fmt
    if isinstance(fmt, dict):
        rate = fmt.get("rate", rate)
        fmt = fmt.get("type")
    if not isinstance(fmt, str):
        return None
    if fmt in ("g711_ulaw", "g711_alaw", "audio/pcmu", "audio/pcma"):
        return 8.0
    if fmt.startswith("pcm16_") and fmt.endswith("hz") and fmt[6:-2].isdigit():
        return int(fmt[6:-2]) * 2 / 1000
    if fmt in ("pcm16", "audio/pcm"):
        return (rate * 2 / 1000) if rate.__class__ is int and rate > 0 else DEFAULT_BYTES_PER_MS
    return None

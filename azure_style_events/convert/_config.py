"""Session and response configuration between the flat dialects and GA's nested one.

OpenAI beta and Voice Live state a session flat (``input_audio_format``, ``voice``,
``turn_detection``, ``modalities``, ``max_response_output_tokens``); OpenAI GA nests
audio under ``audio.input``/``audio.output``, names formats as objects
(``{"type": "audio/pcm", "rate": 24000}``), says ``output_modalities`` (one of text or
audio) and ``max_output_tokens``.  Each function here takes a copy of one configuration
object, moves what has a counterpart, and reports through ``lose`` what has none.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional, Tuple

__all__ = [
    "FLAT_TO_GA_FORMAT",
    "LONGEST_MOVE",
    "Lose",
    "Moves",
    "flat_to_nested",
    "format_to_flat",
    "nested_to_flat",
    "turn_detection_for",
    "voice_between_flat",
]

#: ``lose(path, code, message)``: record a loss at a path relative to the object converted.
Lose = Callable[[str, str, str], None]
#: Filled by the functions below: each place of the converted object (as keys) that holds a
#: value moved there -> the place the value had in the object given.  A loss found later at
#: or below a moved value's new place is reported at its place in the source (``Converter``).
Moves = Dict[Tuple[str, ...], Tuple[str, ...]]
#: The most keys a place in ``Moves`` has (``("audio", "input", "turn_detection")``).
LONGEST_MOVE = 3

FLAT_TO_GA_FORMAT: Dict[str, Dict[str, Any]] = {
    "pcm16": {"type": "audio/pcm", "rate": 24000},
    "g711_ulaw": {"type": "audio/pcmu"},
    "g711_alaw": {"type": "audio/pcma"},
}
_GA_TO_FLAT = {"audio/pcm": "pcm16", "audio/pcmu": "g711_ulaw", "audio/pcma": "g711_alaw"}
_GA_RATE = 24000  # the one PCM rate GA's format object states
_OPENAI_TURN_DETECTION = ("server_vad", "semantic_vad")
#: OpenAI's turn-detection kinds Voice Live does not have, and its nearest.
_VOICELIVE_NEAREST = {"semantic_vad": "azure_semantic_vad"}


def _text(value: Any) -> Any:
    return str(getattr(value, "value", value)) if isinstance(value, str) else value


def format_to_ga(name: Any, rate: Any, path: str, lose: Lose) -> Any:
    """A flat format name (and Voice Live's separate input rate) as a GA format object."""
    name = _text(name)
    if not isinstance(name, str):
        return name
    if name.startswith("pcm16_") and name.endswith("hz") and name[6:-2].isdigit():
        rate, name = int(name[6:-2]), "pcm16"
    found = FLAT_TO_GA_FORMAT.get(name)
    if found is None:
        lose(path, "value-not-in-target", f"the audio format {name!r} has no counterpart")
        return None
    if name == "pcm16" and isinstance(rate, int) and rate != _GA_RATE:
        lose(path, "sample-rate-not-in-target", f"PCM at {rate} Hz: the target states only {_GA_RATE} Hz")
    return dict(found)


def format_to_flat(fmt: Any, path: str, lose: Lose, voicelive: bool, output: bool) -> Any:
    """A GA format object as a flat name: ``(name, rate)`` where Voice Live states the rate apart."""
    if not isinstance(fmt, dict):
        return fmt, None
    name = _GA_TO_FLAT.get(_text(fmt.get("type")))
    if name is None:
        lose(path, "value-not-in-target", f"the audio format {fmt.get('type')!r} has no counterpart")
        return None, None
    rate = fmt.get("rate")
    if name != "pcm16" or rate in (None, _GA_RATE):
        return name, None
    if voicelive and output and rate in (8000, 16000):
        return f"pcm16_{rate}hz", None
    if voicelive and not output and isinstance(rate, int):
        return name, rate
    lose(path, "sample-rate-not-in-target", f"PCM at {rate} Hz cannot be stated")
    return name, None


def _modalities_to_ga(config: Dict[str, Any], lose: Lose) -> None:
    modalities = config.pop("modalities")
    if not isinstance(modalities, list):
        config["output_modalities"] = modalities
        return
    names = [_text(m) for m in modalities]
    if "audio" in names:
        if len(names) > 1:
            lose("modalities", "modalities-narrowed", f"{names} becomes ['audio'] (audio comes with its transcript)")
        config["output_modalities"] = ["audio"]
    else:
        if len(names) > 1:
            lose("modalities", "modalities-narrowed", f"{names} becomes ['text']")
        config["output_modalities"] = ["text"] if names else []


def _voice_to_openai(voice: Any, path: str, lose: Lose) -> Any:
    """Voice Live's voice objects as OpenAI's voice names (a name stays); an Azure voice has none."""
    if not isinstance(voice, dict):
        return _text(voice)
    if voice.get("type") == "openai" and isinstance(voice.get("name"), str):
        lose(path, "voice-shape-changed", f"the voice object becomes its name {voice['name']!r}")
        return voice["name"]
    lose(path, "voice-not-in-target", f"the {voice.get('type')!r} voice {voice.get('name')!r} has no counterpart")
    return None


def turn_detection_for(detection: Any, path: str, lose: Lose, voicelive: bool) -> Any:
    """A turn detection as the target states it (``voicelive``: Voice Live, else OpenAI).

    A kind the target lacks becomes its nearest, a ``turn-detection-approximated`` loss:
    Voice Live's ``azure_semantic_vad*`` are OpenAI's ``semantic_vad``, and OpenAI's
    ``semantic_vad`` is Voice Live's ``azure_semantic_vad``.
    """
    kind = _text(detection.get("type")) if isinstance(detection, dict) else None
    if not isinstance(kind, str):  # no kind, or none a target has: the target's check says so
        return detection
    if voicelive:
        nearest = _VOICELIVE_NEAREST.get(kind)
    else:
        nearest = None if kind in _OPENAI_TURN_DETECTION else "semantic_vad"
    if nearest is None:
        return detection
    lose(path + ".type", "turn-detection-approximated", f"{kind!r} becomes {nearest!r}")
    return dict(detection, type=nearest)


def flat_to_nested(config: Dict[str, Any], kind: str, lose: Lose, moves: Moves) -> Dict[str, Any]:
    """A flat session or response configuration (beta's or Voice Live's) in GA's shape.

    ``kind`` is ``"session"``, ``"create"`` (``response.create``'s parameters) or
    ``"response"`` (a response object).
    """
    out = dict(config)
    audio_in: Dict[str, Any] = {}
    audio_out: Dict[str, Any] = {}
    if "modalities" in out:
        _modalities_to_ga(out, lose)
        moves["output_modalities",] = ("modalities",)
    if "voice" in out:
        # (a voice object in a beta session too: Azure OpenAI's preview sends Voice Live's)
        voice = _voice_to_openai(out.pop("voice"), "voice", lose)
        if voice is not None:
            audio_out["voice"] = voice
    rate = out.pop("input_audio_sampling_rate", None)
    if "output_audio_format" in out:
        audio_out["format"] = format_to_ga(out.pop("output_audio_format"), None, "output_audio_format", lose)
        moves["audio", "output", "format"] = ("output_audio_format",)
    if "speed" in out:
        audio_out["speed"] = out.pop("speed")
    if "voice" in audio_out:
        moves["audio", "output", "voice"] = ("voice",)
    if "speed" in audio_out:
        moves["audio", "output", "speed"] = ("speed",)
    if kind == "session":
        if "input_audio_format" in out:
            audio_in["format"] = format_to_ga(out.pop("input_audio_format"), rate, "input_audio_format", lose)
            moves["audio", "input", "format"] = ("input_audio_format",)
        elif rate is not None:
            lose("input_audio_sampling_rate", "sample-rate-not-in-target", "a rate without a format")
        for flat, nested in (
            ("input_audio_transcription", "transcription"),
            ("input_audio_noise_reduction", "noise_reduction"),
            ("turn_detection", "turn_detection"),
        ):
            if flat in out:
                value = out.pop(flat)
                if nested == "turn_detection":
                    value = turn_detection_for(value, flat, lose, voicelive=False)
                audio_in[nested] = value
                moves["audio", "input", nested] = (flat,)
        out.setdefault("type", "realtime")
    if "max_response_output_tokens" in out:
        out["max_output_tokens"] = out.pop("max_response_output_tokens")
        moves["max_output_tokens",] = ("max_response_output_tokens",)
    if "temperature" in out:
        lose("temperature", "field-not-in-target", f"temperature {out.pop('temperature')!r} cannot be set")
    if audio_in or audio_out:
        audio = dict(out.get("audio") or {})
        if audio_in:
            audio["input"] = {k: v for k, v in audio_in.items() if v is not None or k != "format"}
        if audio_out:
            audio["output"] = {k: v for k, v in audio_out.items() if v is not None or k != "format"}
        out["audio"] = audio
    return out


def nested_to_flat(config: Dict[str, Any], kind: str, lose: Lose, voicelive: bool, server: bool, moves: Moves) -> Dict[str, Any]:
    """A GA session or response configuration in the flat shape (``voicelive``: for Voice Live)."""
    out = dict(config)
    session_type = _text(out.pop("type", None)) if kind == "session" else None
    if session_type not in (None, "realtime"):
        lose("type", "value-not-in-target", f"a {session_type!r} session has no counterpart")
    if "output_modalities" in out:
        modalities = out.pop("output_modalities")
        names = [_text(m) for m in modalities] if isinstance(modalities, list) else modalities
        out["modalities"] = ["text", "audio"] if names == ["audio"] else modalities
        moves["modalities",] = ("output_modalities",)
    audio = out.pop("audio", None)
    if isinstance(audio, dict):
        _audio_to_flat(audio, out, lose, voicelive, server, moves)
    if "max_output_tokens" in out and kind != "response":
        out["max_response_output_tokens"] = out.pop("max_output_tokens")
        moves["max_response_output_tokens",] = ("max_output_tokens",)
    return out


def _audio_to_flat(audio: Dict[str, Any], out: Dict[str, Any], lose: Lose, voicelive: bool, server: bool, moves: Moves) -> None:
    given = audio.get("input")
    if isinstance(given, dict):
        if "format" in given:
            name, rate = format_to_flat(given["format"], "audio.input.format", lose, voicelive, output=False)
            out["input_audio_format"] = name
            moves["input_audio_format",] = ("audio", "input", "format")
            if rate is not None:
                out["input_audio_sampling_rate"] = rate
                moves["input_audio_sampling_rate",] = ("audio", "input", "format", "rate")
        for nested, flat in (
            ("transcription", "input_audio_transcription"),
            ("noise_reduction", "input_audio_noise_reduction"),
            ("turn_detection", "turn_detection"),
        ):
            if nested in given:
                value = given[nested]
                if nested == "turn_detection":
                    value = turn_detection_for(value, "audio.input.turn_detection", lose, voicelive)
                out[flat] = value
                moves[flat,] = ("audio", "input", nested)
        for key in given:
            if key not in ("format", "transcription", "noise_reduction", "turn_detection"):
                lose(f"audio.input.{key}", "field-not-in-target", "no counterpart in the flat session")
    sent = audio.get("output")
    if isinstance(sent, dict):
        if "format" in sent:
            out["output_audio_format"], _ = format_to_flat(sent["format"], "audio.output.format", lose, voicelive, output=True)
            moves["output_audio_format",] = ("audio", "output", "format")
        if "voice" in sent:
            voice = sent["voice"]
            if isinstance(voice, dict):
                lose("audio.output.voice", "voice-not-in-target", "a custom voice id has no counterpart")
            else:
                out["voice"] = {"type": "openai", "name": voice} if voicelive and server and isinstance(voice, str) else voice
                moves["voice",] = ("audio", "output", "voice")
        if "speed" in sent:
            out["speed"] = sent["speed"]
            moves["speed",] = ("audio", "output", "speed")
        for key in sent:
            if key not in ("format", "voice", "speed"):
                lose(f"audio.output.{key}", "field-not-in-target", "no counterpart in the flat session")
    for key in audio:
        if key not in ("input", "output"):
            lose(f"audio.{key}", "field-not-in-target", "no counterpart in the flat session")


def voice_between_flat(voice: Any, path: str, lose: Lose, to_voicelive: bool, server: bool) -> Optional[Any]:
    """A voice between OpenAI beta and Voice Live (Voice Live's server states OpenAI voices as objects)."""
    if to_voicelive:
        return {"type": "openai", "name": voice} if server and isinstance(voice, str) else voice
    return _voice_to_openai(voice, path, lose)

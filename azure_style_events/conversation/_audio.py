"""Audio out of a session: G.711 decoded by the package's own tables, PCM resampled, WAV written.

The realtime protocols carry mono audio as 16-bit little-endian PCM (at 24 kHz unless the
session says another rate) or as G.711 µ-law or A-law at 8 kHz.  ``audioop`` left the
standard library in Python 3.13, so the two G.711 expansions are computed here, once,
into 256-entry tables.
"""

from __future__ import annotations

import os
import sys
import wave
from array import array
from typing import IO, Any, Dict, List, Sequence, Tuple, Union

from .._dialects import AudioFormat

__all__ = ["alaw_table", "to_pcm16", "ulaw_table", "write_wav"]


def _expand_ulaw(code: int) -> int:
    code = ~code & 0xFF
    magnitude = ((((code & 0x0F) << 3) + 0x84) << ((code >> 4) & 0x07)) - 0x84
    return -magnitude if code & 0x80 else magnitude


def _expand_alaw(code: int) -> int:
    code ^= 0x55
    exponent = (code >> 4) & 0x07
    mantissa = (code & 0x0F) << 4
    magnitude = mantissa + 8 if exponent == 0 else (mantissa + 0x108) << (exponent - 1)
    return magnitude if code & 0x80 else -magnitude


_TABLES: Dict[str, Tuple[int, ...]] = {}


def ulaw_table() -> Sequence[int]:
    """The 16-bit sample each µ-law byte stands for."""
    if "ulaw" not in _TABLES:
        _TABLES["ulaw"] = tuple(_expand_ulaw(code) for code in range(256))
    return _TABLES["ulaw"]


def alaw_table() -> Sequence[int]:
    """The 16-bit sample each A-law byte stands for."""
    if "alaw" not in _TABLES:
        _TABLES["alaw"] = tuple(_expand_alaw(code) for code in range(256))
    return _TABLES["alaw"]


def to_pcm16(data: bytes, fmt: AudioFormat) -> "array[int]":
    """The audio as 16-bit samples (native order), whatever its encoding."""
    if fmt.encoding == "g711_ulaw":
        return array("h", map(ulaw_table().__getitem__, data))
    if fmt.encoding == "g711_alaw":
        return array("h", map(alaw_table().__getitem__, data))
    samples = array("h")
    samples.frombytes(data[: len(data) - len(data) % 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return samples


def _resample(samples: "array[int]", source: int, target: int) -> "array[int]":
    """Linear interpolation from one sample rate to another."""
    if source == target or not samples:
        return samples
    count = max(1, round(len(samples) * target / source))
    step = (len(samples) - 1) / max(1, count - 1) if count > 1 else 0.0
    out = array("h", bytes(2 * count))
    last = len(samples) - 1
    for index in range(count):
        position = index * step
        low = int(position)
        high = low + 1 if low < last else last
        fraction = position - low
        out[index] = int(round(samples[low] + (samples[high] - samples[low]) * fraction))
    return out


def write_wav(target: Union[str, Any, IO[bytes]], parts: List[Tuple[bytes, AudioFormat]]) -> None:
    """Write the parts' audio one after another as a mono 16-bit PCM WAV file at the first part's rate.

    ``target`` is a path or a binary file opened for writing.  With no audio at all the
    file holds no frames (at 24 kHz).
    """
    if not isinstance(target, (str, os.PathLike)) and not callable(getattr(target, "write", None)):
        raise TypeError(f"write_wav writes to a path or a binary file opened for writing, not {type(target).__name__}")
    rate = parts[0][1].rate if parts else 24000
    frames = array("h")
    for data, fmt in parts:
        frames.extend(_resample(to_pcm16(data, fmt), fmt.rate, rate))
    if sys.byteorder == "big":
        frames.byteswap()
    destination: Any = os.fspath(target) if isinstance(target, os.PathLike) else target
    with wave.open(destination, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames.tobytes())

"""Times in logs: envelopes, the forms a time takes, and percentiles.

A recorded session is often written as *envelopes*, one per line: ``{"time": T,
"source": "client" | "server", "event": {...}}``, the event-log form of OpenAI's realtime
console, where ``T`` is ISO 8601 text or a number of seconds.  An object is an envelope
when its ``event`` is an object and it has no string ``type`` of its own.
"""

from __future__ import annotations

import datetime
import math
from typing import Any, Dict, List, NamedTuple, Optional

__all__ = ["MAX_SECONDS", "Envelope", "as_seconds", "percentiles", "unwrap_envelope"]

#: The largest time in seconds from the epoch (either way): the end of the year 9999, UTC.
MAX_SECONDS = 253402300800.0


class Envelope(NamedTuple):
    """An event with when it passed and which side sent it (``None`` where the envelope does not say)."""

    event: Dict[str, Any]
    time: Any
    source: Optional[str]


def unwrap_envelope(data: Any) -> Optional[Envelope]:
    """The envelope ``data`` is, or ``None`` when it is none (or its event has no string ``type``)."""
    if not isinstance(data, dict) or data.get("type").__class__ is str:
        return None
    event = data.get("event")
    if not isinstance(event, dict) or event.get("type").__class__ is not str:
        return None
    source = data.get("source")
    return Envelope(event, data.get("time"), source if source.__class__ is str else None)


def as_seconds(at: Any) -> float:
    """Seconds since the epoch (or since any origin a log chose) for a number, a ``datetime`` or ISO 8601 text.

    Naive datetimes and ISO texts without an offset are read as UTC.  Anything else raises
    ``TypeError``; text that is no time, or a number that is not finite or lies past the
    year 9999 either way (``MAX_SECONDS``, the last second ISO 8601 can write: every
    latency between two times is then a finite number), ``ValueError``.
    """
    if at.__class__ is float or at.__class__ is int:
        if not -MAX_SECONDS <= at <= MAX_SECONDS:  # (false for nan too)
            what = "a finite number of seconds" if not math.isfinite(at) else "a time: the epoch ± the year 9999 at most"
            raise ValueError(f"{at!r} is not {what}")
        return float(at)
    if isinstance(at, bool):
        raise TypeError("a time is seconds, a datetime or ISO 8601 text, not bool")
    if isinstance(at, (int, float)):
        return as_seconds(float(at))
    if isinstance(at, datetime.datetime):
        moment = at if at.tzinfo is not None else at.replace(tzinfo=datetime.timezone.utc)
        return moment.timestamp()
    if isinstance(at, str):
        text = at.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.datetime.fromisoformat(_trim_fraction(text))
        except ValueError:
            raise ValueError(f"{at!r} is not ISO 8601 time") from None
        return as_seconds(parsed)
    raise TypeError(f"a time is seconds, a datetime or ISO 8601 text, not {type(at).__name__}")


def _trim_fraction(text: str) -> str:
    """At most six digits of a second's fraction: Python 3.9/3.10 read no more (nanosecond logs write nine)."""
    dot = text.find(".", 10)
    if dot < 0:
        return text
    end = dot + 1
    while end < len(text) and text[end].isdigit():
        end += 1
    digits = text[dot + 1 : end]
    if len(digits) in (3, 6):
        return text
    return text[: dot + 1] + (digits[:6] if len(digits) > 6 else digits.ljust(6 if len(digits) > 3 else 3, "0")) + text[end:]


def percentiles(values: List[float]) -> Dict[str, Optional[float]]:
    """``count``, ``p50``, ``p95`` and ``max`` of a list of values (nearest rank; ``None`` for none)."""
    if not values:
        return {"count": 0, "p50": None, "p95": None, "max": None}
    ordered = sorted(values)

    def rank(share: float) -> float:
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]

    return {"count": len(ordered), "p50": rank(0.50), "p95": rank(0.95), "max": ordered[-1]}

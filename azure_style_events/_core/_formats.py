"""Wire formats of the standard-library types that JSON has no literal for.

Pure functions, no model knowledge: each ``parse_*`` takes the wire form and
returns the typed value or raises ``ValueError``; each ``format_*`` goes the other
way.  Everything is written against the standard library of every supported
Python (3.9's ``datetime.fromisoformat`` does not take ``Z``, so text is matched
with our own patterns and the parts are handed to the constructors).
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from typing import TYPE_CHECKING, Dict, Optional, Pattern, Union

if TYPE_CHECKING:
    import decimal

__all__ = [
    "DATETIME_FORMATS",
    "DELIMITERS",
    "DURATION_FORMATS",
    "BYTES_FORMATS",
    "decimal_to_wire",
    "format_date",
    "format_datetime",
    "format_duration",
    "format_time",
    "encode_bytes",
    "parse_date",
    "parse_datetime",
    "parse_decimal",
    "parse_duration",
    "parse_int_text",
    "parse_time",
    "decode_bytes",
]

_UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)
_SECOND = datetime.timedelta(seconds=1)

#: ``format=`` values for ``datetime`` fields; ``None`` means RFC 3339.
DATETIME_FORMATS = frozenset({"rfc3339", "rfc7231", "unix-timestamp"})
#: ``format=`` values for ``timedelta`` fields; ``None`` means an ISO 8601 duration.
DURATION_FORMATS: Dict[str, float] = {
    # format -> how many of the wire unit make one second
    "duration-seconds-int": 1,
    "duration-seconds-float": 1,
    "duration-milliseconds-int": 1000,
    "duration-milliseconds-float": 1000,
}
#: ``format=`` values for ``bytes`` fields; ``None`` means standard base64.
BYTES_FORMATS = frozenset({"base64", "base64url"})
#: ``format=`` values that carry a ``list[str]`` as one delimited string.
DELIMITERS: Dict[str, str] = {
    "commaDelimited": ",",
    "pipeDelimited": "|",
    "spaceDelimited": " ",
    "newlineDelimited": "\n",
}

# -- date and time ----------------------------------------------------------------------

_OFFSET = r"(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?"
_TIME = r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
_DATE = r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
_DATETIME = _DATE + r"[Tt ]" + _TIME + _OFFSET + r"\Z"
_DATE_ONLY = _DATE + r"\Z"
_TIME_ONLY = _TIME + _OFFSET + r"\Z"
_RFC7231 = (
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} GMT\Z"
)


@functools.lru_cache(maxsize=None)
def _pattern(source: str) -> Pattern[str]:
    """``source`` compiled, on its first use: the date, time and duration patterns cost more
    to compile than the rest of the package's import, and most programs never parse a date.
    ``decimal`` and ``binascii`` are imported where they are used, likewise: few programs
    meet a ``Decimal`` or code bytes."""
    return re.compile(source)


def _zone(text: Optional[str]) -> Optional[datetime.tzinfo]:
    if text is None:
        return None
    if text in ("Z", "z"):
        return _UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"UTC offset out of range: {text}")
    if hours == minutes == 0:
        return _UTC
    return datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))


def _microseconds(fraction: Optional[str]) -> int:
    # More than six digits (some services send nanoseconds) are cut, not rounded,
    # so that a value never moves into the next second.
    return int((fraction or "0")[:6].ljust(6, "0"))


def parse_datetime(text: str, fmt: Optional[str] = None) -> datetime.datetime:
    """Parse RFC 3339 text (or RFC 7231 with ``fmt="rfc7231"``) into a ``datetime``.

    RFC 3339 text without an offset gives a naive ``datetime``, as the Azure base does.
    """
    if fmt == "rfc7231":
        if _pattern(_RFC7231).match(text) is None:
            raise ValueError(f"not an RFC 7231 date: {text!r}")
        import email.utils  # only RFC 7231 dates need it; it costs more to import than the rest here

        return email.utils.parsedate_to_datetime(text)
    match = _pattern(_DATETIME).match(text)
    if match is None:
        raise ValueError(f"not an RFC 3339 date-time: {text!r}")
    return datetime.datetime(
        int(match["year"]),
        int(match["month"]),
        int(match["day"]),
        int(match["hour"]),
        int(match["minute"]),
        int(match["second"] or 0),
        _microseconds(match["fraction"]),
        tzinfo=_zone(match["tz"]),
    )


def datetime_from_unix(number: Union[int, float]) -> datetime.datetime:
    """Seconds since the epoch (a JSON number) as an aware UTC ``datetime``."""
    if not math.isfinite(number):
        raise ValueError("a timestamp must be a finite number")
    return datetime.datetime.fromtimestamp(number, _UTC)


def format_datetime(value: datetime.datetime, fmt: Optional[str] = None) -> Union[str, int]:
    """The wire form of a ``datetime``; a naive value is taken to be UTC.

    RFC 3339 is written in UTC with a ``Z`` (microseconds only when there are some),
    RFC 7231 as an HTTP date, ``unix-timestamp`` as whole seconds.
    """
    utc = value.replace(tzinfo=_UTC) if value.tzinfo is None else value.astimezone(_UTC)
    if fmt == "unix-timestamp":
        return (utc - _EPOCH) // _SECOND  # whole seconds, as calendar.timegm counts them
    if fmt == "rfc7231":
        import email.utils

        return email.utils.format_datetime(utc, usegmt=True)
    return utc.replace(tzinfo=None).isoformat() + "Z"


def parse_date(text: str) -> datetime.date:
    """``YYYY-MM-DD`` into a ``date``."""
    match = _pattern(_DATE_ONLY).match(text)
    if match is None:
        raise ValueError(f"not an ISO 8601 date: {text!r}")
    return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))


def format_date(value: datetime.date) -> str:
    return value.isoformat()


def parse_time(text: str) -> datetime.time:
    """``HH:MM[:SS[.ffffff]][offset]`` into a ``time``."""
    match = _pattern(_TIME_ONLY).match(text)
    if match is None:
        raise ValueError(f"not an ISO 8601 time: {text!r}")
    return datetime.time(
        int(match["hour"]),
        int(match["minute"]),
        int(match["second"] or 0),
        _microseconds(match["fraction"]),
        tzinfo=_zone(match["tz"]),
    )


def format_time(value: datetime.time) -> str:
    return value.isoformat()


# -- durations --------------------------------------------------------------------------

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DURATION = (
    rf"(?P<sign>[+-])?P(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}W)?(?:{_NUMBER}D)?"
    rf"(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?\Z"
)
_SECONDS_PER = (7 * 86400, 86400, 3600, 60, 1)  # weeks, days, hours, minutes, seconds


def parse_duration(text: str) -> datetime.timedelta:
    """An ISO 8601 duration (``P1DT2H``, ``PT0.5S``, ``-PT90S``) as a ``timedelta``.

    Years and months have no fixed length, so a duration that uses them is refused.
    """
    match = _pattern(_DURATION).match(text)
    if match is None or text.rstrip("T").endswith(("P", "-P", "+P")) or text.endswith("T"):
        raise ValueError(f"not an ISO 8601 duration: {text!r}")
    years, months, *parts = match.groups()[1:]
    import decimal

    if any(part is not None and decimal.Decimal(part.replace(",", ".")) != 0 for part in (years, months)):
        raise ValueError(f"years and months have no fixed length in a timedelta: {text!r}")
    # Decimal keeps "PT0.1S" exact down to the microsecond.
    total = sum(
        (decimal.Decimal(part.replace(",", ".")) * unit for part, unit in zip(parts, _SECONDS_PER) if part),
        decimal.Decimal(0),
    )
    micros = int((total * 1_000_000).to_integral_value(decimal.ROUND_HALF_EVEN))
    result = datetime.timedelta(microseconds=micros)
    return -result if match["sign"] == "-" else result


def format_duration(value: datetime.timedelta, fmt: Optional[str] = None) -> Union[str, int, float]:
    """The wire form of a ``timedelta``: an ISO 8601 duration, or a number for ``duration-*``.

    ISO text pads hours, minutes and seconds to two digits once a larger unit is
    present (``P1DT02H00M05S``), as the Azure base writes it; a negative duration is
    written with a leading ``-`` (``-PT01M30S``).
    """
    if fmt is not None:
        per_second = DURATION_FORMATS[fmt]
        amount = value.total_seconds() * per_second
        return int(amount) if fmt.endswith("-int") else amount
    micros = (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
    sign = "-" if micros < 0 else ""
    micros = abs(micros)
    seconds, fraction = divmod(micros, 1_000_000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    text = f"{days}D" if days else ""
    if hours or minutes or seconds or fraction or not days:
        text += "T"
        bigger = bool(days)
        if bigger or hours:
            text += f"{hours:02}H"
            bigger = True
        if bigger or minutes:
            text += f"{minutes:02}M"
        text += f"{seconds:02}" + (f".{fraction:06}".rstrip("0") if fraction else "") + "S"
    return f"{sign}P{text}"


def parse_numeric_duration(number: Union[int, float], fmt: str) -> datetime.timedelta:
    if not math.isfinite(number):
        raise ValueError("a duration must be a finite number")
    return datetime.timedelta(seconds=number / DURATION_FORMATS[fmt])


# -- bytes ------------------------------------------------------------------------------

_BASE64_TEXT = r"[A-Za-z0-9+/]*={0,2}\Z"
_BASE64URL_TEXT = r"[A-Za-z0-9_-]*={0,2}\Z"
# binascii does the work (the base64 module is a layer over it that costs more to import),
# imported on first use: it is an extension module, and most programs never code bytes.
_FROM_URLSAFE = str.maketrans("-_", "+/")
_TO_URLSAFE = bytes.maketrans(b"+/", b"-_")


def decode_bytes(text: str, fmt: Optional[str] = None) -> bytes:
    """Base64 text (``fmt="base64url"``: the URL-safe alphabet) as bytes; padding optional."""
    url = fmt == "base64url"
    if _pattern(_BASE64URL_TEXT if url else _BASE64_TEXT).match(text) is None:
        raise ValueError("not base64url text" if url else "not base64 text")
    body = text.rstrip("=")
    if len(body) % 4 == 1:
        raise ValueError("base64 text cannot have this length")
    padded = body + "=" * (-len(body) % 4)
    import binascii

    try:
        # The pattern has checked the alphabet, so binascii's lenient mode decodes exactly.
        return binascii.a2b_base64(padded.translate(_FROM_URLSAFE) if url else padded)
    except binascii.Error as exc:  # pragma: no cover - the pattern and length checks come first
        raise ValueError(str(exc)) from None


_BASE64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_BASE64URL_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def is_bytes_text(text: str, fmt: Optional[str] = None) -> bool:
    """Whether :func:`decode_bytes` takes ``text``, without decoding it (the checking path's test).

    Audio deltas carry tens of kilobytes of base64; checking them by decoding costs ten
    times what this costs: a few C-level passes over the text and no regular expression.
    """
    if not text.isascii():
        return False
    raw = text.encode("ascii")
    body = raw.rstrip(b"=")
    if len(raw) - len(body) > 2 or len(body) % 4 == 1:
        return False
    return not body.translate(None, _BASE64URL_ALPHABET if fmt == "base64url" else _BASE64_ALPHABET)


def encode_bytes(value: Union[bytes, bytearray], fmt: Optional[str] = None) -> str:
    """Standard base64 with padding, or for ``base64url`` the URL-safe alphabet without it."""
    import binascii

    text = binascii.b2a_base64(value, newline=False)
    if fmt == "base64url":
        return text.translate(_TO_URLSAFE).decode("ascii").rstrip("=")
    return text.decode("ascii")


# -- numbers carried as text ------------------------------------------------------------

_INT_TEXT = r"[+-]?\d+\Z"


def parse_int_text(text: str) -> int:
    """Decimal digits (with an optional sign) as an ``int``; no spaces or underscores."""
    if _pattern(_INT_TEXT).match(text) is None:
        raise ValueError(f"not an integer: {text!r}")
    return int(text)


def parse_decimal(value: Union[str, int, float]) -> decimal.Decimal:
    """A JSON number, or text of one, as a ``Decimal`` (through its shortest text, so 0.1 is 0.1)."""
    import decimal

    try:
        return decimal.Decimal(value if isinstance(value, str) else repr(value))
    except decimal.InvalidOperation:
        raise ValueError(f"not a decimal number: {value!r}") from None


def decimal_to_wire(value: decimal.Decimal) -> Union[float, str]:
    """A JSON number when a float carries the value exactly, otherwise its text.

    The Azure base always writes a float; a value a float cannot hold
    (``Decimal("0.1000000000000000055511151231257827")``) is kept as text instead of
    being rounded, and reads back as the same ``Decimal``.
    """
    import decimal

    number = float(value)
    if math.isfinite(number) and decimal.Decimal(repr(number)) == value:
        return number
    return str(value)

"""How much one event may take: the bound on a line, a frame or an event's text.

A log is read line by line and a session frame by frame; a corrupt or hostile input can
hold one line of gigabytes (a small gzip file expands to one).  Every place where text
enters (the log reader of ``check`` and ``convert``, ``ConversationState.apply``, the
converter, the replay server and the recorder) refuses a line or frame longer than this,
reports it, and goes on, without holding it in memory.  The default is far above any
event the protocols send (the largest real ones are a few hundred kilobytes of audio);
each entry point takes its own limit as an option.
"""

__all__ = ["MAX_CONTENT_PARTS", "MAX_EVENT_BYTES", "byte_limit"]

from typing import Any

#: The default bound on one line, frame or event text: 16 MiB.
MAX_EVENT_BYTES = 16 * 1024 * 1024

#: The bound on the content parts ``ConversationState`` keeps for one item.  An event's
#: ``content_index`` makes the parts up to it (a delta may come before its part was
#: announced), so an index of billions from a corrupt log would take all memory; an
#: index at or over this bound is reported as a ``bad-event`` problem and not folded.
MAX_CONTENT_PARTS = 1024


def byte_limit(value: Any, name: str = "max_event_bytes") -> int:
    """``value`` as a bound in bytes, checked where an option is given: a whole number above 0.

    A limit of 0 or less would refuse every event, as if the whole log were corrupt.
    """
    if value.__class__ is not int:
        raise TypeError(f"{name} is a whole number of bytes above 0, not {type(value).__name__} {value!r}")
    if value <= 0:
        raise ValueError(f"{name} is a whole number of bytes above 0, not {value!r}")
    return value

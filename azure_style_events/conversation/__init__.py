"""The conversation state: a realtime stream folded into items, parts, responses, timing and errors.

This package only re-exports: ``_records`` (what the state holds), ``_time`` (envelopes,
times, percentiles), ``_audio`` (G.711 and WAV), ``_state`` (the fold and its checks).
What each dialect calls things comes from the package's dialect registry.
"""

from ._records import (
    CODES,
    BargeIn,
    Item,
    Part,
    ProblemCode,
    ProtocolProblem,
    Response,
    ServerError,
    SessionFigures,
    Speech,
    Timing,
    Usage,
)
from ._state import ConversationState
from ._time import Envelope

__all__ = [
    "CODES",
    "BargeIn",
    "ConversationState",
    "Envelope",
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

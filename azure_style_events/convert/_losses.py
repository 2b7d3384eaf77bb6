"""What a conversion could not carry: one record per value, with a stable code.

A converter never drops or changes the meaning of a value without a line here.  The
codes are stable; docs/dialects.md says what each means and when it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Tuple, get_args

__all__ = ["LOSS_CODES", "ConversionError", "Loss", "LossCode"]

LossCode = Literal[
    "no-counterpart",
    "field-not-in-target",
    "value-not-in-target",
    "required-not-in-source",
    "modalities-narrowed",
    "sample-rate-not-in-target",
    "turn-detection-approximated",
    "voice-not-in-target",
    "voice-shape-changed",
    "not-an-event",
]
#: Every loss code, in the order the docs list them.
LOSS_CODES: Tuple[str, ...] = get_args(LossCode)


@dataclass(frozen=True)
class Loss:
    """A value the target dialect cannot carry, or whose meaning changes there.

    ``index`` is the 0-based number of the ``convert`` call, ``event_type`` the source
    event's type, ``path`` the value's JSON path in the source event (``$`` for the event),
    wherever the target would keep it; for ``required-not-in-source``, where the
    converted event lacks the key.
    """

    index: int
    event_type: str
    path: str
    code: LossCode
    message: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.event_type} {self.path}: {self.message}"


class ConversionError(ValueError):
    """Raised by a ``strict`` converter at the first loss; ``loss`` is that loss."""

    def __init__(self, loss: Loss) -> None:
        super().__init__(str(loss))
        self.loss = loss

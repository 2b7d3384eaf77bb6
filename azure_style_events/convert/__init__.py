"""Converting events between dialects: OpenAI beta, OpenAI GA and Azure Voice Live.

This package only re-exports: ``_converter`` (the stream converter), ``_config``
(session and response configuration, flat and nested), ``_shapes`` (what the target
catalog declares where), ``_losses`` (what a conversion could not carry).
"""

from ._converter import Converter
from ._losses import LOSS_CODES, ConversionError, Loss, LossCode

__all__ = ["LOSS_CODES", "ConversionError", "Converter", "Loss", "LossCode"]

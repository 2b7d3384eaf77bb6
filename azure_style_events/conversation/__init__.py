"""The conversation state: a realtime stream folded into items, parts, responses and usage.

This package only re-exports: ``_dialects`` (the protocols' event names and audio
formats), ``_records`` (what the state holds), ``_state`` (the fold and its checks).
"""

from ._records import CODES, Item, Part, ProblemCode, ProtocolProblem, Response, Usage
from ._state import ConversationState

__all__ = ["CODES", "ConversationState", "Item", "Part", "ProblemCode", "ProtocolProblem", "Response", "Usage"]

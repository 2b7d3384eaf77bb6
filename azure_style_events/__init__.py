"""Azure-style event models for the realtime voice APIs.

Every event is at once a ``dict`` of its JSON and a typed object over the same
storage.  This module only re-exports: the machinery lives in the private modules,
the realtime catalogs in ``voicelive`` and ``openai_realtime`` (generated), the
conversation state in ``conversation``.  ``import azure_style_events`` loads the base
only; the Voice Live names below load their catalog when first used.
"""

from typing import TYPE_CHECKING, Any, List

from ._codec import SdkJSONEncoder, deserialize
from ._enums import CaseInsensitiveEnumMeta
from ._errors import ErrorDetail, ValidationError
from ._fields import RestField, fields, rest_discriminator, rest_field
from ._jsondata import NULL
from ._model import Model
from ._version import VERSION
from .conversation import ConversationState, ProtocolProblem

if TYPE_CHECKING:  # the Voice Live names load with their catalog, on first use (__getattr__ below)
    from .voicelive import (
        ClientEvent,
        ClientEventConversationItemTruncate,
        ClientEventType,
        ServerEvent,
        ServerEventConversationItemTruncated,
        ServerEventType,
    )

__version__ = VERSION

# Names re-exported from the Voice Live catalog.  Importing it costs most of what the
# package costs to import, and code that only needs the base (a generated SDK) never
# uses it: it is imported when one of these is first asked for (PEP 562).
_FROM_VOICELIVE = frozenset(
    {
        "ClientEvent",
        "ClientEventConversationItemTruncate",
        "ClientEventType",
        "ServerEvent",
        "ServerEventConversationItemTruncated",
        "ServerEventType",
    }
)


def __getattr__(name: str) -> Any:
    if name in _FROM_VOICELIVE:
        from . import voicelive

        value = getattr(voicelive, name)
        globals()[name] = value  # later lookups are ordinary
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "CaseInsensitiveEnumMeta",
    "ClientEvent",
    "ClientEventConversationItemTruncate",
    "ClientEventType",
    "ConversationState",
    "ErrorDetail",
    "Model",
    "NULL",
    "ProtocolProblem",
    "RestField",
    "SdkJSONEncoder",
    "ServerEvent",
    "ServerEventConversationItemTruncated",
    "ServerEventType",
    "ValidationError",
    "deserialize",
    "fields",
    "rest_discriminator",
    "rest_field",
]

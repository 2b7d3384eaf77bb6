"""Azure-style event models for the realtime voice APIs.

Every event is at once a ``dict`` of its JSON and a typed object over the same
storage.  This module only re-exports: the machinery lives in the private modules,
the realtime catalogs in ``voicelive`` and ``openai_realtime`` (generated).
"""

from ._codec import SdkJSONEncoder, deserialize
from .conversation import ConversationState, ProtocolProblem
from ._enums import CaseInsensitiveEnumMeta
from ._errors import ErrorDetail, ValidationError
from ._fields import RestField, fields, rest_discriminator, rest_field
from ._jsondata import NULL
from ._model import Model
from ._version import VERSION
from .voicelive import (
    ClientEvent,
    ClientEventConversationItemTruncate,
    ClientEventType,
    ServerEvent,
    ServerEventConversationItemTruncated,
    ServerEventType,
)

__version__ = VERSION

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

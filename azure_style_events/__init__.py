"""Azure-style event models for the realtime voice APIs.

Every event is at once a ``dict`` of its JSON and a typed object over the same
storage.  This module only re-exports; the code lives in the private modules.
"""

from ._codec import SdkJSONEncoder, deserialize
from ._enums import CaseInsensitiveEnumMeta, ClientEventType, ServerEventType
from ._errors import ErrorDetail, ValidationError
from ._events import (
    ClientEvent,
    ClientEventConversationItemTruncate,
    ServerEvent,
    ServerEventConversationItemTruncated,
)
from ._fields import RestField, fields, rest_discriminator, rest_field
from ._model import Model
from ._types import NULL

__version__ = "0.1.0"

__all__ = [
    "CaseInsensitiveEnumMeta",
    "ClientEvent",
    "ClientEventConversationItemTruncate",
    "ClientEventType",
    "ErrorDetail",
    "Model",
    "NULL",
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

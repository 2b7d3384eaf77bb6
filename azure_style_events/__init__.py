"""Azure-style event models for the realtime voice APIs.

Every event is at once a ``dict`` of its JSON and a typed object over the same
storage.  This module only re-exports: the machinery lives in the private modules,
the realtime catalogs in ``voicelive`` and ``openai_realtime`` (generated), the
conversation state in ``conversation``, the replay server, recorder and cassettes for
testing clients in ``testing`` (with their pytest plugin in ``_pytest_plugin``).
``import azure_style_events`` loads the base only; the Voice Live names below load
their catalog when first used.
"""

from typing import TYPE_CHECKING, Any, List

from ._core._codec import SdkJSONEncoder, deserialize
from ._core._enums import CaseInsensitiveEnumMeta
from ._core._errors import ErrorDetail, ValidationError
from ._core._fields import RestField, fields, rest_discriminator, rest_field
from ._core._jsondata import NULL
from ._core._model import Model
from ._version import VERSION

if TYPE_CHECKING:  # these load with their modules, on first use (__getattr__ below)
    from .conversation import ConversationState, ProtocolProblem
    from .convert import ConversionError, Converter
    from .voicelive import (
        ClientEvent,
        ClientEventConversationItemTruncate,
        ClientEventType,
        ServerEvent,
        ServerEventConversationItemTruncated,
        ServerEventType,
    )

__version__ = VERSION

# Names re-exported from the Voice Live catalog and the conversation state, by the module
# that defines them.  The catalog costs more to import than the base, and code that only
# needs the base (a generated SDK) uses neither: a module is imported when one of its
# names is first asked for (PEP 562).
_LAZY = {
    "ClientEvent": "voicelive",
    "ClientEventConversationItemTruncate": "voicelive",
    "ClientEventType": "voicelive",
    "ServerEvent": "voicelive",
    "ServerEventConversationItemTruncated": "voicelive",
    "ServerEventType": "voicelive",
    "ConversationState": "conversation",
    "ProtocolProblem": "conversation",
    "ConversionError": "convert",
    "Converter": "convert",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib  # here: the base import does without it

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups are ordinary
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "CaseInsensitiveEnumMeta",
    "ClientEvent",
    "ClientEventConversationItemTruncate",
    "ClientEventType",
    "ConversationState",
    "ConversionError",
    "Converter",
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

"""The realtime event models: the two discriminated bases and the truncate pair."""

from typing import TYPE_CHECKING, Any, ClassVar, Dict, Mapping, Optional, Type, overload

from typing_extensions import Literal

from ._enums import ClientEventType, ServerEventType
from ._fields import rest_discriminator, rest_field
from ._model import Model

__all__ = [
    "ClientEvent",
    "ClientEventConversationItemTruncate",
    "ServerEvent",
    "ServerEventConversationItemTruncated",
]


class ServerEvent(Model):
    """Any event a realtime server sends; ``from_json`` returns the subclass ``type`` names.

    An event whose ``type`` no subclass claims comes back as a plain ``ServerEvent``
    holding all of its data.
    """

    __mapping__: ClassVar[Dict[str, Type[Model]]] = {}
    type: str = rest_discriminator(name="type")
    """The event type string, e.g. ``"conversation.item.truncated"``."""
    event_id: Optional[str] = rest_field()
    """The server's identifier for this event."""

    if TYPE_CHECKING:

        @overload
        def __init__(self, *, type: str, event_id: Optional[str] = None) -> None: ...

        @overload
        def __init__(self, mapping: Mapping[str, Any]) -> None: ...

        def __init__(self, *args: Any, **kwargs: Any) -> None: ...


class ClientEvent(Model):
    """Any event a realtime client sends; ``from_json`` returns the subclass ``type`` names."""

    __mapping__: ClassVar[Dict[str, Type[Model]]] = {}
    type: str = rest_discriminator(name="type")
    """The event type string, e.g. ``"conversation.item.truncate"``."""
    event_id: Optional[str] = rest_field()
    """An identifier the client chooses; the server echoes it in an error about this event."""

    if TYPE_CHECKING:

        @overload
        def __init__(self, *, type: str, event_id: Optional[str] = None) -> None: ...

        @overload
        def __init__(self, mapping: Mapping[str, Any]) -> None: ...

        def __init__(self, *args: Any, **kwargs: Any) -> None: ...


class ServerEventConversationItemTruncated(ServerEvent, discriminator="conversation.item.truncated"):
    """The server's confirmation that an assistant audio item was cut short.

    It answers a client's ``conversation.item.truncate``: the audio of item
    ``item_id``, content part ``content_index``, now ends at ``audio_end_ms``, the
    point the listener had actually heard, and the server has dropped the part of
    the transcript past that point.
    """

    type: Literal[ServerEventType.CONVERSATION_ITEM_TRUNCATED] = rest_discriminator(name="type")  # pyright: ignore[reportIncompatibleVariableOverride]
    """Always ``"conversation.item.truncated"``; filled in when absent."""
    item_id: str = rest_field()
    """The assistant message item whose audio was cut."""
    content_index: int = rest_field()
    """Which content part of that item was cut."""
    audio_end_ms: int = rest_field()
    """Where the audio now ends, in milliseconds from its start."""

    if TYPE_CHECKING:

        @overload
        def __init__(
            self,
            *,
            item_id: str,
            content_index: int,
            audio_end_ms: int,
            event_id: Optional[str] = None,
        ) -> None: ...

        @overload
        def __init__(self, mapping: Mapping[str, Any]) -> None: ...

        def __init__(self, *args: Any, **kwargs: Any) -> None: ...


class ClientEventConversationItemTruncate(ClientEvent, discriminator="conversation.item.truncate"):
    """The client's request to cut an assistant audio item at the point played so far.

    Sent when the listener interrupts: the server keeps the audio of ``item_id``
    (content part ``content_index``) up to ``audio_end_ms``, drops the transcript
    beyond it, and answers with ``conversation.item.truncated``.
    """

    type: Literal[ClientEventType.CONVERSATION_ITEM_TRUNCATE] = rest_discriminator(name="type")  # pyright: ignore[reportIncompatibleVariableOverride]
    """Always ``"conversation.item.truncate"``; filled in when absent."""
    item_id: str = rest_field()
    """The assistant message item to cut."""
    content_index: int = rest_field()
    """Which content part of that item to cut."""
    audio_end_ms: int = rest_field()
    """How much of the audio to keep, in milliseconds from its start."""

    if TYPE_CHECKING:

        @overload
        def __init__(
            self,
            *,
            item_id: str,
            content_index: int,
            audio_end_ms: int,
            event_id: Optional[str] = None,
        ) -> None: ...

        @overload
        def __init__(self, mapping: Mapping[str, Any]) -> None: ...

        def __init__(self, *args: Any, **kwargs: Any) -> None: ...

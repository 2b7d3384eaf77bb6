"""Models declared the way users and generated code declare them, shared by the tests."""

import enum
from typing import Any, ClassVar, Dict, List, Optional, Type, Union

from typing_extensions import Literal

from azure_style_events import CaseInsensitiveEnumMeta, Model, rest_discriminator, rest_field


class Color(str, enum.Enum, metaclass=CaseInsensitiveEnumMeta):
    RED = "red"
    GREEN = "green"


class Part(Model):
    """A content part; `text` is required, `kind` is a closed enum."""

    text: str = rest_field()
    kind: Color = rest_field(default=Color.RED)


class Item(Model):
    """Discriminated base, the way generated code declares one."""

    __mapping__: ClassVar[Dict[str, Type[Model]]] = {}
    type: str = rest_discriminator(name="type")
    id: Optional[str] = rest_field(default=None)


class Message(Item, discriminator="message"):
    """Second level: dispatches again on `role`."""

    __mapping__: ClassVar[Dict[str, Type[Model]]] = {}
    type: Literal["message"] = rest_discriminator(name="type")  # type: ignore[assignment]
    role: str = rest_discriminator(name="role")
    content: List[Part] = rest_field()
    status: Optional[Union[str, Color]] = rest_field(default=None)


class UserMessage(Message, discriminator="user"):
    role: Literal["user"] = rest_discriminator(name="role")  # type: ignore[assignment]


class FunctionCall(Item, discriminator="function_call"):
    type: Literal["function_call"] = rest_discriminator(name="type")  # type: ignore[assignment]
    name: str = rest_field()
    arguments: Dict[str, Any] = rest_field(default=None)


class Conversation(Model):
    """Holds nested models in every container shape, plus renamed and read-only fields."""

    conversation_id: str = rest_field(name="id", visibility=["read"])
    items_property: Optional[List[Item]] = rest_field(name="items", default=None)
    by_name: Optional[Dict[str, Part]] = rest_field(default=None)
    first: Optional["Item"] = rest_field(default=None)
    score: Optional[float] = rest_field(default=None)
    flag: Optional[bool] = rest_field(default=None)
    meta: Any = rest_field(default=None)

"""Enum support: the case-insensitive metaclass and the base of the catalogs' enums.

The enums themselves (``ServerEventType`` and the rest) are generated into the
catalogs (``voicelive.py``) from the protocol's facts.
"""

from __future__ import annotations

from enum import Enum, EnumMeta
from typing import Any

__all__ = ["CaseInsensitiveEnumMeta", "WireEnum"]


class CaseInsensitiveEnumMeta(EnumMeta):
    """Enum metaclass whose member lookup by name ignores case.

    ``ServerEventType["conversation_item_truncated"]`` and
    ``ServerEventType.Conversation_Item_Truncated`` both find
    ``CONVERSATION_ITEM_TRUNCATED``.  Lookup by value (``ServerEventType("...")``)
    stays exact, because values are wire strings.
    """

    def __getitem__(cls, name: str) -> Any:
        return super().__getitem__(name.upper())

    def __getattr__(cls, name: str) -> Any:
        # Only reached when normal lookup failed; dunder and private names are never
        # members, and trying them would hide real AttributeErrors from copy/pickle.
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return cls._member_map_[name.upper()]
        except KeyError:
            raise AttributeError(f"{cls.__name__} has no member {name!r}") from None


class WireEnum(str, Enum, metaclass=CaseInsensitiveEnumMeta):
    """Base of every enum in the catalogs: ``str`` members that stand for their wire value.

    A member compares equal to its string, serialises as it, and prints and formats as
    it on every Python version: ``f"{ServerEventType.ERROR}"`` is ``"error"``.  Python
    3.11 changed ``format()`` of mixed-in enums to show ``ClassName.MEMBER``; logs
    would otherwise change with the interpreter, and the Azure SDK's enums print their
    value.
    """

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, format_spec: str) -> str:
        return str.__format__(self, format_spec)

"""Whole-value conversion outside a model: ``deserialize`` and ``SdkJSONEncoder``."""

from __future__ import annotations

import base64
import datetime
import enum
import json
import threading
from typing import Any, Dict, Optional

from ._model import _plain
from ._types import TypeAdapter, build_adapter, is_null

__all__ = ["SdkJSONEncoder", "deserialize"]

_ADAPTERS: Dict[Any, TypeAdapter] = {}
_ADAPTERS_LOCK = threading.Lock()


def _adapter_for(annotation: Any) -> TypeAdapter:
    try:
        return _ADAPTERS[annotation]
    except (KeyError, TypeError):
        pass
    adapter = build_adapter(annotation)
    try:
        with _ADAPTERS_LOCK:
            return _ADAPTERS.setdefault(annotation, adapter)
    except TypeError:  # an unhashable annotation is simply not cached
        return adapter


def deserialize(annotation: Any, data: Any) -> Any:
    """Turn wire data into the typed form of ``annotation``, trusting it as ``Cls(mapping)`` does.

    ``deserialize(List[Pet], [...])`` gives a list of ``Pet`` (each dispatched on its
    discriminator), ``deserialize(Color, "red")`` the enum member.  Nothing is checked;
    use ``Cls.from_dict`` to validate.  The input is not modified.
    """
    adapter = _adapter_for(annotation)
    if data is None:
        return None
    return adapter.read(adapter.wrap(data))


class SdkJSONEncoder(json.JSONEncoder):
    """``json.dumps(obj, cls=SdkJSONEncoder, exclude_readonly=...)`` for models and typed values.

    Models (at any depth) are written as their data, without read-only fields when
    ``exclude_readonly`` is true; enum members as their values; ``NULL`` as ``null``;
    sets and tuples as arrays; ``datetime``/``date``/``time`` in ISO 8601 and
    ``bytes`` in base64 (``format="base64url"`` for the URL-safe alphabet, unpadded).
    """

    def __init__(self, *args: Any, exclude_readonly: bool = False, format: Optional[str] = None, **kwargs: Any) -> None:  # noqa: A002
        super().__init__(*args, **kwargs)
        self.exclude_readonly = exclude_readonly
        self.format = format

    def iterencode(self, o: Any, _one_shot: bool = False) -> Any:
        # The encoder writes dict subclasses (models) itself and never asks default(),
        # so read-only fields are dropped by turning the value into plain data first.
        # json.dumps (through encode) and json.dump both come through here, once.
        return super().iterencode(_plain(o, True) if self.exclude_readonly else o, _one_shot)

    def default(self, o: Any) -> Any:
        if isinstance(o, enum.Enum):
            return o.value
        if is_null(o):
            return None
        if isinstance(o, (set, frozenset, tuple)):
            return list(o)
        if isinstance(o, (datetime.datetime, datetime.date, datetime.time)):
            return o.isoformat()
        if isinstance(o, (bytes, bytearray)):
            if self.format == "base64url":
                return base64.urlsafe_b64encode(o).decode("ascii").rstrip("=")
            return base64.b64encode(o).decode("ascii")
        return super().default(o)

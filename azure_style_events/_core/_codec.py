"""Whole-value conversion outside a model: ``deserialize`` and ``SdkJSONEncoder``."""

from __future__ import annotations

import datetime
import enum
import json
import sys
from _thread import allocate_lock
from typing import Any, Dict, Optional

from . import _formats
from ._adapters import TypeAdapter
from ._annotations import build_adapter
from ._jsondata import is_null
from ._jsondata import plain as _plain
from ._live import DictView, ListView, SetView

__all__ = ["SdkJSONEncoder", "deserialize"]

_ADAPTERS: Dict[Any, TypeAdapter] = {}
_ADAPTERS_LOCK = allocate_lock()


def _adapter_for(annotation: Any, fmt: Optional[str]) -> TypeAdapter:
    key = (annotation, fmt)
    try:
        return _ADAPTERS[key]
    except (KeyError, TypeError):
        pass
    adapter = build_adapter(annotation, fmt=fmt)
    try:
        with _ADAPTERS_LOCK:
            return _ADAPTERS.setdefault(key, adapter)
    except TypeError:  # an unhashable annotation is simply not cached
        return adapter


def deserialize(annotation: Any, data: Any, *, format: Optional[str] = None) -> Any:  # noqa: A002
    """Turn wire data into the typed form of ``annotation``, trusting it as ``Cls(mapping)`` does.

    ``deserialize(List[Pet], [...])`` gives a list of ``Pet`` (each dispatched on its
    discriminator), ``deserialize(Color, "red")`` the enum member,
    ``deserialize(datetime, 1700000000, format="unix-timestamp")`` an aware datetime.
    Nothing is checked (text that does not parse comes back as it is); use
    ``Cls.from_dict`` to validate.  The input is not modified.

    Containers come back as the annotation names them (``set``, ``frozenset``,
    ``tuple``, ``list`` for ``Sequence``, ``dict`` for ``Mapping``; a ``set`` of models
    or dicts, which no set can hold, as a ``list``), the caller's own:
    the live views an attribute read returns keep a model's data in step with writes,
    and here there is no model.
    """
    adapter = _adapter_for(annotation, format)
    if data is None:
        return None
    return _owned(adapter.read(adapter.wrap(data)))


def _owned(value: Any) -> Any:
    """``value`` with every live view in it replaced by the plain container it shows.

    Views appear where items convert (``list[date]``, ``set[str]``), nested in each other
    or in a tuple; a container that ``read`` returns as it is holds no view.
    """
    cls = value.__class__
    if cls is ListView:
        return [_owned(element) for element in value]
    if cls is SetView:
        try:
            return set(value)  # hashable elements, so none of them is a view
        except TypeError:  # dicts or models, which no set can hold: the list, as the Azure base gives
            return [_owned(element) for element in value]
    if cls is DictView:
        return {key: _owned(element) for key, element in value.items()}
    if cls is tuple:
        return tuple(_owned(element) for element in value)
    return value


class SdkJSONEncoder(json.JSONEncoder):
    """``json.dumps(obj, cls=SdkJSONEncoder, exclude_readonly=...)`` for models and typed values.

    Models (at any depth) are written as their data, without read-only fields when
    ``exclude_readonly`` is true; enum members as their values; ``NULL`` as ``null``;
    sets and tuples as arrays; ``datetime`` as RFC 3339 in UTC (``format="rfc7231"`` or
    ``"unix-timestamp"`` for the others), ``date``/``time`` in ISO 8601, ``timedelta``
    as an ISO 8601 duration (or a ``duration-*`` number), ``Decimal`` as a number and
    ``bytes`` in base64 (``format="base64url"`` for the URL-safe alphabet, unpadded);
    any other object with an ``as_dict()`` method (the Azure SDK's models) as what it
    returns, so code that mixes both can log either.
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
        fmt = self.format
        if isinstance(o, enum.Enum):
            return o.value
        if is_null(o):
            return None
        if isinstance(o, (set, frozenset, tuple)):
            return list(o)
        if isinstance(o, datetime.datetime):
            return _formats.format_datetime(o, fmt if fmt in _formats.DATETIME_FORMATS else None)
        if isinstance(o, datetime.date):
            return _formats.format_date(o)
        if isinstance(o, datetime.time):
            return _formats.format_time(o)
        if isinstance(o, datetime.timedelta):
            return _formats.format_duration(o, fmt if fmt in _formats.DURATION_FORMATS else None)
        decimal = sys.modules.get("decimal")  # a Decimal exists only once decimal is imported
        if decimal is not None and isinstance(o, decimal.Decimal):
            return _formats.decimal_to_wire(o)
        if isinstance(o, (bytes, bytearray)):
            return _formats.encode_bytes(o, fmt)
        as_dict = getattr(o, "as_dict", None)
        if callable(as_dict):
            # Another implementation's model (the Azure SDK's own base is not a dict).
            return as_dict(exclude_readonly=True) if self.exclude_readonly else as_dict()
        return super().default(o)

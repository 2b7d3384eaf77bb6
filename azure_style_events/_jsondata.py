"""JSON data in memory: the scalar types, ``NULL``, and copying trees of containers.

What the rest of the package asks of a value of decoded JSON: is it a scalar (never
copied or converted), is it the explicit ``NULL``, is it one of our models, and how
to copy a tree of lists and dicts without recursion (JSON can nest deeper than the
interpreter's recursion limit).
"""

from __future__ import annotations

import typing
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from ._plan import PLAN_ATTR

__all__ = ["NULL", "SCALARS", "SCALARS_SUPERSET", "copy_tree", "detach", "is_model", "is_model_class", "is_null"]

_NoneType = type(None)
#: JSON scalar types: never copied, converted or wrapped anywhere in the package.
SCALARS: FrozenSet[type] = frozenset({str, int, float, bool, _NoneType})
#: ``SCALARS_SUPERSET(map(type, values))``: are all these values JSON scalars? Asked in C.
SCALARS_SUPERSET = SCALARS.issuperset


class _NullType:
    """The type of :data:`NULL`: an explicit JSON ``null`` for a field."""

    __slots__ = ()
    _instance: Optional["_NullType"] = None

    def __new__(cls) -> "_NullType":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NULL"

    def __reduce__(self) -> str:
        return "NULL"


NULL: Any = _NullType()
"""Assign to a field (or pass as a keyword) to send an explicit JSON ``null``.

Setting a field to ``None`` removes its key; setting it to ``NULL`` stores ``None``
so that the key is sent as ``null``.
"""


def is_null(value: Any) -> bool:
    """True for :data:`NULL` and for ``azure.core.serialization.NULL``."""
    cls = value.__class__
    return cls is _NullType or (cls.__name__ == "_Null" and cls.__module__ == "azure.core.serialization")


def is_model_class(obj: Any) -> bool:
    """True for a class built on this package's ``Model``."""
    return isinstance(obj, type) and hasattr(obj, PLAN_ATTR)


def is_model(value: Any) -> bool:
    return hasattr(value.__class__, PLAN_ATTR)


def detach(value: Any) -> Any:
    """Copy lists and dicts all the way down so no container is shared with the caller.

    Model instances are kept as they are (they are values of their own), NULL
    becomes ``None``, everything else is returned unchanged.
    """
    cls = value.__class__
    if cls in SCALARS:
        return value
    # Flat containers (the usual case) are one C-level copy.
    if cls is list and SCALARS_SUPERSET(map(type, value)):
        return value[:]
    if cls is dict and SCALARS_SUPERSET(map(type, value.values())):
        return value.copy()
    return copy_tree(value)


def copy_tree(
    value: Any,
    on_model: Optional[typing.Callable[[Any], Optional[Tuple[Any, typing.Iterable[Tuple[Any, Any]]]]]] = None,
    on_other: Optional[typing.Callable[[Any], Any]] = None,
    memo: Optional[Dict[int, Any]] = None,
) -> Any:
    """Copy nested lists, tuples and dicts with a loop instead of recursion.

    JSON that ``json.loads`` accepts can be nested hundreds of levels deep; copying it
    recursively would need a Python frame or two per level and hit the recursion
    limit.  Dict key order is kept.  ``on_model(model)`` returns ``None`` to keep a
    model as it is, or ``(new container, items to copy into it)``; ``on_other`` maps
    any other non-scalar (default: kept); ``memo`` (``id`` to copy) makes shared
    containers stay shared, as ``copy.deepcopy`` does.
    """
    holder: List[Any] = [None]
    stack: List[Tuple[Any, Any, Any]] = [(holder, 0, value)]
    tuples: List[Tuple[Any, Any, List[Any]]] = []
    while stack:
        target, key, source = stack.pop()
        cls = source.__class__
        if cls in SCALARS:
            target[key] = source
            continue
        if memo is not None and id(source) in memo:
            target[key] = memo[id(source)]
            continue
        items: typing.Iterable[Tuple[Any, Any]]
        if cls is dict:
            new: Any = {}
            items = source.items()
        elif cls is list or cls is tuple:
            new = [None] * len(source)
            items = enumerate(source)
            if cls is tuple:
                tuples.append((target, key, new))
        elif cls is _NullType:
            target[key] = None
            continue
        elif is_model(source):
            plan = on_model(source) if on_model is not None else None
            if plan is None:
                target[key] = source
                continue
            new, items = plan
        elif isinstance(source, dict):  # other dict subclasses become plain dicts
            new, items = {}, source.items()
        elif isinstance(source, (list, tuple)):
            new, items = [None] * len(source), enumerate(source)
        else:
            target[key] = on_other(source) if on_other is not None else source
            continue
        if memo is not None:
            memo[id(source)] = new
        target[key] = new
        for item_key, item in items:
            if item.__class__ in SCALARS:
                new[item_key] = item
            else:
                new[item_key] = None  # holds the key's place, so dict order is kept
                stack.append((new, item_key, item))
    # Tuples were built as lists; the deepest were made last, so convert in reverse.
    for target, key, items_list in reversed(tuples):
        target[key] = tuple(items_list)
    return holder[0]

"""JSON data in memory: the scalar types, ``NULL``, copying, flattening and plain trees of containers.

What the rest of the package asks of a value of decoded JSON: is it a scalar (never
copied or converted), is it the explicit ``NULL``, is it one of our models, and how
to copy a tree of lists and dicts without recursion (JSON can nest deeper than the
interpreter's recursion limit).
"""

from __future__ import annotations

import typing
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from ._plan import PLAN_ATTR

__all__ = [
    "NONE_TYPE",
    "NULL",
    "SCALARS",
    "SCALARS_SUPERSET",
    "copy_tree",
    "detach",
    "flatten",
    "is_model",
    "is_model_class",
    "is_null",
    "model_as_dict",
    "plain",
    "unflatten",
]

NONE_TYPE = type(None)
#: JSON scalar types: never copied, converted or wrapped anywhere in the package.
SCALARS: FrozenSet[type] = frozenset({str, int, float, bool, NONE_TYPE})
#: ``SCALARS_SUPERSET(map(type, values))``: are all these values JSON scalars? Asked in C.
SCALARS_SUPERSET = SCALARS.issuperset

_dict_items = dict.items
_dict_new = dict.__new__
_dict_set = dict.__setitem__


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


# -- whole trees: pickling at any depth, and plain JSON out of models ----------------------


def flatten(root: Any) -> List[Tuple[Any, Any]]:
    """The containers under ``root`` as a flat table, parents before children.

    Each row is ``(kind, children)``: kind is ``dict``, ``list``, ``tuple`` or a model
    class; children are ``(key, value)`` pairs (dicts and models) or values, where a
    1-tuple ``(row,)`` refers to another row (data values are never tuples: tuples
    are rows of their own).  Shared lists, dicts and models stay shared.
    """
    rows: List[Tuple[Any, Any]] = []
    seen: Dict[int, int] = {}

    def ref(value: Any) -> Any:
        cls = value.__class__
        if cls in SCALARS or not isinstance(value, (dict, list, tuple)):
            return value
        index = seen.get(id(value))
        if index is None:
            index = len(rows)
            if cls is not tuple:  # a tuple gets a row per use, so its one parent comes first
                seen[id(value)] = index
            rows.append((value, None))
            pending.append(index)
        return (index,)

    pending: List[int] = []
    ref(root)
    while pending:
        index = pending.pop()
        value = rows[index][0]
        if isinstance(value, dict):
            kind: Any = type(value) if is_model(value) else dict
            rows[index] = (kind, [(key, ref(item)) for key, item in _dict_items(value)])
        else:
            rows[index] = (tuple if isinstance(value, tuple) else list, [ref(item) for item in value])
    return rows


def unflatten(rows: List[Tuple[Any, Any]]) -> Any:
    """Rebuild what :func:`flatten` recorded, without re-checking, at any depth."""
    built: List[Any] = [None] * len(rows)
    # Containers first, empty, so that references (also shared and backward ones) resolve.
    for index, (kind, _) in enumerate(rows):
        if kind is not tuple:
            built[index] = [] if kind is list else {} if kind is dict else _dict_new(kind)

    def value(item: Any) -> Any:
        return built[item[0]] if item.__class__ is tuple else item

    # Fill children before parents, so a tuple row finds its items complete.
    for index in range(len(rows) - 1, -1, -1):
        kind, children = rows[index]
        target = built[index]
        if kind is tuple:
            built[index] = tuple(value(child) for child in children)
        elif kind is list:
            target.extend(value(child) for child in children)
        else:
            for key, child in children:
                _dict_set(target, key, value(child))
    return built[0]


def plain(value: Any, exclude_readonly: bool) -> Any:
    """Plain JSON data: models become dicts (without read-only keys if asked), at any depth."""
    if exclude_readonly:

        def as_plain(model: Any) -> Tuple[Any, Any]:
            readonly = getattr(type(model), PLAN_ATTR).readonly
            return {}, [(key, item) for key, item in _dict_items(model) if key not in readonly]

        return copy_tree(value, as_plain)
    return copy_tree(value, model_as_dict)


def model_as_dict(model: Any) -> Tuple[Dict[str, Any], Any]:
    """``copy_tree``'s ``on_model`` that copies a model as a plain dict of all its keys."""
    return {}, _dict_items(model)

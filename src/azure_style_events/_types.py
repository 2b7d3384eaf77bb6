"""The type layer: one converter/checker object per annotation, built once per field.

Every supported annotation becomes a :class:`TypeAdapter` with four jobs:

``coerce(value, problems)``
    The checking path (keyword construction, attribute writes, ``from_dict``,
    ``from_json``, ``validate``).  Accepts the wire form or the typed form, returns
    the wire form to store, copies containers, builds nested models, and appends a
    :class:`~azure_style_events._errors.Problem` for each value that does not fit.
``wrap(value)``
    The trusting path (``Cls(mapping)``).  Builds nested models and copies
    containers exactly like ``coerce`` but never rejects a value.
``read(value)``
    Wire form to typed form for an attribute read (a known enum string becomes
    the enum member, a plain dict in a model field becomes the model).
``fast``
    The concrete Python types whose values all three jobs return unchanged, so the
    hot loops can skip the call for the common case (an ``int`` in an ``int`` field).

Model classes are recognised by their plan (the ``__asev_plan__`` class attribute)
and called through the :class:`~._plan.ModelClass` interface, so this module never
imports the model module: imports flow one way.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import io
import math
import importlib
import re
import sys
import threading
import typing
from collections.abc import Mapping as _AbcMapping
from collections.abc import MutableMapping as _AbcMutableMapping
from collections.abc import MutableSequence as _AbcMutableSequence
from collections.abc import MutableSet as _AbcMutableSet
from collections.abc import Sequence as _AbcSequence
from collections.abc import Set as _AbcSet
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

import typing_extensions
from typing_extensions import get_args, get_origin

from . import _formats
from ._errors import Problem, prefix, problem
from ._live import DictView, ListView, ModelList, SetView, model_list, view_of
from ._plan import PLAN_ATTR, ModelClass

__all__ = [
    "ANY",
    "SCALARS",
    "SCALARS_SUPERSET",
    "ForwardRefAdapter",
    "NULL",
    "TypeAdapter",
    "build_adapter",
    "copy_tree",
    "detach",
    "is_model_class",
    "is_null",
]

_NoneType = type(None)
#: JSON scalar types: never copied, converted or wrapped anywhere in the package.
SCALARS: FrozenSet[type] = frozenset({str, int, float, bool, _NoneType})
#: ``SCALARS_SUPERSET(map(type, values))``: are all these values JSON scalars? Asked in C.
SCALARS_SUPERSET = SCALARS.issuperset

# typing.Union and, from 3.10, the ``X | Y`` union type.
_UNION_ORIGINS: Tuple[Any, ...] = (typing.Union,)
if sys.version_info >= (3, 10):  # pragma: no cover - depends on the interpreter
    import types as _types_module

    _UNION_ORIGINS = (typing.Union, _types_module.UnionType)

_DICT_ORIGINS = (dict, _AbcMapping, _AbcMutableMapping)
# On 3.9 typing_extensions has its own Literal (and Annotated), distinct from typing's;
# generated code uses typing's, hand-written code often typing_extensions'.
_LITERAL_ORIGINS = frozenset({typing.Literal, typing_extensions.Literal})
_ANNOTATED_ORIGINS = frozenset({typing.Annotated, typing_extensions.Annotated})


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


def _is_model(value: Any) -> bool:
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
        elif _is_model(source):
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


def _json_kind(value: Any) -> str:
    if isinstance(value, _AbcMapping):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    return "scalar"


class TypeAdapter:
    """Base of the per-annotation converters; see the module docstring."""

    __slots__ = ("expected", "fast", "admits_none", "reads")

    #: What error messages say the annotation expects.
    expected: str
    #: Concrete types whose values pass every job unchanged.
    fast: FrozenSet[type]
    #: Whether ``None`` fits (``Optional[...]``, ``Any``, ``None``).
    admits_none: bool
    #: Whether ``read`` can return something other than its argument.
    reads: bool

    #: The JSON kind of value the annotation wants: "object", "array" or "scalar".
    KIND = "scalar"

    @property
    def kind(self) -> str:
        return self.KIND

    #: Whether ``read`` always turns a scalar into a new typed value; see ``converts``.
    CONVERTS = False

    @property
    def converts(self) -> bool:
        """Whether ``read`` turns a scalar into a new typed value (a datetime, an enum member).

        Containers of such items read as new containers; containers of models do not
        need to, because the models are built when the data is stored.
        """
        return self.CONVERTS

    def __init__(self, expected: str, fast: FrozenSet[type] = frozenset(), admits_none: bool = False) -> None:
        self.expected = expected
        self.fast = fast
        self.admits_none = admits_none
        self.reads = False

    def coerce(self, value: Any, problems: List[Problem]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def coerce_owned(self, value: Any, problems: List[Problem]) -> Any:
        """``coerce`` for data nobody else holds (fresh ``json.loads`` output).

        Containers may be converted in place instead of copied.  Only ever called with
        such data, so the in-place work is invisible to callers.
        """
        return self.coerce(value, problems)

    def fits(self, value: Any) -> bool:
        """A cheap guess, for the trusting path, of whether a union should pick this alternative."""
        return True

    def wrap(self, value: Any) -> Any:
        return detach(value)

    def wrap_owned(self, value: Any) -> Any:
        """``wrap`` for data nobody else holds (fresh ``json.loads`` output): nothing is copied.

        Only models need building; every other value is already its own wire form.
        """
        return value

    #: Whether ``wrap_owned`` can do anything (the annotation can hold a model).
    NESTS = False

    @property
    def delimited(self) -> bool:
        """Whether a field's typed face is a live list over delimited text in the model."""
        return False

    @property
    def nests(self) -> bool:
        return self.NESTS

    def read(self, value: Any) -> Any:
        return value

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.expected}>"


class _AnyAdapter(TypeAdapter):
    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("Any", SCALARS, admits_none=True)

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        return detach(value)


ANY: TypeAdapter = _AnyAdapter()


class _FileAdapter(TypeAdapter):
    """A file input of a multipart model: stored and returned exactly as given.

    ``IO[bytes]``/``IO[str]`` annotations accept any object with a ``read`` method; a
    field declared ``rest_field(is_multipart_file_input=True)`` takes whatever its
    ``FileType`` union allows (bytes, text, a file, a ``(name, file, content type)``
    tuple) without converting it: a request body is built from it, not JSON.
    """

    __slots__ = ("any_value",)

    def __init__(self, any_value: bool, admits_none: bool) -> None:
        super().__init__("file" if not any_value else "file input", SCALARS, admits_none)
        self.any_value = any_value

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if not self.any_value and not callable(getattr(value, "read", None)):
            problems.append(problem(self.expected, value))
        return value

    def fits(self, value: Any) -> bool:
        return self.any_value or callable(getattr(value, "read", None))

    def wrap(self, value: Any) -> Any:
        return value


_FILE = _FileAdapter(any_value=False, admits_none=False)


class _JsonAdapter(TypeAdapter):
    """Any JSON data: the wire value of a field read through ``type=``/``deserializer=``.

    The annotation of such a field describes what the callback returns, so only the
    wire value's being JSON (objects with string keys, arrays, strings, finite numbers,
    booleans, null) can be checked.
    """

    __slots__ = ()

    def __init__(self, admits_none: bool) -> None:
        super().__init__("JSON data", SCALARS, admits_none)

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        stack: List[Tuple[Tuple[Any, ...], Any]] = [((), value)]
        while stack:
            path, item = stack.pop()
            cls = item.__class__
            if cls is float and not math.isfinite(item):
                bad: Any = item
            elif cls in SCALARS or item is None:
                continue
            elif isinstance(item, (list, tuple)):
                stack.extend((path + (index,), element) for index, element in enumerate(item))
                continue
            elif isinstance(item, _AbcMapping) and all(isinstance(key, str) for key in item):
                stack.extend((path + (key,), element) for key, element in item.items())
                continue
            else:
                bad = item
            problems.append(problem(self.expected, bad))
            problems[-1].segments.extend(reversed(path))
        return detach(value) if not problems else value


class _ForeignAdapter(_JsonAdapter):
    """A class that is neither a model nor a known type (``azure.core``'s ``ODataV4Format``).

    As on the Azure base, the data holds the JSON and a read builds the object by
    calling the class with it; an instance given by keyword is stored as it is.
    """

    __slots__ = ("cls",)

    def __init__(self, cls: type) -> None:
        super().__init__(admits_none=False)
        self.expected = f"{cls.__name__} or its JSON"
        self.cls = cls
        self.reads = True

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if isinstance(value, self.cls):
            return value
        return super().coerce(value, problems)

    def wrap(self, value: Any) -> Any:
        return value if isinstance(value, self.cls) else detach(value)

    def read(self, value: Any) -> Any:
        if isinstance(value, self.cls):
            return value
        try:
            return self.cls(value)
        except (TypeError, ValueError, KeyError, AttributeError):
            return value  # not what the class takes: returned as stored, and validate() says so


def list_of_models(adapter: TypeAdapter) -> Optional[TypeAdapter]:
    """The list adapter of a ``list[Model]`` (or ``Optional[list[Model]]``) field, else ``None``.

    Such a field is read very often (a transcript's items, a message's content parts)
    and almost never holds a plain dict, so its read is specialised (see ``_fields``).
    """
    if isinstance(adapter, _UnionAdapter) and len(adapter._non_none) == 1:
        adapter = adapter._non_none[0]
    if isinstance(adapter, _ListAdapter) and adapter.container is list and isinstance(adapter.item, _ModelAdapter):
        return adapter
    return None


def json_data(adapter: TypeAdapter) -> TypeAdapter:
    """The adapter that checks writes of a field read through a ``type=``/``deserializer=`` callback."""
    return _JsonAdapter(adapter.admits_none)


def file_input(adapter: TypeAdapter) -> TypeAdapter:
    """The adapter of a ``rest_field(is_multipart_file_input=True)`` field declared as ``adapter``."""
    return _FileAdapter(any_value=True, admits_none=adapter.admits_none)


class _NoneAdapter(TypeAdapter):
    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("None", frozenset({_NoneType}), admits_none=True)

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if value is None or is_null(value):
            return None
        problems.append(problem(self.expected, value))
        return value


class _StrAdapter(TypeAdapter):
    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("str", frozenset({str}))

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if isinstance(value, str):
            # A str enum member is stored as its plain value: the wire view holds wire form.
            return value.value if isinstance(value, enum.Enum) else value
        problems.append(problem("str", value))
        return value


class _IntAdapter(TypeAdapter):
    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("int", frozenset({int}))

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        # bool is an int subclass, but True is not a count of milliseconds.
        if isinstance(value, int) and not isinstance(value, bool):
            return int(value) if isinstance(value, enum.Enum) else value
        problems.append(problem("int", value))
        return value


class _FloatAdapter(TypeAdapter):
    __slots__ = ()

    def __init__(self) -> None:
        # A float is not "fast": NaN and the infinities are floats but not JSON numbers.
        super().__init__("float", frozenset({int}))

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        # An int is a valid float (JSON has one number type) and is kept as sent.
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if value.__class__ is int or math.isfinite(value):
                return value
            problems.append(problem("finite float", value))
            return value
        problems.append(problem("float", value))
        return value


class _BoolAdapter(TypeAdapter):
    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("bool", frozenset({bool}))

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if isinstance(value, bool):
            return value
        problems.append(problem("bool", value))
        return value


_STR = _StrAdapter()
_INT = _IntAdapter()
_FLOAT = _FloatAdapter()
_BOOL = _BoolAdapter()
_NONE = _NoneAdapter()
_PRIMITIVES: Dict[Any, TypeAdapter] = {str: _STR, int: _INT, float: _FLOAT, bool: _BOOL, None: _NONE, _NoneType: _NONE}


def _literal_key(value: Any) -> Tuple[str, Any]:
    """Key a literal by JSON kind too, so ``Literal[1]`` does not accept ``True``."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, str):
        return ("str", str(value))
    if isinstance(value, int):
        return ("int", int(value))
    if value is None:
        return ("none", None)
    return ("other", value)


class _LiteralAdapter(TypeAdapter):
    """A closed set of values; enum members among them read back as members."""

    __slots__ = ("wires", "_table", "_members")

    def __init__(self, values: Tuple[Any, ...]) -> None:
        wires = []
        for value in values:
            wire = value.value if isinstance(value, enum.Enum) else value
            wires.append(wire)
        super().__init__(" | ".join(repr(wire) for wire in wires), admits_none=None in values)
        self.wires: Tuple[Any, ...] = tuple(wires)
        self._table: Dict[Tuple[str, Any], Any] = {}
        self._members: Dict[Any, Any] = {}
        for value, wire in zip(values, wires):
            self._table[_literal_key(value)] = wire
            if isinstance(value, enum.Enum) and isinstance(wire, str):
                self._members[wire] = value
        self.reads = bool(self._members)

    @property
    def converts(self) -> bool:
        return self.reads

    def _lookup(self, value: Any) -> Any:
        try:
            return self._table.get(_literal_key(value), _INVALID)
        except TypeError:  # unhashable value: certainly not one of the literals
            return _INVALID

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        wire = self._lookup(value)
        if wire is _INVALID:
            problems.append(problem(self.expected, value))
            return value
        return wire

    def wrap(self, value: Any) -> Any:
        return value.value if isinstance(value, enum.Enum) else detach(value)

    def read(self, value: Any) -> Any:
        if value.__class__ is str:
            return self._members.get(value, value)
        return value


def literal_values(adapter: TypeAdapter) -> Optional[Tuple[Any, ...]]:
    """The wire values of a ``Literal[...]`` annotation's adapter, else ``None``.

    A model whose required field is a literal (``type: Literal["message"]``) is told
    apart from the other members of a union by it: see ``_ModelAdapter.fits``.
    """
    return adapter.wires if isinstance(adapter, _LiteralAdapter) else None


class _EnumAdapter(TypeAdapter):
    """A str or int enum: closed on its own, open when written ``Union[str, Enum]``."""

    __slots__ = ("enum_cls", "_members")

    def __init__(self, enum_cls: Any) -> None:
        super().__init__(enum_cls.__name__)
        self.enum_cls = enum_cls
        self._members: Dict[Any, Any] = {member.value: member for member in enum_cls}
        self.reads = True

    CONVERTS = True

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if isinstance(value, self.enum_cls):
            return value.value
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            plain = value.value if isinstance(value, enum.Enum) else value
            if plain in self._members:
                return plain
        problems.append(problem(self.expected, value))
        return value

    def wrap(self, value: Any) -> Any:
        return value.value if isinstance(value, enum.Enum) else detach(value)

    def read(self, value: Any) -> Any:
        cls = value.__class__
        if cls is str or cls is int:
            return self._members.get(value, value)
        return value


class _UnionAdapter(TypeAdapter):
    """``Union[...]`` and ``Optional[...]``: the first alternative that fits wins."""

    __slots__ = ("alternatives", "_readers", "_non_none", "_models")

    def __init__(self, alternatives: Tuple[TypeAdapter, ...]) -> None:
        admits_none = any(alt.admits_none for alt in alternatives)
        fast: FrozenSet[type] = frozenset().union(*(alt.fast for alt in alternatives))
        # None is written last in messages, as people write Optional.
        ordered = [alt for alt in alternatives if alt is not _NONE] + [alt for alt in alternatives if alt is _NONE]
        super().__init__(" | ".join(alt.expected for alt in ordered), fast, admits_none)
        self.alternatives = alternatives
        self._non_none = tuple(alt for alt in alternatives if alt is not _NONE)
        models = tuple(alt for alt in alternatives if isinstance(alt, (_ModelAdapter, ForwardRefAdapter)))
        self._models = models if len(models) > 1 else ()
        # Enum and literal alternatives turn known strings into members, so they read
        # first; plain ``str`` would return the string unchanged.
        self._readers = tuple(alt for alt in alternatives if alt.reads)
        self.reads = bool(self._readers) or any(isinstance(alt, ForwardRefAdapter) for alt in alternatives)

    @property
    def kind(self) -> str:
        kinds = {alt.kind for alt in self._non_none}
        return kinds.pop() if len(kinds) == 1 else "scalar"

    @property
    def converts(self) -> bool:
        return any(alt.converts for alt in self._non_none)

    @property
    def delimited(self) -> bool:
        """``Optional[list[str]]`` with a delimited format is read through the same view."""
        return len(self._non_none) == 1 and self._non_none[0].delimited

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if value.__class__ in self.fast:
            return value
        if value is None and self.admits_none:
            return None
        alternatives = self.alternatives
        if self._models and isinstance(value, _AbcMapping):
            # Several models: the ones whose tags the data carries are tried first.
            alternatives = self._by_fit(value)
        failures: List[List[Problem]] = []
        for alt in alternatives:
            attempt: List[Problem] = []
            result = alt.coerce(value, attempt)
            if not attempt:
                return result
            failures.append(attempt)
        # Nothing fitted.  When exactly one alternative is the same JSON kind as the
        # value (an object for a model, an array for a list), or exactly one model's tags
        # match the data, its own, deeper report says more than "expected A | B".
        kind = _json_kind(value)
        matching = [attempt for alt, attempt in zip(alternatives, failures) if kind != "scalar" and alt.kind == kind]
        if len(matching) > 1 and self._models:
            fitting = [attempt for alt, attempt in zip(alternatives, failures) if alt in self._models and alt.fits(value)]
            matching = fitting or _closest(matching)
        if len(matching) == 1:
            problems.extend(matching[0])
        else:
            problems.append(problem(self.expected, value))
        return value

    def _by_fit(self, value: Any) -> Tuple[TypeAdapter, ...]:
        fitting = tuple(alt for alt in self._models if alt.fits(value))
        return fitting + tuple(alt for alt in self.alternatives if alt not in fitting)

    def coerce_owned(self, value: Any, problems: List[Problem]) -> Any:
        # Only Optional[X] converts in place: with several alternatives, a failed attempt
        # must leave the value as it was for the next one.
        if len(self._non_none) != 1:
            return self.coerce(value, problems)
        if value.__class__ in self.fast:
            return value
        inner = self._non_none[0]
        if inner.kind == "scalar" or _json_kind(value) != inner.kind:
            return self.coerce(value, problems)  # its messages say "| None"
        return inner.coerce_owned(value, problems)

    def wrap(self, value: Any) -> Any:
        if value.__class__ in self.fast:
            return value
        kind = _json_kind(value)
        for alt in self._non_none:
            if kind == "scalar":
                # A typed value (a datetime, an enum member) is stored in the wire
                # form of the first alternative that knows it.
                result = alt.wrap(value)
                if result is not value:
                    return result
            elif alt.kind == kind and alt.fits(value):
                return alt.wrap(value)
        for alt in self._non_none:
            if alt.kind == kind:
                return alt.wrap(value)
        return detach(value)

    @property
    def nests(self) -> bool:
        return any(alt.nests for alt in self._non_none)

    def wrap_owned(self, value: Any) -> Any:
        cls = value.__class__
        if cls in self.fast or cls in SCALARS:
            return value
        kind = _json_kind(value)
        for alt in self._non_none:
            if alt.kind == kind and alt.fits(value):
                return alt.wrap_owned(value)
        for alt in self._non_none:
            if alt.kind == kind:
                return alt.wrap_owned(value)
        return value

    def read(self, value: Any) -> Any:
        for alt in self._readers:
            result = alt.read(value)
            if result is not value:
                return result
        if value.__class__ is dict:
            for alt in self._non_none:
                if alt.kind == "object" and alt.fits(value):
                    return alt.read(value)
            for alt in self._non_none:
                if alt.kind == "object":
                    return alt.read(value)
        return value


def _closest(attempts: List[List[Problem]]) -> List[List[Problem]]:
    """The failed model alternatives that came closest: one report, or all of them.

    With no tag to go by (the tag itself is broken), the alternatives with the fewest
    problems are the likeliest meant.  When they all failed at one and the same path
    (``role``: expected ``'system'`` for one, ``'user'`` for another), that path is the
    problem, expecting any of their values.
    """
    fewest = min(len(attempt) for attempt in attempts)
    best = [attempt for attempt in attempts if len(attempt) == fewest]
    if len(best) == 1:
        return best
    if fewest == 1 and len({tuple(attempt[0].segments) for attempt in best}) == 1 and not best[0][0].missing:
        expected = " | ".join(dict.fromkeys(attempt[0].expected for attempt in best))
        merged = Problem(expected, best[0][0].got)
        merged.segments.extend(best[0][0].segments)
        return [[merged]]
    return attempts


# What an array field takes; live views read from a model may be written back as well.
_SEQUENCES = (list, tuple, ListView)
_SETS = (list, tuple, set, frozenset, ListView, SetView)


class _ListAdapter(TypeAdapter):
    """A JSON array: ``list``, ``Sequence``, ``tuple[X, ...]``, ``set`` and ``frozenset``.

    The wire form is always a list; ``container`` is what the typed view returns.
    """

    __slots__ = ("item", "container", "_accepts", "_to_model")
    KIND = "array"

    def __init__(self, item: TypeAdapter, container: type = list) -> None:
        name = "list" if container is list else container.__name__
        super().__init__(f"{name}[{item.expected}]" if container is not tuple else f"tuple[{item.expected}, ...]")
        self.item = item
        self.container = container
        # A set has no order, so it is only taken where the annotation says set.
        self._accepts = _SETS if container in (set, frozenset) else _SEQUENCES
        self.reads = container is not list or item.reads
        # A list of models is stored as a ModelList (see _live), built by every path here.
        self._to_model: Any = item.model._asev_wrap if isinstance(item, _ModelAdapter) and container is list else None

    @property
    def converts(self) -> bool:
        return self.container is not list or self.item.converts

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if not isinstance(value, self._accepts):
            problems.append(problem(self.expected, value))
            return value
        item = self.item
        fast = item.fast
        coerce = item.coerce
        out: List[Any] = []
        append = out.append
        for index, element in enumerate(value):
            if element.__class__ in fast:
                append(element)
                continue
            start = len(problems)
            append(coerce(element, problems))
            if len(problems) != start:
                prefix(problems, start, index)
        return out if self._to_model is None else model_list(self._to_model, out)

    def coerce_owned(self, value: Any, problems: List[Problem]) -> Any:
        if value.__class__ is not list:
            return self.coerce(value, problems)
        _coerce_in_place(value, enumerate(value), self.item, problems)
        return value if self._to_model is None else model_list(self._to_model, value)

    def wrap(self, value: Any) -> Any:
        if self._to_model is not None and isinstance(value, _SEQUENCES):
            wrap = self.item.wrap
            return model_list(self._to_model, [wrap(element) for element in value])
        if not isinstance(value, _SETS):
            return detach(value)
        fast = self.item.fast
        wrap = self.item.wrap
        return [element if element.__class__ in fast else wrap(element) for element in value]

    @property
    def nests(self) -> bool:
        return self.item.nests

    def wrap_owned(self, value: Any) -> Any:
        if value.__class__ is not list:
            return value
        item = self.item
        if item.nests:
            wrap = item.wrap_owned
            for index, element in enumerate(value):
                if element.__class__ is dict:
                    value[index] = wrap(element)
        return value if self._to_model is None else model_list(self._to_model, value)

    def read(self, value: Any) -> Any:
        """The typed face of a stored list; see ``_live`` for why each kind is what it is."""
        if value.__class__ is not list:
            return value
        item = self.item
        container = self.container
        if container is list:
            if item.converts:
                return view_of(ListView, value, item)
            if item.reads:
                _read_in_place(value, enumerate(value), item)
            return value
        if container is set:
            return view_of(SetView, value, item)
        read = item.read
        return container(read(element) for element in value)  # tuple, frozenset: values


def _read_in_place(container: Any, pairs: typing.Iterable[Tuple[Any, Any]], item: TypeAdapter) -> None:
    """Turn plain dicts put into a container of models into the models, in the container.

    A model is its own wire form, so the container stays the stored one (reads are live).
    """
    elements = container.values() if container.__class__ is dict else container
    if isinstance(item, _ModelAdapter) and dict not in map(type, elements):
        return  # the usual case, checked in C: every element is a model already
    read = item.read
    for key, element in pairs:
        result = read(element)
        if result is not element:
            container[key] = result


def _coerce_in_place(container: Any, pairs: typing.Iterable[Tuple[Any, Any]], item: TypeAdapter, problems: List[Problem]) -> Any:
    """``coerce_owned`` of a list or dict: each converted element replaces its original.

    (Replacing a dict's value while iterating over its items is allowed: the keys stay.)
    """
    fast = item.fast
    coerce = item.coerce_owned
    for key, element in pairs:
        if element.__class__ in fast:
            continue
        start = len(problems)
        result = coerce(element, problems)
        if len(problems) != start:
            prefix(problems, start, key)
        elif result is not element:
            container[key] = result
    return container


class _TupleAdapter(TypeAdapter):
    """``tuple[X, Y]``: a JSON array of fixed length, each position with its own type."""

    __slots__ = ("items",)
    KIND = "array"

    def __init__(self, items: Tuple[TypeAdapter, ...]) -> None:
        super().__init__(f"tuple[{', '.join(item.expected for item in items)}]")
        self.items = items
        self.reads = True

    CONVERTS = True

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if not isinstance(value, _SEQUENCES) or len(value) != len(self.items):
            problems.append(problem(self.expected, value))
            return value
        out: List[Any] = []
        for index, (item, element) in enumerate(zip(self.items, value)):
            start = len(problems)
            out.append(item.coerce(element, problems))
            if len(problems) != start:
                prefix(problems, start, index)
        return out

    def wrap(self, value: Any) -> Any:
        if not isinstance(value, _SEQUENCES) or len(value) != len(self.items):
            return detach(value)
        return [item.wrap(element) for item, element in zip(self.items, value)]

    def read(self, value: Any) -> Any:
        if value.__class__ is not list or len(value) != len(self.items):
            return value
        return tuple(item.read(element) for item, element in zip(self.items, value))


class _DictAdapter(TypeAdapter):
    __slots__ = ("value",)
    KIND = "object"

    def __init__(self, value: TypeAdapter) -> None:
        super().__init__(f"dict[str, {value.expected}]")
        self.value = value
        self.reads = value.reads

    @property
    def converts(self) -> bool:
        return self.value.converts

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if not isinstance(value, _AbcMapping):
            problems.append(problem(self.expected, value))
            return value
        fast = self.value.fast
        coerce = self.value.coerce
        out = {}
        for key, element in value.items():
            if not isinstance(key, str):
                problems.append(problem("str", key))
                problems[-1].got = problems[-1].got + " as a key"
                continue
            if element.__class__ in fast:
                out[key] = element
                continue
            start = len(problems)
            out[key] = coerce(element, problems)
            if len(problems) != start:
                prefix(problems, start, key)
        return out

    def coerce_owned(self, value: Any, problems: List[Problem]) -> Any:
        if value.__class__ is not dict:
            return self.coerce(value, problems)
        return _coerce_in_place(value, value.items(), self.value, problems)

    def wrap(self, value: Any) -> Any:
        if not isinstance(value, _AbcMapping):
            return detach(value)
        fast = self.value.fast
        wrap = self.value.wrap
        return {key: element if element.__class__ in fast else wrap(element) for key, element in value.items()}

    @property
    def nests(self) -> bool:
        return self.value.nests

    def wrap_owned(self, value: Any) -> Any:
        if value.__class__ is not dict or not self.value.nests:
            return value
        wrap = self.value.wrap_owned
        for key, element in value.items():
            if element.__class__ is dict:
                value[key] = wrap(element)
        return value

    def read(self, value: Any) -> Any:
        """The typed face of a stored dict: a live view if its values convert, else the dict itself."""
        if value.__class__ is not dict:
            return value
        item = self.value
        if item.converts:
            return view_of(DictView, value, item)
        if item.reads:
            _read_in_place(value, list(value.items()), item)
        return value


class _ModelAdapter(TypeAdapter):
    """A nested model: mappings become instances, dispatched on their discriminator."""

    __slots__ = ("model",)
    KIND = "object"

    def __init__(self, model: Any) -> None:
        super().__init__(model.__name__)
        self.model: ModelClass = model
        self.reads = True

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        model = self.model
        if value.__class__ is dict:  # the usual case, decoded JSON: skip the slower ABC checks
            return model._asev_parse(value, False, problems)
        held = isinstance(value, typing.cast(type, model))  # (a model class is a class)
        if held:
            # Kept as it is, but its content must fit too.
            model_class: ModelClass = value.__class__
            model_class.__asev_plan__.check(value, problems, None)
            return value
        if isinstance(value, _AbcMapping) and not _is_model(value):
            return model._asev_parse(value, False, problems)
        problems.append(problem(self.expected, value))
        return value

    def coerce_owned(self, value: Any, problems: List[Problem]) -> Any:
        if value.__class__ is dict:
            return self.model._asev_parse(value, True, problems)
        return self.coerce(value, problems)

    def fits(self, value: Any) -> bool:
        # Among several model alternatives, the one whose discriminator values the data
        # carries (after dispatch) is the one it names.
        if not isinstance(value, _AbcMapping):
            return False
        model = self.model
        target: ModelClass = model._asev_resolve(value) if model.__asev_plan__.dispatch is not None else model
        plan = target.__asev_plan__
        if not all(value.get(key, wanted) == wanted for key, wanted in plan.disc_items):
            return False
        # Literal-typed fields tag a model too (openai's items: type "message", role "user").
        for key, allowed in plan.tags:
            if key in value and value[key] not in allowed:
                return False
        return True

    def wrap(self, value: Any) -> Any:
        if isinstance(value, _AbcMapping) and not _is_model(value):
            return self.model._asev_wrap(value)
        return detach(value)

    NESTS = True

    def wrap_owned(self, value: Any) -> Any:
        if value.__class__ is dict:
            return self.model._asev_wrap_owned(value)
        return value

    def read(self, value: Any) -> Any:
        if value.__class__ is dict:
            return self.model._asev_wrap(value)
        return value


# Errors a wire-format parser raises for text it does not accept
# (InvalidOperation and OverflowError are ArithmeticErrors, binascii.Error a ValueError;
# fromtimestamp raises OSError for a timestamp the platform cannot represent).
_PARSE_ERRORS = (ValueError, ArithmeticError, OSError)


class _CodecAdapter(TypeAdapter):
    """A standard-library value that JSON carries as text or a number (datetime, bytes, ...).

    The wire view holds the wire form.  The checking path takes either the typed value
    (stored as its wire form) or a wire value that parses (stored exactly as sent);
    the trusting path converts typed values and keeps everything else; reads parse,
    and give the stored value back unchanged when it does not parse.
    """

    __slots__ = ("is_typed", "wire_types", "encode", "decode")

    def __init__(
        self,
        expected: str,
        is_typed: typing.Callable[[Any], bool],
        wire_types: Tuple[type, ...],
        encode: typing.Callable[[Any], Any],
        decode: typing.Callable[[Any], Any],
    ) -> None:
        super().__init__(expected)
        self.is_typed = is_typed
        self.wire_types = wire_types
        self.encode = encode
        self.decode = decode
        self.reads = True

    CONVERTS = True

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if self.is_typed(value):
            return self.encode(value)
        # Exact classes: a bool is not a timestamp and a str enum member is not text.
        if value.__class__ in self.wire_types:
            try:
                self.decode(value)
            except _PARSE_ERRORS:
                pass
            else:
                return value
        problems.append(problem(self.expected, value))
        return value

    def wrap(self, value: Any) -> Any:
        if self.is_typed(value):
            return self.encode(value)
        return detach(value)

    def read(self, value: Any) -> Any:
        if value.__class__ in self.wire_types:
            try:
                return self.decode(value)
            except _PARSE_ERRORS:
                return value
        return value


def _instance_of(*types: type, but: Tuple[type, ...] = ()) -> typing.Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return isinstance(value, types) and not isinstance(value, but)

    return check


def _datetime_adapter(fmt: Optional[str]) -> TypeAdapter:
    is_typed = _instance_of(datetime.datetime)
    if fmt == "unix-timestamp":
        return _CodecAdapter(
            "datetime as unix-timestamp",
            is_typed,
            (int, float),
            lambda value: _formats.format_datetime(value, fmt),
            _formats.datetime_from_unix,
        )
    return _CodecAdapter(
        f"datetime as {fmt or 'rfc3339'}",
        is_typed,
        (str,),
        lambda value: _formats.format_datetime(value, fmt),
        lambda text: _formats.parse_datetime(text, fmt),
    )


def _duration_adapter(fmt: Optional[str]) -> TypeAdapter:
    is_typed = _instance_of(datetime.timedelta)
    if fmt is None:
        return _CodecAdapter(
            "timedelta as ISO 8601 duration", is_typed, (str,), _formats.format_duration, _formats.parse_duration
        )
    return _CodecAdapter(
        f"timedelta as {fmt}",
        is_typed,
        (int,) if fmt.endswith("-int") else (int, float),
        lambda value: _formats.format_duration(value, fmt),
        lambda number: _formats.parse_numeric_duration(number, fmt),
    )


def _bytes_adapter(fmt: Optional[str]) -> TypeAdapter:
    return _CodecAdapter(
        f"bytes as {fmt or 'base64'}",
        _instance_of(bytes, bytearray),
        (str,),
        lambda value: _formats.encode_bytes(value, fmt),
        lambda text: _formats.decode_bytes(text, fmt),
    )


_DATE = _CodecAdapter(
    "date",
    # A datetime is a date too, but its time of day would be lost.
    _instance_of(datetime.date, but=(datetime.datetime,)),
    (str,),
    _formats.format_date,
    _formats.parse_date,
)
_TIME = _CodecAdapter("time", _instance_of(datetime.time), (str,), _formats.format_time, _formats.parse_time)
_DECIMAL = _CodecAdapter(
    "Decimal", _instance_of(decimal.Decimal), (int, float, str), _formats.decimal_to_wire, _formats.parse_decimal
)
_INT_AS_STR = _CodecAdapter("int as str", _instance_of(int, but=(bool,)), (str,), str, _formats.parse_int_text)


class _DelimitedAdapter(TypeAdapter):
    """``list[str]`` carried as one string, its items joined by a delimiter."""

    __slots__ = ("item", "delimiter", "fmt")
    # The typed form is an array: in a union, a list goes to this alternative.
    KIND = "array"

    def __init__(self, item: TypeAdapter, fmt: str) -> None:
        super().__init__(f"list[{item.expected}] as {fmt}")
        self.item = item
        self.fmt = fmt
        self.delimiter = _formats.DELIMITERS[fmt]
        self.reads = True

    @property
    def delimited(self) -> bool:
        """The field reads it through a view bound to the model and key (the text is immutable)."""
        return True

    CONVERTS = True

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if value.__class__ is str:
            return value
        if not isinstance(value, _SEQUENCES):
            problems.append(problem(self.expected, value))
            return value
        items: List[str] = []
        first = len(problems)
        for index, element in enumerate(value):
            start = len(problems)
            wire = self.item.coerce(element, problems)
            if len(problems) == start:
                if not isinstance(wire, str):
                    problems.append(problem("str", element))
                elif self.delimiter in wire:
                    # Joined, it would read back as two items.
                    problems.append(problem(f"str without {self.delimiter!r}", element))
            if len(problems) != start:
                prefix(problems, start, index)
            items.append(wire)
        return value if len(problems) != first else self.delimiter.join(items)

    def wrap(self, value: Any) -> Any:
        if isinstance(value, _SEQUENCES) and all(isinstance(item, str) for item in value):
            return self.delimiter.join(item.value if isinstance(item, enum.Enum) else item for item in value)
        return detach(value)

    def read(self, value: Any) -> Any:
        if value.__class__ is not str:
            return value
        items = value.split(self.delimiter) if value else []
        if self.item.converts:
            read = self.item.read
            return [read(item) for item in items]
        return items


_INVALID: Any = object()
_NONE_WORD = re.compile(r"\bNone(Type)?\b")
_RESOLVE_LOCK = threading.Lock()


class ForwardRefAdapter(TypeAdapter):
    """A string annotation, resolved against its module on first use.

    The first resolution to finish is published under a lock, so many threads
    using a class for the first time at once all end up with the same adapter.  A name that cannot be resolved
    (for instance a module imported only under ``TYPE_CHECKING`` that cannot be
    imported) is treated as ``Any``, as the Azure base does.
    """

    __slots__ = ("text", "module", "localns", "fmt", "_target")

    def __init__(
        self, text: str, module: Optional[str], localns: Optional[Dict[str, Any]], fmt: Optional[str] = None
    ) -> None:
        # Whether None fits must be known when the class is made (it decides which
        # fields are required), before the reference can be resolved.
        admits_none = "Optional[" in text or _NONE_WORD.search(text) is not None
        super().__init__(text.strip("'\""), admits_none=admits_none)
        self.text = text
        self.module = module
        self.localns = localns
        self.fmt = fmt
        self._target: Optional[TypeAdapter] = None
        self.reads = True

    def resolve(self) -> TypeAdapter:
        target = self._target
        if target is not None:
            return target
        # Evaluated outside the lock: it may import a sibling module, and holding our
        # lock while waiting for an import lock could deadlock against a thread that
        # is importing that module.  Evaluation is idempotent; the first result wins
        # and every thread uses that one.
        annotation = _evaluate(self.text, self.module, self.localns, allow_import=True)
        built = ANY if annotation is _INVALID else build_adapter(annotation, self.module, self.localns, self.fmt)
        with _RESOLVE_LOCK:
            if self._target is None:
                self._target = built
            return self._target

    @property
    def kind(self) -> str:
        return self.resolve().kind

    @property
    def converts(self) -> bool:
        return self.resolve().converts

    def fits(self, value: Any) -> bool:
        return self.resolve().fits(value)

    def coerce_owned(self, value: Any, problems: List[Problem]) -> Any:
        return self.resolve().coerce_owned(value, problems)

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        return self.resolve().coerce(value, problems)

    def wrap(self, value: Any) -> Any:
        return self.resolve().wrap(value)

    @property
    def nests(self) -> bool:
        return self.resolve().nests

    def wrap_owned(self, value: Any) -> Any:
        return self.resolve().wrap_owned(value)

    def read(self, value: Any) -> Any:
        return self.resolve().read(value)


def _evaluate(text: str, module: Optional[str], localns: Optional[Dict[str, Any]], allow_import: bool) -> Any:
    """Evaluate an annotation string in its module; ``_INVALID`` when a name is missing.

    With ``allow_import``, a missing head name is tried as a sibling module of the
    declaring one (``"_models.Foo"`` in a package's ``models/_patch.py``).
    """
    namespace: Dict[str, Any] = dict(vars(sys.modules[module])) if module in sys.modules else {}
    if localns:
        namespace.update(localns)
    namespace.setdefault("typing", typing)
    for _ in range(8):  # each round can bring in one more sibling module
        try:
            return eval(text, namespace)  # noqa: S307 - annotation text written by the class author
        except NameError as exc:
            name = getattr(exc, "name", None) or str(exc).split("'")[1]
            if not allow_import or module is None or not _import_sibling(module, name, namespace):
                return _tail_lookup(text, module) if allow_import else _INVALID
        except AttributeError:
            return _tail_lookup(text, module) if allow_import else _INVALID
        except (SyntaxError, TypeError):
            return _INVALID
    return _INVALID


_DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\Z")


def _tail_lookup(text: str, module: Optional[str]) -> Any:
    """``"_models.Foo"`` whose head is no module that has ``Foo``: ``Foo`` in the declaring module or its package.

    Generated code writes ``_models`` for its models *package* (``from .. import models
    as _models`` under ``TYPE_CHECKING``), which shares its name with the module the
    classes live in; the Azure base looks the last name up in the module and then its
    package, and so does this.
    """
    if module is None or _DOTTED_NAME.match(text) is None:
        return _INVALID
    tail = text.rpartition(".")[2]
    for name in (module, module.rpartition(".")[0]):
        namespace = vars(sys.modules[name]) if name in sys.modules else {}
        if tail in namespace:
            return namespace[tail]
    return _INVALID


def _import_sibling(module: str, name: str, namespace: Dict[str, Any]) -> bool:
    package = module.rpartition(".")[0]
    candidates = [f"{package}.{name}"] if package else []
    # A package's models often live one level down from the module that names them.
    grand = package.rpartition(".")[0]
    if grand:
        candidates.append(f"{grand}.{name}")
    for candidate in candidates:
        try:
            namespace[name] = importlib.import_module(candidate)
            return True
        except ImportError:
            continue
    return False


def build_adapter(
    annotation: Any,
    module: Optional[str] = None,
    localns: Optional[Dict[str, Any]] = None,
    fmt: Optional[str] = None,
) -> TypeAdapter:
    """Turn an annotation into its adapter; ``TypeError`` for one this package cannot check.

    ``fmt`` is a field's ``format=``: it reaches through ``Optional``, unions and
    containers to the values it describes (``list[datetime]`` with
    ``format="unix-timestamp"`` is a list of timestamps), as on the Azure base.
    """
    if annotation is Any:
        return ANY
    if isinstance(annotation, str):
        return _forward(annotation, module, localns, fmt)
    if isinstance(annotation, typing.ForwardRef):
        return _forward(annotation.__forward_arg__, module, localns, fmt)
    if _hashable(annotation):
        if annotation is int and fmt == "str":
            return _INT_AS_STR
        primitive = _PRIMITIVES.get(annotation) or _leaf(annotation, fmt)
        if primitive is not None:
            return primitive
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin in _LITERAL_ORIGINS:
        return _LiteralAdapter(args)
    if origin in _UNION_ORIGINS:
        return _UnionAdapter(tuple(build_adapter(arg, module, localns, fmt) for arg in args))
    if origin in _ANNOTATED_ORIGINS:
        return build_adapter(args[0], module, localns, fmt)
    container = _ARRAY_ORIGINS.get(origin if origin is not None else annotation) if _hashable(annotation) else None
    if container is not None:
        if container is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            if args == ((),):  # tuple[()]: the empty tuple
                return _TupleAdapter(())
            return _TupleAdapter(tuple(build_adapter(arg, module, localns, fmt) for arg in args))
        item = build_adapter(args[0], module, localns, None if fmt in _formats.DELIMITERS else fmt) if args else ANY
        if fmt in _formats.DELIMITERS and container is list:
            return _DelimitedAdapter(item, fmt)
        return _ListAdapter(item, container)
    if origin in _DICT_ORIGINS or annotation is dict:
        if args and args[0] is not str:
            raise TypeError(f"dict keys must be `str` in JSON, not {args[0]!r}: write dict[str, ...]")
        return _DictAdapter(build_adapter(args[1], module, localns, fmt) if args else ANY)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _EnumAdapter(annotation)
    if is_model_class(annotation):
        return _ModelAdapter(annotation)
    if isinstance(annotation, type) and annotation.__module__ not in ("builtins", "typing", "collections.abc"):
        return _ForeignAdapter(annotation)
    raise TypeError(
        f"unsupported annotation {annotation!r}: use str, int, float, bool, Any, None, Literal, Optional, "
        "Union, list/Sequence/set/tuple[...], dict[str, ...], datetime, date, time, timedelta, Decimal, "
        "bytes, an Enum or a Model class"
    )


# Every annotation origin that is a JSON array, with the container the typed view returns.
_ARRAY_ORIGINS: Dict[Any, type] = {
    list: list,
    _AbcSequence: list,
    _AbcMutableSequence: list,
    typing.Sequence: list,
    typing.List: list,
    tuple: tuple,
    typing.Tuple: tuple,
    set: set,
    _AbcSet: set,
    _AbcMutableSet: set,
    typing.Set: set,
    frozenset: frozenset,
    typing.FrozenSet: frozenset,
}


def _leaf(annotation: Any, fmt: Optional[str]) -> Optional[TypeAdapter]:
    """The adapter of a standard-library type with a wire format, checking ``fmt``."""
    if annotation is datetime.datetime:
        _check_format(annotation, fmt, _formats.DATETIME_FORMATS)
        return _datetime_adapter(fmt)
    if annotation is datetime.timedelta:
        _check_format(annotation, fmt, _formats.DURATION_FORMATS.keys() | {"duration"})
        return _duration_adapter(None if fmt == "duration" else fmt)
    if annotation in (bytes, bytearray):
        _check_format(annotation, fmt, _formats.BYTES_FORMATS)
        return _bytes_adapter(fmt)
    if annotation is datetime.date:
        return _DATE
    if annotation is datetime.time:
        return _TIME
    if annotation is decimal.Decimal:
        return _DECIMAL
    if annotation in _FILE_TYPES or get_origin(annotation) in _FILE_TYPES:
        return _FILE
    return None


# File objects of multipart models (IO[bytes], IO[str] and their named forms).
_FILE_TYPES = frozenset({typing.IO, typing.BinaryIO, typing.TextIO, io.IOBase, io.RawIOBase, io.BufferedIOBase, io.TextIOBase})


def _check_format(annotation: type, fmt: Optional[str], known: typing.AbstractSet[str]) -> None:
    if fmt is not None and fmt not in known:
        raise TypeError(
            f"format={fmt!r} does not apply to {annotation.__name__}: use one of {', '.join(sorted(known))}"
        )


def _hashable(annotation: Any) -> bool:
    try:
        hash(annotation)
    except TypeError:
        return False
    return True


def _forward(text: str, module: Optional[str], localns: Optional[Dict[str, Any]], fmt: Optional[str]) -> TypeAdapter:
    # Names already defined resolve now (the usual case under
    # ``from __future__ import annotations``); the rest wait for first use, because
    # importing sibling modules while a module is still being imported can deadlock
    # or see half-made modules.
    annotation = _evaluate(text, module, localns, allow_import=False)
    if annotation is not _INVALID:
        return build_adapter(annotation, module, localns, fmt)
    return ForwardRefAdapter(text, module, localns, fmt)


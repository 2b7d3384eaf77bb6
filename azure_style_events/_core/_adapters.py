"""The adapters: one converter/checker object per annotation, built once per field.

Every supported annotation becomes a :class:`TypeAdapter`.  This is the whole
interface; every adapter has every member, and the base answers for those an
adapter does not override.

Jobs (the wire form is what the JSON holds; the typed form what attributes return):

``coerce(value, problems) -> wire``
    The checking path (keyword construction, attribute writes, ``from_dict``,
    ``from_json``, ``validate``).  Takes the wire or the typed form, returns the wire
    form to store: containers copied, nested models built.  A value that does not
    fit appends a :class:`~._errors.Problem` and is returned unchanged.
``coerce_owned(value, problems) -> wire``
    ``coerce`` for fresh ``json.loads`` output nobody else holds: containers may be
    converted in place instead of copied.
``wrap(value) -> wire``
    The trusting path (``Cls(mapping)``): builds and copies as ``coerce`` does and
    never rejects a value.
``read(wire) -> typed``
    An attribute read: a known enum string becomes the member, a plain dict in a
    model field the model, a container of converted values a live view (``_live``).
``fits(value) -> bool``
    A cheap guess for the trusting path of whether a union should pick this one.
``tag_match(value) -> bool | None``
    Whether a mapping's tags (discriminator, required ``Literal`` fields) name this
    model: how a union of models picks its member (``None``: it has no tags).
    ``tag_descriptions()`` says what they may be, ``open_ended`` whether a mapping
    with tags nobody knows belongs here (a discriminated base).

Answers, read-only (attributes set at construction, or properties):

``expected``   what messages say is expected (``"int"``, ``"list[Part] | None"``).
``fast``       the classes whose values every job returns unchanged (``int`` for
               ``int``), so hot loops skip the call in the common case.
``admits_none``  whether ``None`` fits.
``reads``      whether ``read`` can return something other than its argument.
``converts``   whether ``read`` turns a scalar into a new typed value (datetime, enum
               member), so containers of it read through views.
``kind``       the JSON kind wanted: ``"object"``, ``"array"`` or ``"scalar"``.
``delimited``  whether the typed face is a list over delimited text (``"a,b,c"``).
``deferred``   whether it stands for an annotation not resolved yet
               (``_annotations.ForwardRefAdapter``, which delegates every job).

Model classes are recognised by their plan (the ``__asev_plan__`` class attribute)
and called through the :class:`~._plan.ModelClass` interface, so this module never
imports the model module: imports flow one way.  Which adapter an annotation gets is
``_annotations``' job; choosing the member of a union, ``_unions``'; copying JSON trees
is ``_jsondata``'s.  The names other modules use are listed in ``__all__``.
"""

from __future__ import annotations

import datetime
import enum
import io
import math
import typing
from collections.abc import Mapping as _AbcMapping
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from . import _formats
from ._errors import Problem, key_problem, prefix, problem
from ._jsondata import NONE_TYPE, SCALARS, detach, is_model, is_null
from ._live import DictView, ListView, SetView, model_list, view_of
from ._plan import ModelClass

__all__ = [
    "ANY",
    "BOOL",
    "DATE",
    "FILE",
    "FLOAT",
    "INT",
    "INT_AS_STR",
    "NONE",
    "STR",
    "TIME",
    "BytesAdapter",
    "CodecAdapter",
    "DelimitedAdapter",
    "DictAdapter",
    "EnumAdapter",
    "ForeignAdapter",
    "ListAdapter",
    "LiteralAdapter",
    "ModelAdapter",
    "TupleAdapter",
    "TypeAdapter",
    "file_input",
    "instance_of",
    "json_data",
    "list_of_models",
    "literal_values",
    "optional_literal_values",
    "unknown_tag",
]


class TypeAdapter:
    """Base of the per-annotation converters; the interface is in the module docstring."""

    __slots__ = ("expected", "fast", "admits_none", "reads")

    #: What error messages say the annotation expects.
    expected: str
    #: Concrete types whose values pass every job unchanged.
    fast: FrozenSet[type]
    #: Whether ``None`` fits (``Optional[...]``, ``Any``, ``None``).
    admits_none: bool
    #: Whether ``read`` can return something other than its argument.
    reads: bool

    @property
    def deferred(self) -> bool:
        return False

    @property
    def kind(self) -> str:
        return "scalar"

    @property
    def converts(self) -> bool:
        return False

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

    def tag_match(self, value: Any, soft_keys: FrozenSet[str] = frozenset()) -> Optional[bool]:
        """For a union of models: whether the mapping's tags name this model.

        ``True`` when its discriminator and required ``Literal`` fields (and the optional
        ones under ``soft_keys``, when present) hold this model's values, ``False`` when
        they name something else, ``None`` when it has no tags.
        """
        return None

    @property
    def soft_tags(self) -> Tuple[Tuple[str, Tuple[Any, ...]], ...]:
        """A model's optional one-value ``Literal`` fields, which may tell union members apart."""
        return ()

    @property
    def open_ended(self) -> bool:
        """Whether a mapping whose tags name no alternative of a union belongs here (a discriminated base)."""
        return False

    def tag_descriptions(self, soft_keys: FrozenSet[str] = frozenset()) -> List[str]:
        """What a mapping's tags may be for this alternative, for a union's message."""
        return [self.expected]

    def wrap(self, value: Any) -> Any:
        return detach(value)

    @property
    def delimited(self) -> bool:
        return False

    def read(self, value: Any) -> Any:
        return value

    def unwrapped(self) -> TypeAdapter:
        """The adapter of ``X`` for ``Optional[X]`` (a union with ``None`` and one other member); itself otherwise."""
        return self

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


FILE = _FileAdapter(any_value=False, admits_none=False)


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


class ForeignAdapter(_JsonAdapter):
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
    adapter = adapter.unwrapped()
    if isinstance(adapter, ListAdapter) and adapter.to_model is not None:
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
        super().__init__("None", frozenset({NONE_TYPE}), admits_none=True)

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


STR = _StrAdapter()
INT = _IntAdapter()
FLOAT = _FloatAdapter()
BOOL = _BoolAdapter()
NONE = _NoneAdapter()


# What a literal lookup returns for a value that is none of the literal's values.
_INVALID: Any = object()


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


class LiteralAdapter(TypeAdapter):
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
        # A plain str (the usual tag) is looked up directly; anything else by its JSON kind.
        wire = self._table.get(("str", value), _INVALID) if value.__class__ is str else self._lookup(value)
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
    apart from the other members of a union by it: see ``ModelAdapter.fits``.
    """
    return adapter.wires if isinstance(adapter, LiteralAdapter) else None


def optional_literal_values(adapter: TypeAdapter) -> Optional[Tuple[Any, ...]]:
    """The wire values of ``Optional[Literal[...]]`` (or a plain literal), else ``None``."""
    return literal_values(adapter.unwrapped())


class EnumAdapter(TypeAdapter):
    """A str or int enum: closed on its own, open when written ``Union[str, Enum]``."""

    __slots__ = ("enum_cls", "_members")

    def __init__(self, enum_cls: Any) -> None:
        super().__init__(enum_cls.__name__)
        self.enum_cls = enum_cls
        self._members: Dict[Any, Any] = {member.value: member for member in enum_cls}
        self.reads = True

    @property
    def converts(self) -> bool:
        return True

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


# What an array field takes; live views read from a model may be written back as well.
_SEQUENCES = (list, tuple, ListView)
_SETS = (list, tuple, set, frozenset, ListView, SetView)


class ListAdapter(TypeAdapter):
    """A JSON array: ``list``, ``Sequence``, ``tuple[X, ...]``, ``set`` and ``frozenset``.

    The wire form is always a list; ``container`` is what the typed view returns.
    """

    __slots__ = ("item", "container", "_accepts", "to_model", "model_plan")

    @property
    def kind(self) -> str:
        return "array"

    def __init__(self, item: TypeAdapter, container: type = list) -> None:
        name = "list" if container is list else container.__name__
        super().__init__(f"{name}[{item.expected}]" if container is not tuple else f"tuple[{item.expected}, ...]")
        self.item = item
        self.container = container
        # A set has no order, so it is only taken where the annotation says set.
        self._accepts = _SETS if container in (set, frozenset) else _SEQUENCES
        self.reads = container is not list or item.reads
        # A list of models is stored as a ModelList (see _live), built by every path here; the
        # generated checks build a decoded one through these two and coerce_element (_codegen).
        self.to_model: Any = None
        self.model_plan: Any = None
        if isinstance(item, ModelAdapter) and container is list:
            self.to_model = item.model._asev_wrap
            self.model_plan = item.model.__asev_plan__

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
        return out if self.to_model is None else model_list(self.to_model, out)

    def coerce_owned(self, value: Any, problems: List[Problem]) -> Any:
        if value.__class__ is not list:
            return self.coerce(value, problems)
        plan = self.model_plan
        if plan is None:
            _coerce_in_place(value, enumerate(value), self.item, problems)
            return value
        # A list of models from decoded JSON, the bulk of a nested payload: the model
        # class's generated loop builds each plain dict in place (dispatching on a base).
        plan.parse_owned_items(value, problems, self.coerce_element)  # compiled on first use
        return model_list(self.to_model, value)

    def coerce_element(self, items: List[Any], index: int, element: Any, problems: List[Problem]) -> None:
        """An element of a decoded list of models that is not a plain dict (a mistake, or ``None``)."""
        _coerce_in_place(items, [(index, element)], self.item, problems)

    def wrap(self, value: Any) -> Any:
        if self.to_model is not None and isinstance(value, _SEQUENCES):
            wrap = self.item.wrap
            return model_list(self.to_model, [wrap(element) for element in value])
        if not isinstance(value, _SETS):
            return detach(value)
        fast = self.item.fast
        wrap = self.item.wrap
        return [element if element.__class__ in fast else wrap(element) for element in value]

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
    if isinstance(item, ModelAdapter) and dict not in map(type, elements):
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


class TupleAdapter(TypeAdapter):
    """``tuple[X, Y]``: a JSON array of fixed length, each position with its own type."""

    __slots__ = ("items",)

    @property
    def kind(self) -> str:
        return "array"

    def __init__(self, items: Tuple[TypeAdapter, ...]) -> None:
        super().__init__(f"tuple[{', '.join(item.expected for item in items)}]")
        self.items = items
        self.reads = True

    @property
    def converts(self) -> bool:
        return True

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


class DictAdapter(TypeAdapter):
    __slots__ = ("value",)

    @property
    def kind(self) -> str:
        return "object"

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
                problems.append(key_problem(key))
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


class ModelAdapter(TypeAdapter):
    """A nested model: mappings become instances, dispatched on their discriminator."""

    __slots__ = ("model",)

    @property
    def kind(self) -> str:
        return "object"

    def __init__(self, model: Any) -> None:
        super().__init__(model.__name__)
        self.model: ModelClass = model
        self.reads = True

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        model = self.model
        instance: Any
        if value.__class__ is dict:  # the usual case, decoded JSON: skip the slower ABC checks
            instance = model.__asev_plan__.parse(value, problems)
        elif isinstance(value, typing.cast(type, model)):  # (a model class is a class)
            # Kept as it is, but its content must fit too.
            instance = value
            held: Any = value.__class__
            held.__asev_plan__.check(value, problems, None)
        elif isinstance(value, _AbcMapping) and not is_model(value):
            instance = model.__asev_plan__.parse(value, problems)
        else:
            problems.append(problem(self.expected, value))
            return value
        if instance.__class__.__asev_plan__.dispatch is not None:
            unknown_tag(instance, problems)
        return instance

    def coerce_owned(self, value: Any, problems: List[Problem]) -> Any:
        if value.__class__ is dict:
            instance = self.model.__asev_plan__.parse_owned(value, problems)
            if instance.__class__.__asev_plan__.dispatch is not None:
                unknown_tag(instance, problems)
            return instance
        return self.coerce(value, problems)

    def fits(self, value: Any) -> bool:
        # Among several model alternatives, the one whose tags the data carries is the
        # one it names; one without tags takes any mapping.
        return isinstance(value, _AbcMapping) and self.tag_match(value) is not False

    @property
    def soft_tags(self) -> Tuple[Tuple[str, Tuple[Any, ...]], ...]:
        return self.model.__asev_plan__.soft_tags

    def tag_match(self, value: Any, soft_keys: FrozenSet[str] = frozenset()) -> Optional[bool]:
        model = self.model
        plan = model.__asev_plan__
        if plan.dispatch is None and not plan.disc_items and not plan.tags and not soft_keys:
            return None
        target: ModelClass = plan.resolve(value) if plan.dispatch is not None else model
        plan = target.__asev_plan__
        if plan.dispatch is not None and not _known_tag(plan, value.get(plan.dispatch.key)):
            return False
        for key, wanted in plan.disc_items:
            if value.get(key, _ABSENT) != wanted:
                return False
        # Literal-typed fields tag a model too (openai's items: type "message", role "user").
        for key, allowed in plan.tags:
            if value.get(key, _ABSENT) not in allowed:
                return False
        tagged = plan.dispatch is not None or bool(plan.disc_items or plan.tags)
        for key, allowed in plan.soft_tags:  # an optional tag names the class only when present
            if key not in soft_keys:
                continue
            present = value.get(key)
            if present is not None:
                if present not in allowed:
                    return False
                tagged = True
        return True if tagged else None

    @property
    def open_ended(self) -> bool:
        return self.model.__asev_plan__.dispatch is not None

    def tag_descriptions(self, soft_keys: FrozenSet[str] = frozenset()) -> List[str]:
        plan = self.model.__asev_plan__
        if plan.dispatch is None:
            text = _tags_text(plan, soft_keys)
            return [text] if text != "{}" else [self.expected]
        key, registry, deeper = plan.dispatch
        subclasses = dict.fromkeys([*registry.values(), *deeper.values()])
        return [_tags_text(sub.__asev_plan__, soft_keys) for sub in subclasses] or [self.expected]

    def wrap(self, value: Any) -> Any:
        if isinstance(value, _AbcMapping) and not is_model(value):
            return self.model.__asev_plan__.wrap(value)
        return detach(value)

    def read(self, value: Any) -> Any:
        if value.__class__ is dict:
            return self.model.__asev_plan__.wrap(value)
        return value


_ABSENT: Any = object()


def _known_tag(plan: Any, tag: Any) -> bool:
    """Whether ``tag`` names a class at the discriminated level ``plan`` belongs to."""
    if not isinstance(tag, str):
        return False
    key, registry, deeper = plan.dispatch
    return tag in registry or tag in deeper or plan.disc.get(key) == tag


def unknown_tag(instance: Any, problems: List[Problem]) -> None:
    """A nested discriminated base holding a tag its ``__mapping__`` does not know is a problem.

    At the top level an unknown event type stays open (the base instance, all data
    kept); at a nested position the validating path names the tag's own path and the
    values it knows.  A tag that is absent or not a string is the field check's report.
    """
    plan = instance.__class__.__asev_plan__
    key, registry, deeper = plan.dispatch
    tag = dict.get(instance, key)
    if not isinstance(tag, str) or _known_tag(plan, tag):
        return
    found = problem(" | ".join(repr(value) for value in dict.fromkeys([*registry, *deeper])), tag)
    found.segments.append(key)
    problems.append(found)


def _tags_text(plan: Any, soft_keys: FrozenSet[str]) -> str:
    """``{type: 'message', role: 'user'}``: the tags that name one model."""
    tags = [f"{key}: {value!r}" for key, value in plan.disc_items]
    soft = tuple((key, allowed) for key, allowed in plan.soft_tags if key in soft_keys)
    tags += [f"{key}: {' | '.join(repr(v) for v in allowed)}" for key, allowed in plan.tags + soft]
    return "{" + ", ".join(tags) + "}"


# Errors a wire-format parser raises for text it does not accept
# (InvalidOperation and OverflowError are ArithmeticErrors, binascii.Error a ValueError;
# fromtimestamp raises OSError for a timestamp the platform cannot represent).
_PARSE_ERRORS = (ValueError, ArithmeticError, OSError)


class CodecAdapter(TypeAdapter):
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

    @property
    def converts(self) -> bool:
        return True

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


def instance_of(*types: type, but: Tuple[type, ...] = ()) -> typing.Callable[[Any], bool]:
    def check(value: Any) -> bool:
        return isinstance(value, types) and not isinstance(value, but)

    return check


def _is_binary_file(value: Any) -> bool:
    """An open binary file or stream (``open(path, "rb")``, ``io.BytesIO``), not a text one."""
    return isinstance(value, io.IOBase) and not isinstance(value, io.TextIOBase)


class BytesAdapter(CodecAdapter):
    """``bytes`` (base64 on the wire); a binary file object is kept as given, as the Azure base
    keeps it for a request body to stream, and never read or turned into text."""

    __slots__ = ("fmt",)

    def __init__(self, fmt: Optional[str]) -> None:
        super().__init__(
            f"bytes as {fmt or 'base64'}",
            instance_of(bytes, bytearray),
            (str,),
            lambda value: _formats.encode_bytes(value, fmt),
            lambda text: _formats.decode_bytes(text, fmt),
        )
        self.fmt = fmt

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if value.__class__ is str:  # wire text, the usual case: tested without decoding it
            if not _formats.is_bytes_text(value, self.fmt):
                problems.append(problem(self.expected, value))
            return value
        return value if _is_binary_file(value) else super().coerce(value, problems)

    def wrap(self, value: Any) -> Any:
        return value if _is_binary_file(value) else super().wrap(value)


DATE = CodecAdapter(
    "date",
    # A datetime is a date too, but its time of day would be lost.
    instance_of(datetime.date, but=(datetime.datetime,)),
    (str,),
    _formats.format_date,
    _formats.parse_date,
)
TIME = CodecAdapter("time", instance_of(datetime.time), (str,), _formats.format_time, _formats.parse_time)
INT_AS_STR = CodecAdapter("int as str", instance_of(int, but=(bool,)), (str,), str, _formats.parse_int_text)


class DelimitedAdapter(TypeAdapter):
    """``list[str]`` carried as one string, its items joined by a delimiter."""

    __slots__ = ("item", "delimiter", "fmt")

    # The typed form is an array: in a union, a list goes to this alternative.
    @property
    def kind(self) -> str:
        return "array"

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

    @property
    def converts(self) -> bool:
        return True

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

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

Model classes are recognised by duck typing (the ``_asev_parse`` class method), so
this module never imports the model module: imports flow one way.
"""

from __future__ import annotations

import enum
import importlib
import re
import sys
import threading
import typing
from collections.abc import Mapping as _AbcMapping
from collections.abc import MutableMapping as _AbcMutableMapping
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from typing_extensions import Annotated, Literal, get_args, get_origin

from ._errors import Problem, prefix, problem

__all__ = [
    "ANY",
    "SCALARS",
    "ForwardRefAdapter",
    "NULL",
    "TypeAdapter",
    "build_adapter",
    "detach",
    "is_model_class",
    "is_null",
]

_NoneType = type(None)
#: JSON scalar types: never copied, converted or wrapped anywhere in the package.
SCALARS: FrozenSet[type] = frozenset({str, int, float, bool, _NoneType})

# typing.Union and, from 3.10, the ``X | Y`` union type.
_UNION_ORIGINS: Tuple[Any, ...] = (typing.Union,)
if sys.version_info >= (3, 10):  # pragma: no cover - depends on the interpreter
    import types as _types_module

    _UNION_ORIGINS = (typing.Union, _types_module.UnionType)

_LIST_ORIGINS = (list,)
_DICT_ORIGINS = (dict, _AbcMapping, _AbcMutableMapping)


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
    return isinstance(obj, type) and hasattr(obj, "_asev_parse")


def _is_model(value: Any) -> bool:
    return hasattr(value.__class__, "_asev_parse")


def detach(value: Any) -> Any:
    """Copy lists and dicts all the way down so no container is shared with the caller.

    Model instances are kept as they are (they are values of their own), NULL
    becomes ``None``, everything else is returned unchanged.
    """
    cls = value.__class__
    if cls in SCALARS:
        return value
    if cls is list:
        return [item if item.__class__ in SCALARS else detach(item) for item in value]
    if cls is dict:
        return {key: item if item.__class__ in SCALARS else detach(item) for key, item in value.items()}
    if cls is _NullType:
        return None
    if isinstance(value, dict) and not _is_model(value):
        return {key: detach(item) for key, item in value.items()}
    if isinstance(value, list):
        return [detach(item) for item in value]
    if cls is tuple:
        return tuple(detach(item) for item in value)
    return value


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

    def __init__(self, expected: str, fast: FrozenSet[type] = frozenset(), admits_none: bool = False) -> None:
        self.expected = expected
        self.fast = fast
        self.admits_none = admits_none
        self.reads = False

    def coerce(self, value: Any, problems: List[Problem]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def wrap(self, value: Any) -> Any:
        return detach(value)

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
        super().__init__("float", frozenset({float, int}))

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        # An int is a valid float (JSON has one number type) and is kept as sent.
        if isinstance(value, (int, float)) and not isinstance(value, bool):
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

    __slots__ = ("_table", "_members")

    def __init__(self, values: Tuple[Any, ...]) -> None:
        wires = []
        for value in values:
            wire = value.value if isinstance(value, enum.Enum) else value
            wires.append(wire)
        super().__init__(" | ".join(repr(wire) for wire in wires), admits_none=None in values)
        self._table: Dict[Tuple[str, Any], Any] = {}
        self._members: Dict[Any, Any] = {}
        for value, wire in zip(values, wires):
            self._table[_literal_key(value)] = wire
            if isinstance(value, enum.Enum) and isinstance(wire, str):
                self._members[wire] = value
        self.reads = bool(self._members)

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


class _EnumAdapter(TypeAdapter):
    """A str or int enum: closed on its own, open when written ``Union[str, Enum]``."""

    __slots__ = ("enum_cls", "_members")

    def __init__(self, enum_cls: Any) -> None:
        super().__init__(enum_cls.__name__)
        self.enum_cls = enum_cls
        self._members: Dict[Any, Any] = {member.value: member for member in enum_cls}
        self.reads = True

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

    __slots__ = ("alternatives", "_readers", "_non_none")

    def __init__(self, alternatives: Tuple[TypeAdapter, ...]) -> None:
        admits_none = any(alt.admits_none for alt in alternatives)
        fast: FrozenSet[type] = frozenset().union(*(alt.fast for alt in alternatives))
        # None is written last in messages, as people write Optional.
        ordered = [alt for alt in alternatives if alt is not _NONE] + [alt for alt in alternatives if alt is _NONE]
        super().__init__(" | ".join(alt.expected for alt in ordered), fast, admits_none)
        self.alternatives = alternatives
        self._non_none = tuple(alt for alt in alternatives if alt is not _NONE)
        # Enum and literal alternatives turn known strings into members, so they read
        # first; plain ``str`` would return the string unchanged.
        self._readers = tuple(alt for alt in alternatives if alt.reads)
        self.reads = bool(self._readers) or any(isinstance(alt, ForwardRefAdapter) for alt in alternatives)

    @property
    def kind(self) -> str:
        kinds = {alt.kind for alt in self._non_none}
        return kinds.pop() if len(kinds) == 1 else "scalar"

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if value.__class__ in self.fast:
            return value
        if value is None and self.admits_none:
            return None
        failures: List[List[Problem]] = []
        for alt in self.alternatives:
            attempt: List[Problem] = []
            result = alt.coerce(value, attempt)
            if not attempt:
                return result
            failures.append(attempt)
        # Nothing fitted.  When exactly one alternative is the same JSON kind as the
        # value (an object for a model, an array for a list), its own, deeper report
        # says more than "expected A | B".
        kind = _json_kind(value)
        matching = [
            attempt for alt, attempt in zip(self.alternatives, failures) if kind != "scalar" and alt.kind == kind
        ]
        if len(matching) == 1:
            problems.extend(matching[0])
        else:
            problems.append(problem(self.expected, value))
        return value

    def wrap(self, value: Any) -> Any:
        if value.__class__ in self.fast:
            return value
        kind = _json_kind(value)
        if kind != "scalar":
            for alt in self._non_none:
                if alt.kind == kind:
                    return alt.wrap(value)
        return detach(value)

    def read(self, value: Any) -> Any:
        for alt in self._readers:
            result = alt.read(value)
            if result is not value:
                return result
        if value.__class__ is dict:
            for alt in self._non_none:
                if alt.kind == "object":
                    return alt.read(value)
        return value


class _ListAdapter(TypeAdapter):
    __slots__ = ("item",)
    KIND = "array"

    def __init__(self, item: TypeAdapter) -> None:
        super().__init__(f"list[{item.expected}]")
        self.item = item

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if not isinstance(value, (list, tuple)):
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
        return out

    def wrap(self, value: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            return detach(value)
        fast = self.item.fast
        wrap = self.item.wrap
        return [element if element.__class__ in fast else wrap(element) for element in value]


class _DictAdapter(TypeAdapter):
    __slots__ = ("value",)
    KIND = "object"

    def __init__(self, value: TypeAdapter) -> None:
        super().__init__(f"dict[str, {value.expected}]")
        self.value = value

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

    def wrap(self, value: Any) -> Any:
        if not isinstance(value, _AbcMapping):
            return detach(value)
        fast = self.value.fast
        wrap = self.value.wrap
        return {key: element if element.__class__ in fast else wrap(element) for key, element in value.items()}


class _ModelAdapter(TypeAdapter):
    """A nested model: mappings become instances, dispatched on their discriminator."""

    __slots__ = ("model",)
    KIND = "object"

    def __init__(self, model: Any) -> None:
        super().__init__(model.__name__)
        self.model = model
        self.reads = True

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        model = self.model
        if value.__class__ is dict:  # the usual case, decoded JSON: skip the slower ABC checks
            return model._asev_parse(value, False, problems)
        if isinstance(value, model):
            # Kept as it is, but its content must fit too.
            value.__class__._asev_check_into(value, problems)
            return value
        if isinstance(value, _AbcMapping) and not _is_model(value):
            return model._asev_parse(value, False, problems)
        problems.append(problem(self.expected, value))
        return value

    def wrap(self, value: Any) -> Any:
        if isinstance(value, _AbcMapping) and not _is_model(value):
            return self.model._asev_wrap(value)
        return detach(value)

    def read(self, value: Any) -> Any:
        if value.__class__ is dict:
            return self.model._asev_wrap(value)
        return value


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

    __slots__ = ("text", "module", "localns", "_target")

    def __init__(self, text: str, module: Optional[str], localns: Optional[Dict[str, Any]]) -> None:
        # Whether None fits must be known when the class is made (it decides which
        # fields are required), before the reference can be resolved.
        admits_none = "Optional[" in text or _NONE_WORD.search(text) is not None
        super().__init__(text.strip("'\""), admits_none=admits_none)
        self.text = text
        self.module = module
        self.localns = localns
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
        built = ANY if annotation is _INVALID else build_adapter(annotation, self.module, self.localns)
        with _RESOLVE_LOCK:
            if self._target is None:
                self._target = built
            return self._target

    @property
    def kind(self) -> str:
        return self.resolve().kind

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        return self.resolve().coerce(value, problems)

    def wrap(self, value: Any) -> Any:
        return self.resolve().wrap(value)

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
                return _INVALID
        except (AttributeError, SyntaxError, TypeError):
            return _INVALID
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


def build_adapter(annotation: Any, module: Optional[str] = None, localns: Optional[Dict[str, Any]] = None) -> TypeAdapter:
    """Turn an annotation into its adapter; ``TypeError`` for one this package cannot check."""
    if annotation is Any:
        return ANY
    if isinstance(annotation, str):
        return _forward(annotation, module, localns)
    if isinstance(annotation, typing.ForwardRef):
        return _forward(annotation.__forward_arg__, module, localns)
    primitive = _PRIMITIVES.get(annotation) if _hashable(annotation) else None
    if primitive is not None:
        return primitive
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Literal:
        return _LiteralAdapter(args)
    if origin in _UNION_ORIGINS:
        return _UnionAdapter(tuple(build_adapter(arg, module, localns) for arg in args))
    if origin is Annotated:
        return build_adapter(args[0], module, localns)
    if origin in _LIST_ORIGINS:
        return _ListAdapter(build_adapter(args[0], module, localns) if args else ANY)
    if origin in _DICT_ORIGINS:
        if args and args[0] is not str:
            raise TypeError(f"dict keys must be `str` in JSON, not {args[0]!r}: write dict[str, ...]")
        return _DictAdapter(build_adapter(args[1], module, localns) if args else ANY)
    if annotation is list:
        return _ListAdapter(ANY)
    if annotation is dict:
        return _DictAdapter(ANY)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _EnumAdapter(annotation)
    if is_model_class(annotation):
        return _ModelAdapter(annotation)
    raise TypeError(
        f"unsupported annotation {annotation!r}: use str, int, float, bool, Any, None, Literal, Optional, "
        "Union, list[...], dict[str, ...], an Enum or a Model class"
    )


def _hashable(annotation: Any) -> bool:
    try:
        hash(annotation)
    except TypeError:
        return False
    return True


def _forward(text: str, module: Optional[str], localns: Optional[Dict[str, Any]]) -> TypeAdapter:
    # Names already defined resolve now (the usual case under
    # ``from __future__ import annotations``); the rest wait for first use, because
    # importing sibling modules while a module is still being imported can deadlock
    # or see half-made modules.
    annotation = _evaluate(text, module, localns, allow_import=False)
    if annotation is not _INVALID:
        return build_adapter(annotation, module, localns)
    return ForwardRefAdapter(text, module, localns)


"""Annotations to adapters: the lookup table, and string annotations resolved on use.

``build_adapter`` turns a field's annotation (and its ``format=``) into the
:class:`~._adapters.TypeAdapter` that checks and converts its values, once per
field, at class creation.  Annotation text that names something not defined yet
(``"Item"`` above ``class Item``, or a sibling module of generated code) becomes a
:class:`ForwardRefAdapter`, resolved on first use.
"""

from __future__ import annotations

import datetime
import enum
import io
import re
import sys
import typing
from _thread import allocate_lock
from collections.abc import Mapping as _AbcMapping
from collections.abc import MutableMapping as _AbcMutableMapping
from collections.abc import MutableSequence as _AbcMutableSequence
from collections.abc import MutableSet as _AbcMutableSet
from collections.abc import Sequence as _AbcSequence
from collections.abc import Set as _AbcSet
from typing import Any, Dict, FrozenSet, List, Optional, Tuple, get_args, get_origin

from . import _formats
from ._adapters import (
    ANY,
    BOOL,
    DATE,
    FILE,
    FLOAT,
    INT,
    INT_AS_STR,
    NONE,
    STR,
    TIME,
    BytesAdapter,
    CodecAdapter,
    DelimitedAdapter,
    DictAdapter,
    EnumAdapter,
    ForeignAdapter,
    ListAdapter,
    LiteralAdapter,
    ModelAdapter,
    TupleAdapter,
    TypeAdapter,
    instance_of,
)
from ._errors import Problem
from ._jsondata import NONE_TYPE, is_model_class
from ._unions import UnionAdapter

__all__ = ["UNRESOLVED", "ForwardRefAdapter", "build_adapter", "evaluate"]

# typing.Union and, from 3.10, the ``X | Y`` union type.
_UNION_ORIGINS: Tuple[Any, ...] = (typing.Union,)
if sys.version_info >= (3, 10):  # pragma: no cover - depends on the interpreter
    import types as _types_module

    _UNION_ORIGINS = (typing.Union, _types_module.UnionType)

_DICT_ORIGINS = (dict, _AbcMapping, _AbcMutableMapping)
# On 3.9 typing_extensions has its own Literal, distinct from typing's (from 3.10 they are
# one); generated code uses typing's, hand-written code often typing_extensions'.  That
# module is not imported here (it costs a third of the base's import): an annotation made
# with it means the user's code has imported it, so it is looked up then (_is_literal).
_ANNOTATED_ORIGINS = frozenset({typing.Annotated})


def _is_literal(origin: Any) -> bool:
    if origin is typing.Literal:
        return True
    extensions = sys.modules.get("typing_extensions")
    return origin is not None and extensions is not None and origin is getattr(extensions, "Literal", None)


_PRIMITIVES: Dict[Any, TypeAdapter] = {str: STR, int: INT, float: FLOAT, bool: BOOL, None: NONE, NONE_TYPE: NONE}

_UNRESOLVED: Any = object()
_NONE_WORD = r"\bNone(Type)?\b"  # compiled by `re` on first use
_RESOLVE_LOCK = allocate_lock()


class ForwardRefAdapter(TypeAdapter):
    """A string annotation, resolved against its module on first use.

    The first resolution to finish is published under a lock, so many threads
    using a class for the first time at once all end up with the same adapter.  A name that cannot be resolved
    (for instance a module imported only under ``TYPE_CHECKING`` that cannot be
    imported) is treated as ``Any``, as the Azure base does.
    """

    __slots__ = ("text", "module", "localns", "fmt", "_target")

    @property
    def deferred(self) -> bool:
        return True

    def __init__(self, text: str, module: Optional[str], localns: Optional[Dict[str, Any]], fmt: Optional[str] = None) -> None:
        # Whether None fits must be known when the class is made (it decides which
        # fields are required), before the reference can be resolved.
        admits_none = "Optional[" in text or re.search(_NONE_WORD, text) is not None
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
        built = ANY if annotation is _UNRESOLVED else build_adapter(annotation, self.module, self.localns, self.fmt)
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

    def tag_match(self, value: Any, soft_keys: FrozenSet[str] = frozenset()) -> Optional[bool]:
        return self.resolve().tag_match(value, soft_keys)

    @property
    def soft_tags(self) -> Tuple[Tuple[str, Tuple[Any, ...]], ...]:
        return self.resolve().soft_tags

    @property
    def open_ended(self) -> bool:
        return self.resolve().open_ended

    def tag_descriptions(self, soft_keys: FrozenSet[str] = frozenset()) -> List[str]:
        return self.resolve().tag_descriptions(soft_keys)

    def coerce_owned(self, value: Any, problems: List[Problem]) -> Any:
        return self.resolve().coerce_owned(value, problems)

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        return self.resolve().coerce(value, problems)

    def wrap(self, value: Any) -> Any:
        return self.resolve().wrap(value)

    def read(self, value: Any) -> Any:
        return self.resolve().read(value)


def _evaluate(text: str, module: Optional[str], localns: Optional[Dict[str, Any]], allow_import: bool) -> Any:
    """Evaluate an annotation string in its module; ``_UNRESOLVED`` when a name is missing.

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
                return _tail_lookup(text, module) if allow_import else _UNRESOLVED
        except AttributeError:
            return _tail_lookup(text, module) if allow_import else _UNRESOLVED
        except (SyntaxError, TypeError):
            return _UNRESOLVED
    return _UNRESOLVED


_DOTTED_NAME = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\Z"  # compiled by `re` on first use


def _tail_lookup(text: str, module: Optional[str]) -> Any:
    """``"_models.Foo"`` whose head is no module that has ``Foo``: ``Foo`` in the declaring module or its package.

    Generated code writes ``_models`` for its models *package* (``from .. import models
    as _models`` under ``TYPE_CHECKING``), which shares its name with the module the
    classes live in; the Azure base looks the last name up in the module and then its
    package, and so does this.
    """
    if module is None or re.match(_DOTTED_NAME, text) is None:
        return _UNRESOLVED
    tail = text.rpartition(".")[2]
    for name in (module, module.rpartition(".")[0]):
        namespace = vars(sys.modules[name]) if name in sys.modules else {}
        if tail in namespace:
            return namespace[tail]
    return _UNRESOLVED


def _import_sibling(module: str, name: str, namespace: Dict[str, Any]) -> bool:
    package = module.rpartition(".")[0]
    candidates = [f"{package}.{name}"] if package else []
    # A package's models often live one level down from the module that names them.
    grand = package.rpartition(".")[0]
    if grand:
        candidates.append(f"{grand}.{name}")
    import importlib  # here: the base import does without it

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
    if not _hashable(annotation):
        return _build(annotation, module, localns, fmt)
    # Many fields share an annotation (``Optional[str]``, one model class): their adapter is
    # built once.  The key holds the annotation, for identity (two classes of one name are
    # two keys), and its repr, for order (``Union[int, str]`` equals ``Union[str, int]`` but
    # tries its members the other way round).  An annotation naming a forward reference is
    # not kept: what the name means depends on the declaring module and class.
    key = (annotation, repr(annotation), fmt)
    adapter = _ADAPTERS.get(key)
    if adapter is None:
        adapter = _build(annotation, module, localns, fmt)
        if not _mentions_forward(annotation):
            _ADAPTERS[key] = adapter
    return adapter


_ADAPTERS: Dict[Tuple[Any, str, Optional[str]], TypeAdapter] = {}


def _mentions_forward(annotation: Any) -> bool:
    if isinstance(annotation, (str, typing.ForwardRef)):
        return True
    if _is_literal(get_origin(annotation)):
        return False
    return any(_mentions_forward(arg) for arg in get_args(annotation))


def _build(annotation: Any, module: Optional[str], localns: Optional[Dict[str, Any]], fmt: Optional[str]) -> TypeAdapter:
    if _hashable(annotation):
        if annotation is int and fmt == "str":
            return INT_AS_STR
        primitive = _PRIMITIVES.get(annotation) or _leaf(annotation, fmt)
        if primitive is not None:
            return primitive
    origin = get_origin(annotation)
    args = get_args(annotation)
    if _is_literal(origin):
        return LiteralAdapter(args)
    if origin in _UNION_ORIGINS:
        return UnionAdapter(tuple(build_adapter(arg, module, localns, fmt) for arg in args))
    if origin in _ANNOTATED_ORIGINS:
        return build_adapter(args[0], module, localns, fmt)
    container = _ARRAY_ORIGINS.get(origin if origin is not None else annotation) if _hashable(annotation) else None
    if container is not None:
        if container is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            if args == ((),):  # tuple[()]: the empty tuple
                return TupleAdapter(())
            return TupleAdapter(tuple(build_adapter(arg, module, localns, fmt) for arg in args))
        item = build_adapter(args[0], module, localns, None if fmt in _formats.DELIMITERS else fmt) if args else ANY
        if fmt in _formats.DELIMITERS and container is list:
            return DelimitedAdapter(item, fmt)
        return ListAdapter(item, container)
    if origin in _DICT_ORIGINS or annotation is dict:
        if args and args[0] is not str:
            raise TypeError(f"dict keys must be `str` in JSON, not {args[0]!r}: write dict[str, ...]")
        return DictAdapter(build_adapter(args[1], module, localns, fmt) if args else ANY)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return EnumAdapter(annotation)
    if is_model_class(annotation):
        return ModelAdapter(annotation)
    if isinstance(annotation, type) and annotation.__module__ not in ("builtins", "typing", "collections.abc"):
        return ForeignAdapter(annotation)
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


# -- the standard-library types that have a wire format: their adapters, per format --------


def _datetime_adapter(fmt: Optional[str]) -> TypeAdapter:
    is_typed = instance_of(datetime.datetime)
    if fmt == "unix-timestamp":
        return CodecAdapter(
            "datetime as unix-timestamp",
            is_typed,
            (int, float),
            lambda value: _formats.format_datetime(value, fmt),
            _formats.datetime_from_unix,
        )
    return CodecAdapter(
        f"datetime as {fmt or 'rfc3339'}",
        is_typed,
        (str,),
        lambda value: _formats.format_datetime(value, fmt),
        lambda text: _formats.parse_datetime(text, fmt),
    )


def _duration_adapter(fmt: Optional[str]) -> TypeAdapter:
    is_typed = instance_of(datetime.timedelta)
    if fmt is None:
        return CodecAdapter("timedelta as ISO 8601 duration", is_typed, (str,), _formats.format_duration, _formats.parse_duration)
    return CodecAdapter(
        f"timedelta as {fmt}",
        is_typed,
        (int,) if fmt.endswith("-int") else (int, float),
        lambda value: _formats.format_duration(value, fmt),
        lambda number: _formats.parse_numeric_duration(number, fmt),
    )


def _bytes_adapter(fmt: Optional[str]) -> TypeAdapter:
    return BytesAdapter(fmt)


def _decimal_adapter(decimal_type: type) -> TypeAdapter:
    return CodecAdapter("Decimal", instance_of(decimal_type), (int, float, str), _formats.decimal_to_wire, _formats.parse_decimal)


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
        return DATE
    if annotation is datetime.time:
        return TIME
    # Only a program that has imported decimal can annotate with Decimal: the base does not import it.
    decimal = sys.modules.get("decimal")
    if decimal is not None and annotation is decimal.Decimal:
        return _decimal_adapter(annotation)
    if annotation in _FILE_TYPES or get_origin(annotation) in _FILE_TYPES:
        return FILE
    return None


# File objects of multipart models (IO[bytes], IO[str] and their named forms).
_FILE_TYPES = frozenset({typing.IO, typing.BinaryIO, typing.TextIO, io.IOBase, io.RawIOBase, io.BufferedIOBase, io.TextIOBase})


def _check_format(annotation: type, fmt: Optional[str], known: typing.AbstractSet[str]) -> None:
    if fmt is not None and fmt not in known:
        raise TypeError(f"format={fmt!r} does not apply to {annotation.__name__}: use one of {', '.join(sorted(known))}")


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
    if annotation is not _UNRESOLVED:
        return build_adapter(annotation, module, localns, fmt)
    return ForwardRefAdapter(text, module, localns, fmt)


#: What :func:`evaluate` gives for annotation text that names something not importable.
UNRESOLVED = _UNRESOLVED


def evaluate(text: str, module: Optional[str]) -> Any:
    """Annotation text as the object it names in ``module``, without importing anything; else ``UNRESOLVED``."""
    return _evaluate(text, module, None, allow_import=False)

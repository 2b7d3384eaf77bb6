"""``Model``: a ``dict`` of an event's JSON that is also a typed object.

Everything a class needs at run time is computed once, when the class is created,
by walking its MRO (as ``dataclasses`` does) and kept in one read-only
:class:`~._plan.ClassPlan`, the class attribute ``__asev_plan__``.  Nothing is
computed on instances and no class state is shared between classes, so using a
class from many threads at once is safe from the first call.

The rule of the package: *the wire view trusts, the typed view checks*.

* ``Cls(mapping)`` wraps wire data: nested models are built, containers copied,
  nothing is rejected for its value.
* ``Cls(**fields)``, attribute writes, ``from_dict``, ``from_json`` and
  ``validate()`` check, and report every problem of one input together.
"""

from __future__ import annotations

import builtins
import enum
import json
import re
import sys
from abc import ABCMeta
from collections.abc import Mapping as _AbcMapping
from types import FunctionType, MappingProxyType
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Dict,
    FrozenSet,
    List,
    Mapping,
    MutableMapping,
    Optional,
    Tuple,
    TypeVar,
    Union,
    get_origin,
)

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
elif TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**options: Any) -> Any:
        """What ``typing.dataclass_transform`` does at run time (3.11+), without importing
        typing_extensions for it: the import costs a third of the base's."""

        def mark(cls: Any) -> Any:
            cls.__dataclass_transform__ = {
                "eq_default": True,
                "order_default": False,
                "kw_only_default": False,
                "frozen_default": False,
                "field_specifiers": (),
                "kwargs": {},
                **options,
            }
            return cls

        return mark


if TYPE_CHECKING:
    from typing_extensions import Self

from . import _stand_ins
from ._adapters import literal_values, optional_literal_values
from ._annotations import UNRESOLVED, evaluate
from ._codegen import (
    MISSING,
    REPLACEABLE_ATTR,
    become,
    can_generate,
    check_discriminator,
    compile_from_dict,
    compile_init,
    keyword_value,
    lazy_checker,
    lazy_parser,
    report,
)
from ._errors import Problem, ValidationError, describe_value, guarded, key_problem, missing
from ._fields import UNSET, RestField, rest_discriminator, rest_field
from ._jsondata import SCALARS, SCALARS_SUPERSET, copy_tree, detach
from ._jsontext import DECODE_ERRORS, describe_error, strict_scan
from ._jsontext import loads as _loads
from ._plan import PLAN_ATTR, ClassPlan, Dispatch

__all__ = ["Model"]

_T = TypeVar("_T")

# The class attribute generated code uses for a discriminated base's registry.
_MAPPING_ATTR = "__mapping__"

# Attribute names a field may not take: they would hide a mapping or model method.
_RESERVED_NAMES: FrozenSet[str] = frozenset(
    {
        "as_dict",
        "clear",
        "copy",
        "from_dict",
        "from_json",
        "fromkeys",
        "get",
        "items",
        "keys",
        "pop",
        "popitem",
        "setdefault",
        "to_dict",
        "to_json",
        "update",
        "validate",
        "values",
    }
)

_dict_new = dict.__new__
_dict_set = dict.__setitem__
_dict_items = dict.items
_dict_values = dict.values
_dict_copy = dict.copy
_dict_update = dict.update
_dict_get = dict.get
_ENCODER = json.JSONEncoder(allow_nan=False)


class _ModelMeta(ABCMeta):
    """Gives every model class ``__slots__ = ()`` unless it declares its own.

    The data lives in the dict itself; an instance ``__dict__`` would be a second,
    untyped place to put it (and ``ev.audio_end_msx = 5`` would silently succeed).
    ``ABCMeta`` is the base because ``Model`` declares ``MutableMapping`` as a base.
    """

    def __new__(mcls, name: str, bases: Tuple[type, ...], namespace: Dict[str, Any], **kwargs: Any) -> Any:
        namespace.setdefault("__slots__", ())
        # Stand-ins for the generated constructors (see the end of this module) go in
        # before the class exists: setting __init__ on a class afterwards costs a slot
        # update per class at import.
        stand_ins = []
        if "__init__" not in namespace and _replaceable(bases, "__init__"):
            stand_ins.append(_stand_in("__init__"))
            namespace["__init__"] = stand_ins[-1]
        if "from_dict" not in namespace and _replaceable(bases, "from_dict"):
            stand_ins.append(_stand_in("from_dict"))
            namespace["from_dict"] = classmethod(stand_ins[-1])
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        for function in stand_ins:
            function.__globals__["_asev_owner"] = cls
            function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
        return cls

    @property
    def __signature__(cls) -> Any:
        """The keyword constructor, for ``inspect.signature`` and ``help()``; built when asked.

        Every field the caller may pass, by attribute name, keyword-only (the
        positional form takes one mapping of the JSON instead): required ones without
        a default, optional ones defaulting to ``None``.  A discriminator the class
        fixes is filled in, so it is left out.
        """
        import inspect  # only whoever asks pays for importing inspect

        plan: ClassPlan = getattr(cls, PLAN_ATTR)
        fixed = plan.disc
        parameters = [
            inspect.Parameter(
                field.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=field.default if field.has_default else inspect.Parameter.empty if field.required else None,
                annotation=field.annotation,
            )
            for field in plan.fields.values()
            if field.wire_name not in fixed
        ]
        return inspect.Signature(parameters, return_annotation=None)


def _replaceable(bases: Tuple[type, ...], name: str) -> bool:
    """Whether a new class may get a generated ``name``: what it inherits is Model's or generated.

    The bases' MROs are searched in order, which finds a hand-written method at least as
    soon as the class's own MRO would: a class that inherits one keeps it.
    """
    for base in bases:
        for klass in base.__mro__:
            attr = klass.__dict__.get(name)
            if attr is not None:
                function = getattr(attr, "__func__", attr)
                return getattr(function, REPLACEABLE_ATTR, False)
    return False


# ``ClassVar``, ``ClassVar[...]``, under any module prefix (``typing.``, ``typing_extensions.``, ``t.``).
_CLASSVAR_TEXT = re.compile(r"\s*(?:[A-Za-z_]\w*\.)*ClassVar\s*(?:\[|\Z)")


def _is_classvar(annotation: Any, module: Optional[str]) -> bool:
    """Whether an annotation is ``ClassVar`` (written as an object or as text, as with PEP 563).

    Text is evaluated in the declaring module and the object compared; text that names
    something not importable yet is judged by its spelling (``ClassVar[`` at its head,
    so ``ClassVariance`` is no ClassVar).
    """
    if isinstance(annotation, str):
        resolved = evaluate(annotation, module)
        if resolved is UNRESOLVED:
            return _CLASSVAR_TEXT.match(annotation) is not None
        annotation = resolved
    return annotation is ClassVar or get_origin(annotation) is ClassVar


@dataclass_transform(kw_only_default=True, field_specifiers=(rest_field, rest_discriminator))
class Model(Dict[str, Any], MutableMapping[str, Any], metaclass=_ModelMeta):
    """Base class of models that are at once the JSON ``dict`` and a typed object.

    Declare fields with :func:`rest_field` and a discriminator with
    :func:`rest_discriminator`; pass ``discriminator="value"`` in the class
    statement to register a subclass in its base's ``__mapping__``.
    """

    __slots__ = ()

    # Built for every class by ``__init_subclass__``; see ``_build_class``.
    __asev_plan__: ClassVar[ClassPlan]

    # A model is a dict, and CPython lets ``case Cls(x)`` bind the whole subject for
    # dict subclasses.  No positional sub-patterns: ``case Cls(x)`` raises TypeError,
    # ``case Cls(delta=x)`` reads the field.  Field order is not a contract (a generated
    # class follows its API version), so a positional pattern would silently change
    # meaning after an upgrade.  A class may declare its own ``__match_args__``.
    __match_args__: ClassVar[Tuple[str, ...]] = ()

    def __init_subclass__(cls, discriminator: Optional[str] = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _build_class(cls, discriminator)

    # -- construction -----------------------------------------------------------------

    if not TYPE_CHECKING:  # checkers see the keyword constructor dataclass_transform makes

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if len(args) > 1:
                raise TypeError(
                    f"{type(self).__name__}() takes at most one positional argument (a mapping of the "
                    f"JSON), {len(args)} were given"
                )
            try:
                if args:
                    self._asev_wrap_into(args[0])
                if kwargs or not args:
                    self._asev_apply_keywords(kwargs, bool(args))
                else:
                    self._asev_finish()
            except RecursionError:  # the guard of _errors.guarded, inline on this hot path
                raise ValidationError.too_deep(type(self).__name__) from None

        def __missing__(self, key: Any) -> Any:
            # dict's own lookup calls this for an absent key.  A field getter looks its
            # key up with an object of its own (RestField.lookup_key): that read answers
            # None; any other lookup is the mapping's and raises KeyError.
            if id(key) in type(self).__asev_plan__.lookup_keys:
                return None
            raise KeyError(key)

    def _asev_wrap_into(self, data: Any) -> None:
        cls = type(self)
        if not isinstance(data, _AbcMapping):
            raise TypeError(f"{cls.__name__}() takes a mapping of the JSON or keyword arguments, not {type(data).__name__}")
        wrappers = cls.__asev_plan__.wrappers
        for key, value in data.items():
            if not isinstance(key, str):
                raise TypeError(f"{cls.__name__}() keys must be str, got {describe_value(key)}")
            if value.__class__ not in SCALARS:
                entry = wrappers.get(key)
                if entry is None:
                    value = detach(value)
                elif value.__class__ not in entry[0]:
                    value = entry[1](value)
            _dict_set(self, key, value)

    def _asev_finish(self) -> None:
        """Trusting path: fill absent discriminators and defaults; reject a foreign discriminator."""
        cls = type(self)
        problems: List[Problem] = []
        _check_discriminators(cls, self, problems, self)
        if problems:
            raise ValidationError.from_problems(cls.__name__, problems)
        _fill_defaults(cls, self)

    def _asev_apply_keywords(self, kwargs: Dict[str, Any], have_mapping: bool) -> None:
        cls = type(self)
        plan = cls.__asev_plan__
        fields = plan.fields
        for name in kwargs:
            if name not in fields:
                raise TypeError(f"{cls.__name__}() got an unexpected keyword argument '{name}'")
        problems: List[Problem] = []
        disc = plan.disc
        if not have_mapping:
            # The class's own discriminator values come first in the data, as the Azure
            # base's generated __init__ passes them ahead of the caller's keywords.
            for disc_key, disc_value in plan.disc_items:
                _dict_set(self, disc_key, disc_value)
        for name, field in fields.items():
            key = field.wire_name
            value = kwargs.get(name)
            if value is not None:
                if value.__class__ in field.adapter.fast and key not in disc:
                    _dict_set(self, key, value)
                else:
                    keyword_value(self, problems, key, value, field.adapter.coerce, disc.get(key))
                continue
            if have_mapping and key in self:
                continue
            expected = disc.get(key)
            if expected is not None:
                _dict_set(self, key, expected)
            elif field.wire_default is not UNSET:
                _dict_set(self, key, detach(field.wire_default))
            elif field.required:
                report(problems, key, missing(field.adapter.expected))
        if have_mapping:
            _check_discriminators(cls, self, problems, self)
        if problems:
            raise ValidationError.from_problems(cls.__name__, problems)

    # -- the validating entry points --------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, validate: bool = True) -> Self:
        """Build the model from wire data; on a discriminated base, the subclass it names.

        With ``validate=True`` (the default) every field is checked at every depth and
        :class:`ValidationError` lists every problem.  With ``validate=False`` (the
        receiving path) the data is dispatched and wrapped as ``Cls(mapping)`` does:
        nothing is rejected for its value.  The input is not modified and shares no
        container with the result.
        """
        if not isinstance(data, _AbcMapping):
            raise ValidationError.not_an_object(cls.__name__, data, data)
        if not validate:
            received: Self = guarded(cls.__name__, data, cls._asev_wrap, data)
            return received
        problems: List[Problem] = []
        instance: Self = guarded(cls.__name__, data, cls._asev_parse, data, problems)
        if problems:
            raise ValidationError.from_problems(type(instance).__name__, problems, data)
        return instance

    @classmethod
    def from_json(cls, text: Union[str, bytes, bytearray], *, validate: bool = True) -> Self:
        """Decode JSON text and build the model as :meth:`from_dict` does.

        Text that is not JSON (``NaN`` and ``Infinity`` are not), or not a JSON object,
        raises :class:`ValidationError` saying where it broke, with the text as ``data``.
        """
        # The hot path of a receive loop: decoding and the deep-data guard are inline.
        try:
            data = _loads(text, strict_scan)
        except DECODE_ERRORS as exc:
            raise ValidationError.single(cls.__name__, "$", "JSON", describe_error(exc), text, value=text) from None
        if data.__class__ is not dict:
            raise ValidationError.not_an_object(cls.__name__, data, text)
        problems: List[Problem] = []
        try:
            instance: Self = cls.__asev_plan__.parse_owned(data, problems) if validate else cls._asev_wrap_owned(data)
        except RecursionError:
            raise ValidationError.too_deep(cls.__name__, text) from None
        if problems:
            # The check converted nested containers of ``data`` in place; the error
            # carries the data as decoded, so decode it again (only on this path).
            raise ValidationError.from_problems(type(instance).__name__, problems, _loads(text))
        return instance

    def validate(self) -> None:
        """Check the data this model holds now; raise :class:`ValidationError` on problems."""
        problems: List[Problem] = []
        guarded(type(self).__name__, self, type(self)._asev_check_into, self, problems)
        if problems:
            raise ValidationError.from_problems(type(self).__name__, problems, self)

    @classmethod
    def _asev_resolve(cls, data: Mapping[str, Any]) -> Any:
        """Follow ``__mapping__`` registries, level by level, to the class the data names."""
        target: Any = cls
        while True:
            dispatch = target.__asev_plan__.dispatch
            if dispatch is None:
                return target
            value = data.get(dispatch[0])
            if value.__class__ is not str and not isinstance(value, str):
                return target
            subclass = dispatch[1].get(value)
            if subclass is None:
                # A class registered at a deeper level on the same key, or nothing.
                subclass = dispatch[2].get(value)
                if subclass is None:
                    return target
            if subclass is target:
                return target
            target = subclass

    @classmethod
    def _asev_wrap(cls, data: Mapping[str, Any]) -> Any:
        """The trusting path for nested data: dispatch, then ``Cls(mapping)``."""
        target = cls._asev_resolve(data) if cls.__asev_plan__.dispatch is not None else cls
        instance = _dict_new(target)
        instance._asev_wrap_into(data)
        instance._asev_finish()
        return instance

    @classmethod
    def _asev_wrap_owned(cls, data: Dict[str, Any]) -> Any:
        """The trusting path for a fresh dict nobody else holds: no copy of what needs no wrapping."""
        target = cls._asev_resolve(data) if cls.__asev_plan__.dispatch is not None else cls
        instance = _dict_new(target)
        _dict_update(instance, data)
        nested = target.__asev_plan__.nested
        if nested is None:
            nested = _nested_fields(target)
        for key, wrap in nested:
            value = _dict_get(data, key)
            if value.__class__ is dict or value.__class__ is list:
                _dict_set(instance, key, wrap(value))
        instance._asev_finish()
        return instance

    @classmethod
    def _asev_parse(cls, data: Mapping[str, Any], problems: List[Problem]) -> Any:
        """The checking path for data someone else holds: dispatch, copy, check; problems are appended.

        Freshly decoded data (nobody else holds it) goes through the plan's generated
        ``parse_owned`` instead, which keeps its containers.
        """
        target = cls._asev_resolve(data) if cls.__asev_plan__.dispatch is not None else cls
        plan = target.__asev_plan__
        instance = _dict_new(target)
        wire = plan.by_wire
        for key, value in data.items():
            if not isinstance(key, str):
                problems.append(key_problem(key))
                continue
            if value.__class__ not in SCALARS and key not in wire:
                value = detach(value)
            _dict_set(instance, key, value)
        plan.check(data, problems, instance)
        if plan.defaults:
            _fill_defaults(target, instance)
        return instance

    @classmethod
    def _asev_check_into(cls, instance: Mapping[str, Any], problems: List[Problem]) -> None:
        """Check held data in place (``validate()`` and nested model instances)."""
        cls.__asev_plan__.check(instance, problems, None)

    # -- output -----------------------------------------------------------------------

    def as_dict(self, *, exclude_readonly: bool = False) -> Dict[str, Any]:
        """A new plain ``dict`` of the data, nested models as plain dicts, ready for ``json.dump``.

        Nothing in it is shared with the model.  ``exclude_readonly`` leaves out
        read-only fields at every depth.
        """
        if SCALARS_SUPERSET(map(type, _dict_values(self))):  # a flat event
            if not exclude_readonly:
                return _dict_copy(self)  # one C-level copy
            readonly = type(self).__asev_plan__.readonly
            return {key: value for key, value in _dict_items(self) if key not in readonly}
        result: Dict[str, Any] = _plain(self, exclude_readonly)
        return result

    def to_dict(self, *, exclude_readonly: bool = False) -> Dict[str, Any]:
        """The same as :meth:`as_dict`."""
        return self.as_dict(exclude_readonly=exclude_readonly)

    def to_json(self, *, exclude_readonly: bool = False, **json_kwargs: Any) -> str:
        """``json.dumps`` of :meth:`as_dict`; keyword arguments go to ``json.dumps``.

        ``NaN`` and infinities are refused (``ValueError``) unless ``allow_nan=True`` is
        passed: they are not JSON.
        """
        data: Any = self.as_dict(exclude_readonly=True) if exclude_readonly else self
        if not json_kwargs:
            # One shared encoder: json.dumps with any keyword builds a new one per call.
            return _ENCODER.encode(data)
        json_kwargs.setdefault("allow_nan", False)
        # The model and its nested models are dicts already: no copy is needed.
        return json.dumps(data, **json_kwargs)

    # -- the object -------------------------------------------------------------------

    def copy(self) -> Self:
        """A shallow copy of the same class."""
        new = _dict_new(type(self))
        _dict_update(new, self)
        return new

    __copy__ = copy

    def __deepcopy__(self, memo: Dict[int, Any]) -> Self:
        # A loop, not recursion: the data may be nested hundreds of levels deep.
        def same_class(model: Any) -> Tuple[Any, Any]:
            return _dict_new(type(model)), _dict_items(model)

        import copy  # only deepcopy needs it (and brings it loaded anyway)

        def deep(other: Any) -> Any:
            return copy.deepcopy(other, memo)

        result: Self = copy_tree(self, same_class, deep, memo)
        return result

    def __reduce__(self) -> Tuple[Any, ...]:
        # The pickler recurses twice per level of nesting and fails at a few hundred
        # levels, which JSON allows; a flat table of containers pickles at any depth.
        return (_unflatten, (_flatten(self),))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


def _flatten(root: Any) -> List[Tuple[Any, Any]]:
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
            kind: Any = type(value) if isinstance(value, Model) else dict
            rows[index] = (kind, [(key, ref(item)) for key, item in _dict_items(value)])
        else:
            rows[index] = (tuple if isinstance(value, tuple) else list, [ref(item) for item in value])
    return rows


def _unflatten(rows: List[Tuple[Any, Any]]) -> Any:
    """Rebuild what :func:`_flatten` recorded, without re-checking, at any depth."""
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


def _plain(value: Any, exclude_readonly: bool) -> Any:
    """Plain JSON data: models become dicts (without read-only keys if asked), at any depth."""
    if exclude_readonly:

        def as_plain(model: Any) -> Tuple[Any, Any]:
            readonly = type(model).__asev_plan__.readonly
            return {}, [(key, item) for key, item in _dict_items(model) if key not in readonly]

    else:

        def as_plain(model: Any) -> Tuple[Any, Any]:
            return {}, _dict_items(model)

    return copy_tree(value, as_plain)


def _check_discriminators(cls: Any, data: Mapping[str, Any], problems: List[Problem], into: Optional[Model]) -> None:
    """Each discriminator must be the class's own value; ``into`` gets absent ones filled in.

    Without ``into`` (checking held data) an absent discriminator is a problem.
    """
    for key, expected in cls.__asev_plan__.disc_items:
        value = data.get(key, MISSING)
        if value.__class__ is not str or value != expected:
            check_discriminator(problems, into, key, value, expected)


def _nested_fields(cls: Any) -> Tuple[Tuple[str, Any], ...]:
    """``(wire key, wrap_owned)`` of the fields that can hold a model; worked out on first use.

    Forward references must resolve to tell, so this cannot run at class creation.
    Two threads that get here at once compute equal tables; either one is stored.
    """
    plan: ClassPlan = cls.__asev_plan__
    nested = tuple((field.wire_name, field.adapter.wrap_owned) for field in plan.fields.values() if field.adapter.nests)
    plan.publish("nested", nested)
    return nested


def _fill_defaults(cls: Any, instance: Model) -> None:
    for key, default in cls.__asev_plan__.defaults:
        if key not in instance:
            _dict_set(instance, key, detach(default))


# -- class creation ------------------------------------------------------------------------


def _build_class(cls: Any, discriminator: Optional[str]) -> None:
    """Compute and freeze everything ``cls`` needs at run time; ``TypeError`` on a bad declaration."""
    own = cls.__dict__
    annotations: Dict[str, Any] = own.get("__annotations__", {})
    localns = {cls.__name__: cls}

    own_fields: List[RestField] = []
    for attr, value in own.items():
        if not isinstance(value, RestField):
            continue
        if attr.startswith("_"):
            raise TypeError(
                f"{cls.__qualname__}.{attr}: field names may not start with an underscore; "
                f"name the attribute without it and keep the key with rest_field(name={attr!r})"
            )
        if attr in _RESERVED_NAMES:
            raise TypeError(
                f"{cls.__qualname__}.{attr}: a field named {attr!r} would hide the mapping method "
                f"{attr}(); name the attribute {attr}_property and keep the key with rest_field(name={attr!r})"
            )
        if attr not in annotations:
            raise TypeError(
                f"{cls.__qualname__}.{attr} has no annotation: write `{attr}: <type> = rest_field(...)` "
                "so the field knows what to check"
            )
        value._bind(cls, attr, annotations[attr], localns)
        own_fields.append(value)
    for attr, annotation in annotations.items():
        if attr.startswith("_") or attr in own and isinstance(own[attr], RestField) or _is_classvar(annotation, cls.__module__):
            continue
        raise TypeError(
            f"{cls.__qualname__}.{attr} is annotated but is not a field: declare it "
            f"`{attr}: ... = rest_field()` or annotate it ClassVar[...]"
        )

    # Inherited fields, base classes first (dataclasses order); a redeclared field
    # keeps its inherited position.  The bases' tables are read, never changed.
    merged: Dict[str, RestField] = {}
    for klass in reversed(cls.__mro__[1:]):
        base_plan = klass.__dict__.get(PLAN_ATTR)
        for field in base_plan.own if base_plan is not None else ():
            merged[field.name] = field
    for field in own_fields:
        merged[field.name] = field
    by_wire: Dict[str, RestField] = {}
    for field in merged.values():
        other = by_wire.get(field.wire_name)
        if other is not None and other.is_discriminator and field.is_discriminator:
            continue  # two names for one tag (generated code's `type` and `field_type`): both read it
        if other is not None:
            raise TypeError(
                f"{cls.__qualname__}: fields {other.name!r} and {field.name!r} both use the JSON key "
                f"{field.wire_name!r}; give one of them another rest_field(name=...)"
            )
        by_wire[field.wire_name] = field

    inherited_keys: FrozenSet[str] = frozenset().union(
        *(plan.dispatch_keys for base in cls.__bases__ for plan in [getattr(base, PLAN_ATTR, None)] if plan is not None)
    )
    dispatch = _dispatch_of(cls, merged, own_fields, inherited_keys)
    disc = _register(cls, discriminator)

    checked = tuple(
        (field.wire_name, field.adapter.fast, field.adapter, field.required, field.adapter.expected)
        for field in merged.values()
        if field.wire_name not in disc
    )
    readonly = frozenset(field.wire_name for field in merged.values() if field.readonly)
    tags = tuple(
        (field.wire_name, values)
        for field in merged.values()
        if field.required and not field.is_discriminator
        for values in [literal_values(field.adapter)]
        if values is not None
    )
    soft_tags = tuple(
        (field.wire_name, values)
        for field in merged.values()
        if not field.required and not field.is_discriminator
        for values in [optional_literal_values(field.adapter)]
        if values is not None and len(values) == 1
    )
    # Every field getter of the MRO, overridden ones too: Base.field.__get__(sub) reads None as well.
    lookup_keys = frozenset([id(field.lookup_key) for field in own_fields if field.lookup_key is not None]).union(
        *[plan.lookup_keys for base in cls.__bases__ for plan in [base.__dict__.get(PLAN_ATTR)] if plan is not None]
    )
    plan = ClassPlan(
        fields=MappingProxyType(merged),
        own=tuple(own_fields),
        by_wire=MappingProxyType(by_wire),
        wrappers=MappingProxyType({field.wire_name: (field.adapter.fast, field.adapter.wrap) for field in merged.values()}),
        checked=checked,
        disc=MappingProxyType(disc),
        disc_items=tuple(disc.items()),
        dispatch=dispatch,
        dispatch_keys=inherited_keys | ({dispatch[0]} if dispatch else set()),
        defaults=tuple((field.wire_name, field.wire_default) for field in merged.values() if field.wire_default is not UNSET),
        readonly=readonly,
        tags=tags,
        soft_tags=soft_tags,
        check=lazy_checker(cls, owned=False),
        check_owned=lazy_checker(cls, owned=True),
        parse_owned=lazy_parser(cls),
        nested=None,
        lookup_keys=lookup_keys,
    )
    type.__setattr__(cls, PLAN_ATTR, plan)


def _dispatch_of(
    cls: Any, merged: Dict[str, RestField], own_fields: List[RestField], inherited_keys: FrozenSet[str]
) -> Optional[Dispatch]:
    """The (wire key, registry, deeper) this class dispatches on, if it declares ``__mapping__``."""
    registry = cls.__dict__.get(_MAPPING_ATTR)
    if registry is None:
        return None
    if not isinstance(registry, dict):
        raise TypeError(f"{cls.__qualname__}.{_MAPPING_ATTR} must be a dict, e.g. `__mapping__ = {{}}`")
    # A level's discriminator is the one it declares that no outer level already uses
    # (a message item dispatches on "role" after its base dispatched on "type").
    candidates = [f for f in own_fields if f.is_discriminator and f.wire_name not in inherited_keys]
    if not candidates:
        candidates = [f for f in merged.values() if f.is_discriminator and f.wire_name not in inherited_keys]
    if not candidates:
        reused = [f for f in own_fields if f.is_discriminator] or [f for f in merged.values() if f.is_discriminator]
        if reused:
            # Every discriminator is already used by an outer level: this level reuses
            # that key (Pet(kind) -> Bird "bird" -> Parrot "parrot").  Its registry holds
            # the next level down; outer levels learn of those classes too (_register).
            return (reused[0].wire_name, registry, {})
        raise TypeError(
            f"{cls.__qualname__} declares {_MAPPING_ATTR} but no discriminator field: add e.g. "
            '`type: str = rest_discriminator(name="type")`'
        )
    return (candidates[0].wire_name, registry, {})


def _register(cls: Any, discriminator: Any) -> Dict[str, str]:
    """Record ``cls`` under its discriminator value and return all its discriminator values."""
    disc: Dict[str, str] = {}
    for base in reversed(cls.__mro__[1:]):
        base_plan = base.__dict__.get(PLAN_ATTR)
        if base_plan is not None:
            disc.update(base_plan.disc)
    if discriminator is None:
        return disc
    value = discriminator.value if isinstance(discriminator, enum.Enum) else discriminator
    if not isinstance(value, str):
        raise TypeError(f"{cls.__qualname__}: discriminator must be a str, not {discriminator!r}")
    owners = []
    for base in cls.__bases__:
        if not hasattr(base, _MAPPING_ATTR):
            continue
        owner = next(k for k in base.__mro__ if _MAPPING_ATTR in k.__dict__)
        if owner not in owners:
            owners.append(owner)
    if not owners:
        raise TypeError(
            f"{cls.__qualname__}: discriminator={value!r} needs a base class that declares "
            f"`{_MAPPING_ATTR}: ClassVar[dict[str, type[Model]]] = {{}}` and a rest_discriminator field"
        )
    for owner in owners:
        dispatch = _declared_dispatch(owner)
        if dispatch is None or dispatch[1] is not owner.__dict__[_MAPPING_ATTR]:
            raise TypeError(
                f"{cls.__qualname__}: base {owner.__qualname__} declares {_MAPPING_ATTR} but no discriminator "
                'field to dispatch on: add e.g. `kind: str = rest_discriminator(name="kind")` to it'
            )
        key, registry, _ = dispatch
        # The owner's level, then outer levels that dispatch on the same key (Pet above Bird).
        levels = [(owner, dispatch)] + [
            (base, outer)
            for base in owner.__mro__[1:]
            for outer in [_declared_dispatch(base)]
            if outer is not None and outer[0] == key
        ]
        for level, (_, level_registry, deeper) in levels:
            existing = level_registry.get(value) or deeper.get(value)
            if existing is not None and (existing.__module__, existing.__qualname__) != (cls.__module__, cls.__qualname__):
                raise TypeError(
                    f"{cls.__qualname__}: discriminator {value!r} is already claimed by {existing.__qualname__} in "
                    f"{level.__qualname__}.{_MAPPING_ATTR}; give one of them another discriminator value"
                )
        registry[value] = cls
        for _, (_, _, deeper) in levels[1:]:
            deeper[value] = cls  # dispatch from an outer level reaches it directly
        disc[key] = value
    return disc


def _declared_dispatch(klass: Any) -> Optional[Dispatch]:
    """The dispatch of a class that declares its own ``__mapping__`` (not an inherited one), else ``None``."""
    plan = klass.__dict__.get(PLAN_ATTR)
    return plan.dispatch if plan is not None else None


# -- the generated constructors' stand-ins (see _stand_ins and _codegen) -----------------------

# One code object per constructor, shared; each class gets functions of its own over it,
# with globals of their own, so that the first call can turn the function itself into
# the generated one (_codegen.become): a reference someone kept to it stays fast.
_stand_in_templates = _stand_ins.TEMPLATES
_MODEL_INIT = Model.__dict__["__init__"]
_MODEL_FROM_DICT = Model.__dict__["from_dict"].__func__
_GENERAL = {"__init__": _MODEL_INIT, "from_dict": _MODEL_FROM_DICT}
setattr(_MODEL_INIT, REPLACEABLE_ATTR, True)
setattr(_MODEL_FROM_DICT, REPLACEABLE_ATTR, True)


def _stand_in(name: str) -> Any:
    """A fresh stand-in ``__init__`` or ``from_dict`` (its class is filled in when the class exists)."""
    template = _stand_in_templates[name]
    function = FunctionType(template.__code__, {"_asev_generate": _generate, "__builtins__": builtins})
    function.__kwdefaults__ = template.__kwdefaults__
    setattr(function, REPLACEABLE_ATTR, True)
    function.__globals__["_asev_stand_in"] = function
    return function


def _generate(stand_in: Any) -> Any:
    """On a stand-in's first call: compile its class's function into it; return what to call.

    Threads that make the first call at once each compile an identical function and
    turn the stand-in into it; every one of them then calls a correct function.
    """
    name = stand_in.__name__
    cls = stand_in.__globals__["_asev_owner"]
    if not can_generate(cls):
        return _GENERAL[name]
    if stand_in.__code__ is _stand_in_templates[name].__code__:
        compile_ = compile_init if name == "__init__" else compile_from_dict
        become(stand_in, compile_(cls, _GENERAL[name]))
    return stand_in


def _init_base() -> None:
    # Model itself has no fields; give it the same (empty) tables as its subclasses.
    _build_class(Model, None)


_init_base()

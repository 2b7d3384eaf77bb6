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

import json
import sys
from abc import ABCMeta
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Dict,
    List,
    Mapping,
    MutableMapping,
    Optional,
    Tuple,
    Union,
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
from ._build import build_class
from ._errors import Problem, ValidationError, guarded
from ._fields import rest_discriminator, rest_field
from ._jsondata import SCALARS_SUPERSET, copy_tree, flatten, plain
from ._jsondata import unflatten as _unflatten  # the name pickles of earlier releases refer to
from ._plan import PLAN_ATTR, ClassPlan

__all__ = ["Model", "check_data"]

_dict_new = dict.__new__
_dict_items = dict.items
_dict_values = dict.values
_dict_copy = dict.copy
_dict_update = dict.update
_ENCODER = json.JSONEncoder(allow_nan=False)


class _ModelMeta(ABCMeta):
    """Gives every model class ``__slots__ = ()`` unless it declares its own.

    The data lives in the dict itself; an instance ``__dict__`` would be a second,
    untyped place to put it (and ``ev.audio_end_msx = 5`` would silently succeed).
    ``ABCMeta`` is the base because ``Model`` declares ``MutableMapping`` as a base.
    """

    def __new__(mcls, name: str, bases: Tuple[type, ...], namespace: Dict[str, Any], **kwargs: Any) -> Any:
        namespace.setdefault("__slots__", ())
        # Stand-ins for the generated constructors (see _stand_ins) go in
        # before the class exists: setting __init__ on a class afterwards costs a slot
        # update per class at import.
        stand_ins = []
        for constructor, is_classmethod in _stand_ins.CONSTRUCTORS:
            if constructor not in namespace and _replaceable(bases, constructor):
                stand_ins.append(_stand_ins.stand_in(constructor))
                namespace[constructor] = classmethod(stand_ins[-1]) if is_classmethod else stand_ins[-1]
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        for function in stand_ins:
            _stand_ins.adopt(function, cls)
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
                return getattr(function, _stand_ins.REPLACEABLE_ATTR, False)
    return False


@dataclass_transform(kw_only_default=True, field_specifiers=(rest_field, rest_discriminator))
class Model(Dict[str, Any], MutableMapping[str, Any], metaclass=_ModelMeta):
    """Base class of models that are at once the JSON ``dict`` and a typed object.

    Declare fields with :func:`rest_field` and a discriminator with
    :func:`rest_discriminator`; pass ``discriminator="value"`` in the class
    statement to register a subclass in its base's ``__mapping__``.
    """

    __slots__ = ()

    # Built for every class by ``__init_subclass__``; see ``_build.build_class``.
    __asev_plan__: ClassVar[ClassPlan]

    # A model is a dict, and CPython lets ``case Cls(x)`` bind the whole subject for
    # dict subclasses.  No positional sub-patterns: ``case Cls(x)`` raises TypeError,
    # ``case Cls(delta=x)`` reads the field.  Field order is not a contract (a generated
    # class follows its API version), so a positional pattern would silently change
    # meaning after an upgrade.  A class may declare its own ``__match_args__``.
    __match_args__: ClassVar[Tuple[str, ...]] = ()

    def __init_subclass__(cls, discriminator: Optional[str] = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        build_class(cls, discriminator)

    # -- construction: normalise the call, then the class's generated function (_codegen) --

    if not TYPE_CHECKING:  # checkers see the keyword constructor dataclass_transform makes

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Reached by a class without a generated __init__ of its own (Model itself, a
            # hand-written __init__ calling super().__init__): the class's own does the work.
            type(self).__asev_plan__.init(self, *args, **kwargs)

        def __missing__(self, key: Any) -> Any:
            # dict's own lookup calls this for an absent key.  A field getter looks its
            # key up with an object of its own (RestField.lookup_key): that read answers
            # None; any other lookup is the mapping's and raises KeyError.
            if id(key) in type(self).__asev_plan__.lookup_keys:
                return None
            raise KeyError(key)

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
        result: Self = cls.__asev_plan__.from_dict(cls, data, validate=validate)
        return result

    @classmethod
    def from_json(cls, text: Union[str, bytes, bytearray], *, validate: bool = True) -> Self:
        """Decode JSON text and build the model as :meth:`from_dict` does.

        Text that is not JSON (``NaN`` and ``Infinity`` are not), or not a JSON object,
        raises :class:`ValidationError` saying where it broke, with the text as ``data``.
        With ``validate=False`` (the receiving path) only the top level is built: a nested
        object becomes its model when the typed view first reads it (docs/design.md).
        """
        result: Self = cls.__asev_plan__.from_json(cls, text, validate=validate)
        return result

    def validate(self) -> None:
        """Check the data this model holds now; raise :class:`ValidationError` on problems."""
        problems: List[Problem] = []
        guarded(type(self).__name__, self, type(self).__asev_plan__.check, self, problems, None)
        if problems:
            raise ValidationError.from_problems(type(self).__name__, problems, self)

    @classmethod
    def _asev_wrap(cls, data: Mapping[str, Any]) -> Any:
        """The trusting path for nested data (``ModelClass``): dispatch, then ``Cls(mapping)``."""
        return cls.__asev_plan__.wrap(data)

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
        result: Dict[str, Any] = plain(self, exclude_readonly)
        return result

    def to_dict(self, *, exclude_readonly: bool = False) -> Dict[str, Any]:
        """The same as :meth:`as_dict`."""
        return self.as_dict(exclude_readonly=exclude_readonly)

    def to_json(self, *, exclude_readonly: bool = False, **json_kwargs: Any) -> str:
        """``json.dumps`` of :meth:`as_dict`; keyword arguments go to ``json.dumps``.

        ``NaN`` and infinities are refused (``ValueError``) unless ``allow_nan=True`` is
        passed: they are not JSON.  So is data nested deeper than ``json`` can write
        (thousands of levels, only possible in data built in Python): ``ValueError``.
        """
        data: Any = self.as_dict(exclude_readonly=True) if exclude_readonly else self
        try:
            if not json_kwargs:
                # One shared encoder: json.dumps with any keyword builds a new one per call.
                return _ENCODER.encode(data)
            json_kwargs.setdefault("allow_nan", False)
            # The model and its nested models are dicts already: no copy is needed.
            return json.dumps(data, **json_kwargs)
        except RecursionError:
            raise ValueError(f"{type(self).__name__}: nested too deeply to write as JSON") from None

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
        return (_unflatten, (flatten(self),))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


# Model's own constructors are replaceable: a subclass gets generated ones (see _stand_ins).
setattr(Model.__dict__["__init__"], _stand_ins.REPLACEABLE_ATTR, True)
setattr(Model.__dict__["from_dict"].__func__, _stand_ins.REPLACEABLE_ATTR, True)
setattr(Model.__dict__["from_json"].__func__, _stand_ins.REPLACEABLE_ATTR, True)
# Model itself has no fields; give it the same (empty) tables as its subclasses.
build_class(Model, None)


def check_data(cls: Any, data: Mapping[str, Any], problems: List[Problem], *, owned: bool) -> Any:
    """Check event data against the class it names (dispatched from ``cls``) without building it.

    Returns that class; problems are appended, as a ``from_dict`` would report them.
    With ``owned`` (freshly decoded JSON nobody else holds) nested containers may be
    converted in place; otherwise ``data`` is left as it is.  Deep data raises
    ``RecursionError``, for the caller to report as it reports other problems.
    """
    plan: ClassPlan = cls.__asev_plan__
    target = plan.resolve(data) if plan.dispatch is not None else cls
    checker = target.__asev_plan__.check_owned if owned else target.__asev_plan__.check
    checker(data, problems, {})  # converted values go to a scratch dict; absent tags are not problems
    return target

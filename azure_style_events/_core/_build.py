"""Class creation: turn a model class's declarations into its frozen plan, once.

``Model.__init_subclass__`` calls :func:`build_class` for every new class (as
``dataclasses._process_class`` runs for a decorated one).  It binds the fields the
class body declares, merges the inherited ones in MRO order, registers the class in
its bases' ``__mapping__`` registries and freezes the result into one
:class:`~._plan.ClassPlan`.  Every mistake in a declaration is a ``TypeError`` here,
naming the class, the attribute and the fix.  Nothing in this module runs afterwards.
"""

from __future__ import annotations

import enum
import re
from types import MappingProxyType
from typing import Any, ClassVar, Dict, FrozenSet, List, Optional, get_origin

from ._adapters import literal_values, optional_literal_values
from ._annotations import UNRESOLVED, evaluate
from ._codegen import compile_entry
from ._fields import UNSET, RestField
from ._plan import PLAN_ATTR, ClassPlan, Dispatch

__all__ = ["MAPPING_ATTR", "RESERVED_NAMES", "build_class"]

#: The class attribute generated code uses for a discriminated base's registry.
MAPPING_ATTR = "__mapping__"

#: Attribute names a field may not take: they would hide a mapping or model method.
RESERVED_NAMES: FrozenSet[str] = frozenset(
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

# ``ClassVar``, ``ClassVar[...]``, under any module prefix (``typing.``, ``typing_extensions.``, ``t.``).
_CLASSVAR_TEXT = r"\s*(?:[A-Za-z_]\w*\.)*ClassVar\s*(?:\[|\Z)"  # compiled by `re` on first use


def _is_classvar(annotation: Any, module: Optional[str]) -> bool:
    """Whether an annotation is ``ClassVar`` (written as an object or as text, as with PEP 563).

    Text is evaluated in the declaring module and the object compared; text that names
    something not importable yet is judged by its spelling (``ClassVar[`` at its head,
    so ``ClassVariance`` is no ClassVar).
    """
    if isinstance(annotation, str):
        resolved = evaluate(annotation, module)
        if resolved is UNRESOLVED:
            return re.match(_CLASSVAR_TEXT, annotation) is not None
        annotation = resolved
    return annotation is ClassVar or get_origin(annotation) is ClassVar


def build_class(cls: Any, discriminator: Optional[str]) -> None:
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
        if attr in RESERVED_NAMES:
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
        owner=cls,
        fields=MappingProxyType(merged),
        own=tuple(own_fields),
        by_wire=MappingProxyType(by_wire),
        checked=checked,
        disc=MappingProxyType(disc),
        dispatch=dispatch,
        dispatch_keys=inherited_keys | ({dispatch.key} if dispatch else set()),
        defaults=tuple((field.wire_name, field.wire_default) for field in merged.values() if field.wire_default is not UNSET),
        readonly=readonly,
        tags=tags,
        soft_tags=soft_tags,
        lookup_keys=lookup_keys,
        compile=compile_entry,
    )
    type.__setattr__(cls, PLAN_ATTR, plan)


def _dispatch_of(
    cls: Any, merged: Dict[str, RestField], own_fields: List[RestField], inherited_keys: FrozenSet[str]
) -> Optional[Dispatch]:
    """The (wire key, registry, deeper) this class dispatches on, if it declares ``__mapping__``."""
    registry = cls.__dict__.get(MAPPING_ATTR)
    if registry is None:
        return None
    if not isinstance(registry, dict):
        raise TypeError(f"{cls.__qualname__}.{MAPPING_ATTR} must be a dict, e.g. `__mapping__ = {{}}`")
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
            return Dispatch(reused[0].wire_name, registry, {})
        raise TypeError(
            f"{cls.__qualname__} declares {MAPPING_ATTR} but no discriminator field: add e.g. "
            '`type: str = rest_discriminator(name="type")`'
        )
    return Dispatch(candidates[0].wire_name, registry, {})


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
        if not hasattr(base, MAPPING_ATTR):
            continue
        owner = next(k for k in base.__mro__ if MAPPING_ATTR in k.__dict__)
        if owner not in owners:
            owners.append(owner)
    if not owners:
        raise TypeError(
            f"{cls.__qualname__}: discriminator={value!r} needs a base class that declares "
            f"`{MAPPING_ATTR}: ClassVar[dict[str, type[Model]]] = {{}}` and a rest_discriminator field"
        )
    for owner in owners:
        dispatch = _declared_dispatch(owner)
        if dispatch is None or dispatch.registry is not owner.__dict__[MAPPING_ATTR]:
            raise TypeError(
                f"{cls.__qualname__}: base {owner.__qualname__} declares {MAPPING_ATTR} but no discriminator "
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
                    f"{level.__qualname__}.{MAPPING_ATTR}; give one of them another discriminator value"
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

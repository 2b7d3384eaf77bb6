"""The per-class plan: everything a model class needs at run time, in one read-only object.

``_model`` builds one :class:`ClassPlan` per class when the class is created and
keeps it as the class attribute ``__asev_plan__`` (as ``dataclasses`` keeps
``__dataclass_fields__`` and attrs ``__attrs_attrs__``).  Nothing is computed on
instances, and no plan is shared between classes.

Two entries are filled in on first use, because they cost as much as the rest of
class creation and most classes of a catalog are never used in one process: the
generated functions (``check``, ``check_owned``, ``parse_owned``) start as stand-ins that compile the
real one, and ``nested`` starts as ``None``.  Publishing one is a single attribute
write, so threads that race get equal values and every caller a correct one.

:class:`ModelClass` is what the type layer (``_adapters``) calls on a model class; it
sits here, below both, so that the call is written down and type-checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, FrozenSet, List, Mapping, Optional, Protocol, Tuple

from ._errors import Problem

if TYPE_CHECKING:  # annotations only: _fields imports the type layer, which imports this
    from ._fields import RestField

__all__ = ["PLAN_ATTR", "ClassPlan", "Checker", "Dispatch", "ModelClass"]

#: The class attribute holding a model class's plan.
PLAN_ATTR = "__asev_plan__"

#: ``check(data, problems, into)``: every field and discriminator of one class, generated.
Checker = Callable[[Mapping[str, Any], List[Problem], Any], None]

#: ``(wire key, __mapping__, classes registered deeper on the same key)``.
Dispatch = Tuple[str, Dict[str, Any], Dict[str, Any]]


class ClassPlan:
    """One model class's tables, built once; read-only (``AttributeError`` on assignment).

    ``__mapping__`` registries inside ``dispatch`` stay ordinary dicts: registering a
    subclass adds to its bases' registries, as on the Azure base.
    """

    __slots__ = (
        "fields",
        "own",
        "by_wire",
        "wrappers",
        "checked",
        "disc",
        "disc_items",
        "dispatch",
        "dispatch_keys",
        "defaults",
        "readonly",
        "tags",
        "soft_tags",
        "check",
        "check_owned",
        "parse_owned",
        "nested",
        "lookup_keys",
    )

    fields: Mapping[str, RestField]
    """Attribute name -> field, every field of the class, inherited first."""
    own: Tuple[RestField, ...]
    """The fields declared in this class's body."""
    by_wire: Mapping[str, RestField]
    """JSON key -> field."""
    wrappers: Mapping[str, Tuple[FrozenSet[type], Any]]
    """JSON key -> (classes that are stored as they are, the trusting wrap of the rest)."""
    checked: Tuple[Tuple[Any, ...], ...]
    """``(key, fast classes, adapter, required, expected)`` per field the checker checks."""
    disc: Mapping[str, str]
    """JSON key -> this class's discriminator value, for every level above it."""
    disc_items: Tuple[Tuple[str, str], ...]
    dispatch: Optional[Dispatch]
    """Set when the class declares its own ``__mapping__``."""
    dispatch_keys: FrozenSet[str]
    """The keys this class and its bases dispatch on."""
    defaults: Tuple[Tuple[str, Any], ...]
    """JSON key -> default in wire form, filled in at construction."""
    readonly: FrozenSet[str]
    """JSON keys of read-only fields (left out by ``as_dict(exclude_readonly=True)``)."""
    tags: Tuple[Tuple[str, Tuple[Any, ...]], ...]
    """Required literal fields: JSON key -> the values that tag this class."""
    soft_tags: Tuple[Tuple[str, Tuple[Any, ...]], ...]
    """Optional one-value literal fields (``Optional[Literal["audio/pcm"]]``): in a union whose
    members differ in them, they tag the class when present."""
    check: Checker
    """The generated checker (a stand-in that compiles it until first use)."""
    check_owned: Checker
    """The same for data nobody else holds: nested containers are converted in place."""
    parse_owned: Callable[[Dict[str, Any], List[Problem]], Any]
    """Build and check a model from data nobody else holds, dispatching first (generated)."""
    nested: Optional[Tuple[Tuple[str, Any], ...]]
    """``(JSON key, wrap_owned)`` of fields that can hold a model; ``None`` until first use."""
    lookup_keys: FrozenSet[int]
    """``id()`` of the key objects field getters look up with: an absent one reads ``None``."""

    def __init__(self, **entries: Any) -> None:
        for name in self.__slots__:
            object.__setattr__(self, name, entries.pop(name))
        if entries:
            raise TypeError(f"ClassPlan got unknown entries {sorted(entries)}")

    def publish(self, name: str, value: Any) -> None:
        """Fill in an entry computed on first use (``check``, ``check_owned``, ``parse_owned``, ``nested``)."""
        if name not in ("check", "check_owned", "parse_owned", "nested"):
            raise AttributeError(f"ClassPlan.{name} is computed once, at class creation")
        object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a class plan is read-only (tried to set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a class plan is read-only (tried to delete {name!r})")

    def __repr__(self) -> str:
        names = ", ".join(self.fields)
        return f"<ClassPlan fields=({names}) dispatch={self.dispatch[0] if self.dispatch else None!r}>"


class ModelClass(Protocol):
    """What the type layer calls on a model class (``_model.Model`` implements it)."""

    __asev_plan__: ClassPlan

    def _asev_parse(self, data: Mapping[str, Any], problems: List[Problem]) -> Any:
        """Dispatch, build (copying what it keeps) and check; problems are appended."""

    def _asev_wrap(self, data: Mapping[str, Any]) -> Any:
        """Dispatch and build, trusting the data (copies what it keeps)."""

    def _asev_wrap_owned(self, data: Dict[str, Any]) -> Any:
        """The same for a fresh dict nobody else holds."""

    def _asev_resolve(self, data: Mapping[str, Any]) -> Any:
        """The class the data's discriminators name, at this level or below."""

    def _asev_check_into(self, instance: Mapping[str, Any], problems: List[Problem]) -> None:
        """Check data a model already holds."""

"""The per-class plan: everything a model class needs at run time, in one read-only object.

``_build`` builds one :class:`ClassPlan` per class when the class is created and
keeps it as the class attribute ``__asev_plan__`` (as ``dataclasses`` keeps
``__dataclass_fields__`` and attrs ``__attrs_attrs__``).  Nothing is computed on
instances, and no plan is shared between classes.

The generated functions (``init``, ``parse_owned``, ``check``, ... see ``_codegen``) are
entries too, filled in on first use, because compiling them costs as much as the rest
of class creation and most classes of a catalog are never used in one process.  Such an
entry is simply not there until asked for: reading it compiles it and stores it, so the
next read is a plain slot read.  Threads that race compile equal functions and every
caller runs a correct one.

:class:`ModelClass` is what the type layer (``_adapters``) calls on a model class; it
sits here, below both, so that the call is written down and type-checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, FrozenSet, List, Mapping, NamedTuple, Optional, Protocol, Tuple

from ._errors import Problem

if TYPE_CHECKING:  # annotations only: _fields imports the type layer, which imports this
    from ._fields import RestField

__all__ = ["GENERATED", "PLAN_ATTR", "ClassPlan", "Dispatch", "FieldCheck", "ModelClass"]

#: The class attribute holding a model class's plan.
PLAN_ATTR = "__asev_plan__"

#: ``check(data, problems, into)``: every field and discriminator of one class, generated.
FieldCheck = Callable[[Mapping[str, Any], List[Problem], Any], None]

#: The entries generated on first use (see ``_codegen``).
GENERATED: FrozenSet[str] = frozenset(
    {
        "init",
        "init_mixed",
        "from_dict",
        "from_json",
        "parse",
        "parse_owned",
        "parse_owned_items",
        "wrap",
        "wrap_owned",
        "check",
        "check_owned",
        "resolve",
    }
)


class Dispatch(NamedTuple):
    """How a class that declares ``__mapping__`` finds the subclass its data names."""

    key: str
    """The JSON key of the discriminator this level dispatches on."""
    registry: Dict[str, Any]
    """The class's ``__mapping__``: tag -> subclass, one level down."""
    deeper: Dict[str, Any]
    """Classes registered further down on the same key, reached directly from here."""


class ClassPlan:
    """One model class's tables, built once; read-only (``AttributeError`` on assignment).

    ``__mapping__`` registries inside ``dispatch`` stay ordinary dicts: registering a
    subclass adds to its bases' registries, as on the Azure base.
    """

    __slots__ = (
        "owner",
        "fields",
        "own",
        "by_wire",
        "checked",
        "disc",
        "disc_items",
        "dispatch",
        "dispatch_keys",
        "defaults",
        "readonly",
        "tags",
        "soft_tags",
        "lookup_keys",
        "_compile",
        *sorted(GENERATED),
    )

    owner: type
    """The class this plan belongs to."""
    fields: Mapping[str, RestField]
    """Attribute name -> field, every field of the class, inherited first."""
    own: Tuple[RestField, ...]
    """The fields declared in this class's body."""
    by_wire: Mapping[str, RestField]
    """JSON key -> field."""
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
    lookup_keys: FrozenSet[int]
    """``id()`` of the key objects field getters look up with: an absent one reads ``None``."""

    # The generated entries (``_codegen`` says what each does).
    init: Callable[..., None]
    init_mixed: Callable[..., None]
    from_dict: Callable[..., Any]
    from_json: Callable[..., Any]
    parse: Callable[[Mapping[str, Any], List[Problem]], Any]
    parse_owned: Callable[[Dict[str, Any], List[Problem]], Any]
    parse_owned_items: Callable[[List[Any], List[Problem], Callable[[List[Any], int, Any, List[Problem]], None]], None]
    wrap: Callable[[Mapping[str, Any]], Any]
    wrap_owned: Callable[[Dict[str, Any]], Any]
    check: FieldCheck
    check_owned: FieldCheck
    resolve: Callable[[Mapping[str, Any]], Any]

    def __init__(
        self,
        *,
        owner: type,
        fields: Mapping[str, RestField],
        own: Tuple[RestField, ...],
        by_wire: Mapping[str, RestField],
        checked: Tuple[Tuple[Any, ...], ...],
        disc: Mapping[str, str],
        dispatch: Optional[Dispatch],
        dispatch_keys: FrozenSet[str],
        defaults: Tuple[Tuple[str, Any], ...],
        readonly: FrozenSet[str],
        tags: Tuple[Tuple[str, Tuple[Any, ...]], ...],
        soft_tags: Tuple[Tuple[str, Tuple[Any, ...]], ...],
        lookup_keys: FrozenSet[int],
        compile: Callable[[type, str], Any],  # noqa: A002 - what it does
    ) -> None:
        put = object.__setattr__
        put(self, "owner", owner)
        put(self, "fields", fields)
        put(self, "own", own)
        put(self, "by_wire", by_wire)
        put(self, "checked", checked)
        put(self, "disc", disc)
        put(self, "disc_items", tuple(disc.items()))
        put(self, "dispatch", dispatch)
        put(self, "dispatch_keys", dispatch_keys)
        put(self, "defaults", defaults)
        put(self, "readonly", readonly)
        put(self, "tags", tags)
        put(self, "soft_tags", soft_tags)
        put(self, "lookup_keys", lookup_keys)
        put(self, "_compile", compile)

    def __getattr__(self, name: str) -> Any:
        # Only called for an entry not set yet: a generated function on its first use.
        if name not in GENERATED:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        function = self._compile(self.owner, name)
        object.__setattr__(self, name, function)
        return function

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a class plan is read-only (tried to set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a class plan is read-only (tried to delete {name!r})")

    def __repr__(self) -> str:
        names = ", ".join(self.fields)
        return f"<ClassPlan fields=({names}) dispatch={self.dispatch.key if self.dispatch else None!r}>"


class ModelClass(Protocol):
    """What the type layer calls on a model class (``_model.Model`` implements it)."""

    __asev_plan__: ClassPlan

    def _asev_wrap(self, data: Mapping[str, Any]) -> Any:
        """Dispatch and build, trusting the data (copies what it keeps): ``__asev_plan__.wrap``."""

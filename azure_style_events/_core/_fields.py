"""Field specifiers and the descriptor behind every typed attribute.

``rest_field()`` and ``rest_discriminator()`` take the keywords of the Azure SDK's
generated model base, so generated class bodies run unchanged.  Each call makes one
:class:`RestField`, which the model class binds exactly once, when the class is
created (see ``_model.py``); after that it is read-only and doubles as the field's
public description (``Cls.audio_end_ms``, ``fields(Cls)``).
"""

from __future__ import annotations

import builtins
import enum
import sys
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple

from ._adapters import ANY, TypeAdapter, file_input, json_data, list_of_models
from ._annotations import ForwardRefAdapter, build_adapter
from ._errors import ValidationError, guarded, prefix
from ._jsondata import detach, is_model_class, is_null
from ._live import VIEW_TYPES, DelimitedView, ModelList, delimited_view
from ._plan import PLAN_ATTR

__all__ = ["UNSET", "FieldSpec", "RestField", "fields", "rest_discriminator", "rest_field"]


class _Unset:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""Marks "no default given" (``None`` is a meaningful default)."""

_READ_ONLY_VISIBILITY: Tuple[str, ...] = ("read",)
_dict_get = dict.get
_dict_set = dict.__setitem__
_dict_pop = dict.pop
_ALL_VIEWS = VIEW_TYPES | {DelimitedView}


def _lookup_key(key: str) -> Optional[str]:
    """A str equal to ``key`` that is not the same object, or ``None`` where none can exist.

    A field's getter looks its key up with this copy, so that ``Model.__missing__`` can
    tell a field read (answer ``None``) from a mapping lookup (raise ``KeyError``) by
    the key object alone.  CPython shares one object for the empty string and each
    one-character Latin-1 string: those keys get a getter that asks ``dict.get``.
    """
    copy = (key + "_")[:-1]
    return None if copy is key else copy


class FieldSpec(NamedTuple):
    """Everything known about one field, in one read-only record.

    A declaration (``rest_field(...)``) starts with a record of what it was given; the
    class that declares it replaces that, once, with the bound record (owner, names,
    annotation, type adapter, ...), as attrs turns a declaration into an ``Attribute``.
    """

    owner: Optional[builtins.type]
    name: str
    wire_name: str
    annotation: Any
    adapter: TypeAdapter
    required: bool
    readonly: bool
    has_default: bool
    default: Any
    wire_default: Any
    is_discriminator: bool
    visibility: Optional[Tuple[str, ...]]
    format: Optional[str]
    type_override: Optional[Callable[..., Any]]
    deserializer: Optional[Callable[[Any], Any]]
    is_multipart_file_input: bool
    xml: Optional[Dict[str, Any]]
    original_tsp_name: Optional[str]
    """The name in the TypeSpec source when the generator renamed the attribute
    (``items`` -> ``items_property``); newer generated code passes it, nothing reads it."""
    lookup_key: Optional[str]
    """The key object the getter looks up with, when it is an itemgetter (see _lookup_key)."""


def _spec_attribute(name: str) -> Any:
    """A read-only attribute of a field that reads its record (``operator.attrgetter``: in C)."""
    return property(attrgetter(f"spec.{name}"), doc=f"The field's ``{name}`` (read-only; see FieldSpec).")


class RestField(property):
    """A declared field: the typed attribute on instances, its description on the class.

    Public, read-only attributes: ``name`` (attribute name), ``wire_name`` (JSON
    key), ``annotation``, ``required``, ``readonly``, ``has_default``, ``default``,
    ``is_discriminator``, ``visibility``, ``format``, ``owner`` (declaring class); all of
    them read the field's one :class:`FieldSpec`, ``spec``.

    It is a ``property`` so that reading a field whose value needs no conversion runs
    in C from end to end: ``property`` calls ``operator.itemgetter(wire_name)``, which
    is the dict's own lookup.  A Python ``__get__`` costs three times as much.
    """

    spec: FieldSpec

    def __init__(
        self,
        *,
        name: Optional[str] = None,
        type: Optional[Callable[..., Any]] = None,  # noqa: A002 - the Azure keyword
        is_discriminator: bool = False,
        visibility: Optional[Sequence[str]] = None,
        default: Any = UNSET,
        format: Optional[str] = None,  # noqa: A002 - the Azure keyword
        is_multipart_file_input: bool = False,
        xml: Optional[Dict[str, Any]] = None,
        deserializer: Optional[Callable[[Any], Any]] = None,
        original_tsp_name: Optional[str] = None,
    ) -> None:
        super().__init__()
        if name is not None and not isinstance(name, str):
            raise TypeError(f"rest_field(name=...) must be the JSON key as a str, not {name!r}")
        shown = tuple(visibility) if visibility is not None else None
        self.spec = FieldSpec(
            owner=None,
            name="",
            wire_name=name or "",
            annotation=None,
            adapter=ANY,
            required=False,
            readonly=shown == _READ_ONLY_VISIBILITY,
            has_default=default is not UNSET,
            default=None if default is UNSET else default,
            wire_default=UNSET,
            is_discriminator=is_discriminator,
            visibility=shown,
            format=format,
            type_override=type,
            deserializer=deserializer,
            is_multipart_file_input=is_multipart_file_input,
            xml=xml,
            original_tsp_name=original_tsp_name,
            lookup_key=None,
        )

    if TYPE_CHECKING:  # each reads the record: see the properties set after the class
        owner: Optional[builtins.type]
        name: str
        wire_name: str
        annotation: Any
        adapter: TypeAdapter
        required: bool
        readonly: bool
        has_default: bool
        default: Any
        wire_default: Any
        is_discriminator: bool
        format: Optional[str]
        type_override: Optional[Callable[..., Any]]
        deserializer: Optional[Callable[[Any], Any]]
        is_multipart_file_input: bool
        xml: Optional[Dict[str, Any]]
        original_tsp_name: Optional[str]
        lookup_key: Optional[str]

    @property
    def visibility(self) -> Optional[List[str]]:
        """The visibility given in the declaration, as a new list (as the Azure base keeps it)."""
        shown = self.spec.visibility
        return list(shown) if shown is not None else None

    # -- binding, once, at class creation ---------------------------------------------

    def _bind(self, owner: type, attr: str, annotation: Any, localns: Optional[Dict[str, Any]]) -> None:
        declared = self.spec
        if declared.owner is not None:
            raise TypeError(
                f"{owner.__qualname__}.{attr} reuses the field object already declared as "
                f"{declared.owner.__qualname__}.{declared.name}: call rest_field() once per field"
            )
        try:
            built = build_adapter(annotation, owner.__module__, localns, declared.format)
        except TypeError as exc:
            raise TypeError(f"{owner.__qualname__}.{attr}: {exc}") from None
        if declared.is_multipart_file_input:
            adapter = file_input(built)
        elif declared.deserializer is not None or declared.type_override is not None:
            adapter = json_data(built)  # the annotation is what the callback returns; the data holds its input
        else:
            adapter = built
        key = declared.wire_name or attr
        read: Optional[Callable[[Any], Any]]
        if declared.deserializer is not None:
            read = declared.deserializer
        elif declared.type_override is not None:
            read = _type_reader(declared.type_override)
        else:
            read = adapter.read if adapter.reads else None
        getter, lookup = _getter(key, adapter, read)
        spec = declared._replace(
            owner=owner,
            name=attr,
            wire_name=key,
            annotation=annotation,
            adapter=adapter,
            required=not adapter.admits_none and not declared.has_default,
            lookup_key=lookup,
        )
        if declared.has_default and declared.default is not None:
            spec = spec._replace(wire_default=_default_to_wire(spec))
        self.spec = spec
        # Initialising the property again installs the accessors, now that they are known.
        property.__init__(self, getter, self._set, self._delete)
        # property copies the getter's docstring into the instance on some versions:
        # drop it, so that __doc__ is described on demand (see _FieldDoc).
        self.__dict__.pop("__doc__", None)

    # -- the typed view (reads: see _getter) ------------------------------------------

    def _set(self, obj: Any, value: Any) -> None:
        spec = self.spec
        key = spec.wire_name
        if value is None:
            _dict_pop(obj, key, None)
            return
        if value.__class__ in _ALL_VIEWS and value.is_view_of(obj, key):
            return  # `event.times += [...]` writes the view it changed back: it is the data already
        if value.__class__ not in spec.adapter.fast:
            if is_null(value):
                value = None
            else:
                problems: List[Any] = []
                value = guarded(type(obj).__name__, None, spec.adapter.coerce, value, problems)
                if problems:
                    if spec.is_discriminator and _ancestor_init_writes_its_tag(obj, key, value, sys._getframe(1)):
                        return  # the instance keeps its own, more specific tag
                    prefix(problems, 0, key)
                    raise ValidationError.from_problems(type(obj).__name__, problems)
        _dict_set(obj, key, value)

    def _delete(self, obj: Any) -> None:
        _dict_pop(obj, self.spec.wire_name, None)

    # -- description ------------------------------------------------------------------

    def describe(self) -> str:
        """One line for ``help()``: what the field holds, whether it must be there, its JSON key."""
        if self.owner is None:
            return "A field not yet bound to a model class."
        adapter = self.adapter
        if isinstance(adapter, ForwardRefAdapter):
            adapter = adapter.resolve()  # the names it refers to exist by the time anyone asks
        if self.is_discriminator:
            status = "the discriminator"
        elif self.has_default:
            status = f"default {self.default!r}"
        else:
            status = "required" if self.required else "optional"
        readonly = ", read-only" if self.readonly else ""
        return f"{adapter.expected}; {status}{readonly}; JSON key {self.wire_name!r}."

    @property
    def expected(self) -> str:
        """What the annotation accepts, as error messages write it."""
        return self.adapter.expected

    def __repr__(self) -> str:
        if self.owner is None:
            return f"{type(self).__name__}(<unbound>, name={self.spec.wire_name or None!r})"
        annotation = getattr(self.annotation, "__name__", None) or repr(self.annotation)
        parts = [
            f"name={self.name!r}",
            f"wire_name={self.wire_name!r}",
            f"annotation={annotation}",
            f"required={self.required}",
            f"readonly={self.readonly}",
        ]
        if self.has_default:
            parts.append(f"default={self.default!r}")
        if self.is_discriminator:
            parts.append("is_discriminator=True")
        return f"{type(self).__name__}({', '.join(parts)})"


def _getter(key: str, adapter: TypeAdapter, read: Optional[Callable[[Any], Any]]) -> Tuple[Callable[[Any], Any], Optional[str]]:
    """The attribute read of a field, and the key object it looks up with (see :func:`_lookup_key`).

    ``read`` converts a stored value for the typed view (``None``: the value is the
    attribute).  An absent key reads None, default or not: defaults are written into the
    data when a model is constructed, and afterwards the attribute and the wire view agree.
    """
    if read is None:
        lookup = _lookup_key(key)
        if lookup is not None:
            # All C: the dict's own lookup; for an absent key dict calls
            # Model.__missing__, which answers None for this key object (see _lookup_key).
            return itemgetter(lookup), lookup

        def get_plain(obj: Any) -> Any:
            return _dict_get(obj, key)

        return get_plain, None
    # The adapter's own read (no type=/deserializer= callback) has two fast forms.
    adapter_reads = read == adapter.read
    if adapter_reads and adapter.delimited:

        def get_delimited(obj: Any) -> Any:
            value = _dict_get(obj, key)
            return value if value.__class__ is not str else delimited_view(obj, key, adapter)

        return get_delimited, None

    models = list_of_models(adapter) if adapter_reads else None
    if models is not None:
        read_list = models.read

        def get_models(obj: Any, _get: Any = _dict_get, _model_list: Any = ModelList) -> Any:
            value = _get(obj, key)
            if value.__class__ is _model_list:
                if value._loc is None:  # where it sits, for the error of a refused element
                    value._loc = (type(obj).__name__, (key,))
                return value  # holds no plain dict, by construction (see _live.ModelList)
            return value if value is None else read_list(value)  # converts plain dicts in place

        return get_models, None

    def get(obj: Any) -> Any:
        value = _dict_get(obj, key)
        if value is None:
            return value
        result = read(value)
        cls = result.__class__
        if cls in VIEW_TYPES:
            result.place(type(obj).__name__, (key,))  # for its error messages
        elif value.__class__ is dict and is_model_class(cls):
            # A plain dict stored through the wire view became a model: keep that
            # model in the data so changes made through it are changes to the event.
            _dict_set(obj, key, result)
        return result

    return get, None


def _default_to_wire(spec: FieldSpec) -> Any:
    """A field's default as the data holds it; ``TypeError`` naming the field when it does not fit."""
    if is_null(spec.default):
        return None
    if isinstance(spec.adapter, ForwardRefAdapter):
        # Not resolvable yet; the default is trusted like wire data.
        return detach(spec.default)
    problems: List[Any] = []
    wire = spec.adapter.coerce(spec.default, problems)
    if problems:
        detail = problems[0].detail()
        owner = spec.owner.__qualname__ if spec.owner is not None else "?"
        raise TypeError(
            f"{owner}.{spec.name}: default {spec.default!r} does not fit the annotation "
            f"({detail.message}); change the default or the annotation"
        )
    return wire


def _install_record_attributes() -> None:
    # Each attribute of a field but ``visibility`` (a list, above) reads its record, in C.
    for attribute in FieldSpec._fields:
        if attribute != "visibility":
            setattr(RestField, attribute, _spec_attribute(attribute))


_install_record_attributes()


class _FieldDoc:
    """``RestField.__doc__``: the class's docstring on the class, each field's description on a field.

    ``help(Model)`` lists fields as data descriptors with their ``__doc__``; a
    description built on demand costs class creation nothing.
    """

    def __init__(self, class_doc: Optional[str]) -> None:
        self.class_doc = class_doc

    def __get__(self, field: Optional[RestField], owner: Any = None) -> Optional[str]:
        return self.class_doc if field is None else field.describe()


RestField.__doc__ = _FieldDoc(RestField.__doc__)  # type: ignore[assignment]


def _type_reader(factory: Callable[..., Any]) -> Callable[[Any], Any]:
    """The attribute read of ``rest_field(type=factory)``: the factory builds the typed value.

    A model class builds (and dispatches) from a mapping, an enum class gives the member
    or, for a value it does not know, the value itself; anything else is called.
    """
    if is_model_class(factory):
        wrap = getattr(factory, "_asev_wrap")  # noqa: B009 - a model class, which the Callable type does not say

        def read_model(value: Any) -> Any:
            return wrap(value) if value.__class__ is dict else value

        return read_model
    if isinstance(factory, builtins.type) and issubclass(factory, enum.Enum):
        members = {member.value: member for member in factory}

        def read_enum(value: Any) -> Any:
            try:
                return members.get(value, value)
            except TypeError:  # unhashable: not one of the values
                return value

        return read_enum
    return factory


def rest_field(
    *,
    name: Optional[str] = None,
    type: Optional[Callable[..., Any]] = None,  # noqa: A002 - the Azure keyword
    visibility: Optional[List[str]] = None,
    default: Any = UNSET,
    format: Optional[str] = None,  # noqa: A002 - the Azure keyword
    is_multipart_file_input: bool = False,
    xml: Optional[Dict[str, Any]] = None,
    deserializer: Optional[Callable[[Any], Any]] = None,
    original_tsp_name: Optional[str] = None,
) -> Any:
    """Declare a field in a model body: ``audio_end_ms: int = rest_field()``.

    ``name`` is the JSON key when it differs from the attribute name; a
    ``visibility`` of exactly ``["read"]`` makes the field read-only (left out by
    ``as_dict(exclude_readonly=True)``); ``default`` fills an absent key at
    construction, and ``default=None`` marks the field optional.  ``xml``,
    ``is_multipart_file_input`` and ``original_tsp_name`` (the TypeSpec name of an
    attribute the generator renamed) are accepted for generated code and kept, unused.
    """
    return RestField(
        name=name,
        type=type,
        visibility=visibility,
        default=default,
        format=format,
        is_multipart_file_input=is_multipart_file_input,
        xml=xml,
        deserializer=deserializer,
        original_tsp_name=original_tsp_name,
    )


def rest_discriminator(
    *,
    name: Optional[str] = None,
    type: Optional[Callable[..., Any]] = None,  # noqa: A002 - the Azure keyword
    visibility: Optional[List[str]] = None,
    xml: Optional[Dict[str, Any]] = None,
    original_tsp_name: Optional[str] = None,
) -> Any:
    """Declare the field whose value picks the subclass (``type`` for realtime events)."""
    return RestField(
        name=name, type=type, is_discriminator=True, visibility=visibility, xml=xml, original_tsp_name=original_tsp_name
    )


def fields(model_or_class: Any) -> Mapping[str, RestField]:
    """The declared fields of a model class or instance: attribute name to :class:`RestField`.

    The mapping is read-only, in declaration order, inherited fields first.
    """
    cls = model_or_class if isinstance(model_or_class, type) else type(model_or_class)
    if not is_model_class(cls):
        raise TypeError(f"fields() takes a Model class or instance, not {model_or_class!r}")
    result: Mapping[str, RestField] = getattr(cls, PLAN_ATTR).fields
    return result


def _ancestor_init_writes_its_tag(obj: Any, key: str, value: Any, caller: Any) -> bool:
    """Whether a base class's own ``__init__`` is writing that base's discriminator value.

    Generated code writes ``self.kind = "pet"`` in a parent's ``__init__`` and
    ``self.kind = "dog"`` in its child's; the child's runs the parent's first, on an
    instance that already holds ``"dog"``.  That write is the parent describing itself,
    not a change of kind: the instance keeps its own tag.  The same value written from
    anywhere else (a user's code, after construction) is still refused.
    """
    for klass in type(obj).__mro__[1:]:
        plan = klass.__dict__.get(PLAN_ATTR)
        if plan is None or plan.disc.get(key) != value:
            continue
        init = klass.__dict__.get("__init__")
        if getattr(init, "__code__", None) is caller.f_code:
            return True
    return False

"""What a catalog declares at a position: the model a value there is, and the keys it knows.

The converter asks the target catalog which keys a session, a response, an item or a
turn-detection object may hold, so that a key the source dialect declares and the
target does not is never passed on unannounced; and, when it left out a value the target
refuses, whether the rest of the event checks as it did (``optional_leaf``), so that the
event need not be checked again.  Everything here reads the catalogs' field descriptions
(``fields``), and what depends on the class only is cached per class.
"""

from __future__ import annotations

import typing
from functools import lru_cache
from typing import Any, Dict, FrozenSet, List, Optional, Set, Tuple, Type

import typing_extensions

from .._core._fields import fields
from .._core._model import Model

__all__ = [
    "Holder",
    "catalog_keys",
    "declared",
    "element_model",
    "member_for",
    "model_fields",
    "nested",
    "optional_leaf",
    "plain_fields",
]

_PLAIN = (str, int, float, bool, type(None))
_ABSENT: Any = object()
# The catalogs write typing_extensions.Literal, which is typing's own only from Python 3.10.1 on.
_LITERALS = (typing.Literal, typing_extensions.Literal)


class _Held(typing.NamedTuple):
    """What an annotation says of the models a value can be (see :func:`_held`)."""

    models: Tuple[Type[Model], ...]  # every model class it admits, at any depth
    listed: bool  # whether some of them come as a list
    exact: bool  # it admits nothing but these (and None), all as a list or all not


@lru_cache(maxsize=None)  # annotations are hashable; optional_leaf asks per removed value
def _held(annotation: Any) -> _Held:
    """The model classes an annotation admits, in one walk of it.

    The pruning asks for every model a field may hold (``models``, ``listed``); the check
    of a removed value's path needs to know that the field holds only models, one way
    (``exact``): a field that also takes a scalar or a mapping could check differently.
    """
    origin = typing.get_origin(annotation)
    if origin in (list, List):
        inner = _held(typing.get_args(annotation)[0])
        return _Held(inner.models, True, inner.exact and not inner.listed)
    if origin is typing.Union:
        found: List[Type[Model]] = []
        ways: Set[bool] = set()
        exact = True
        for arg in typing.get_args(annotation):
            if arg is type(None):
                continue
            inner = _held(arg)
            found += inner.models
            ways.add(inner.listed)
            exact = exact and inner.exact
        return _Held(tuple(found), True in ways, exact and len(ways) == 1 and bool(found))
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return _Held((annotation,), False, True)
    return _Held((), False, False)


@lru_cache(maxsize=None)
def declared(cls: Type[Model]) -> FrozenSet[str]:
    """The wire keys a model class declares."""
    return frozenset(field.wire_name for field in fields(cls).values())


class Holder(typing.NamedTuple):
    """A field that can hold a model (see :func:`model_fields`)."""

    models: Tuple[Type[Model], ...]
    """Every model class the field admits."""
    listed: bool
    """Whether it holds a list of them."""
    only: Optional[Type[Model]]
    """The model any object there is, whatever its keys (its one model, which has no tags
    and no kinds to tell apart); ``None``: the object's tags tell (``nested``)."""


@lru_cache(maxsize=None)
def model_fields(cls: Type[Model]) -> Dict[str, Holder]:
    """The wire keys of the fields that can hold a model, each with what it holds."""
    found: Dict[str, Holder] = {}
    for field in fields(cls).values():
        held = _held(field.annotation)
        if held.models:
            one = held.models[0] if len(held.models) == 1 else None
            only = one if one is not None and not getattr(one, "__mapping__", None) and not _tags(one) else None
            found[field.wire_name] = Holder(held.models, held.listed, only)
    return found


@lru_cache(maxsize=None)
def _tags(cls: Type[Model]) -> List[Tuple[str, FrozenSet[Any]]]:
    """The required literal fields of a class (its tags: ``type``, ``role``) and their values."""
    tags = []
    for field in fields(cls).values():
        args = typing_extensions.get_args(field.annotation)
        if typing_extensions.get_origin(field.annotation) in _LITERALS and field.required:
            tags.append((field.wire_name, frozenset(str(getattr(a, "value", a)) for a in args)))
    return tags


def member_for(models: Tuple[Type[Model], ...], value: Any) -> Optional[Type[Model]]:
    """The one model of ``models`` a mapping is, by its tags and discriminators; ``None`` when unclear."""
    if not isinstance(value, dict):
        return None
    tags = []
    for key in _tag_keys(models):
        tag = value.get(key, _ABSENT)
        # (_tag_text gives a plain str itself: asked only for anything else)
        tags.append(None if tag is _ABSENT else tag if tag.__class__ is str else _tag_text(tag))
    return _member(models, tuple(tags))


@lru_cache(maxsize=None)
def _tag_keys(models: Tuple[Type[Model], ...]) -> Tuple[str, ...]:
    """Every key any of the models (or their discriminated kinds) tells its kind by."""
    keys = {"type"}
    for cls in models:
        for kind in [cls, *getattr(cls, "__mapping__", {}).values()]:
            keys.update(key for key, _ in _tags(kind))
    return tuple(sorted(keys))


def _tag_text(value: Any) -> Any:
    """A tag value as the cache's key: text for a string, itself for a number, one marker for anything else."""
    if isinstance(value, str):
        return str(getattr(value, "value", value))
    return value if isinstance(value, (int, float)) else "\x00not a tag"


@lru_cache(maxsize=4096)
def _member(models: Tuple[Type[Model], ...], tags: Tuple[Any, ...]) -> Optional[Type[Model]]:
    """The model the tag values name (cached: a stream repeats a handful of kinds)."""
    value = {key: tag for key, tag in zip(_tag_keys(models), tags) if tag is not None}
    matching = []
    for cls in models:
        mapping = getattr(cls, "__mapping__", None)
        tag = value.get("type")
        if mapping and isinstance(tag, str) and tag in mapping:
            cls = mapping[tag]
        if all(key in value and str(value[key]) in allowed for key, allowed in _tags(cls)):
            matching.append(cls)
    return matching[0] if len(matching) == 1 else None


def nested(models: Tuple[Type[Model], ...], listed: bool, value: Any) -> Optional[Type[Model]]:
    """The model a field's value is (``None``: no single one), given what the field admits (``model_fields``).

    A list field's value that is not a list is taken for its one model, if it has one.
    """
    if listed:
        return models[0] if len(models) == 1 else None
    return member_for(models, value)


def element_model(models: Tuple[Type[Model], ...], element: Any) -> Optional[Type[Model]]:
    """The model an element of a list field is: its one model, else the one the element's tags name."""
    return models[0] if len(models) == 1 else member_for(models, element)


@lru_cache(maxsize=None)
def _tagged_apart(models: Tuple[Type[Model], ...]) -> bool:
    """Whether the models all have one value of a required tag on a common key, each its own.

    A check then takes a mapping for the one model its tag names, and only that model.
    """
    if any(cls.__asev_plan__.dispatch is not None for cls in models):
        return False
    tags = [{key: values for key, values in _tags(cls) if len(values) == 1} for cls in models]
    return any(len({frozenset(tag[key]) for tag in tags if key in tag}) == len(models) for key in tags[0])


def optional_leaf(cls: Type[Model], data: Any, loc: Tuple[Any, ...]) -> bool:
    """Whether the check of a ``cls`` event (``data``) changes only at ``loc`` when the value there is left out.

    True when each step down to that value is a field of one model (or a list of one), or
    of several models that a required tag tells apart (the data's tag names the same one
    before and after), and the value's key is an optional field of the last model, not a
    discriminator: a check then reaches the same models, none of them misses the key, and
    every other value is checked as before.
    """
    if not loc or not isinstance(loc[-1], str):
        return False  # the whole event, or an element of a list (the elements after it move)
    model: Optional[Type[Model]] = cls
    steps = list(loc[:-1])
    while model is not None and model.__asev_plan__.dispatch is None:
        if not steps:
            field = model.__asev_plan__.by_wire.get(loc[-1])
            return (
                field is not None
                and not field.required
                and not field.is_discriminator
                and loc[-1] not in model.__asev_plan__.disc
            )
        key = steps.pop(0)
        field = model.__asev_plan__.by_wire.get(key)
        held = None if field is None or field.is_discriminator else _held(field.annotation)
        if held is None or not held.exact or not isinstance(data, dict):
            return False
        models, listed = held.models, held.listed
        data = data.get(key)
        if listed:
            index = steps.pop(0) if steps else None
            if not isinstance(index, int) or not isinstance(data, list) or not 0 <= index < len(data):
                return False
            data = data[index]
        if len(models) == 1:
            model = models[0]
        else:
            model = member_for(models, data) if _tagged_apart(models) else None
    return False


@lru_cache(maxsize=None)
def catalog_keys(module_name: str) -> FrozenSet[str]:
    """Every wire key any model of a catalog declares (to tell a key the source knows from one nobody knows)."""
    import importlib

    module = importlib.import_module(module_name)
    keys: Set[str] = set()
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, Model) and value is not Model:
            keys |= declared(value)
    return frozenset(keys)


@lru_cache(maxsize=None)
def plain_fields(cls: Type[Model]) -> bool:
    """Whether every field but the discriminator takes any value of a plain JSON type (no enum, literal or model).

    An event of such a class whose values are all plain JSON scalars fits it as long as its
    required keys are there: checking it in full would find nothing more.
    """
    for field in fields(cls).values():
        if field.is_discriminator:
            continue
        args = typing.get_args(field.annotation) if typing.get_origin(field.annotation) is typing.Union else (field.annotation,)
        if not all(arg in _PLAIN for arg in args):
            return False
    return True

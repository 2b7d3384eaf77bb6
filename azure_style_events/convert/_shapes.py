"""What a catalog declares at a position: the model a value there is, and the keys it knows.

The converter asks the target catalog which keys a session, a response, an item or a
turn-detection object may hold, so that a key the source dialect declares and the
target does not is never passed on unannounced.  Everything here reads the catalogs'
field descriptions (``fields``) and is cached per class.
"""

from __future__ import annotations

import typing
from functools import lru_cache
from typing import Any, FrozenSet, List, Optional, Set, Tuple, Type

from .._core._fields import fields
from .._core._model import Model

__all__ = ["catalog_keys", "declared", "member_for", "nested"]


def _models(annotation: Any) -> Tuple[List[Type[Model]], bool]:
    """The model classes an annotation admits, and whether it is a list of them."""
    origin = typing.get_origin(annotation)
    if origin in (list, List):
        inner, _ = _models(typing.get_args(annotation)[0])
        return inner, True
    if origin is typing.Union:
        found: List[Type[Model]] = []
        listed = False
        for arg in typing.get_args(annotation):
            models, is_list = _models(arg)
            found += models
            listed = listed or is_list
        return found, listed
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return [annotation], False
    return [], False


@lru_cache(maxsize=None)
def declared(cls: Type[Model]) -> FrozenSet[str]:
    """The wire keys a model class declares."""
    return frozenset(field.wire_name for field in fields(cls).values())


@lru_cache(maxsize=None)
def _field_models(cls: Type[Model], key: str) -> Tuple[Tuple[Type[Model], ...], bool]:
    for field in fields(cls).values():
        if field.wire_name == key:
            models, listed = _models(field.annotation)
            return tuple(models), listed
    return (), False


def _tags(cls: Type[Model]) -> List[Tuple[str, FrozenSet[Any]]]:
    """The required literal fields of a class (its tags: ``type``, ``role``) and their values."""
    tags = []
    for field in fields(cls).values():
        args = typing.get_args(field.annotation)
        if typing.get_origin(field.annotation) is typing.Literal and field.required:
            tags.append((field.wire_name, frozenset(str(getattr(a, "value", a)) for a in args)))
    return tags


def member_for(models: Tuple[Type[Model], ...], value: Any) -> Optional[Type[Model]]:
    """The one model of ``models`` a mapping is, by its tags and discriminators; ``None`` when unclear."""
    if not isinstance(value, dict):
        return None
    matching = []
    for cls in models:
        mapping = getattr(cls, "__mapping__", None)
        tag = value.get("type")
        if mapping and isinstance(tag, str) and tag in mapping:
            cls = mapping[tag]
        if all(key in value and str(getattr(value[key], "value", value[key])) in allowed for key, allowed in _tags(cls)):
            matching.append(cls)
    return matching[0] if len(matching) == 1 else None


def nested(cls: Type[Model], key: str, value: Any) -> Tuple[Optional[Type[Model]], bool]:
    """The model the value of ``key`` in a ``cls`` is (``None``: no single one), and whether it is a list."""
    models, listed = _field_models(cls, key)
    if not models:
        return None, listed
    if listed:
        return (models[0] if len(models) == 1 else None), True
    return member_for(models, value), False


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

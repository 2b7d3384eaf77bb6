"""Valid wire data for any catalog class, and wrong-kind values, made from the declarations alone.

Used by tests/test_catalogs.py to exercise every class and every field of the catalogs
without a hand-written example per class: the data is built from each field's
annotation, so a new catalog class is covered the day it is generated.
"""

from __future__ import annotations

import datetime
import enum
import typing
from typing import Any, Dict, FrozenSet, Iterator, List, Tuple

from typing_extensions import Literal, get_args, get_origin

from azure_style_events import Model, fields
from azure_style_events._core._errors import render_path

_NONE = type(None)
WRONG_VALUES: List[Tuple[str, Any]] = [("array", ["wrong"]), ("object", {"wrong": 1}), ("string", "wrong"), ("bool", True)]


def hints(cls: type) -> Dict[str, Any]:
    """Resolved annotations of every field (forward references evaluated in the class's module)."""
    return typing.get_type_hints(cls)


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Model)


def make(tp: Any, depth: int = 0, fmt: Any = None) -> Any:
    """A valid wire value for annotation ``tp`` (``fmt``: the field's ``format=``)."""
    origin, args = get_origin(tp), get_args(tp)
    if tp is Any:
        return {"anything": [1, "two"]}
    if tp is str:
        return "text"
    if tp is bool:
        return True
    if tp is int:
        return 7
    if tp is float:
        return 2.5
    if tp is bytes:
        return "AAEC"
    if tp is datetime.datetime:
        return 1795255200 if fmt == "unix-timestamp" else "2026-11-21T10:00:00Z"
    if origin is Literal:
        value = args[0]
        return value.value if isinstance(value, enum.Enum) else value
    if origin is typing.Union:
        options = [arg for arg in args if arg is not _NONE]
        return make(options[0], depth, fmt)
    if origin in (list, typing.List):
        return [make(args[0], depth + 1, fmt)]
    if origin in (dict, typing.Dict):
        return {"key": make(args[1], depth + 1, fmt)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp)).value
    if _is_model(tp):
        registry = tp.__dict__.get("__mapping__")
        if registry:  # a discriminated base: the data of its first kind
            return make(next(iter(registry.values())), depth)
        return make_model(tp, depth + 1)
    raise TypeError(f"no sample for {tp!r}")


def make_model(cls: Any, depth: int = 0) -> Dict[str, Any]:
    """Every field (only the required ones past a few levels), the discriminators filled in."""
    annotations = hints(cls)
    data: Dict[str, Any] = {}
    for name, field in fields(cls).items():
        if field.is_discriminator:
            data[field.wire_name] = "unregistered.kind"  # replaced below where the class has a value
            continue
        if depth > 3 and not field.required:
            continue
        data[field.wire_name] = make(annotations[name], depth, field.format)
    data.update(dict(cls.__asev_plan__.disc_items))
    return data


def kinds(tp: Any) -> FrozenSet[str]:
    """The JSON kinds annotation ``tp`` admits (``all`` for Any)."""
    origin, args = get_origin(tp), get_args(tp)
    if tp is Any:
        return frozenset({"all"})
    if tp in (str, bytes):
        return frozenset({"string"})
    if tp is datetime.datetime:
        return frozenset({"string", "number"})
    if tp is bool:
        return frozenset({"bool"})
    if tp in (int, float):
        return frozenset({"number"})
    if tp is _NONE:
        return frozenset({"null"})
    if origin is Literal:
        return frozenset().union(*(kinds(type(value.value if isinstance(value, enum.Enum) else value)) for value in args))
    if origin is typing.Union:
        return frozenset().union(*(kinds(arg) for arg in args))
    if origin in (list, typing.List):
        return frozenset({"array"})
    if origin in (dict, typing.Dict) or _is_model(tp):
        return frozenset({"object"})
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return frozenset({"string"})
    raise TypeError(f"no kinds for {tp!r}")


def wrong_value(tp: Any) -> Any:
    """A value of a JSON kind the annotation does not admit, or ``None`` when it admits every kind."""
    admitted = kinds(tp)
    if "all" in admitted:
        return None
    for kind, value in WRONG_VALUES:
        if kind not in admitted:
            return value
    return None


def field_paths(cls: Any, data: Dict[str, Any], segments: Tuple[Any, ...] = ()) -> Iterator[Tuple[Tuple[Any, ...], Any]]:
    """``(path segments, annotation)`` of every declared field present in ``data``, at every depth."""
    annotations = hints(cls)
    target = cls.__asev_plan__.resolve(data) if cls.__asev_plan__.dispatch is not None else cls
    if target is not cls:
        annotations = hints(target)
    for name, field in fields(target).items():
        if field.wire_name not in data or field.is_discriminator:
            continue
        tp = annotations[name]
        here = segments + (field.wire_name,)
        yield here, tp
        yield from _inner_paths(tp, data[field.wire_name], here)


def _inner_paths(tp: Any, value: Any, here: Tuple[Any, ...]) -> Iterator[Tuple[Tuple[Any, ...], Any]]:
    origin, args = get_origin(tp), get_args(tp)
    if origin is typing.Union:
        options = [arg for arg in args if arg is not _NONE]
        yield from _inner_paths(options[0], value, here)  # make() used the first option
    elif origin in (list, typing.List) and value:
        yield here + (0,), args[0]
        yield from _inner_paths(args[0], value[0], here + (0,))
    elif origin in (dict, typing.Dict) and value:
        yield here + ("key",), args[1]
        yield from _inner_paths(args[1], value["key"], here + ("key",))
    elif _is_model(tp):
        yield from field_paths(tp, value, here)


def _union_models(tp: Any) -> List[Any]:
    if get_origin(tp) is not typing.Union:
        return []
    return [arg for arg in get_args(tp) if _is_model(arg)]


def _literal_values(tp: Any, optional: bool) -> Any:
    """The values of ``Literal[...]`` (or of ``Optional[Literal[...]]`` when ``optional``), else ``None``."""
    if optional and get_origin(tp) is typing.Union:
        options = [arg for arg in get_args(tp) if arg is not _NONE]
        tp = options[0] if len(options) == 1 else None
    if get_origin(tp) is Literal:
        return [value.value if isinstance(value, enum.Enum) else value for value in get_args(tp)]
    return None


def _soft_tag_keys(members: List[Any]) -> FrozenSet[str]:
    """Optional one-value literal keys whose values differ between the union's members."""
    seen: Dict[str, set] = {}
    for member in members:
        for name, field in fields(member).items():
            values = None if field.required else _literal_values(hints(member)[name], True)
            if values is not None and len(values) == 1:
                seen.setdefault(field.wire_name, set()).update(values)
    return frozenset(key for key, values in seen.items() if len(values) > 1)


def reported_at(cls: Any, data: Dict[str, Any], segments: Tuple[Any, ...]) -> Tuple[Any, ...]:
    """Where the validating path names a wrong value at ``segments``.

    At its own path, except a tag of a model that is a member of a union of models (a
    required ``Literal`` field, or an optional one-value one the members differ in): a
    broken tag names no member, so the union's own path is reported.
    """
    tp: Any = cls
    value: Any = data
    members: List[Any] = []
    for depth, segment in enumerate(segments):
        if _is_model(tp):
            target = tp.__asev_plan__.resolve(value) if tp.__asev_plan__.dispatch is not None else tp
            field = target.__asev_plan__.by_wire[segment]
            tp = hints(target)[field.name]
            if depth == len(segments) - 1:
                if len(members) > 1 and not field.is_discriminator:
                    if field.required and _literal_values(tp, False) is not None:
                        return segments[:-1]
                    if not field.required and segment in _soft_tag_keys(members):
                        return segments[:-1]
                return segments
        else:
            tp = get_args(tp)[0] if isinstance(segment, int) else get_args(tp)[1]
        value = value[segment]
        members = _union_models(tp)
        if get_origin(tp) is typing.Union:
            options = [arg for arg in get_args(tp) if arg is not _NONE]
            tp = options[0]  # make() used the first option
    return segments


def replaced(data: Any, segments: Tuple[Any, ...], value: Any) -> Any:
    """A deep copy of ``data`` with the value at ``segments`` replaced."""
    if not segments:
        return value
    head, rest = segments[0], segments[1:]
    if isinstance(data, list):
        return [replaced(item, rest, value) if index == head else item for index, item in enumerate(data)]
    return {key: replaced(item, rest, value) if key == head else item for key, item in data.items()}


def path_text(segments: Tuple[Any, ...]) -> str:
    return render_path(segments)


def catalog_modules() -> List[Any]:
    import azure_style_events.openai_realtime
    import azure_style_events.openai_realtime.beta
    import azure_style_events.voicelive

    return [
        azure_style_events.voicelive,
        azure_style_events.openai_realtime,
        azure_style_events.openai_realtime.beta,
    ]


def model_classes(module: Any) -> List[Any]:
    """The catalog's model classes, each once (a deprecated alias names a class twice)."""
    return [obj for name in module.__all__ for obj in [getattr(module, name)] if _is_model(obj) and obj.__name__ == name]


__all__ = [
    "catalog_modules",
    "field_paths",
    "make",
    "make_model",
    "model_classes",
    "path_text",
    "replaced",
    "reported_at",
    "wrong_value",
]

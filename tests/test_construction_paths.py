"""Every input form of one construction reaches the same result and the same errors.

A class's generated functions serve a plain ``dict`` directly; other forms are normalised
and handed over: any other mapping (``MappingProxyType``), a subclass whose hand-written
``__init__`` or ``from_dict`` calls ``super()``, a mapping together with keywords,
decoded text.  Each test feeds the same inputs to several forms, on purpose, and
compares what comes out: the data, the classes at every depth, the error paths and
messages.
"""

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Callable, Dict, List, Tuple

import pytest
from catalog_data import catalog_modules, field_paths, make_model, model_classes, replaced, wrong_value

from azure_style_events import NULL, Model, ValidationError, rest_field

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from azure_style_events import ServerEventConversationItemTruncated as Truncated  # noqa: E402

_SUBCLASSES: Dict[type, Tuple[type, type]] = {}


def _subclasses(cls: type) -> Tuple[type, type]:
    """Two subclasses of ``cls`` without generated constructors: their own call ``super()``."""
    if cls not in _SUBCLASSES:

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            super(by_init, self).__init__(*args, **kwargs)

        def from_dict(klass: Any, data: Any, *, validate: bool = True) -> Any:
            return super(by_from_dict, klass).from_dict(data, validate=validate)

        by_init = type(f"Init{cls.__name__}", (cls,), {"__init__": __init__})
        by_from_dict = type(f"FromDict{cls.__name__}", (cls,), {"from_dict": classmethod(from_dict)})
        _SUBCLASSES[cls] = (by_init, by_from_dict)
    return _SUBCLASSES[cls]


def _snapshot(value: Any) -> Any:
    """The data with each model's class name, at every depth (a subclass made here counts as its base)."""
    if isinstance(value, Model):
        name = type(value).__name__
        for made in ("Init", "FromDict"):
            if name.startswith(made) and type(value).__mro__[1].__name__ == name[len(made) :]:
                name = name[len(made) :]
        return (name, {key: _snapshot(item) for key, item in dict.items(value)})
    if isinstance(value, list):
        return [_snapshot(item) for item in value]
    if isinstance(value, dict):
        return {key: _snapshot(item) for key, item in value.items()}
    return value


def _read_everything(value: Any) -> Any:
    """Read every field of every model through the typed view, at every depth; return ``value``.

    The receiving path builds nested models on their first typed read (docs/design.md): after
    this, what it built is comparable with what the eager forms built.
    """
    if isinstance(value, Model):
        for name in type(value).__asev_plan__.fields:
            _read_everything(getattr(value, name))
    elif isinstance(value, Mapping):
        for item in value.values():
            _read_everything(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _read_everything(item)
    return value


def _outcome(call: Callable[[], Any], names: Tuple[str, ...]) -> Any:
    """What a construction gives: its snapshot, or its error with the class names made equal."""
    try:
        result = _read_everything(call())
    except ValidationError as exc:
        return ("invalid", [(error.path, error.expected, error.got) for error in exc.errors])
    except TypeError as exc:
        text = str(exc)
        for name in names:
            text = text.replace(name, "<cls>")
        return ("type", text)
    return ("ok", _snapshot(result))


def _same(calls: Dict[str, Callable[[], Any]], names: Tuple[str, ...]) -> Any:
    outcomes = {form: _outcome(call, names) for form, call in calls.items()}
    first = next(iter(outcomes.values()))
    assert all(outcome == first for outcome in outcomes.values()), outcomes
    return first


def _mapping_forms(cls: Any, data: Any) -> Any:
    by_init, _ = _subclasses(cls)
    names = (by_init.__name__, cls.__name__)
    return _same(
        {
            "dict": lambda: cls(data),
            "proxy": lambda: cls(MappingProxyType(data)),
            "super().__init__": lambda: by_init(data),
            "mapping and no keyword": lambda: cls(data, **{name: None for name in list(cls.__asev_plan__.fields)[:1]}),
        },
        names,
    )


def _as_text(data: Any) -> Any:
    """The data as JSON text; ``None`` when it holds a Python value JSON has no text for (NULL)."""
    try:
        return json.dumps(data)
    except TypeError:
        return None


def _validating_forms(cls: Any, data: Any) -> Any:
    _, by_from_dict = _subclasses(cls)
    forms = {
        "dict": lambda: cls.from_dict(data),
        "proxy": lambda: cls.from_dict(MappingProxyType(data)),
        "super().from_dict": lambda: by_from_dict.from_dict(data),
    }
    text = _as_text(data)
    if text is not None:
        forms["text"] = lambda: cls.from_json(text)
    return _same(forms, (by_from_dict.__name__, cls.__name__))


def _receiving_forms(cls: Any, data: Any) -> Any:
    _, by_from_dict = _subclasses(cls)
    forms = {
        "mapping": lambda: cls(data),
        "dict": lambda: cls.from_dict(data, validate=False),
        "proxy": lambda: cls.from_dict(MappingProxyType(data), validate=False),
        "super().from_dict": lambda: by_from_dict.from_dict(data, validate=False),
    }
    text = _as_text(data)
    if text is not None:
        forms["text"] = lambda: cls.from_json(text, validate=False)
    return _same(forms, (by_from_dict.__name__, cls.__name__))


def _keyword_forms(cls: Any, keywords: Dict[str, Any]) -> Any:
    by_init, _ = _subclasses(cls)
    forms = {"keywords": lambda: cls(**keywords), "super().__init__": lambda: by_init(**keywords)}
    if any(value is not None for value in keywords.values()):  # all None is the mapping form: trusted
        forms["empty mapping and keywords"] = lambda: cls({}, **keywords)
    return _same(forms, (by_init.__name__, cls.__name__))


CLASSES = [cls for module in catalog_modules() for cls in model_classes(module)]


@pytest.mark.slow
@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: f"{cls.__module__.split('.')[-1]}.{cls.__name__}")
def test_every_catalog_class_builds_alike_in_every_form(cls: Any) -> None:
    """Valid data, then the same data with each field's value of a wrong kind, at every depth."""
    data = make_model(cls)
    assert _validating_forms(cls, data)[0] == "ok"
    _receiving_forms(cls, data)
    _mapping_forms(cls, data)
    keywords = {field.name: data[field.wire_name] for field in cls.__asev_plan__.fields.values() if field.wire_name in data}
    _keyword_forms(cls, keywords)
    for segments, annotation in list(field_paths(cls, data))[:12]:
        wrong = wrong_value(annotation)
        if wrong is None:
            continue
        bad = replaced(data, segments, wrong)
        assert _validating_forms(cls, bad)[0] == "invalid"
        _receiving_forms(cls, bad)
        _mapping_forms(cls, bad)


def test_a_mapping_with_keywords_checks_the_keywords_over_the_trusted_mapping() -> None:
    base = {"item_id": "i", "content_index": 0, "audio_end_ms": 5, "extra": [1]}
    event = Truncated(base, audio_end_ms=9)
    assert dict(event) == {**base, "audio_end_ms": 9, "type": "conversation.item.truncated"}
    assert event["extra"] is not base["extra"]
    with pytest.raises(ValidationError, match=r"\$\.audio_end_ms: expected `int`"):
        Truncated(base, audio_end_ms="late")
    with pytest.raises(ValidationError, match=r"\$\.item_id: missing required field"):
        Truncated({"content_index": 0}, audio_end_ms=1)
    with pytest.raises(ValidationError, match=r"\$\.type: expected `'conversation.item.truncated'`"):
        Truncated({**base, "type": "other"}, audio_end_ms=1)


def test_the_errors_of_a_call_are_the_same_from_every_form() -> None:
    by_init, _ = _subclasses(Truncated)
    for make in (Truncated, by_init):
        name = make.__name__
        with pytest.raises(TypeError, match=rf"^{name}\(\) takes at most one positional argument"):
            make({}, {})
        with pytest.raises(TypeError, match=rf"^{name}\(\) takes a mapping of the JSON or keyword arguments, not list"):
            make([("item_id", "i")])
        with pytest.raises(TypeError, match=rf"^{name}\(\) got an unexpected keyword argument 'audio_end_msx'"):
            make(audio_end_msx=1)
        with pytest.raises(TypeError, match=rf"^{name}\(\) keys must be str"):
            make(MappingProxyType({1: "one"}))


def test_a_field_whose_name_is_not_an_identifier_is_a_keyword_too() -> None:
    """A class built with ``type()`` may name a field anything; its keyword still works."""
    odd = type("Odd", (Model,), {"__annotations__": {"class": int, "x y": str}, "class": rest_field(), "x y": rest_field()})
    made = odd(**{"class": 1, "x y": "z"})
    assert dict(made) == {"class": 1, "x y": "z"}
    assert odd({"class": 2}, **{"x y": "w"}) == {"class": 2, "x y": "w"}
    with pytest.raises(ValidationError, match=r'\$\["x y"\]: expected `str`'):
        odd(**{"class": 1, "x y": 3})
    with pytest.raises(TypeError, match="unexpected keyword argument 'other'"):
        odd(**{"class": 1, "other": 3})


_values: List[Any] = [None, NULL, 0, -1, 2.5, "s", "", [], [1], {}, {"a": 1}, True]
_truncated = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["conversation.item.truncated", "other", 3, NULL]),
        "event_id": st.sampled_from(_values),
        "item_id": st.sampled_from(_values),
        "content_index": st.sampled_from(_values),
        "audio_end_ms": st.sampled_from(_values),
        "extra": st.sampled_from(_values),
    },
)


@pytest.mark.slow
@given(_truncated)
def test_any_event_builds_alike_in_every_form(data: Dict[str, Any]) -> None:
    _validating_forms(Truncated, data)
    _receiving_forms(Truncated, data)
    _mapping_forms(Truncated, data)
    _keyword_forms(Truncated, {key: value for key, value in data.items() if key != "extra"})

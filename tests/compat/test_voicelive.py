"""Every generated model of azure-ai-voicelive, run on this package, behaves as on the Azure base.

The generated ``models/_models.py`` is read from the installed package at test time
(nothing generated is kept in this repository), its one model-base import line is
pointed at ``azure_style_events``, and it is imported as a package of its own next to
copies of its ``_enums.py`` and ``_unions.py``.  Then, for every class, payloads
generated from its annotations go through both implementations: construction from
the wire, ``as_dict()`` with and without read-only fields, every attribute, keyword
construction from the typed values, and dispatch from every discriminated base.

Needs the ``compat`` extra (``pip install -e ".[test,compat]"``); skipped without it.
"""

import datetime
import decimal
import enum
import importlib
import inspect
import re
import sys
import typing
from pathlib import Path
from typing import Any, Dict, List

import pytest

voicelive_models = pytest.importorskip("azure.ai.voicelive.models")
azure_base = pytest.importorskip("azure.ai.voicelive._utils.model_base")

from importlib.metadata import version  # noqa: E402

import azure_style_events  # noqa: E402
import azure_style_events._live  # noqa: E402
from azure_style_events import deserialize, fields  # noqa: E402

_AZURE_IMPORT = re.compile(r"^from \.\._utils\.model_base import ", re.MULTILINE)
_PACKAGE = "asev_voicelive"


def _build_package(root: Path) -> Any:
    """Write the generated modules, with the base swapped, as package ``asev_voicelive``."""
    source_root = Path(voicelive_models.__file__).parent.parent
    package = root / _PACKAGE
    (package / "models").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    # The models package as generated (its __init__ re-exports every model and enum,
    # which is what "_models.Foo" names), the enums, the customisation hook and the
    # union aliases.
    for relative in ("models/__init__.py", "models/_enums.py", "models/_patch.py", "_unions.py"):
        (package / relative).write_text((source_root / relative).read_text(encoding="utf-8"), encoding="utf-8")
    generated = (source_root / "models" / "_models.py").read_text(encoding="utf-8")
    swapped, count = _AZURE_IMPORT.subn("from azure_style_events import ", generated)
    assert count == 1, "the generated module should import its model base exactly once"
    assert "_utils" not in swapped.replace("_unions", ""), "the generated module uses more of the Azure base"
    (package / "models" / "_models.py").write_text(swapped, encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        importlib.import_module(f"{_PACKAGE}.models")
        return sys.modules[f"{_PACKAGE}.models._models"]
    finally:
        sys.path.remove(str(root))


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> Any:
    module = _build_package(tmp_path_factory.mktemp("compat"))
    yield module
    for name in [name for name in sys.modules if name == _PACKAGE or name.startswith(_PACKAGE + ".")]:
        del sys.modules[name]


voicelive_version = version("azure-ai-voicelive")
ORIGINAL = sys.modules["azure.ai.voicelive.models._models"]
ORIGINAL_UNIONS = importlib.import_module("azure.ai.voicelive._unions")
CLASS_NAMES = sorted(
    name
    for name, obj in vars(ORIGINAL).items()
    if inspect.isclass(obj) and obj.__module__ == ORIGINAL.__name__ and issubclass(obj, azure_base.Model)
)


# -- payloads generated from the original annotations -----------------------------------


def _namespace() -> Dict[str, Any]:
    namespace = dict(vars(ORIGINAL))
    namespace.update(_models=voicelive_models, _unions=ORIGINAL_UNIONS)
    return namespace


def _hints(cls: type) -> Dict[str, Any]:
    return typing.get_type_hints(cls, globalns=_namespace())


def _concrete(cls: type) -> type:
    """The first registered leaf under a discriminated base (the base itself if none)."""
    mapping = cls.__dict__.get("__mapping__")
    while mapping:
        cls = next(iter(mapping.values()))
        mapping = cls.__dict__.get("__mapping__")
    return cls


def _value(annotation: Any, fmt: Any, depth: int, full: bool) -> Any:
    # Before 3.11, get_type_hints leaves references nested in list[...] unevaluated.
    if isinstance(annotation, typing.ForwardRef):
        annotation = annotation.__forward_arg__
    if isinstance(annotation, str):
        annotation = eval(annotation, _namespace())  # noqa: S307 - the generated module's own annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation is str:
        return "text"
    if annotation is bool:
        return True
    if annotation is int:
        return "7" if fmt == "str" else 7
    if annotation is float:
        return 1.5
    if annotation is Any:
        return {"any": [1, "two"]}
    if annotation is datetime.datetime:
        return 1700000000 if fmt == "unix-timestamp" else "2024-05-06T07:08:09Z"
    if annotation is bytes:
        return "aGVsbG8="
    if annotation is decimal.Decimal:
        return 2.5
    if origin is typing.Literal:
        first = args[0]
        return first.value if isinstance(first, enum.Enum) else first
    if _is_enum(annotation):
        return next(iter(annotation)).value
    if origin is typing.Union:
        options = [arg for arg in args if arg is not type(None)]
        # Prefer the richest alternative: a model, then an enum, then anything but str.
        options.sort(key=lambda arg: (not _is_model(arg), not _is_enum(arg), arg is str))
        return _value(options[0], fmt, depth, full)
    if origin in (list, typing.List) or origin is getattr(typing, "Sequence", None):
        return [_value(args[0], fmt, depth, full)] if args else ["item"]
    if origin in (dict, typing.Dict):
        return {"key": _value(args[1], fmt, depth, full)} if args else {"key": "value"}
    if _is_model(annotation):
        return payload(_concrete(annotation), depth + 1, full)
    raise AssertionError(f"no generator for {annotation!r}")


def _is_class(annotation: Any) -> bool:
    # On 3.10, list[X] passes inspect.isclass.
    return inspect.isclass(annotation) and typing.get_origin(annotation) is None


def _is_model(annotation: Any) -> bool:
    return _is_class(annotation) and issubclass(annotation, azure_base.Model)


def _is_enum(annotation: Any) -> bool:
    return _is_class(annotation) and issubclass(annotation, enum.Enum)


def payload(cls: type, depth: int = 0, full: bool = True) -> Dict[str, Any]:
    """Wire data for ``cls``: every field when ``full`` (optional ones too, down to a depth)."""
    hints = _hints(cls)
    data: Dict[str, Any] = {}
    for attr, rest in _azure_fields(cls).items():
        annotation = hints[attr]
        optional = typing.get_origin(annotation) is typing.Union and type(None) in typing.get_args(annotation)
        if optional and (not full or depth > 2):
            continue
        data[rest._rest_name] = _value(annotation, rest._format, depth, full)
    return data


def _azure_fields(cls: type) -> Dict[str, Any]:
    cls({})  # the Azure base computes its field table on first construction
    return dict(cls._attr_to_rest_field)  # type: ignore[attr-defined]


# -- comparison -------------------------------------------------------------------------


def _azure_model(value: Any) -> bool:
    return isinstance(value, azure_base.Model)


def _our_model(value: Any) -> bool:
    return isinstance(value, azure_style_events.Model)


# Where this package deliberately returns more than the Azure base (README, "Differences"):
#   "member":  a Literal[Enum.X] field reads as the enum member, not the plain string
#              (the two are equal: the enums are str enums);
#   "alias":   a field typed with a "_unions.X" alias reads as the model the data names,
#              where the Azure base cannot resolve the alias and returns the plain dict
#              (the model is a dict with the same content);
#   "live":    a container of converted values (enum members, datetimes) reads as a
#              live view over the data (SPEC §4), where the Azure base builds a new list
#              or dict on each read; the view holds the same values in the same order.
UPGRADES = ("member", "alias", "live")
_LIVE = {list: azure_style_events._live.ListView, dict: azure_style_events._live.DictView}


def same(theirs: Any, mine: Any, upgrades: List[str]) -> bool:
    """Whether our value is the Azure one: same classes by name, same content."""
    if _azure_model(theirs):
        return (
            _our_model(mine)
            and type(theirs).__name__ == type(mine).__name__
            and same(theirs.as_dict(), mine.as_dict(), upgrades)
        )
    if _our_model(mine):
        upgrades.append("alias")
        return type(theirs) is dict and same(theirs, dict(mine.as_dict()), upgrades)
    if isinstance(theirs, enum.Enum):
        return (
            isinstance(mine, enum.Enum)
            and type(theirs).__name__ == type(mine).__name__
            and theirs.value == mine.value
        )
    if isinstance(mine, enum.Enum):
        upgrades.append("member")
        return type(theirs) is type(mine.value) and theirs == mine.value
    live = _LIVE.get(type(theirs))
    if live is not None and type(mine) is live:
        upgrades.append("live")
        mine = mine.copy()
    if isinstance(theirs, dict):
        return (
            type(mine) is dict
            and list(theirs) == list(mine)
            and all(same(theirs[key], mine[key], upgrades) for key in theirs)
        )
    if isinstance(theirs, (list, tuple)):
        return (
            type(theirs) is type(mine)
            and len(theirs) == len(mine)
            and all(same(a, b, upgrades) for a, b in zip(theirs, mine))
        )
    return type(theirs) is type(mine) and theirs == mine


def compare(theirs: Any, mine: Any, what: str, problems: List[str], upgrades: List[str]) -> None:
    if not same(theirs, mine, upgrades):
        problems.append(f"{what}: Azure {theirs!r} != ours {mine!r}")


def _check_instance(theirs: Any, mine: Any, label: str, problems: List[str], upgrades: List[str]) -> None:
    compare(type(theirs).__name__, type(mine).__name__, f"{label} class", problems, upgrades)
    # as_dict() is plain data on both sides: no upgrade is allowed there.
    strict: List[str] = []
    compare(theirs.as_dict(), mine.as_dict(), f"{label} as_dict()", problems, strict)
    compare(
        theirs.as_dict(exclude_readonly=True),
        mine.as_dict(exclude_readonly=True),
        f"{label} as_dict(exclude_readonly=True)",
        problems,
        strict,
    )
    if strict:
        problems.append(f"{label}: as_dict() holds typed values: {strict}")
    for attr in _azure_fields(type(theirs)):
        compare(getattr(theirs, attr), getattr(mine, attr), f"{label} .{attr}", problems, upgrades)


def check_class(name: str, ours_module: Any, upgrades: List[str]) -> List[str]:
    original = getattr(ORIGINAL, name)
    mine_cls = getattr(ours_module, name)
    problems: List[str] = []
    for full in (True, False):
        label = "full payload" if full else "required-only payload"
        data = payload(original, full=full)
        theirs = original(data)
        mine = mine_cls(data)
        _check_instance(theirs, mine, f"{label}: Cls(mapping)", problems, upgrades)
        # Keyword construction from the typed values each side reads back.
        their_kwargs = {attr: getattr(theirs, attr) for attr in _azure_fields(original) if getattr(theirs, attr) is not None}
        my_kwargs = {attr: getattr(mine, attr) for attr in fields(mine_cls) if getattr(mine, attr) is not None}
        compare(sorted(their_kwargs), sorted(my_kwargs), f"{label}: keyword names", problems, upgrades)
        _check_instance(original(**their_kwargs), mine_cls(**my_kwargs), f"{label}: Cls(**typed)", problems, upgrades)
        # The wire path through the Azure deserializer and ours.
        _check_instance(
            azure_base._deserialize(original, data), deserialize(mine_cls, data), f"{label}: deserialize", problems, upgrades
        )
    return problems


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_class_matches_the_azure_base(name: str, ours: Any) -> None:
    """Construction, as_dict, attributes and keyword construction agree with the Azure base."""
    problems = check_class(name, ours, [])
    assert not problems, "\n".join(problems)


DISCRIMINATED = [
    (name, key)
    for name in CLASS_NAMES
    for key in getattr(ORIGINAL, name).__dict__.get("__mapping__", {})
]


@pytest.mark.parametrize(("base", "key"), DISCRIMINATED)
def test_dispatch_matches_the_azure_base(base: str, key: str, ours: Any) -> None:
    """Every discriminated base sends every registered value to the same subclass."""
    original_base = getattr(ORIGINAL, base)
    data = payload(_concrete(original_base.__mapping__[key]))
    theirs = azure_base._deserialize(original_base, data)
    mine = deserialize(getattr(ours, base), data)
    problems: List[str] = []
    _check_instance(theirs, mine, f"{base} -> {key}", problems, [])
    assert not problems, "\n".join(problems)


def test_every_generated_class_is_compared(ours: Any) -> None:
    """The suite covers every model class of the generated module, and ours has them all."""
    mine = sorted(
        name
        for name, obj in vars(ours).items()
        if inspect.isclass(obj) and obj.__module__ == ours.__name__ and issubclass(obj, azure_style_events.Model)
    )
    assert mine == CLASS_NAMES
    assert len(CLASS_NAMES) > 100
    assert DISCRIMINATED



def test_report(ours: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """Print how many generated classes match, and where ours returns more (by kind)."""
    matching = 0
    upgraded: Dict[str, set] = {kind: set() for kind in UPGRADES}
    for name in CLASS_NAMES:
        upgrades: List[str] = []
        if not check_class(name, ours, upgrades):
            matching += 1
        for kind in upgrades:
            upgraded[kind].add(name)
    with capsys.disabled():
        print(
            f"\nazure-ai-voicelive {voicelive_version}: {matching}/{len(CLASS_NAMES)} generated classes match the "
            f"Azure base; {len(DISCRIMINATED)} discriminator values dispatch alike; "
            + ", ".join(f"{len(names)} classes read a {kind} upgrade" for kind, names in upgraded.items())
        )
    assert matching == len(CLASS_NAMES)

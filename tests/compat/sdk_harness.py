"""Run one TypeSpec-generated Azure SDK's models on this package and compare with its own base.

The generated ``models/_models.py`` is read from the installed SDK at test time (nothing
generated is kept in this repository) and imported as a package of its own, with the
base swapped the way a user would swap it:

* newer SDKs (``from .._utils.model_base import Model as _Model, ...``): that one
  import line is pointed at ``azure_style_events``;
* older SDKs (``from .. import _model_base``, ``_model_base.Model``): the package's
  ``_model_base.py`` becomes one line re-exporting ``azure_style_events._model_base``
  and the generated module is not touched.

The siblings the module names (``models/__init__.py``, ``_enums.py``, ``_unions.py``,
``_types.py``, ``_utils/utils.py`` for ``FileType``) are copied as they are; the SDK's
hand-written ``_patch.py`` customisations are not (they belong to its clients).

Then, for every class, payloads generated from its annotations go through both
implementations: construction from the wire, ``as_dict()`` with and without read-only
fields, every attribute, keyword construction from the typed values, the Azure
deserializer against ours, and dispatch from every discriminated base.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import functools
import importlib
import inspect
import io
import re
import sys
import types
import typing
import warnings
from collections.abc import Mapping as _AbcMapping
from collections.abc import Sequence as _AbcSequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import azure_style_events
from azure_style_events import deserialize, fields
from azure_style_events._core._live import DictView, ListView

_AZURE_ENUM_META = "from azure.core import CaseInsensitiveEnumMeta"
_NEW_STYLE_IMPORT = re.compile(r"^from \.\._utils\.model_base import ", re.MULTILINE)
_RE_EXPORT = "from azure_style_events._model_base import *  # noqa: F401,F403 - the swapped base\n"
_EMPTY_PATCH = "__all__ = []\n\n\ndef patch_sdk():\n    pass\n"

# Where this package deliberately returns more than the Azure base (docs/compatibility.md):
#   "member":  a Literal[Enum.X] field reads as the enum member, not the plain string
#              (the two are equal: the enums are str enums);
#   "alias":   a field typed with a "_unions.X" alias reads as the model the data names,
#              where the Azure base cannot resolve the alias and returns the plain dict
#              (the model is a dict with the same content);
#   "live":    a container of converted values (enum members, datetimes) reads as a
#              live view over the data (docs/design.md), where the Azure base builds a new list
#              or dict on each read; the view holds the same values in the same order.
UPGRADES = ("member", "alias", "live")
# Where an older Azure base (generated before its enums were stored as values) differs
# from ours in the data itself, with the same JSON:
#   "wire":    it keeps the enum member its generated __init__ assigned; ours the string;
#   "order":   it moves that discriminator to the end of the data; ours keeps its place.
# And "patched": the SDK's _patch.py registers a hand-written class (not copied here).
OLD_BASE = ("wire", "order", "patched")
_LIVE = {list: ListView, dict: DictView}


@dataclass
class Sdk:
    """One pinned SDK: its distribution name and import package."""

    distribution: str
    package: str
    #: At least this many generated classes (a guard against comparing an empty module).
    minimum: int = 1
    #: Classes where the Azure base itself is wrong, with why (docs/compatibility.md): expected to differ.
    departures: Tuple[Tuple[str, str], ...] = ()
    _built: Optional[Any] = field(default=None, repr=False)
    #: What check_class and check_dispatch found, kept while the module is built: the
    #: report test reads the parametrized tests' results instead of comparing again.
    _found: Dict[Tuple[str, ...], Tuple[List[str], List[str]]] = field(default_factory=dict, repr=False)

    @property
    def slug(self) -> str:
        return "asev_" + self.package.replace(".", "_")

    @property
    def version(self) -> str:
        return version(self.distribution)

    @property
    def original(self) -> Any:
        return importlib.import_module(f"{self.package}.models._models")

    @property
    def base(self) -> Any:
        for name in ("_utils.model_base", "_model_base"):
            try:
                return importlib.import_module(f"{self.package}.{name}")
            except ModuleNotFoundError:
                continue
        raise AssertionError(f"{self.package} has no generated model base")

    def class_names(self) -> List[str]:
        original, base = self.original, self.base
        return sorted(
            name
            for name, obj in vars(original).items()
            if inspect.isclass(obj) and obj.__module__ == original.__name__ and issubclass(obj, base.Model)
        )

    def discriminated(self) -> List[Tuple[str, str]]:
        original = self.original
        return [(name, key) for name in self.class_names() for key in getattr(original, name).__dict__.get("__mapping__", {})]

    # -- the package on our base ----------------------------------------------------------

    def build(self, root: Path) -> Any:
        """Write the generated module and its siblings, the base swapped; import it."""
        if self._built is not None:
            return self._built
        source = Path(self.original.__file__).parent.parent
        package = root / self.slug
        (package / "models").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        for relative in ("models/__init__.py", "models/_enums.py", "_unions.py", "_types.py", "_utils/utils.py"):
            if (source / relative).exists():
                text = (source / relative).read_text(encoding="utf-8")
                if relative == "models/_enums.py":
                    # The one thing the models take from azure-core: this package has it too,
                    # so the models on this base import without azure-core.
                    text = text.replace(_AZURE_ENUM_META, "from azure_style_events import CaseInsensitiveEnumMeta")
                (package / relative).parent.mkdir(parents=True, exist_ok=True)
                (package / relative).write_text(text, encoding="utf-8")
        (package / "models" / "_patch.py").write_text(_EMPTY_PATCH)
        generated = (source / "models" / "_models.py").read_text(encoding="utf-8")
        if (source / "_utils" / "model_base.py").exists():
            generated, count = _NEW_STYLE_IMPORT.subn("from azure_style_events import ", generated)
            assert count == 1, "the generated module should import its model base exactly once"
            (package / "_utils").mkdir(exist_ok=True)
            (package / "_utils" / "__init__.py").write_text("")
            (package / "_utils" / "model_base.py").write_text(_RE_EXPORT)  # for _utils/utils.py
        else:
            (package / "_model_base.py").write_text(_RE_EXPORT)
        (package / "models" / "_models.py").write_text(generated, encoding="utf-8")
        sys.path.insert(0, str(root))
        try:
            with warnings.catch_warnings():
                # Generated docstrings hold escapes like "\ " that compiling warns about
                # (installed, the SDK was compiled outside the test's warning filters).
                warnings.simplefilter("ignore", SyntaxWarning)
                warnings.simplefilter("ignore", DeprecationWarning)
                importlib.import_module(f"{self.slug}.models")
        finally:
            sys.path.remove(str(root))
        self._built = sys.modules[f"{self.slug}.models._models"]
        return self._built

    # -- payloads generated from the original annotations ---------------------------------

    @functools.cached_property
    def namespace(self) -> Dict[str, Any]:
        """What the generated annotations name: the module, ``_models`` and its siblings (built once)."""
        namespace = dict(vars(self.original))
        # "_models.X" names the generated class: an SDK's _patch.py may replace it in the package
        # (azure-ai-transcription's keyword-only EnhancedModeProperties), and the copy run here
        # has no _patch.py, so the payloads are made from what was generated.
        package_names = dict(vars(importlib.import_module(f"{self.package}.models")))
        package_names.update(
            {
                key: value
                for key, value in vars(self.original).items()
                if inspect.isclass(value) and value.__module__ == self.original.__name__
            }
        )
        namespace["_models"] = types.SimpleNamespace(**package_names)
        for sibling in ("_unions", "_types"):
            try:
                namespace[sibling] = importlib.import_module(f"{self.package}.{sibling}")
            except ModuleNotFoundError:
                pass
        return namespace

    def azure_fields(self, cls: type) -> Dict[str, Any]:
        cls({})  # the Azure base computes its field table on first construction
        return dict(cls._attr_to_rest_field)  # type: ignore[attr-defined]

    def concrete(self, cls: type) -> type:
        """The first registered leaf under a discriminated base (the base itself if none)."""
        mapping = cls.__dict__.get("__mapping__")
        while mapping:
            cls = next(iter(mapping.values()))
            mapping = cls.__dict__.get("__mapping__")
        return cls

    def payload(self, cls: type, depth: int = 0, full: bool = True) -> Dict[str, Any]:
        """Wire data for ``cls``: every field when ``full`` (optional ones too, down to a depth)."""
        namespace = self.namespace
        hints = typing.get_type_hints(cls, globalns=namespace)
        data: Dict[str, Any] = {}
        for attr, rest in self.azure_fields(cls).items():
            annotation = hints[attr]
            optional = typing.get_origin(annotation) is typing.Union and type(None) in typing.get_args(annotation)
            if optional and (not full or depth > 2):
                continue
            if getattr(rest, "_is_multipart_file_input", False):
                listed = "List[" in str(annotation) or "list[" in str(annotation)
                data[rest._rest_name] = [_FILE] if listed else _FILE
                continue
            value = self._value(annotation, rest._format, depth, full, namespace)
            if value is not None:  # an abstract base's `kind: Literal[None]`: no real sender writes null
                data[rest._rest_name] = value
        return data

    def _value(self, annotation: Any, fmt: Any, depth: int, full: bool, namespace: Dict[str, Any]) -> Any:
        # Before 3.11, get_type_hints leaves references nested in list[...] unevaluated.
        if isinstance(annotation, typing.ForwardRef):
            annotation = annotation.__forward_arg__
        if isinstance(annotation, str):
            annotation = eval(annotation, namespace)  # noqa: S307 - the generated module's own annotation
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        again = lambda inner: self._value(inner, fmt, depth, full, namespace)  # noqa: E731
        leaf = _leaf(annotation, fmt)
        if leaf is not _NO_LEAF:
            return leaf
        if origin is typing.Literal:
            first = args[0]
            return first.value if isinstance(first, enum.Enum) else first
        if _is_enum(annotation):
            return next(iter(annotation)).value
        if origin is typing.Union:
            options = [arg for arg in args if arg is not type(None)]
            # Prefer the richest alternative: a model, then an enum, then anything but str.
            options.sort(key=lambda arg: (not self._is_model(arg), not _is_enum(arg), arg is str))
            return again(options[0])
        if origin in (list, typing.List) or origin is getattr(typing, "Sequence", None) or origin is _AbcSequence:
            return [again(args[0])] if args else ["item"]
        if origin in (dict, typing.Dict) or origin is _AbcMapping:
            return {"key": again(args[1])} if args else {"key": "value"}
        if self._is_model(annotation):
            return self.payload(self.concrete(annotation), depth + 1, full)
        if _is_class(annotation) and annotation.__module__.startswith("azure.core"):
            return {"code": "text", "message": "text"}  # azure.core's error details (ODataV4Format)
        raise AssertionError(f"no generator for {annotation!r}")

    def _is_model(self, annotation: Any) -> bool:
        return _is_class(annotation) and issubclass(annotation, self.base.Model)

    # -- comparison -----------------------------------------------------------------------

    def generated_name(self, cls: type) -> str:
        """The name of the generated class ``cls`` is or customises (an SDK's ``_patch`` subclass)."""
        generated = f"{self.package}.models._models"
        return next((klass.__name__ for klass in cls.__mro__ if klass.__module__ == generated), cls.__name__)

    def same_class(self, theirs: type, mine: type, upgrades: List[str]) -> bool:
        """Whether ``mine`` is the generated class ``theirs`` is.

        An SDK's ``_patch.py`` may register a hand-written class for a discriminator
        value in place of the generated one (azure-ai-inference's ``SystemMessage``);
        the copy here has no customisations, so the generated class for that value,
        a subclass of the one the hand-written class derives from, is the match.
        """
        name = self.generated_name(theirs)
        if name == mine.__name__:
            return True
        if theirs.__module__ != f"{self.package}.models._models" and name in [k.__name__ for k in mine.__mro__[1:]]:
            upgrades.append("patched")
            return True
        return False

    def same(self, theirs: Any, mine: Any, upgrades: List[str]) -> bool:
        """Whether our value is the Azure one: same classes by name, same content."""
        if isinstance(theirs, self.base.Model):
            return (
                isinstance(mine, azure_style_events.Model)
                and self.same_class(type(theirs), type(mine), upgrades)
                and self.same(theirs.as_dict(), mine.as_dict(), upgrades)
            )
        if isinstance(mine, azure_style_events.Model):
            upgrades.append("alias")
            return type(theirs) is dict and self.same(theirs, dict(mine.as_dict()), upgrades)
        if isinstance(theirs, enum.Enum):
            if not isinstance(mine, enum.Enum):
                upgrades.append("wire")
                return type(mine) is type(theirs.value) and mine == theirs.value
            return type(theirs).__name__ == type(mine).__name__ and theirs.value == mine.value
        if isinstance(mine, enum.Enum):
            upgrades.append("member")
            return type(theirs) is type(mine.value) and theirs == mine.value
        live = _LIVE.get(type(theirs))
        if live is not None and type(mine) is live:
            upgrades.append("live")
            mine = mine.copy()
        if isinstance(theirs, dict):
            if type(mine) is not dict or set(theirs) != set(mine):
                return False
            if list(theirs) != list(mine):
                upgrades.append("order")
            return all(self.same(theirs[k], mine[k], upgrades) for k in theirs)
        if isinstance(theirs, (list, tuple)):
            return (
                type(theirs) is type(mine)
                and len(theirs) == len(mine)
                and all(self.same(a, b, upgrades) for a, b in zip(theirs, mine))
            )
        if type(theirs).__module__.startswith("azure.core"):
            # azure.core's error details (ODataV4Format) define no equality: compare content.
            return type(theirs) is type(mine) and vars(theirs) == vars(mine)
        return type(theirs) is type(mine) and theirs == mine

    def compare(self, theirs: Any, mine: Any, what: str, problems: List[str], upgrades: List[str]) -> None:
        if not self.same(theirs, mine, upgrades):
            problems.append(f"{what}: Azure {theirs!r} != ours {mine!r}")

    def check_instance(self, theirs: Any, mine: Any, label: str, problems: List[str], upgrades: List[str]) -> None:
        # The SDK's own customisations (_patch.py) are not copied: compare by generated class.
        if not self.same_class(type(theirs), type(mine), upgrades):
            problems.append(f"{label} class: Azure {type(theirs).__name__} != ours {type(mine).__name__}")
        # as_dict() is plain data on both sides: no upgrade is allowed there.
        strict: List[str] = []
        self.compare(theirs.as_dict(), mine.as_dict(), f"{label} as_dict()", problems, strict)
        self.compare(
            theirs.as_dict(exclude_readonly=True),
            mine.as_dict(exclude_readonly=True),
            f"{label} as_dict(exclude_readonly=True)",
            problems,
            strict,
        )
        typed = [kind for kind in strict if kind in UPGRADES]
        if typed:
            problems.append(f"{label}: as_dict() holds typed values: {typed}")
        for attr in self.azure_fields(type(theirs)):
            self.compare(getattr(theirs, attr), getattr(mine, attr), f"{label} .{attr}", problems, upgrades)

    def check_class(self, name: str, upgrades: List[str]) -> List[str]:
        """The differences between the Azure base's class and ours (compared once per build)."""
        if ("class", name) not in self._found:
            found: List[str] = []
            self._found["class", name] = (self._check_class(name, found), found)
        problems, found = self._found["class", name]
        upgrades.extend(found)
        return problems

    def _check_class(self, name: str, upgrades: List[str]) -> List[str]:
        original = getattr(self.original, name)
        mine_cls = getattr(self._built, name)
        problems: List[str] = []
        for full in (True, False):
            label = "full payload" if full else "required-only payload"
            data = self.payload(original, full=full)
            theirs = original(data)
            mine = mine_cls(data)
            self.check_instance(theirs, mine, f"{label}: Cls(mapping)", problems, upgrades)
            # Keyword construction from the typed values each side reads back.
            # A subclass's generated __init__ passes its own discriminator value (its
            # annotation is a Literal), so that one is not given by keyword: the Azure
            # base would see it twice.
            hints = typing.get_type_hints(original, globalns=self.namespace)
            attrs = [
                attr
                for attr, rest in self.azure_fields(original).items()
                if not (rest._is_discriminator and typing.get_origin(hints[attr]) is typing.Literal)
            ]
            their_kwargs = {attr: getattr(theirs, attr) for attr in attrs if getattr(theirs, attr) is not None}
            my_kwargs = {
                attr: getattr(mine, attr) for attr in fields(mine_cls) if attr in attrs and getattr(mine, attr) is not None
            }
            self.compare(sorted(their_kwargs), sorted(my_kwargs), f"{label}: keyword names", problems, upgrades)
            self.check_instance(original(**their_kwargs), mine_cls(**my_kwargs), f"{label}: Cls(**typed)", problems, upgrades)
            # The wire path through the Azure deserializer and ours.
            self.check_instance(
                self.base._deserialize(original, data), deserialize(mine_cls, data), f"{label}: deserialize", problems, upgrades
            )
        return problems

    def check_dispatch(self, base_name: str, key: str) -> List[str]:
        """The differences in where a discriminator value sends a mapping (compared once per build)."""
        if ("dispatch", base_name, key) not in self._found:
            self._found["dispatch", base_name, key] = (self._check_dispatch(base_name, key), [])
        return self._found["dispatch", base_name, key][0]

    def _check_dispatch(self, base_name: str, key: str) -> List[str]:
        original_base = getattr(self.original, base_name)
        data = self.payload(self.concrete(original_base.__mapping__[key]))
        theirs = self.base._deserialize(original_base, data)
        mine = deserialize(getattr(self._built, base_name), data)
        problems: List[str] = []
        self.check_instance(theirs, mine, f"{base_name} -> {key}", problems, [])
        return problems

    def report(self) -> Tuple[str, int, int]:
        """One line of counts: classes matching, dispatch values alike, upgrades by kind."""
        names = self.class_names()
        matching = 0
        upgraded: Dict[str, set] = {kind: set() for kind in UPGRADES + OLD_BASE}
        for name in names:
            upgrades: List[str] = []
            if not self.check_class(name, upgrades):
                matching += 1
            for kind in upgrades:
                upgraded[kind].add(name)
        alike = sum(not self.check_dispatch(base, key) for base, key in self.discriminated())
        line = (
            f"{self.distribution} {self.version}: {matching}/{len(names)} generated classes match the Azure base; "
            f"{alike}/{len(self.discriminated())} discriminator values dispatch alike; "
            + ", ".join(f"{len(found)} classes read a {kind} upgrade" for kind, found in upgraded.items())
        )
        return line, matching, len(names)


_NO_LEAF: Any = object()
# A file input as a multipart request takes it: the same object on both sides.
_FILE = io.BytesIO(b"file content")


def _leaf(annotation: Any, fmt: Any) -> Any:
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
    if annotation is datetime.date:
        return "2024-05-06"
    if annotation is datetime.time:
        return "07:08:09"
    if annotation is datetime.timedelta:
        if isinstance(fmt, str) and fmt.startswith("duration-"):  # duration-seconds-int, -milliseconds-float, ...
            return 7 if fmt.endswith("-int") else 1.5
        return "PT1H2M3S"
    if annotation is bytes:
        return "aGVsbG8="
    if annotation is decimal.Decimal:
        return 2.5
    return _NO_LEAF


def _is_class(annotation: Any) -> bool:
    # On 3.10, list[X] passes inspect.isclass.
    return inspect.isclass(annotation) and typing.get_origin(annotation) is None


def _is_enum(annotation: Any) -> bool:
    return _is_class(annotation) and issubclass(annotation, enum.Enum)

"""Write the realtime catalogs from the SDKs that describe the protocols.

    python codegen/generate_catalogs.py          # rewrite the catalog modules
    python codegen/generate_catalogs.py --check  # exit 1 when a module would change (CI)

The SDKs are the single source of truth for the *facts* of each protocol: class names,
wire keys, annotations, which fields are required, enum values and discriminators.
Nothing else carries over: no docstring or sentence of theirs is copied, and the
docstrings written into the catalogs are this script's own templates.

Two readers turn an SDK into the same intermediate form (``ClassSpec`` / ``EnumSpec``):

* ``read_azure`` reads a TypeSpec-generated Azure SDK (``azure-ai-voicelive``): its
  ``rest_field`` descriptors and annotations, its ``__mapping__`` registries and enums;
* ``read_openai`` reads the pydantic models of the ``openai`` SDK, starting from the
  server and client event unions and following every field to the models it reaches.

One emitter writes that form as a Python module on this package's ``Model``, naming
once each union that several annotations repeat, and hands the text to ``ruff format``
(the project's settings), so that the files are as the formatter CI runs leaves them.
The installed versions must be the pinned ones (the ``catalogs`` extra in pyproject.toml
for the SDKs, the ``lint`` extra for ruff), so that regenerating on any machine gives
the same bytes.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import enum
import importlib
import importlib.metadata
import inspect
import keyword
import re
import subprocess
import sys
import textwrap
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "azure_style_events"

PINNED = {"azure-ai-voicelive": "1.3.1", "openai": "3.54.0"}

# The release that drops the previous release's class names (``Catalog.aliases``); until
# then they import with a DeprecationWarning.
ALIASES_REMOVED_IN = "0.4.0"

# The modules are written as ``ruff format`` leaves them, so that the formatter CI runs
# over the repository finds nothing to change; its release is the ``lint`` extra's pin.
RUFF = re.search(r'"ruff==([0-9.]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))

# Each model's TypedDict is named after it with this suffix, as the openai SDK names its
# request dicts (``SessionUpdateEventParam``).
PARAM = "Param"

# Names a field attribute may not take on this package's Model (they would hide a
# mapping or model method); such a field gets the suffix, as Azure's generator does.
# The package's own table: class creation rejects the same names.
sys.path.insert(0, str(ROOT))
from azure_style_events._core._build import RESERVED_NAMES as RESERVED  # noqa: E402 - after the path is set

# Names the generated module imports; a catalog class may not take one.
IMPORTED = frozenset(
    "Any ClassVar Dict List Literal Mapping Optional Type Union TYPE_CHECKING overload datetime "
    "Model WireEnum rest_field rest_discriminator".split()
)


@dataclass
class FieldSpec:
    attr: str
    wire: str
    annotation: str
    required: bool
    discriminator: bool = False
    default: Optional[str] = None  # source text of the default, when there is one
    fmt: Optional[str] = None
    readonly: bool = False
    keyword: str = ""  # the annotation as a keyword constructor takes it (Renderer "keyword")
    param: str = ""  # the annotation as a value of the class's Param TypedDict
    admits_none: bool = False  # None (or Any) is a value: validate() lets the key be absent


def _field_texts(
    tp: Any, name_of: Callable[[Any], Optional[str]], resolve: Callable[[str], Any], fmt: Optional[str]
) -> Dict[str, Any]:
    """The keyword and Param renderings of one field's annotation, and whether it admits None."""
    texts: Dict[str, Any] = {mode: Renderer(name_of, resolve, mode, fmt).render(tp) for mode in ("keyword", "param")}
    texts["admits_none"] = _admits_none(tp)
    return texts


@dataclass
class ClassSpec:
    name: str
    bases: List[str]
    fields: List[FieldSpec]
    role: str  # "server", "client", "server-base", "client-base" or "payload"
    discriminator: Optional[str] = None  # value registered in the base's __mapping__
    registry: bool = False  # declares its own __mapping__
    # Names of the classes its annotations mention; ordering needs them.
    refers: Set[str] = field(default_factory=set)


@dataclass
class EnumSpec:
    name: str
    members: List[Tuple[str, Any]]


@dataclass
class Catalog:
    module: str  # dotted path under azure_style_events
    title: str
    source: str  # "package==version (import path)"
    enums: List[EnumSpec]
    classes: List[ClassSpec]
    # Names of the previous release that the naming rule changed (old -> new), kept as
    # aliases for one release.
    aliases: Dict[str, str] = field(default_factory=dict)


# -- rendering annotations ------------------------------------------------------------------


class Renderer:
    """Annotation objects to source text, with model classes named as the catalog names them.

    ``mode`` is what the text is for:

    * ``"model"``: the field's annotation on the class (what reading it returns);
    * ``"keyword"``: a keyword constructor's parameter, where each model also takes its
      ``Param`` dict and a list or dict of models any sequence or mapping of them;
    * ``"param"``: a value in a ``Param`` TypedDict: models as their ``Param``, enums as
      the ``str`` of the wire, dates and bytes also in their wire form (``fmt``).
    """

    def __init__(
        self,
        name_of: Callable[[Any], Optional[str]],
        resolve: Callable[[str], Any],
        mode: str = "model",
        fmt: Optional[str] = None,
    ) -> None:
        self.name_of = name_of
        self.resolve = resolve  # a forward reference's text -> the object it names
        self.mode = mode
        self.fmt = fmt
        self.refers: Set[str] = set()
        self.models = 0  # models rendered so far (a list of them becomes a Sequence)

    def render(self, tp: Any) -> str:
        parts = self._parts(tp)
        if len(parts) == 1:
            return parts[0]
        others = [part for part in parts if part != "None"]
        if len(others) == 1:
            return f"Optional[{others[0]}]"
        return f"Union[{', '.join(others + ['None'] * (len(others) < len(parts)))}]"

    def _parts(self, tp: Any) -> List[str]:
        """The members the text of ``tp`` lists when it stands in a union."""
        if isinstance(tp, str):
            tp = typing.ForwardRef(tp)
        if isinstance(tp, typing.ForwardRef):
            return self._parts(self.resolve(tp.__forward_arg__))
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            return self._parts(typing.get_args(tp)[0])
        if origin is typing.Union and self.mode != "model":
            return _dedupe(part for arg in typing.get_args(tp) for part in self._parts(arg))
        if self.mode == "param" and tp is bytes:
            return ["bytes", "str"]
        if self.mode == "param" and tp is datetime.datetime:
            return ["datetime.datetime", "int" if self.fmt == "unix-timestamp" else "str"]
        if isinstance(tp, type) and origin is None and self.name_of(tp) is not None:
            return self._named(tp)
        return [self._render_one(tp)]

    def _named(self, tp: type) -> List[str]:
        name = self.name_of(tp)
        assert name is not None
        if issubclass(tp, enum.Enum):
            return ["str"] if self.mode == "param" else [name]
        self.models += 1
        if self.mode == "model":
            self.refers.add(name)
            return [name]
        if self.mode == "param":
            return [name + PARAM]
        return [name, name + PARAM]

    def _render_one(self, tp: Any) -> str:
        if tp is typing.Any or tp is object:
            return "Any"
        if tp is None or tp is type(None):
            return "None"
        if tp in (str, int, float, bool, bytes):
            return tp.__name__
        if tp is datetime.datetime:
            return "datetime.datetime"
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is typing.Literal:
            return f"Literal[{', '.join(self._literal(value) for value in args)}]"
        if origin is typing.Union:
            others = [arg for arg in args if arg is not type(None)]
            if len(others) < len(args) and len(others) == 1:
                return f"Optional[{self.render(others[0])}]"
            rendered = [self.render(arg) for arg in others] + (["None"] if len(others) < len(args) else [])
            return f"Union[{', '.join(rendered)}]"
        if origin in (list, typing.List):
            before = self.models
            inner = self.render(args[0])
            # A list of models given as input may be any sequence of them (lists are
            # invariant: ``List[Tool]`` is no ``List[Union[Tool, ToolParam]]``); a list of
            # strings stays a List, since a str is a Sequence of str.
            wrapper = "Sequence" if self.mode != "model" and self.models > before else "List"
            return f"{wrapper}[{inner}]"
        if origin in (dict, typing.Dict):
            before = self.models
            key, value = self.render(args[0]), self.render(args[1])
            wrapper = "Mapping" if self.mode != "model" and self.models > before else "Dict"
            return f"{wrapper}[{key}, {value}]"
        raise TypeError(f"no rendering for annotation {tp!r}")

    def _literal(self, value: Any) -> str:
        if isinstance(value, enum.Enum):
            if self.mode == "param":
                return repr(value.value)
            name = self.name_of(type(value))
            if name is None:
                raise TypeError(f"enum {type(value)!r} is not in the catalog")
            return f"{name}.{value.name}"
        return repr(value)


def _dedupe(parts: Any) -> List[str]:
    out: List[str] = []
    for part in parts:
        if part not in out:
            out.append(part)
    return out


def _attr_name(name: str) -> str:
    if name in RESERVED or keyword.iskeyword(name):
        return f"{name}_property"
    return name


# -- reading a TypeSpec-generated Azure SDK --------------------------------------------------


def read_azure(models_module: str, unions_module: str, distribution: str) -> Tuple[List[EnumSpec], List[ClassSpec]]:
    """Facts of every model and enum of a generated ``models`` package, in definition order."""
    models = importlib.import_module(models_module)
    impl = importlib.import_module(f"{models_module}._models")
    enums_impl = importlib.import_module(f"{models_module}._enums")
    unions = importlib.import_module(unions_module)
    base = impl._Model
    enums = [
        EnumSpec(cls.__name__, [(member.name, member.value) for member in cls])
        for cls in vars(enums_impl).values()
        if inspect.isclass(cls) and issubclass(cls, enum.Enum) and cls.__module__ == enums_impl.__name__
    ]
    enum_names = {spec.name for spec in enums}
    classes = [
        cls for cls in vars(impl).values() if inspect.isclass(cls) and cls.__module__ == impl.__name__ and issubclass(cls, base)
    ]
    names = {cls: cls.__name__ for cls in classes}

    def name_of(tp: Any) -> Optional[str]:
        if tp in names:
            return names[tp]
        if isinstance(tp, type) and issubclass(tp, enum.Enum) and tp.__name__ in enum_names:
            return tp.__name__
        return None

    def resolve(text: str) -> Any:
        scope, _, name = text.rpartition(".")
        # "_models.X" names a model or an enum; the package's own namespace would give
        # the customised class of _patch.py, so the generated modules come first.
        places = {"_models": (impl, enums_impl), "_unions": (unions,), "": (impl, enums_impl)}.get(scope, ())
        for module in places:
            if hasattr(module, name):
                return getattr(module, name)
        raise TypeError(f"{distribution}: cannot resolve {text!r}")

    specs = []
    event_bases = {models.ServerEvent: "server", models.ClientEvent: "client"}
    for cls in classes:
        renderer = Renderer(name_of, resolve)
        fields = []
        annotations = cls.__dict__.get("__annotations__", {})
        for attr, descriptor in cls.__dict__.items():
            if type(descriptor).__name__ != "_RestField":
                continue
            if descriptor._type is not None or descriptor._deserializer is not None:
                raise TypeError(f"{cls.__name__}.{attr}: type=/deserializer= overrides are not expected here")
            default = descriptor._default
            has_default = type(default) is not object
            annotation = renderer.render(annotations[attr])
            fields.append(
                FieldSpec(
                    attr=attr,
                    wire=descriptor._rest_name_input or attr,
                    annotation=annotation,
                    required=not has_default and not _admits_none(annotations[attr]),
                    discriminator=descriptor._is_discriminator,
                    default=_default_text(default, name_of) if has_default else None,
                    fmt=descriptor._format,
                    readonly=descriptor._visibility == ["read"],
                    **_field_texts(annotations[attr], name_of, resolve, descriptor._format),
                )
            )
        parent = cls.__bases__[0]
        discriminator = None
        if parent is not base:
            discriminator = next((key for key, value in parent.__dict__.get("__mapping__", {}).items() if value is cls), None)
        role = "payload"
        for event_base, side in event_bases.items():
            if cls is event_base:
                role = f"{side}-base"
            elif issubclass(cls, event_base):
                role = side
        specs.append(
            ClassSpec(
                name=cls.__name__,
                bases=["Model" if klass is base else klass.__name__ for klass in cls.__bases__],
                fields=fields,
                role=role,
                discriminator=discriminator,
                registry="__mapping__" in cls.__dict__,
                refers=renderer.refers,
            )
        )
    return enums, specs


def _admits_none(tp: Any) -> bool:
    if typing.get_origin(tp) is typing.Annotated:
        return _admits_none(typing.get_args(tp)[0])
    return tp is typing.Any or tp is object or (typing.get_origin(tp) is typing.Union and type(None) in typing.get_args(tp))


def _default_text(value: Any, name_of: Callable[[Any], Optional[str]]) -> str:
    if isinstance(value, enum.Enum):
        return f"{name_of(type(value))}.{value.name}"
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    raise TypeError(f"no rendering for default {value!r}")


# -- reading the openai SDK's pydantic models ------------------------------------------------


def _union_members(tp: Any) -> Tuple[Any, ...]:
    if typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return typing.get_args(tp)


def read_openai(types_module: str) -> Tuple[List[ClassSpec], Dict[str, str]]:
    """Facts of the server and client events of ``types_module`` and every model they reach.

    Also the previous release's names that the naming rule changed: old name -> new name.
    """
    import pydantic

    module = importlib.import_module(types_module)
    server = list(_union_members(module.RealtimeServerEvent))
    client = list(_union_members(module.RealtimeClientEvent))
    events = {cls: "server" for cls in server}
    events.update({cls: "client" for cls in client})

    # Every model reachable from the events, in the order first met.
    reached: List[type] = []
    seen: Set[type] = set()

    def walk(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
            if tp in seen:
                return
            seen.add(tp)
            reached.append(tp)
            for info in tp.model_fields.values():
                walk(info.annotation)
            return
        for arg in typing.get_args(tp):
            walk(arg)

    for cls in server + client:
        walk(cls)
    names = sdk_names(reached)
    # An old name that the rule now gives another class names that class (CHANGELOG).
    new_names = set(names.values())
    aliases = {old: names[cls] for cls, old in previous_names(reached).items() if old != names[cls] and old not in new_names}

    def name_of(tp: Any) -> Optional[str]:
        return names.get(tp)

    def resolve(text: str) -> Any:
        raise TypeError(f"unexpected forward reference {text!r} in {types_module}")

    specs = [
        ClassSpec("ServerEvent", ["Model"], [_disc_field()], "server-base", registry=True),
        ClassSpec("ClientEvent", ["Model"], [_disc_field()], "client-base", registry=True),
    ]
    for cls in reached:
        renderer = Renderer(name_of, resolve)
        role = events.get(cls, "payload")
        discriminator = None
        fields = []
        for name, info in cls.model_fields.items():
            annotation = renderer.render(info.annotation)
            if role != "payload" and name == "type":
                (discriminator,) = typing.get_args(info.annotation)
                texts = _field_texts(info.annotation, name_of, resolve, None)
                fields.append(FieldSpec("type", "type", annotation, True, discriminator=True, **texts))
                continue
            required = info.is_required()
            default = None
            if not required and info.default is not None:
                default = repr(info.default)
            texts = _field_texts(info.annotation, name_of, resolve, None)
            fields.append(FieldSpec(_attr_name(name), info.alias or name, annotation, required, default=default, **texts))
        bases = {"server": ["ServerEvent"], "client": ["ClientEvent"]}.get(role, ["Model"])
        specs.append(ClassSpec(names[cls], bases, fields, role, discriminator, refers=renderer.refers))
    return specs, aliases


def _disc_field() -> FieldSpec:
    return FieldSpec("type", "type", "str", True, discriminator=True, keyword="str", param="str")


def sdk_names(classes: List[type]) -> Dict[type, str]:
    """Each model's catalog name, by the naming rule (docs/design.md, "Names").

    * A class that the public package of its own module exports (``openai.types.realtime``,
      ``openai.types.responses``, ...) keeps its name: importable from there as it is named here.
    * Any other class (a model the SDK defines inside one module and never exports) is
      named ``<Module><Class>``: the defining module's file name in CamelCase, then the
      class's own name, the module part dropped where the class name already begins with
      it.  A module's classes have distinct names, so the rule never collides, and the
      name says where the model sits.
    """
    names = {}
    for cls in classes:
        package, _, leaf = cls.__module__.rpartition(".")
        if getattr(importlib.import_module(package), cls.__name__, None) is cls:
            names[cls] = cls.__name__
            continue
        prefix = _camel(leaf)
        names[cls] = cls.__name__ if cls.__name__.startswith(prefix) else prefix + cls.__name__
    taken: Dict[str, type] = {}
    for cls, name in names.items():
        if taken.setdefault(name, cls) is not cls:
            raise TypeError(f"{cls.__module__}.{cls.__qualname__} and {taken[name].__module__}: two classes named {name}")
    return names


def _camel(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def previous_names(classes: List[type]) -> Dict[type, str]:
    """The names of the previous release (the SDK's class name, module-prefixed on a clash).

    Kept to write the old names as aliases for one release; drop with them.
    """
    counts: Dict[str, int] = {}
    for cls in classes:
        counts[cls.__name__] = counts.get(cls.__name__, 0) + 1
    names = {}
    for cls in classes:
        name = cls.__name__
        if counts[name] > 1:
            prefix = _camel(cls.__module__.rpartition(".")[2])
            name = name if name.startswith(prefix) else prefix + name
        names[cls] = name
    return names


# -- naming the unions a module repeats -----------------------------------------------------


@dataclass(frozen=True)
class _Type:
    """Annotation text as a tree: a name and, when it is subscripted, its arguments."""

    head: str
    args: Optional[Tuple["_Type", ...]] = None

    def __str__(self) -> str:
        return self.head if self.args is None else f"{self.head}[{', '.join(map(str, self.args))}]"

    def walk(self) -> typing.Iterator["_Type"]:
        yield self
        for arg in self.args or ():
            yield from arg.walk()


# A quoted literal, a bracket or comma, or a name (dotted, or a number).
_TOKEN = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[\[\],]|[^\[\],\s]+""")


def _parse(text: str) -> _Type:
    """The tree of annotation text as ``Renderer`` writes it (``Optional[List[Union[str, X]]]``)."""
    tokens = _TOKEN.findall(text)
    position = 0

    def node() -> _Type:
        nonlocal position
        head = tokens[position]
        position += 1
        if position == len(tokens) or tokens[position] != "[":
            return _Type(head)
        args = []
        while tokens[position] in ("[", ","):
            position += 1
            args.append(node())
        position += 1  # the closing bracket
        return _Type(head, tuple(args))

    tree = node()
    if position != len(tokens) or str(tree) != text:
        raise TypeError(f"cannot read the annotation text {text!r}")
    return tree


class SharedUnions:
    """The unions that a module's annotations spell out more than once, each given one name.

    Such a union becomes a private module-level alias named after the field that declares
    it most (``voice`` -> ``_Voice``, then ``suffix``), and every annotation names the
    alias instead.  A union that is one type in its forms stays written out, its text says
    as much as a name would: a ``str`` or one of the catalog's enums, a model or its Param,
    bytes or a date and their wire text.

    The keyword constructors' unions have a ``base``, the fields' unions: a union that is
    one of those takes its name, and one that is one of those plus its models' Params is
    written as that name and the Params.
    """

    def __init__(self, suffix: str, enums: Set[str], base: Optional["SharedUnions"] = None) -> None:
        self.suffix = suffix
        self.enums = enums
        self.base = base
        self.uses: Dict[Tuple[str, ...], List[str]] = {}  # members (None aside) -> each user's field
        self.members: Dict[Tuple[str, ...], Tuple[_Type, ...]] = {}
        self.names: Dict[Tuple[str, ...], str] = {}
        self.parts: Dict[str, Tuple[_Type, ...]] = {}  # name -> what its Union lists
        self.needs: Dict[str, str] = {}  # name -> the base's name that it is or lists

    def count(self, text: str, attr: str) -> None:
        """Note the unions of one annotation, of the field ``attr``."""
        for node in _parse(text).walk():
            if node.head == "Union" and node.args:
                members = tuple(arg for arg in node.args if str(arg) != "None")
                key = tuple(map(str, members))
                if not self._one_type(key):
                    self.uses.setdefault(key, []).append(attr)
                    self.members[key] = members

    def _one_type(self, key: Tuple[str, ...]) -> bool:
        if len(key) != 2:
            return False
        first, second = key
        return (
            (first == "str" and second in self.enums)
            or second == first + PARAM
            or (first in ("bytes", "datetime.datetime") and second in ("str", "int"))
        )

    def settle(self, taken: Set[str]) -> None:
        """Name every union used twice or more; ``taken`` holds the module's other names."""
        base_names = self.base.names if self.base is not None else {}
        for key, attrs in self.uses.items():
            if key in base_names:  # the same as a field's union: its name
                self.names[key] = self.needs[base_names[key]] = base_names[key]
                continue
            if len(attrs) < 2:
                continue
            # The field name most used, the first met on a tie; the next one when taken.
            for attr in sorted(dict.fromkeys(attrs), key=attrs.count, reverse=True):
                name = f"_{_camel(attr)}{self.suffix}"
                if name not in taken:
                    break
            else:
                raise TypeError(f"no free name for the union of {key} ({sorted(set(attrs))})")
            taken.add(name)
            self.names[key] = name
            self.parts[name] = self.members[key]
            for base_key, base_name in base_names.items():
                extra = [member for member in self.members[key] if str(member) not in base_key]
                params = {f"{member}{PARAM}" for member in base_key}
                if set(base_key) <= set(key) and extra and {str(member) for member in extra} <= params:
                    self.parts[name] = (_Type(base_name), *extra)
                    self.needs[name] = base_name
                    break

    def named(self, text: str, used: List[str]) -> str:
        """``text`` with each named union replaced by its name; the names go into ``used``."""
        return str(self._named(_parse(text), used))

    def _named(self, node: _Type, used: List[str], own: Optional[str] = None) -> _Type:
        if node.args is None:
            return node
        if node.head == "Union":
            members = [arg for arg in node.args if str(arg) != "None"]
            name = self.names.get(tuple(map(str, members)))
            if name is not None and name != own:
                used.append(name)
                return _Type("Optional", (_Type(name),)) if len(members) < len(node.args) else _Type(name)
        return _Type(node.head, tuple(self._named(arg, used, own) for arg in node.args))

    def definitions(self, names: List[str], done: Set[str], later: Set[str]) -> List[str]:
        """``name = Union[...]`` for each of ``names`` not in ``done``, after the aliases it names.

        Class names in ``later`` are not defined yet where the lines go: they are quoted.  The
        base's names that these need must be in ``done`` (:meth:`needed` tells which).
        """
        lines: List[str] = []
        for name in names:
            if name in done:
                continue
            done.add(name)
            inner: List[str] = []
            text = str(self._named(_Type("Union", self.parts[name]), inner, own=name))
            lines += self.definitions(inner, done, later)
            lines.append(f"{name} = {_quote_later(text, later)}")
        return lines

    def needed(self, names: List[str]) -> List[str]:
        """The base's names that the definitions of ``names`` need."""
        return [self.needs[name] for name in names if name in self.needs]


# -- writing a module -------------------------------------------------------------------------


def _order(classes: List[ClassSpec]) -> List[ClassSpec]:
    """Bases before subclasses, and referenced classes before their users where no cycle forbids."""
    by_name = {spec.name: spec for spec in classes}
    done: Set[str] = set()
    visiting: Set[str] = set()
    ordered: List[ClassSpec] = []

    def visit(spec: ClassSpec) -> None:
        if spec.name in done or spec.name in visiting:
            return
        visiting.add(spec.name)
        for base in spec.bases:
            if base in by_name:
                visit(by_name[base])
        for name in sorted(spec.refers):
            other = by_name.get(name)
            if other is not None and not _inherits(other, spec.name, by_name):
                visit(other)
        visiting.discard(spec.name)
        done.add(spec.name)
        ordered.append(spec)

    for spec in classes:
        visit(spec)
    return ordered


def _inherits(spec: ClassSpec, ancestor: str, by_name: Dict[str, ClassSpec]) -> bool:
    stack = list(spec.bases)
    while stack:
        name = stack.pop()
        if name == ancestor:
            return True
        stack.extend(by_name[name].bases if name in by_name else ())
    return False


def _quote_later(annotation: str, later: Set[str]) -> str:
    """Quote class names not yet defined at this point of the module (forward references)."""
    out = []
    token = ""
    for char in annotation + " ":
        if char.isalnum() or char in "_.":
            token += char
            continue
        if token:
            out.append(f'"{token}"' if token in later else token)
            token = ""
        out.append(char)
    return "".join(out)[:-1]


# The project's line length (pyproject.toml), which ruff format does not apply to
# docstrings, and the width a docstring too long for one line is wrapped to (as the
# hand-written modules' prose is).
WIDTH = 130
PROSE = 90


def _docstring_lines(text: str, indent: str) -> List[str]:
    """``text`` as a docstring at ``indent``: on one line when it fits, else wrapped."""
    if len(indent) + len(text) + 6 <= WIDTH:
        return [f'{indent}"""{text}"""']
    # Room for the quotes at both ends: ruff format moves the closing ones up to a lone line.
    wrapped = textwrap.wrap(text, PROSE - len(indent) - 6, break_long_words=False, break_on_hyphens=False)
    return [f'{indent}"""{wrapped[0]}', *[f"{indent}{line}" for line in wrapped[1:]], f'{indent}"""']


def _docstring(spec: ClassSpec) -> str:
    if spec.role in ("server", "client") and spec.discriminator:
        return f"The {spec.role} event ``{spec.discriminator}``."
    if spec.role.endswith("-base"):
        side = spec.role.split("-")[0]
        return (
            f"Any {side} event; parsing on this class returns the subclass that ``type`` names, "
            f"or this class, holding all the data, for a type the catalog does not know."
        )
    required = [field.wire for field in spec.fields if field.required and not field.discriminator]
    if spec.registry:
        return "A discriminated payload base: parsing returns the subclass its discriminator names."
    if spec.discriminator:
        return f"The ``{spec.discriminator}`` kind of {spec.bases[0]}."
    if required:
        return f"A payload object; requires {', '.join(f'``{key}``' for key in required)}."
    return "A payload object; every field is optional."


def _field_line(spec: FieldSpec, annotation: str) -> str:
    args = []
    if spec.wire != spec.attr or spec.discriminator:
        args.append(f"name={spec.wire!r}")
    if spec.readonly:
        args.append('visibility=["read"]')
    if spec.fmt:
        args.append(f"format={spec.fmt!r}")
    if spec.default is not None:
        args.append(f"default={spec.default}")
    maker = "rest_discriminator" if spec.discriminator else "rest_field"
    return f"    {spec.attr}: {annotation} = {maker}({', '.join(args)})"


def _signature(fields: List[Tuple[FieldSpec, str]]) -> List[str]:
    # A discriminator the class fixes (a Literal) is filled in; a base's (``type: str``)
    # must be given, as at run time.
    given = [(f, a) for f, a in fields if not f.discriminator or not a.startswith("Literal[")]
    required = [(f, a) for f, a in given if f.required]
    optional = [(f, a) for f, a in given if not f.required]
    params = [f"{f.attr}: {a}" for f, a in required]
    params += [
        f"{f.attr}: {a if a.startswith('Optional[') or a.endswith(', None]') or a == 'Any' else f'Optional[{a}]'} = None"
        for f, a in optional
    ]
    return params


def emit(catalog: Catalog) -> str:
    classes = _order(catalog.classes)
    by_name = {spec.name: spec for spec in classes}
    enum_names = [spec.name for spec in catalog.enums]
    clash = (set(by_name) | set(enum_names)) & IMPORTED
    if clash:
        raise TypeError(f"catalog names clash with the module's imports: {sorted(clash)}")
    unions = _event_unions(catalog, classes)
    clash = {name + PARAM for name in by_name} & (set(by_name) | set(enum_names) | set(unions))
    if clash:
        raise TypeError(f"a Param TypedDict's name is taken by a catalog name: {sorted(clash)}")
    up = ".." if catalog.module.count(".") else "."
    taken = set(catalog.aliases) & (set(by_name) | set(enum_names) | set(unions))
    if taken:
        raise TypeError(f"an alias would hide a catalog name: {sorted(taken)}")
    lines = [
        f"# Generated by codegen/generate_catalogs.py from {catalog.source}; do not edit.",
        f'"""{catalog.title}',
        "",
        "Every class is a ``dict`` of the event's JSON and a typed object over the same data",
        "(see the package documentation).  Class names, wire keys, annotations and enum values",
        f"are the facts of {catalog.source}; regenerate with",
        "``python codegen/generate_catalogs.py`` after changing the pinned versions.",
        '"""',
        "",
    ]
    imports = [
        [("", ["datetime"]), ("", ["warnings"]), ("typing", TYPING_NAMES)],
        [("typing_extensions", ["Literal"])],
        [
            (f"{up}_catalog_params", ["param_attribute"]),
            (f"{up}_core._enums", ["WireEnum"]),
            (f"{up}_core._fields", ["rest_discriminator", "rest_field"]),
            (f"{up}_core._model", ["Model"]),
        ],
    ]
    body = [
        "if TYPE_CHECKING:  # the Param TypedDicts load on first use (__getattr__ at the end)",
        f"    from {up}_catalog_params.{_params_leaf(catalog)} import (",
        *[f"        {name}," for name in sorted((name + PARAM for name in by_name), key=_member_key)],
        "    )",
        "",
        "__all__ = [",
        *[f'    "{name}",' for name in sorted(enum_names + list(by_name) + list(unions) + [n + PARAM for n in by_name])],
        "]",
    ]
    for spec in catalog.enums:
        body += [
            "",
            "",
            f"class {spec.name}(WireEnum):",
            f'    """Known values of ``{spec.name}``; other strings are kept as they come."""',
            "",
        ]
        body += [f"    {name} = {value!r}" for name, value in spec.members]
    # The unions of the fields' annotations, and of the keyword constructors' parameters.
    shared = SharedUnions("", set(enum_names))
    shared_keywords = SharedUnions("Arg", set(enum_names), base=shared)
    for spec in classes:
        for field_ in spec.fields:
            shared.count(field_.annotation, field_.attr)
        for field_ in _all_fields(spec, by_name).values():
            shared_keywords.count(field_.keyword, field_.attr)
    names_taken = set(by_name) | set(enum_names) | set(unions) | set(catalog.aliases) | IMPORTED
    shared.settle(names_taken)
    shared_keywords.settle(names_taken)
    if shared.names or shared_keywords.names:
        body += [
            "",
            "# A union that several annotations spell out is named once, above the first class that",
            "# uses it: ``_<Field>`` as the fields declare it and, for type checkers, ``_<Field>Arg``",
            "# as the keyword constructors take it (where a model may also be given as its Param).",
        ]
    done: Set[str] = set()
    defined: Set[str] = set()
    overrides = False  # some field narrows the annotation of a field it inherits
    for spec in classes:
        later = set(by_name) - defined - {spec.name}
        inherited = _all_fields(spec, by_name, inherited_only=True)
        used: List[str] = []
        own = [(f, _quote_later(shared.named(f.annotation, used), later | {spec.name})) for f in spec.fields]
        used_keywords: List[str] = []
        all_fields = {
            f.attr: (f, _quote_later(shared_keywords.named(f.keyword, used_keywords), later | {spec.name}))
            for f in _all_fields(spec, by_name).values()
        }
        aliases = shared.definitions(used + shared_keywords.needed(used_keywords), done, later | {spec.name})
        typing_aliases = shared_keywords.definitions(used_keywords, done, later | {spec.name})
        if typing_aliases:
            aliases += ["if TYPE_CHECKING:", *[f"    {line}" for line in typing_aliases]]
        head = ", ".join(spec.bases)
        if spec.discriminator:
            head += f", discriminator={spec.discriminator!r}"
        body += ["", "", *aliases, *(["", ""] if aliases else [])]
        body += [f"class {spec.name}({head}):", *_docstring_lines(_docstring(spec), "    "), ""]
        if spec.registry:
            body.append("    __mapping__: ClassVar[Dict[str, Type[Model]]] = {}")
        for field_, annotation in own:
            overrides |= field_.attr in inherited and inherited[field_.attr].annotation != field_.annotation
            body.append(_field_line(field_, annotation))
        # The constructor as type checkers see it, the form the Azure SDK's models declare:
        # keywords typed as the fields (a nested model also as its Param), or one mapping.
        # Written on one line each, with no blank line between: ruff format breaks a
        # signature only where it is too long.
        params = _signature(list(all_fields.values()))
        keywords = f", *, {', '.join(params)}" if params else ""
        body += [
            "",
            "    if TYPE_CHECKING:",
            "",
            "        @overload",
            f"        def __init__(self{keywords}) -> None: ...",
            "        @overload",
            "        def __init__(self, mapping: Mapping[str, Any]) -> None: ...",
            "        def __init__(self, *args: Any, **kwargs: Any) -> None: ...",
        ]
        defined.add(spec.name)
    for name, members in unions.items():
        if isinstance(members, str):
            body += ["", f"#: The openai SDK's name for ``{members}``.", f"{name} = {members}"]
            continue
        side = "server" if "Server" in name else "client"
        body += [
            "",
            "",
            f"#: Every {side} event class of the catalog, for exhaustive matching: ``match`` over a",
            "#: value of this type with ``assert_never`` in the default branch, and a type checker",
            "#: reports an event type left out.  (A type the catalog does not know parses as the",
            f"#: ``{side.capitalize()}Event`` base, outside this union.)",
            f"{name} = Union[",
            *[f"    {member}," for member in members],
            "]",
        ]
    params = f'param_attribute(__name__, "{_params_leaf(catalog)}", name)'
    if not catalog.aliases:
        body += ["", "if not TYPE_CHECKING:", "", "    def __getattr__(name: str) -> Any:", f"        return {params}"]
    else:
        old_names = sorted(catalog.aliases.items())
        body += [
            "",
            "if TYPE_CHECKING:",
            "    # The previous release's names of the classes the naming rule renamed (docs/design.md,",
            '    # "Names"), deprecated: at run time __getattr__ gives them with a DeprecationWarning.',
            f"    # Removed in {ALIASES_REMOVED_IN}.",
            *[f"    {old} = {new}" for old, new in old_names],
            "else:",
            "    _RENAMED = {",
            *[_entry(f'        "{old}": ', new, ",") for old, new in old_names],
            "    }",
            "",
            "    def __getattr__(name: str) -> Any:",
            "        new = _RENAMED.get(name)",
            "        if new is None:",
            f"            return {params}",
            "        # stacklevel 2: the warning names the line that used the old name.",
            "        warnings.warn(",
            f'            f"{{__name__}}.{{name}} is deprecated and will be removed in {ALIASES_REMOVED_IN}; "',
            '            f"use {new.__name__}",',
            "            DeprecationWarning,",
            "            stacklevel=2,",
            "        )",
            "        return new",
        ]
    if overrides:
        lines += [
            "# A kind's discriminator narrows its base's ``type: str`` to the kind's Literal, and a",
            "# few fields narrow an inherited annotation, as the SDK declares them: pyright's check",
            "# of variable overrides (mutable attributes may not narrow) is off for this module.",
            "# pyright: reportIncompatibleVariableOverride=false",
            "",
        ]
    return "\n".join(lines + _import_block(body, imports) + body) + "\n"


# What a catalog module may import from typing, in the order isort lists them.
TYPING_NAMES = "TYPE_CHECKING Any ClassVar Dict List Mapping Optional Sequence Type Union overload".split()


def _entry(head: str, value: str, tail: str) -> str:
    """One line, or the value in parentheses on a line of its own where the line is too long."""
    line = f"{head}{value}{tail}"
    if len(line) <= WIDTH:
        return line
    indent = " " * (len(head) - len(head.lstrip()))
    return f"{head}(\n{indent}    {value}\n{indent}){tail}"


def _import_block(body: List[str], groups: List[List[Tuple[str, List[str]]]]) -> List[str]:
    """The import statements of the names ``body`` uses, a blank line after each group.

    ``groups`` lists (module, names) pairs in isort's order; an empty module stands for
    ``import name``.  Only names the code mentions are imported (ruff's F401 then has
    nothing to report on a catalog that, say, has no enum).
    """
    used = {node.id for node in ast.walk(ast.parse("\n".join(body))) if isinstance(node, ast.Name)}
    lines: List[str] = []
    for group in groups:
        statements = []
        for module, names in group:
            wanted = ", ".join(name for name in names if name in used)
            if wanted:
                statements.append(f"from {module} import {wanted}" if module else f"import {wanted}")
        if statements:
            lines += statements + [""]
    return lines


def _member_key(name: str) -> Tuple[Any, ...]:
    """isort's order of the names one ``from`` import lists: case-blind, digits as numbers."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)), name


def _all_fields(spec: ClassSpec, by_name: Dict[str, ClassSpec], inherited_only: bool = False) -> Dict[str, FieldSpec]:
    """A class's fields by attribute, its bases' first (or only those it inherits)."""
    fields: Dict[str, FieldSpec] = {}
    for klass in reversed(_mro(spec, by_name)[1:] if inherited_only else _mro(spec, by_name)):
        for field_ in klass.fields:
            fields[field_.attr] = field_
    return fields


def _params_leaf(catalog: Catalog) -> str:
    """The module of ``azure_style_events._catalog_params`` that holds a catalog's Params."""
    return catalog.module.replace(".__init__", "").replace(".", "_")


def emit_params(catalog: Catalog) -> str:
    """A catalog's ``Param`` TypedDicts: each model's JSON object as a type checker sees it.

    Keys are wire keys, required as the model requires them; a nested model is its own
    ``Param``; a discriminated base's ``Param`` is the union of its kinds' Params, so that a
    dict literal is checked against the kind its tag names.
    """
    classes = _order(catalog.classes)
    by_name = {spec.name: spec for spec in classes}
    kinds: Dict[str, List[str]] = {}
    for spec in classes:
        for base in spec.bases:
            if base in by_name and by_name[base].registry:
                kinds.setdefault(base, []).append(spec.name)
    names = [spec.name + PARAM for spec in classes]
    lines = [
        f"# Generated by codegen/generate_catalogs.py from {catalog.source}; do not edit.",
        f'"""The ``Param`` TypedDicts of ``azure_style_events.{catalog.module.replace(".__init__", "")}``.',
        "",
        "One per model, named after it: the dict a keyword constructor or ``from_dict`` takes in",
        "place of the model, so that a type checker sees a misspelt key, a wrong value type or a",
        "missing required key in a dict literal.  Import them from the catalog module; this module",
        "loads on the first such import, not with the catalog.",
        '"""',
        "",
    ]
    imports = [
        [("", ["datetime"]), ("typing", TYPING_NAMES)],
        [("typing_extensions", ["Literal", "Required", "TypedDict"])],
    ]
    body = [
        "__all__ = [",
        *[f'    "{name}",' for name in sorted(names)],
        "]",
    ]
    written = [spec for spec in classes if not (spec.registry and spec.name in kinds)]
    shared = SharedUnions("", set())
    for spec in written:
        for field_ in _all_fields(spec, by_name).values():
            shared.count(field_.param, field_.attr)
    shared.settle(set(names) | IMPORTED)
    if shared.names:
        body += [
            "",
            "# A union that several keys' values spell out is named once, above the first dict that",
            "# uses it, after the field that declares it (``_<Field>``).",
        ]
    done: Set[str] = set()
    defined: Set[str] = set()
    for spec in written:
        later = set(names) - defined
        entries = []
        used: List[str] = []
        for field_ in _all_fields(spec, by_name).values():
            value = _quote_later(shared.named(field_.param, used), later)
            # Required as validate() requires: a key whose value may be None may be absent.
            required = field_.required and not field_.admits_none
            entries.append((field_.wire, f"Required[{value}]" if required else value))
        doc = f"The JSON object of :class:`{spec.name}`, as a dict literal."
        aliases = shared.definitions(used, done, later)
        body += ["", "", *aliases, *(["", ""] if aliases else [])]
        if all(wire.isidentifier() and not keyword.iskeyword(wire) for wire, _ in entries):
            body += [f"class {spec.name}{PARAM}(TypedDict, total=False):", *_docstring_lines(doc, "    "), ""]
            body += [f"    {wire}: {value}" for wire, value in entries]
        else:
            body.append(f"{spec.name}{PARAM} = TypedDict(")
            body += [f'    "{spec.name}{PARAM}",', "    {"]
            body += [f"        {wire!r}: {value}," for wire, value in entries]
            body += ["    },", "    total=False,", ")", *_docstring_lines(doc, "")]
        defined.add(spec.name + PARAM)
    # A base's kinds come after it in the order, so the unions are written deepest first and
    # every name they list is defined by then.
    for spec in reversed(classes):
        if spec.registry and spec.name in kinds:
            members = [f"{kind}{PARAM}" for kind in kinds[spec.name]]
            body += [
                "",
                "",
                f"#: :class:`{spec.name}` in any of its kinds: the Param its ``{_tag_key(spec, by_name)}`` names.",
                f"{spec.name}{PARAM} = Union[",
                *[f"    {member}," for member in members],
                "]",
            ]
    return "\n".join(lines + _import_block(body, imports) + body) + "\n"


def _tag_key(spec: ClassSpec, by_name: Dict[str, ClassSpec]) -> str:
    for klass in _mro(spec, by_name):
        for field_ in klass.fields:
            if field_.discriminator:
                return field_.wire
    return "type"


def _event_unions(catalog: Catalog, classes: List[ClassSpec]) -> Dict[str, Any]:
    """``AnyServerEvent``/``AnyClientEvent`` -> their member classes (openai's own names as aliases)."""
    unions: Dict[str, Any] = {
        "AnyServerEvent": [spec.name for spec in classes if spec.role == "server"],
        "AnyClientEvent": [spec.name for spec in classes if spec.role == "client"],
    }
    if catalog.module.startswith("openai_realtime"):
        unions["RealtimeServerEvent"] = "AnyServerEvent"
        unions["RealtimeClientEvent"] = "AnyClientEvent"
    return unions


def _import_line(module: str, alias: str) -> str:
    parent, _, leaf = module.rpartition(".")
    source = f"azure_style_events.{parent}" if parent else "azure_style_events"
    return f"from {source} import {leaf}" + ("" if alias == leaf else f" as {alias}")


def emit_exhaustive_checks(modules: List[Tuple[str, str, Dict[str, List[str]]]]) -> str:
    """The typing check that the event unions are exhaustive: a complete match passes, one less fails."""
    lines = [
        "# Generated by codegen/generate_catalogs.py from the catalogs' event unions; do not edit.",
        '"""Checked by mypy --strict and pyright, never run: ``match`` over each catalog\'s event unions.',
        "",
        "A function that handles every event class passes ``assert_never``; one that leaves the",
        "last class out must fail there (the ``type: ignore`` is then needed, which the checkers verify).",
        '"""',
        "",
        "from typing_extensions import assert_never",
        "",
        *sorted(_import_line(module, alias) for module, alias, _ in modules),
    ]
    for _, alias, unions in modules:
        for union, members in unions.items():
            if isinstance(members, str):
                continue
            for complete in (True, False):
                handled = members if complete else members[:-1]
                name = f"{alias}_{union}_{'complete' if complete else 'missing_one'}"
                lines += ["", "", f"def {name}(event: {alias}.{union}) -> None:", "    match event:"]
                for member in handled:
                    lines += [f"        case {alias}.{member}():", "            pass"]
                ignore = "" if complete else "  # type: ignore[arg-type]"
                lines += ["        case _:", f"            assert_never(event){ignore}"]
    return "\n".join(lines) + "\n"


def _mro(spec: ClassSpec, by_name: Dict[str, ClassSpec]) -> List[ClassSpec]:
    result = [spec]
    for base in spec.bases:
        if base in by_name:
            for klass in _mro(by_name[base], by_name):
                if klass not in result:
                    result.append(klass)
    return result


# -- the catalogs -----------------------------------------------------------------------------


def _check_pins() -> None:
    for name, version in PINNED.items():
        found = importlib.metadata.version(name)
        if found != version:
            raise SystemExit(f"generate_catalogs: {name} {found} is installed, the catalogs pin {version}")
    if RUFF is None:
        raise SystemExit("generate_catalogs: pyproject.toml's lint extra pins no ruff release")
    try:
        found = importlib.metadata.version("ruff")
    except importlib.metadata.PackageNotFoundError:
        found = "none"
    if found != RUFF.group(1):
        raise SystemExit(
            f"generate_catalogs: ruff {found} is installed, the lint extra pins {RUFF.group(1)} (pip install -e '.[lint]')"
        )


def formatted(text: str, path: Path) -> str:
    """``text`` as ``ruff format`` leaves it, with the project's settings (line length, target)."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", path.relative_to(ROOT).as_posix(), "-"],
        input=text.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"generate_catalogs: ruff format failed on {path}:\n{done.stderr.decode('utf-8', 'replace')}")
    return done.stdout.decode("utf-8")


def catalogs() -> Dict[Path, str]:
    """Every catalog module's path and text."""
    _check_pins()
    voicelive = f"azure-ai-voicelive=={PINNED['azure-ai-voicelive']}"
    openai = f"openai=={PINNED['openai']}"
    enums, classes = read_azure("azure.ai.voicelive.models", "azure.ai.voicelive._unions", voicelive)
    modules = {
        PACKAGE / "voicelive.py": Catalog(
            "voicelive", "Azure Voice Live: every server and client event, typed.", voicelive, enums, classes
        ),
        PACKAGE / "openai_realtime" / "__init__.py": Catalog(
            "openai_realtime.__init__",
            "The OpenAI Realtime API (GA): every server and client event, typed.",
            f"{openai} (openai.types.realtime)",
            [],
            *read_openai("openai.types.realtime"),
        ),
        PACKAGE / "openai_realtime" / "beta.py": Catalog(
            "openai_realtime.beta",
            "The OpenAI Realtime API, beta protocol: every server and client event, typed.",
            f"{openai} (openai.types.beta.realtime)",
            [],
            *read_openai("openai.types.beta.realtime"),
        ),
    }
    result = {path: emit(catalog) for path, catalog in modules.items()}
    for catalog in modules.values():
        result[PACKAGE / "_catalog_params" / f"{_params_leaf(catalog)}.py"] = emit_params(catalog)
    checks = []
    for path, module, alias in (
        (PACKAGE / "voicelive.py", "voicelive", "vl"),
        (PACKAGE / "openai_realtime" / "__init__.py", "openai_realtime", "rt"),
        (PACKAGE / "openai_realtime" / "beta.py", "openai_realtime.beta", "beta"),
    ):
        checks.append((module, alias, _unions_in(result[path])))
    result[ROOT / "tests" / "typing" / "py310" / "exhaustive_events.py"] = emit_exhaustive_checks(checks)
    return {path: formatted(text, path) for path, text in result.items()}


def _unions_in(text: str) -> Dict[str, Any]:
    """The event unions a catalog module's text declares (read back from what emit wrote)."""
    unions: Dict[str, Any] = {}
    current: Optional[List[str]] = None
    for line in text.splitlines():
        if line.startswith(("AnyServerEvent = Union[", "AnyClientEvent = Union[")):
            current = unions[line.split(" ")[0]] = []
        elif current is not None and line.startswith("    ") and line.endswith(","):
            current.append(line.strip().rstrip(","))
        elif line == "]":
            current = None
    return unions


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a generated module would change")
    args = parser.parse_args(argv)
    stale = []
    for path, text in catalogs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print(f"generate_catalogs: out of date: {', '.join(map(str, stale))}; run python codegen/generate_catalogs.py")
        return 1
    for path in stale:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Functions generated per model class: the checker, the keyword ``__init__``, the validating ``from_dict``.

Each is written out as Python source from the class's plan, with one or two lines
per field, and compiled once per class under a file name of its own that is
registered with ``linecache`` (as dataclasses and attrs do), with ``__qualname__``
and ``__module__`` set: a traceback through one shows its lines and
``inspect.getsource`` finds them.  A loop over the field table would unpack a tuple
and test a set per field; for a small event that loop costs as much as decoding its
JSON.

Compiling costs about as much as the rest of class creation together, and most
classes of a catalog are never used in one process, so each function starts as a
stand-in that compiles the real one on its first call and puts it in its place.
Two threads that make the first call at once compile identical functions; storing
one is a single attribute write, so every caller runs a correct one.

A generated constructor belongs to one class.  Called for another (a subclass's
hand-written ``__init__`` calling ``super().__init__``), or with a form it does not
handle itself, it hands over to the general code in ``_model``.
"""

from __future__ import annotations

import keyword
import linecache
from typing import Any, Callable, Dict, List, Optional

from ._errors import Problem, ValidationError, missing, prefix, problem
from ._jsondata import SCALARS, detach, is_null
from ._plan import PLAN_ATTR, ClassPlan

__all__ = [
    "MISSING",
    "check_discriminator",
    "install_constructors",
    "lazy_checker",
    "report",
]

#: "No such key" for ``data.get(key, MISSING)`` (``None`` is a JSON value).
MISSING: Any = object()

#: Marks the generated functions and their stand-ins, which a subclass replaces with its own.
GENERATED_ATTR = "__asev_generated__"

_dict_new = dict.__new__
_dict_set = dict.__setitem__
_dict_update = dict.update


# -- what generated code calls ---------------------------------------------------------


def report(problems: List[Problem], key: str, problem_: Problem) -> None:
    problem_.segments.append(key)
    problems.append(problem_)


def check_field(
    problems: List[Problem], into: Any, key: str, value: Any, coerce: Any, required: bool, expected: str
) -> None:
    """One field whose value is not of a class that passes unchanged (or is absent)."""
    if value is MISSING:
        if required:
            report(problems, key, missing(expected))
        return
    start = len(problems)
    result = coerce(value, problems)
    if len(problems) != start:
        prefix(problems, start, key)
    elif into is not None and result is not value:
        _dict_set(into, key, result)


def check_discriminator(problems: List[Problem], into: Any, key: str, value: Any, expected: str) -> None:
    """A discriminator that is not exactly the class's own value as a plain str."""
    if value is MISSING:
        if into is None:
            report(problems, key, missing(repr(expected)))
        else:
            _dict_set(into, key, expected)
    elif value != expected or not isinstance(value, str):
        report(problems, key, problem(repr(expected), value))
    elif into is not None:
        _dict_set(into, key, expected)  # an enum member equal to the value: store the plain string


def keyword_value(
    instance: Any, problems: List[Problem], key: str, value: Any, coerce: Any, expected: Optional[str]
) -> None:
    """A keyword argument whose class is not stored as it is, or a discriminator: check, convert, store."""
    start = len(problems)
    value = None if is_null(value) else coerce(value, problems)
    if expected is not None and len(problems) == start and value != expected:
        problems.append(problem(repr(expected), value))
    if len(problems) != start:
        prefix(problems, start, key)
        return
    _dict_set(instance, key, value)


# -- compiling -----------------------------------------------------------------------------


def _compile(cls: Any, name: str, lines: List[str], namespace: Dict[str, Any], doc: str) -> Any:
    """Compile ``def name`` from ``lines`` under a linecache-registered file name of its own."""
    qualname = f"{cls.__qualname__}.{name}"
    source = "\n".join(lines) + "\n"
    filename = f"<azure_style_events {cls.__module__}.{qualname}>"
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - source built from the class plan
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    function = namespace[lines[0][len("def ") : lines[0].index("(")]]
    function.__qualname__ = qualname
    function.__module__ = cls.__module__
    function.__doc__ = doc
    setattr(function, GENERATED_ATTR, True)
    return function


def _field_checks(plan: ClassPlan, namespace: Dict[str, Any], owned: bool, indent: str) -> List[str]:
    """The body that checks every field and discriminator of ``data`` (names: data, get, problems, into).

    Each field becomes two lines: fetch the value, and hand it to ``check_field`` only
    when its class is not one that passes unchanged.  With ``owned`` the nested
    containers are converted in place (``TypeAdapter.coerce_owned``).
    """
    namespace.update(_M=MISSING, _check_field=check_field, _check_discriminator=check_discriminator)
    lines: List[str] = []
    for index, (key, fast, adapter, required, expected) in enumerate(plan.checked):
        namespace[f"_C{index}"] = adapter.coerce_owned if owned else adapter.coerce
        namespace[f"_E{index}"] = expected
        lines.append(f"v = get({key!r}, _M)")
        absent_ok = "" if required else "v is not _M and "
        if not fast:
            lines.append(f"if {absent_ok}True:" if absent_ok else "if True:")
        elif len(fast) == 1:
            namespace[f"_T{index}"] = next(iter(fast))
            lines.append(f"if {absent_ok}v.__class__ is not _T{index}:")
        else:
            namespace[f"_F{index}"] = fast
            lines.append(f"if {absent_ok}v.__class__ not in _F{index}:")
        lines.append(f"    _check_field(problems, into, {key!r}, v, _C{index}, {required}, _E{index})")
    for index, (key, expected) in enumerate(plan.disc_items):
        namespace[f"_D{index}"] = expected
        lines.append(f"v = get({key!r}, _M)")
        lines.append(f"if v.__class__ is not str or v != _D{index}:")
        lines.append(f"    _check_discriminator(problems, into, {key!r}, v, _D{index})")
    return [indent + line for line in lines]


def compile_checker(cls: Any, owned: bool) -> Any:
    """``check(data, problems, into)``: every field and discriminator of one class."""
    namespace: Dict[str, Any] = {}
    lines = ["def check(data, problems, into):", "    get = data.get"]
    lines += _field_checks(getattr(cls, PLAN_ATTR), namespace, owned, "    ")
    lines.append("    return None")
    name = "check_owned" if owned else "check"
    doc = f"Check the fields of a {cls.__name__} mapping; generated when first used."
    return _compile(cls, f"{PLAN_ATTR}.{name}", lines, namespace, doc)


def lazy_checker(cls: Any, owned: bool) -> Any:
    """A stand-in that compiles the real checker on its first call and publishes it in the plan."""
    name = "check_owned" if owned else "check"

    def check(data: Any, problems: List[Problem], into: Any) -> None:
        real = compile_checker(cls, owned)
        getattr(cls, PLAN_ATTR).publish(name, real)
        real(data, problems, into)

    return check


def _setter(cls: Any, target: str) -> Callable[[str, str], str]:
    """How generated code stores a key: dict's own item assignment unless the class overrides it."""
    if cls.__setitem__ is dict.__setitem__:
        return lambda key, value: f"{target}[{key!r}] = {value}"
    return lambda key, value: f"_set({target}, {key!r}, {value})"


def _default_value(namespace: Dict[str, Any], index: int, default: Any) -> str:
    """The expression that gives a fresh copy of a default in wire form."""
    namespace[f"_W{index}"] = default
    return f"_W{index}" if default.__class__ in SCALARS else f"_detach(_W{index})"


def compile_init(cls: Any, general: Callable[..., None]) -> Any:
    """The keyword ``__init__`` of ``cls``; ``general``, the base's ``__init__``, takes every other call.

    Parameters are the field names, keyword-only, ``None`` by default (a ``None``
    keyword means "not given", as on the Azure base).  Each field then costs a test
    of its class and one store; anything else goes to ``keyword_value``.  The
    mapping form (one positional argument, no keywords) wraps the data as the general
    code does.
    """
    plan: ClassPlan = getattr(cls, PLAN_ATTR)
    store = _setter(cls, "_self")
    namespace: Dict[str, Any] = {
        "_C": cls,
        "_N": cls.__name__,
        "_general": general,
        "_keyword": keyword_value,
        "_report": report,
        "_missing": missing,
        "_detach": detach,
        "_set": _dict_set,
        "_invalid": ValidationError.from_problems,
        "_too_deep": ValidationError.too_deep,
        # Builtins under names no field can take (a field may be called ``len``).
        "_len": len,
        "_RecursionError": RecursionError,
    }
    names = [field.name for field in plan.fields.values()]
    everything = "**{" + "".join(f"{name!r}: {name}, " for name in names) + "**_extra}"
    other_form = "_len(_args) != 1 or _extra or _self.__class__ is not _C" + "".join(
        f" or {name} is not None" for name in names
    )
    lines = [
        f"def __init__(_self, *_args, {''.join(f'{name}=None, ' for name in names)}**_extra):",
        "    if _args:",
        f"        if {other_form}:",
        f"            return _general(_self, *_args, {everything})",
        "        try:",  # the mapping form: wrap what was sent
        "            _self._asev_wrap_into(_args[0])",
        "            _self._asev_finish()",
        "        except _RecursionError:",
        "            raise _too_deep(_N) from None",
        "        return",
        "    if _extra or _self.__class__ is not _C:",
        f"        return _general(_self, *_args, {everything})",
        "    _problems = []",
    ]
    body: List[str] = []
    for index, (key, value) in enumerate(plan.disc_items):
        # The class's own discriminator values come first in the data, as on the Azure base.
        namespace[f"_V{index}"] = value
        body.append("    " + store(key, f"_V{index}"))
    defaults = dict(plan.defaults)
    for index, field in enumerate(plan.fields.values()):
        body += _keyword_lines(index, field, plan.disc.get(field.wire_name), defaults, namespace, store)
    # A model-typed keyword may hold data nested deeper than Python can recurse.
    lines += ["    try:", *("    " + line for line in body or ["    pass"])]
    lines += ["    except _RecursionError:", "        raise _too_deep(_N) from None"]
    lines += ["    if _problems:", "        raise _invalid(_N, _problems)"]
    doc = f"Build a {cls.__name__} from keyword arguments (checked) or one mapping of its JSON (trusted)."
    return _compile(cls, "__init__", lines, namespace, doc)


def _keyword_lines(
    index: int, field: Any, fixed: Optional[str], defaults: Dict[str, Any], namespace: Dict[str, Any], store: Any
) -> List[str]:
    """One keyword parameter: stored as it is when its class allows, checked otherwise, else its absence."""
    name, key, adapter = field.name, field.wire_name, field.adapter
    namespace[f"_A{index}"] = adapter.coerce
    lines = [f"    if {name} is not None:"]
    if fixed is not None:  # the class's own discriminator (stored already): always compared
        namespace[f"_X{index}"] = fixed
        return lines + [f"        _keyword(_self, _problems, {key!r}, {name}, _A{index}, _X{index})"]
    slow = f"_keyword(_self, _problems, {key!r}, {name}, _A{index}, None)"
    fast = adapter.fast
    if not fast:
        lines.append(f"        {slow}")
    else:
        if len(fast) == 1:
            namespace[f"_T{index}"] = next(iter(fast))
            lines.append(f"        if {name}.__class__ is _T{index}:")
        else:
            namespace[f"_F{index}"] = fast
            lines.append(f"        if {name}.__class__ in _F{index}:")
        lines += [f"            {store(key, name)}", "        else:", f"            {slow}"]
    if key in defaults:
        lines += ["    else:", f"        {store(key, _default_value(namespace, index, defaults[key]))}"]
    elif field.required:
        namespace[f"_E{index}"] = adapter.expected
        lines += ["    else:", f"        _report(_problems, {key!r}, _missing(_E{index}))"]
    return lines


def compile_from_dict(cls: Any, general: Callable[..., Any]) -> Any:
    """The validating ``from_dict`` of ``cls``; ``general``, the base's, takes every other call.

    Its own case is the common one: a plain ``dict`` whose keys are all fields of
    ``cls`` (and, on a discriminated base, that names ``cls`` itself).  The data is
    copied in one C call and checked by the checker's lines, inline.
    """
    plan: ClassPlan = getattr(cls, PLAN_ATTR)
    store = _setter(cls, "into")
    namespace: Dict[str, Any] = {
        "_C": cls,
        "_N": cls.__name__,
        "_KEYS": frozenset(plan.by_wire),
        "_general": general,
        "_resolve": cls._asev_resolve,
        "_new": _dict_new,
        "_update": _dict_update,
        "_detach": detach,
        "_set": _dict_set,
        "_invalid": ValidationError.from_problems,
        "_too_deep": ValidationError.too_deep,
    }
    own_case = "data.__class__ is dict and validate and cls is _C and _KEYS.issuperset(data)"
    if plan.dispatch is not None:
        own_case += " and _resolve(data) is _C"
    lines = [
        "def from_dict(cls, data, *, validate=True):",
        f"    if not ({own_case}):",
        "        return _general(cls, data, validate=validate)",
        "    into = _new(_C)",
        "    _update(into, data)",
        "    problems = []",
        "    get = data.get",
        "    try:",
        *(_field_checks(plan, namespace, False, "        ") or ["        pass"]),
        "    except RecursionError:",
        "        raise _too_deep(_N, data) from None",
    ]
    for index, (key, default) in enumerate(plan.defaults):
        lines += [f"    if {key!r} not in into:", f"        {store(key, _default_value(namespace, index, default))}"]
    lines += ["    if problems:", "        raise _invalid(_N, problems, data)", "    return into"]
    doc = f"Build a {cls.__name__} from wire data, checking every field; see Model.from_dict."
    return _compile(cls, "from_dict", lines, namespace, doc)


# -- installing the stand-ins at class creation ---------------------------------------------


def install_constructors(cls: Any, model_init: Any, model_from_dict: Any) -> None:
    """Give ``cls`` stand-ins for a generated ``__init__`` and ``from_dict`` where it may have them.

    ``model_init`` and ``model_from_dict`` are the base class's general functions.  A
    class that writes its own (or inherits a hand-written one) keeps it; so does a
    class with a field name that cannot be a parameter.
    """
    if not all(name.isidentifier() and not keyword.iskeyword(name) for name in getattr(cls, PLAN_ATTR).fields):
        return
    if _inherits_replaceable(cls, "__init__", model_init):
        type.__setattr__(cls, "__init__", _lazy_init(cls, model_init))
    if _inherits_replaceable(cls, "from_dict", model_from_dict):
        type.__setattr__(cls, "from_dict", classmethod(_lazy_from_dict(cls, model_from_dict)))


def _inherits_replaceable(cls: Any, name: str, general: Any) -> bool:
    """True when the ``name`` that ``cls`` would use is the general one or another class's generated one."""
    for klass in cls.__mro__:
        attr = klass.__dict__.get(name)
        if attr is not None:
            function = getattr(attr, "__func__", attr)
            return klass is not cls and (function is general or getattr(function, GENERATED_ATTR, False))
    return False


def _lazy_init(cls: Any, general: Any) -> Any:
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        real = compile_init(cls, general)
        type.__setattr__(cls, "__init__", real)
        real(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    setattr(__init__, GENERATED_ATTR, True)
    return __init__


def _lazy_from_dict(cls: Any, general: Any) -> Any:
    def from_dict(klass: Any, data: Any, *, validate: bool = True) -> Any:
        real = compile_from_dict(cls, general)
        type.__setattr__(cls, "from_dict", classmethod(real))
        return real(klass, data, validate=validate)

    from_dict.__qualname__ = f"{cls.__qualname__}.from_dict"
    setattr(from_dict, GENERATED_ATTR, True)
    return from_dict

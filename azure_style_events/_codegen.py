"""Functions generated per model class: checkers, ``parse_owned``, the keyword ``__init__``, ``from_dict``.

Each is written out as Python source from the class's plan, a few lines per field,
and compiled once per class under a file name of its own that is
registered with ``linecache`` (as dataclasses and attrs do), with ``__qualname__``
and ``__module__`` set: a traceback through one shows its lines and
``inspect.getsource`` finds them.  A loop over the field table would unpack a tuple
and test a set per field; for a small event that loop costs as much as decoding its
JSON.

Compiling costs about as much as the rest of class creation together, and most
classes of a catalog are never used in one process, so each function starts as a
stand-in that compiles the real one on its first call.  A checker's stand-in
publishes the real one in the plan.  A constructor's stand-in (made in ``_model``,
which owns the general code it hands over to) *becomes* the real one: its code is
replaced in place, so a reference taken before the first call (``parse =
Cls.from_dict``) runs the generated code too.  Threads that make the first call at
once compile identical functions, and every caller runs a correct one.

A generated constructor belongs to one class.  Called for another (a subclass's
hand-written ``__init__`` calling ``super().__init__``), or with a form it does not
handle itself, it hands over to the general code in ``_model``.
"""

from __future__ import annotations

import keyword
from _thread import allocate_lock
from typing import Any, Callable, Dict, List, Optional

from ._errors import Problem, ValidationError, describe_value, key_problem, missing, prefix, problem
from ._jsondata import SCALARS, detach, is_null
from ._plan import PLAN_ATTR, ClassPlan

__all__ = [
    "MISSING",
    "REPLACEABLE_ATTR",
    "become",
    "can_generate",
    "check_discriminator",
    "compile_checker",
    "compile_from_dict",
    "compile_init",
    "compile_parse_owned",
    "lazy_checker",
    "lazy_parser",
    "report",
]

#: "No such key" for ``data.get(key, MISSING)`` (``None`` is a JSON value).
MISSING: Any = object()

#: Marks a constructor a subclass may replace with its own generated one (Model's and the stand-ins).
REPLACEABLE_ATTR = "__asev_replaceable__"

_NONE_ONLY = frozenset({type(None)})
_dict_new = dict.__new__
_dict_set = dict.__setitem__
_dict_update = dict.update


# -- what generated code calls ---------------------------------------------------------


def report(problems: List[Problem], key: str, problem_: Problem) -> None:
    problem_.segments.append(key)
    problems.append(problem_)


def check_field(problems: List[Problem], into: Any, key: str, value: Any, coerce: Any, required: bool, expected: str) -> None:
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


def keyword_value(instance: Any, problems: List[Problem], key: str, value: Any, coerce: Any, expected: Optional[str]) -> None:
    """A keyword argument whose class is not stored as it is, or a discriminator: check, convert, store."""
    start = len(problems)
    value = None if is_null(value) else coerce(value, problems)
    if expected is not None and len(problems) == start and value != expected:
        problems.append(problem(repr(expected), value))
    if len(problems) != start:
        prefix(problems, start, key)
        return
    _dict_set(instance, key, value)


def foreign_keys(instance: Any, data: Dict[Any, Any], known: Any, problems: Optional[List[Problem]]) -> None:
    """The keys of ``data`` (copied into ``instance`` as they are) that are not fields of the class.

    Their containers are copied, so that the model shares none with the input.  A key
    that is not a ``str`` is removed and reported in ``problems``, or, without a
    problem list (the trusting mapping form), raises ``TypeError``.
    """
    for key, value in data.items():
        if key in known:
            continue
        if not isinstance(key, str):
            dict.__delitem__(instance, key)
            if problems is None:
                raise TypeError(f"{type(instance).__name__}() keys must be str, got {describe_value(key)}")
            problems.append(key_problem(key))
        elif value.__class__ not in SCALARS:
            _dict_set(instance, key, detach(value))


# -- compiling -----------------------------------------------------------------------------


_FILENAME_LOCK = allocate_lock()


def _unique_filename(stem: str, source: str) -> str:
    """``stem>``, or ``stem-2>``, ... when another class of the same qualified name took it.

    Two classes may share a module and qualified name (made in a function, or redefined);
    each one's source must stay findable under its own name, as ``dataclasses`` does it.
    The same source under the same name (two threads compiling one class) reuses it.
    Registered there, it is what tracebacks and ``inspect`` show.
    """
    import linecache  # on the first compile, not with the package: it brings tokenize

    cache = linecache.cache
    with _FILENAME_LOCK:
        suffix = 1
        while True:
            filename = f"{stem}>" if suffix == 1 else f"{stem}-{suffix}>"
            held: Any = cache.get(filename)
            if held is None or "".join(held[2]) == source:
                cache[filename] = (len(source), None, source.splitlines(True), filename)
                return filename
            suffix += 1


def _compile(cls: Any, name: str, lines: List[str], namespace: Dict[str, Any], doc: str) -> Any:
    """Compile ``def name`` from ``lines`` under a linecache-registered file name of its own."""
    qualname = f"{cls.__qualname__}.{name}"
    source = "\n".join(lines) + "\n"
    filename = _unique_filename(f"<azure_style_events {cls.__module__}.{qualname}", source)
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - source built from the class plan
    function = namespace[lines[0][len("def ") : lines[0].index("(")]]
    function.__qualname__ = qualname
    function.__module__ = cls.__module__
    function.__doc__ = doc
    return function


def _stored_as_is(namespace: Dict[str, Any], index: int, fast: Any, value: str) -> str:
    """The test that ``value``'s class is one the field stores unchanged (``False`` when none is)."""
    if not fast:
        return "False"
    if len(fast) == 1:
        namespace[f"_T{index}"] = next(iter(fast))
        return f"{value}.__class__ is _T{index}"
    namespace[f"_F{index}"] = fast
    return f"{value}.__class__ in _F{index}"


def _field_checks(
    plan: ClassPlan, namespace: Dict[str, Any], owned: bool, indent: str, store: Optional[Callable[[str, str], str]] = None
) -> List[str]:
    """The lines that check every field and discriminator of ``data`` (names: data, get, problems, into).

    A field whose value is of a class that passes unchanged costs a lookup and a class
    test; any other value is converted inline (its problems prefixed with the key) and
    a converted value stored in ``into``.  Without ``store`` (the checker) ``into`` may
    be ``None``: the data is only checked.  With ``owned`` the nested containers are
    converted in place (``TypeAdapter.coerce_owned``).
    """
    namespace.update(
        _M=MISSING, _len=len, _prefix=prefix, _report=report, _missing=missing, _set=_dict_set, _check_field=check_field
    )
    lines: List[str] = []
    for index, (key, fast, adapter, required, expected) in enumerate(plan.checked):
        namespace[f"_C{index}"] = adapter.coerce_owned if owned else adapter.coerce
        lines.append(f"v = get({key!r}, _M)")
        lines.append(f"if not ({_stored_as_is(namespace, index, fast, 'v')}):")
        namespace[f"_E{index}"] = expected
        if fast - _NONE_ONLY:
            # A value of another class is a mistake, or a rare conversion (an enum member):
            # one line, to keep the source short (compiling it is the class's first-use cost).
            lines.append(f"    _check_field(problems, into, {key!r}, v, _C{index}, {required}, _E{index})")
            continue
        # Every value present converts (a container, a model): inline, a call less per value.
        if required:
            lines += ["    if v is _M:", f"        _report(problems, {key!r}, _missing(_E{index}))"]
        else:
            lines += ["    if v is _M:", "        pass"]
        keep = store(key, "r") if store is not None else f"_set(into, {key!r}, r)"
        lines += [
            "    else:",
            "        s = _len(problems)",
            f"        r = _C{index}(v, problems)",
            "        if _len(problems) != s:",
            f"            _prefix(problems, s, {key!r})",
            f"        elif r is not v{'' if store is not None else ' and into is not None'}:",
            f"            {keep}",
        ]
    lines += _discriminator_lines(plan, namespace, "get problems into v")
    return [indent + line for line in lines]


def _discriminator_lines(plan: ClassPlan, namespace: Dict[str, Any], names: str) -> List[str]:
    """Each discriminator must be the class's own value; ``into`` (if not None) gets an absent one filled in.

    ``names`` gives the local names of the lookup, problem list, instance and value.
    """
    get, problems, into, value = names.split()
    namespace.update(_M=MISSING, _str=str, _check_discriminator=check_discriminator)
    lines: List[str] = []
    for index, (key, expected) in enumerate(plan.disc_items):
        namespace[f"_D{index}"] = expected
        lines.append(f"{value} = {get}({key!r}, _M)")
        lines.append(f"if {value}.__class__ is not _str or {value} != _D{index}:")
        lines.append(f"    _check_discriminator({problems}, {into}, {key!r}, {value}, _D{index})")
    return lines


def compile_checker(cls: Any, owned: bool) -> Any:
    """``check(data, problems, into)``: every field and discriminator of one class."""
    namespace: Dict[str, Any] = {}
    lines = ["def check(data, problems, into):", "    get = data.get"]
    lines += _field_checks(getattr(cls, PLAN_ATTR), namespace, owned, "    ")
    lines.append("    return None")
    name = "check_owned" if owned else "check"
    doc = f"Check the fields of a {cls.__name__} mapping; generated when first used."
    return _compile(cls, f"{PLAN_ATTR}.{name}", lines, namespace, doc)


def compile_parse_owned(cls: Any) -> Any:
    """``parse_owned(data, problems)``: build and check a model from a dict nobody else holds.

    The checking path of decoded JSON at every depth.  On a discriminated base it first
    finds the class the data names and hands over to that class's own.
    """
    plan: ClassPlan = getattr(cls, PLAN_ATTR)
    store = _setter(cls, "into")
    namespace: Dict[str, Any] = {"_C": cls, "_new": _dict_new, "_update": _dict_update, "_detach": detach}
    lines = ["def parse_owned(data, problems):"]
    if plan.dispatch is not None:
        # Model._asev_resolve's first level, inline; the class found resolves any level below it.
        key, registry, deeper = plan.dispatch
        namespace.update(_REGISTRY=registry, _DEEPER=deeper, _str=str, _isinstance=isinstance)
        lines += [
            f"    tag = data.get({key!r})",
            "    if tag.__class__ is _str or _isinstance(tag, _str):",
            "        target = _REGISTRY.get(tag) or _DEEPER.get(tag)",
            "        if target is not None and target is not _C:",
            "            return target.__asev_plan__.parse_owned(data, problems)",
        ]
    lines += ["    into = _new(_C)", "    _update(into, data)", "    get = data.get"]
    lines += _field_checks(plan, namespace, True, "    ", store)
    lines += _default_lines(plan, namespace, store, "into", "    ")
    lines.append("    return into")
    doc = f"Build and check a {cls.__name__} from freshly decoded JSON; generated when first used."
    return _compile(cls, f"{PLAN_ATTR}.parse_owned", lines, namespace, doc)


def lazy_parser(cls: Any) -> Any:
    """A stand-in that compiles the real ``parse_owned`` on its first call and publishes it in the plan."""

    def parse_owned(data: Any, problems: List[Problem]) -> Any:
        real = compile_parse_owned(cls)
        getattr(cls, PLAN_ATTR).publish("parse_owned", real)
        return real(data, problems)

    return parse_owned


def lazy_checker(cls: Any, owned: bool) -> Any:
    """A stand-in that compiles the real checker on its first call and publishes it in the plan."""
    name = "check_owned" if owned else "check"

    def check(data: Any, problems: List[Problem], into: Any) -> None:
        real = compile_checker(cls, owned)
        getattr(cls, PLAN_ATTR).publish(name, real)
        real(data, problems, into)

    return check


def become(stand_in: Any, real: Any) -> None:
    """Turn the function ``stand_in`` into ``real`` in place, so that every reference to it runs ``real``.

    Its globals are its own (see ``_model``): ``real``'s names are added to them, then
    the defaults, names and, last, the code change, so a caller sees either the old
    function or the whole new one.
    """
    stand_in.__globals__.update(real.__globals__)
    stand_in.__kwdefaults__ = real.__kwdefaults__
    stand_in.__defaults__ = real.__defaults__
    stand_in.__doc__ = real.__doc__
    stand_in.__qualname__ = real.__qualname__
    stand_in.__module__ = real.__module__
    stand_in.__code__ = real.__code__


def can_generate(cls: Any) -> bool:
    """Whether every field name of ``cls`` can be a parameter (a name built with ``type()`` may not be)."""
    return all(name.isidentifier() and not keyword.iskeyword(name) for name in getattr(cls, PLAN_ATTR).fields)


def _setter(cls: Any, target: str) -> Callable[[str, str], str]:
    """How generated code stores a key: dict's own item assignment unless the class overrides it."""
    if cls.__setitem__ is dict.__setitem__:
        return lambda key, value: f"{target}[{key!r}] = {value}"
    return lambda key, value: f"_set({target}, {key!r}, {value})"


def _default_value(namespace: Dict[str, Any], plan: ClassPlan, key: str) -> Optional[str]:
    """The expression that gives a fresh copy of ``key``'s default in wire form; ``None`` without one.

    The default is named after its place in ``plan.defaults``, so every part of one
    function's source that asks for it gets the same name.
    """
    for index, (default_key, default) in enumerate(plan.defaults):
        if default_key == key:
            namespace[f"_W{index}"] = default
            return f"_W{index}" if default.__class__ in SCALARS else f"_detach(_W{index})"
    return None


def _default_lines(plan: ClassPlan, namespace: Dict[str, Any], store: Any, target: str, indent: str) -> List[str]:
    """Fill each absent key that has a default with a fresh copy of it."""
    lines: List[str] = []
    for key, _ in plan.defaults:
        lines += [f"{indent}if {key!r} not in {target}:", f"{indent}    {store(key, _default_value(namespace, plan, key))}"]
    return lines


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
        "_dict": dict,
        "_RecursionError": RecursionError,
    }
    names = [field.name for field in plan.fields.values()]
    everything = "**{" + "".join(f"{name!r}: {name}, " for name in names) + "**_extra}"
    other_form = "_len(_args) != 1 or _extra or _self.__class__ is not _C" + "".join(f" or {name} is not None" for name in names)
    lines = [
        f"def __init__(_self, *_args, {''.join(f'{name}=None, ' for name in names)}**_extra):",
        "    if _args:",
        f"        if {other_form} or _args[0].__class__ is not _dict:",
        f"            return _general(_self, *_args, {everything})",
        *_mapping_lines(plan, namespace, store),
        "    if _extra or _self.__class__ is not _C:",
        f"        return _general(_self, *_args, {everything})",
        "    _problems = []",
    ]
    body: List[str] = []
    for index, (key, value) in enumerate(plan.disc_items):
        # The class's own discriminator values come first in the data, as on the Azure base.
        namespace[f"_V{index}"] = value
        body.append("    " + store(key, f"_V{index}"))
    for index, field in enumerate(plan.fields.values()):
        body += _keyword_lines(index, field, plan, namespace, store)
    # A model-typed keyword may hold data nested deeper than Python can recurse.
    lines += ["    try:", *("    " + line for line in body or ["    pass"])]
    lines += ["    except _RecursionError:", "        raise _too_deep(_N) from None"]
    lines += ["    if _problems:", "        raise _invalid(_N, _problems)"]
    doc = f"Build a {cls.__name__} from keyword arguments (checked) or one mapping of its JSON (trusted)."
    return _compile(cls, "__init__", lines, namespace, doc)


def _mapping_lines(plan: ClassPlan, namespace: Dict[str, Any], store: Any) -> List[str]:
    """The mapping form for a plain dict, trusting its values as ``Model._asev_wrap_into`` does.

    Everything is copied in one C call; then each field's value that is not a scalar
    or of a class the field stores as it is gets wrapped (nested models built,
    containers copied), and containers under keys that are not fields are copied.
    """
    namespace.update(_KEYS=frozenset(plan.by_wire), _update=_dict_update, _foreign=foreign_keys)
    lines = ["        _m = _args[0]", "        _problems = []", "        try:", "            _update(_self, _m)"]
    lines += ["            if not _KEYS.issuperset(_m):", "                _foreign(_self, _m, _KEYS, None)"]
    lines += ["            _get = _m.get"]
    for index, field in enumerate(plan.fields.values()):
        namespace[f"_S{index}"] = SCALARS | field.adapter.fast
        namespace[f"_R{index}"] = field.adapter.wrap
        key = field.wire_name
        lines += [
            f"            _v = _get({key!r})",
            f"            if _v.__class__ not in _S{index}:",
            f"                {store(key, f'_R{index}(_v)')}",
        ]
    lines += ["            " + line for line in _discriminator_lines(plan, namespace, "_get _problems _self _v")]
    lines += ["        except _RecursionError:", "            raise _too_deep(_N) from None"]
    lines += ["        if _problems:", "            raise _invalid(_N, _problems)"]
    lines += _default_lines(plan, namespace, store, "_self", "        ")
    return lines + ["        return"]


def _keyword_lines(index: int, field: Any, plan: ClassPlan, namespace: Dict[str, Any], store: Any) -> List[str]:
    """One keyword parameter: stored as it is when its class allows, checked otherwise, else its absence."""
    name, key, adapter = field.name, field.wire_name, field.adapter
    fixed = plan.disc.get(key)
    namespace[f"_A{index}"] = adapter.coerce
    lines = [f"    if {name} is not None:"]
    if fixed is not None:  # the class's own discriminator (stored already): always compared
        namespace[f"_X{index}"] = fixed
        return lines + [f"        _keyword(_self, _problems, {key!r}, {name}, _A{index}, _X{index})"]
    slow = f"_keyword(_self, _problems, {key!r}, {name}, _A{index}, None)"
    if not adapter.fast:
        lines.append(f"        {slow}")
    else:
        lines.append(f"        if {_stored_as_is(namespace, index, adapter.fast, name)}:")
        lines += [f"            {store(key, name)}", "        else:", f"            {slow}"]
    default = _default_value(namespace, plan, key)
    if default is not None:
        lines += ["    else:", f"        {store(key, default)}"]
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
        "_foreign": foreign_keys,
    }
    own_case = "data.__class__ is dict and validate and cls is _C"
    if plan.dispatch is not None:
        own_case += " and _resolve(data) is _C"
    lines = [
        "def from_dict(cls, data, *, validate=True):",
        f"    if not ({own_case}):",
        "        return _general(cls, data, validate=validate)",
        "    into = _new(_C)",
        "    _update(into, data)",
        "    problems = []",
        "    if not _KEYS.issuperset(data):",
        "        _foreign(into, data, _KEYS, problems)",
        "    get = data.get",
        "    try:",
        *(_field_checks(plan, namespace, False, "        ", store) or ["        pass"]),
        "    except RecursionError:",
        "        raise _too_deep(_N, data) from None",
    ]
    lines += _default_lines(plan, namespace, store, "into", "    ")
    lines += ["    if problems:", "        raise _invalid(_N, problems, data)", "    return into"]
    doc = f"Build a {cls.__name__} from wire data, checking every field; see Model.from_dict."
    return _compile(cls, "from_dict", lines, namespace, doc)

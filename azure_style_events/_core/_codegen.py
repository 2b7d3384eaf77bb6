"""The functions generated per model class, and the only implementation of each construction path.

Every way of building or checking a model runs a function written out here as Python
source from the class's plan, a few lines per field, and compiled for that class:

========================  ==========================================================
plan entry                what it does
========================  ==========================================================
``init``                  ``Cls(**fields)`` (checked) and ``Cls(mapping)`` (trusted)
``init_mixed``            ``Cls(mapping, **fields)``: the mapping trusted, the keywords checked
``from_dict``             ``Cls.from_dict(data, validate=...)``
``from_json``             ``Cls.from_json(text, validate=...)``: decoding, then as below
``parse``                 the checking path for data someone else holds (copies what it keeps)
``parse_owned``           the checking path for freshly decoded JSON (keeps its containers)
``parse_owned_items``     the same for each element of a decoded list (a base: its kinds inline)
``wrap``                  the trusting path for data someone else holds
``wrap_owned``            the receiving path for freshly decoded JSON: the top level only
``check``, ``check_owned``  check a mapping's fields in place (``validate()``, ``check``)
``resolve``               the class a discriminated base's data names
========================  ==========================================================

``Model``'s own methods only normalise what these do not take directly and hand over:
nothing is written twice.  A generated function belongs to one class; called for
another (a subclass's hand-written ``__init__`` calling ``super().__init__``), it
hands over to that class's own.

Each function is a :class:`_Source`: its lines and a namespace of its own holding the
values the lines name, so no two functions can shadow each other's names.  It is
compiled under a file name of its own registered with ``linecache`` (attrs does the
same for its generated methods; CPython's ``dataclasses`` registers nothing, so its
generated ``__init__`` shows no source in a traceback), with ``__qualname__`` and
``__module__`` set: a traceback through one shows its lines and ``inspect.getsource``
finds them.  A loop over the field table
would unpack a tuple and test a set per field; for a small event that loop costs as
much as decoding its JSON.

Compiling costs about as much as the rest of class creation together, and most classes
of a catalog are never used in one process, so a function is compiled on first use:
an entry of the plan that is not there yet is compiled by :func:`compile_entry` (see
``ClassPlan.__getattr__``).  Threads that ask at once compile identical functions, and
every caller runs a correct one.
"""

from __future__ import annotations

import keyword
from _thread import allocate_lock
from collections.abc import Mapping as _AbcMapping
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Sequence

from ._adapters import list_of_models, unknown_tag
from ._errors import ValidationError, guarded, missing, prefix
from ._jsondata import SCALARS, detach
from ._jsontext import DECODE_ERRORS, decode
from ._live import model_list
from ._plan import PLAN_ATTR, ClassPlan
from ._runtime import (
    MISSING,
    check_discriminator,
    check_field,
    foreign_keys,
    init_elsewhere,
    keyword_value,
    not_a_mapping,
    not_json,
    report,
    too_many_arguments,
    unexpected_keyword,
)
from ._unions import passes_finite_floats, passing_strings

__all__ = ["compile_entry", "generated_source"]

# How many problems a check found so far, and whether it found more since ``s``: problems are
# rare, so both test the list's truth first (no call) and count only when it holds any.
_COUNT = "(_len(problems) if problems else 0)"
_GREW = "problems and _len(problems) != {}"

_NONE_TYPE = type(None)
_NONE_ONLY = frozenset({_NONE_TYPE})
_dict_set = dict.__setitem__

#: The names every generated function may use, under names no field can take (fields
#: never start with an underscore, and a field may be called ``len``).
_HELPERS: Dict[str, Any] = {
    "_M": MISSING,
    "_len": len,
    "_str": str,
    "_float": float,
    "_dict": dict,
    "_list": list,
    "_model_list": model_list,
    "_isinstance": isinstance,
    "_Mapping": _AbcMapping,
    "_RecursionError": RecursionError,
    "_new": dict.__new__,
    "_update": dict.update,
    "_set": _dict_set,
    "_detach": detach,
    "_prefix": prefix,
    "_report": report,
    "_missing": missing,
    "_check_field": check_field,
    "_check_discriminator": check_discriminator,
    "_keyword": keyword_value,
    "_foreign": foreign_keys,
    "_guarded": guarded,
    "_invalid": ValidationError.from_problems,
    "_too_deep": ValidationError.too_deep,
    "_not_object": ValidationError.not_an_object,
    "_too_many": too_many_arguments,
    "_not_mapping": not_a_mapping,
    "_unexpected": unexpected_keyword,
    "_elsewhere": init_elsewhere,
    "_enumerate": enumerate,
    "_unknown_tag": unknown_tag,
    "_decode": decode,
    "_not_json": not_json,
    "_DECODE_ERRORS": DECODE_ERRORS,
}


class _Source:
    """One function being written: its lines and the namespace its source runs in.

    A value the source needs (a field's conversion, a registry, a default) is added with
    :meth:`value`, which gives it a name unique in this function, so no piece of source
    can shadow another's.
    """

    def __init__(self, cls: Any, name: str, doc: str) -> None:
        self.cls = cls
        self.plan: ClassPlan = getattr(cls, PLAN_ATTR)
        self.name = name
        self.doc = doc
        self.lines: List[str] = []
        self.namespace: Dict[str, Any] = dict(_HELPERS, _C=cls, _N=cls.__name__)
        self._helpers = len(self.namespace)

    def value(self, obj: Any, hint: str) -> str:
        """The name under which the source refers to ``obj``: ``_`` + ``hint`` + a number unique here.

        Numbered from 0 in each function (not after the helpers), so that adding a helper
        renames nothing in the golden files (``tests/golden``).
        """
        namespace = self.namespace
        name = f"_{hint}{len(namespace) - self._helpers}"
        namespace[name] = obj
        return name

    def add(self, indent: int, lines: Sequence[str]) -> None:
        pad = "    " * indent
        self.lines += [pad + line for line in lines] if indent else lines

    def store(self, target: str, key: str, value: str) -> str:
        """The statement that stores ``value`` under ``key``: dict's own item assignment unless overridden."""
        if self.cls.__setitem__ is dict.__setitem__:
            return f"{target}[{key!r}] = {value}"
        return f"_set({target}, {key!r}, {value})"

    def text(self) -> str:
        """The function's source, as compiled."""
        return "\n".join(self.lines) + "\n"

    def compile(self) -> Any:
        """Compile the function under a linecache-registered file name of its own."""
        cls = self.cls
        qualname = f"{cls.__qualname__}.{self.name}"
        source = self.text()
        filename = _unique_filename(f"<azure_style_events {cls.__module__}.{qualname}", source)
        exec(compile(source, filename, "exec"), self.namespace)  # noqa: S102 - source built from the class plan
        first = self.lines[0]
        function = self.namespace[first[len("def ") : first.index("(")]]
        function.__qualname__ = qualname
        function.__module__ = cls.__module__
        function.__doc__ = self.doc
        return function


_FILENAME_LOCK = allocate_lock()


def _unique_filename(stem: str, source: str) -> str:
    """``stem>``, or ``stem-2>``, ... when another class of the same qualified name took it.

    Two classes may share a module and qualified name (made in a function, or redefined);
    each one's source must stay findable under its own name (attrs numbers its file names
    the same way).
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


# -- pieces of source, each written once ---------------------------------------------------


def _stored_as_is(src: _Source, fast: Any, value: str, strings: FrozenSet[str] = frozenset(), floats: bool = False) -> str:
    """The test that ``value`` is one the field stores unchanged (``False`` when none is).

    Its class is one the field stores as it is; or it is a ``str`` among ``strings`` (a
    ``Literal``'s values), or with ``floats`` a finite ``float``.
    """
    tests = []
    if len(fast) == 1:
        tests.append(f"{value}.__class__ is {src.value(next(iter(fast)), 'type')}")
    elif fast:
        tests.append(f"{value}.__class__ in {src.value(fast, 'fast')}")
    if strings:
        tests.append(f"{value}.__class__ is _str and {value} in {src.value(strings, 'strs')}")
    if floats:
        tests.append(f"{value}.__class__ is _float and {value} - {value} == 0.0")  # NaN and inf are not
    return " or ".join(tests) or "False"


def _find_target(src: _Source, data: str) -> List[str]:
    """Set ``_target`` to the class a discriminated base's ``data`` names at its first level, else ``_C``.

    The class found dispatches on from there (its own function does the next level).
    """
    dispatch = src.plan.dispatch
    if dispatch is None:
        return []
    registry = src.value(dispatch.registry, "reg")
    deeper = src.value(dispatch.deeper, "deep")
    return [
        "_target = _C",
        f"_tag = {data}.get({dispatch.key!r})",
        "if _tag.__class__ is _str or _isinstance(_tag, _str):",
        f"    _target = {registry}.get(_tag) or {deeper}.get(_tag) or _C",
    ]


def _hand_over(src: _Source, data: str, call: str) -> List[str]:
    """On a discriminated base: when the data names another class, return what ``call`` on it gives."""
    lines = _find_target(src, data)
    if lines:
        lines += ["if _target is not _C:", f"    return _target.{PLAN_ATTR}.{call}"]
    return lines


def _field_checks(src: _Source, owned: bool, into: str, stores: bool) -> List[str]:
    """Check every field and discriminator of the mapping whose ``get`` is ``get`` (problems: ``problems``).

    A value of a class the field stores unchanged costs a lookup and a class test; any
    other value is converted inline (its problems prefixed with the key) and a converted
    value stored in ``into``.  Unless ``stores``, ``into`` may be ``None`` (only check).
    With ``owned`` nested containers are converted in place (``TypeAdapter.coerce_owned``).
    The functions that use these lines have no field names as locals, so the names are short.
    """
    lines: List[str] = []
    for key, fast, adapter, required, expected in src.plan.checked:
        convert = src.value(adapter.coerce_owned if owned else adapter.coerce, "conv")
        # Where None is stored as it is, an absent key can read as None: both pass, no call.
        lines += [f"v = get({key!r})" if _NONE_TYPE in fast else f"v = get({key!r}, _M)"]
        strings, floats = passing_strings(adapter), passes_finite_floats(adapter)
        lines.append(f"if not ({_stored_as_is(src, fast, 'v', strings, floats)}):")
        if fast - _NONE_ONLY or strings or floats:
            # A value of another class is a mistake, or a rare conversion (an enum member):
            # one line, to keep the source short (compiling it is the class's first-use cost).
            wanted = src.value(expected, "exp")
            lines.append(f"    _check_field(problems, {into}, {key!r}, v, {convert}, {required}, {wanted})")
            continue
        # Every value present converts (a container, a model): inline, a call less per value.
        if required:
            lines += ["    if v is _M:", f"        _report(problems, {key!r}, _missing({src.value(expected, 'exp')}))"]
        else:
            lines += ["    if v is _M:", "        pass"]
        lines += ["    else:", f"        s = {_COUNT}"]
        models = list_of_models(adapter) if owned else None
        if models is None:
            lines.append(f"        r = {convert}(v, problems)")
        else:
            lines += _owned_models(src, models, convert)
        lines += [
            f"        if {_GREW.format('s')}:",
            f"            _prefix(problems, s, {key!r})",
            f"        elif r is not v{'' if stores else f' and {into} is not None'}:",
            f"            {src.store(into, key, 'r')}",
        ]
    return lines + _discriminator_checks(src, into, get="get", value="v", problems="problems")


def _owned_models(src: _Source, models: Any, convert: str) -> List[str]:
    """A decoded list of models, the bulk of a nested payload: the item class's generated loop,
    called from here; ``r`` is the ``ModelList`` to store, stored only when no element failed.

    What ``models.coerce_owned`` does for a list, without its call; any other value goes to it.
    """
    plan, other = src.value(models.model_plan, "plan"), src.value(models.coerce_element, "other")
    return [
        "        if v.__class__ is _list:",
        f"            {plan}.parse_owned_items(v, problems, {other})",
        f"            r = _model_list({src.value(models.to_model, 'to')}, v)",
        "        else:",
        f"            r = {convert}(v, problems)",
    ]


def _discriminator_checks(src: _Source, into: str, *, get: str, value: str, problems: str) -> List[str]:
    """Each discriminator must be the class's own value; ``into`` (if not None) gets an absent one filled in.

    ``get``, ``value`` and ``problems`` are the local names of the mapping's lookup, the
    value read and the problem list in the function the lines go into.
    """
    lines: List[str] = []
    for key, expected in src.plan.disc_items:
        tag = src.value(expected, "tag")
        lines += [
            f"{value} = {get}({key!r}, _M)",
            f"if {value}.__class__ is not _str or {value} != {tag}:",
            f"    _check_discriminator({problems}, {into}, {key!r}, {value}, {tag})",
        ]
    return lines


def _default_value(src: _Source, key: str) -> Optional[str]:
    """The expression that gives a fresh copy of ``key``'s default in wire form; ``None`` without one."""
    for default_key, default in src.plan.defaults:
        if default_key == key:
            name = src.value(default, "dflt")
            return name if default.__class__ in SCALARS else f"_detach({name})"
    return None


def _fill_defaults(src: _Source, target: str) -> List[str]:
    """Fill each absent key that has a default with a fresh copy of it."""
    lines: List[str] = []
    for key, _ in src.plan.defaults:
        lines += [f"if {key!r} not in {target}:", f"    {src.store(target, key, str(_default_value(src, key)))}"]
    return lines


def _wrap_fields(src: _Source, target: str, data: str) -> List[str]:
    """Copy a mapping into ``target`` trusting its values: nested models built, containers copied.

    Everything is copied in one C call; then each field's value that is not a scalar or
    of a class the field stores as it is gets wrapped, and containers under keys that are
    not fields are copied.  A key that is not a ``str`` raises ``TypeError``.
    """
    known = src.value(frozenset(src.plan.by_wire), "keys")
    lines = [
        f"_update({target}, {data})",
        f"if not {known}.issuperset({data}):",
        f"    _foreign({target}, {data}, {known}, None)",
    ]
    lines.append(f"_get = {data}.get")
    for field in src.plan.fields.values():
        passes = src.value(SCALARS | field.adapter.fast, "pass")
        wrap = src.value(field.adapter.wrap, "wrap")
        key = field.wire_name
        lines += [f"_v = _get({key!r})", f"if _v.__class__ not in {passes}:", f"    {src.store(target, key, f'{wrap}(_v)')}"]
    return lines


def _wrapped(src: _Source, target: str, data: str, guard: bool) -> List[str]:
    """The whole trusting mapping form: wrap, reject a foreign discriminator, fill defaults.

    With ``guard``, data nested deeper than Python recurses is a ``ValidationError``
    (the outermost call guards; nested ones let it pass up).
    """
    body = _wrap_fields(src, target, data) + _discriminator_checks(src, target, get="_get", value="_v", problems="_problems")
    lines = ["_problems = []", *(_guard(body) if guard else body), "if _problems:", "    raise _invalid(_N, _problems)"]
    return lines + _fill_defaults(src, target)


def _parsed(src: _Source, data: str) -> List[str]:
    """The checking path into a new ``into``: copy, report foreign keys, check and convert, fill defaults."""
    known = src.value(frozenset(src.plan.by_wire), "keys")
    lines = [
        "into = _new(_C)",
        f"_update(into, {data})",
        f"if not {known}.issuperset({data}):",
        f"    _foreign(into, {data}, {known}, problems)",
        f"get = {data}.get",
    ]
    return lines + _field_checks(src, False, "into", True) + _fill_defaults(src, "into")


def _parsed_owned(src: _Source, cls: str = "_C") -> List[str]:
    """The checking path into a new ``into`` (of the class named ``cls``) for a dict nobody else
    holds: its containers are kept."""
    lines = [f"into = _new({cls})", "_update(into, data)", "get = data.get"]
    return lines + _field_checks(src, True, "into", True) + _fill_defaults(src, "into")


# How many of a discriminated base's kinds a loop over a list of it builds inline (see below).
_INLINE_KINDS = 8


def _kinds_inline(src: _Source) -> List[str]:
    """In a loop over a discriminated base's list: each of its first level's kinds that dispatches no
    further is built and checked inline, under ``if _target is <kind>``; any other class gets its
    own ``parse_owned`` (a kind registered later too) and an unknown tag is reported.

    The kinds' lines share this function's namespace, so their names stay unique; what a kind's
    own function names ``_C`` is its class here.
    """
    dispatch = src.plan.dispatch
    assert dispatch is not None
    kinds = [kind for kind in dict.fromkeys(dispatch.registry.values()) if getattr(kind, PLAN_ATTR).dispatch is None]
    lines: List[str] = []
    for kind in kinds[:_INLINE_KINDS]:
        own = _Source(kind, src.name, src.doc)
        own.namespace = src.namespace
        name = src.value(kind, "kind")
        lines += [f"{'elif' if lines else 'if'} _target is {name}:", *("    " + line for line in _parsed_owned(own, name))]
    fallback = [
        f"into = _target.{PLAN_ATTR}.parse_owned(data, problems)",
        f"if into.__class__.{PLAN_ATTR}.dispatch is not None:",
        "    _unknown_tag(into, problems)",
    ]
    return lines + ["else:", *("    " + line for line in fallback)] if lines else fallback


def _parameters(src: _Source) -> List[str]:
    """The local name of each field's keyword: the field name, or ``_p<n>`` where it cannot be a parameter."""
    return [
        name if name.isidentifier() and not keyword.iskeyword(name) else f"_p{index}"
        for index, name in enumerate(src.plan.fields)
    ]


def _keyword(src: _Source, field: Any, local: str, mixed: bool) -> List[str]:
    """One keyword: stored as it is when its class allows, checked otherwise; else its absence.

    Absent, it takes its default or is reported missing when required; in the mixed form
    (``Cls(mapping, **fields)``) only when the mapping does not hold the key either.
    """
    plan = src.plan
    key, adapter = field.wire_name, field.adapter
    convert = src.value(adapter.coerce, "conv")
    fixed = plan.disc.get(key)
    lines = [f"if {local} is not None:"]
    if fixed is not None:  # the class's own discriminator: always compared (the checks fill it in)
        return lines + [f"    _keyword(_self, _problems, {key!r}, {local}, {convert}, {src.value(fixed, 'tag')})"]
    slow = f"_keyword(_self, _problems, {key!r}, {local}, {convert}, None)"
    if not adapter.fast:
        lines.append(f"    {slow}")
    else:
        lines += [f"    if {_stored_as_is(src, adapter.fast, local)}:", f"        {src.store('_self', key, local)}"]
        lines += ["    else:", f"        {slow}"]
    absent = f"elif {key!r} not in _self:" if mixed else "else:"
    default = _default_value(src, key)
    if default is not None:
        lines += [absent, f"    {src.store('_self', key, default)}"]
    elif field.required:
        lines += [absent, f"    _report(_problems, {key!r}, _missing({src.value(adapter.expected, 'exp')}))"]
    return lines


def _guard(guarded_lines: List[str], data: str = "") -> List[str]:
    """``guarded_lines`` under the deep-data guard: nesting past Python's limit is a ``ValidationError``."""
    after = f", {data}" if data else ""
    return [
        "try:",
        *("    " + line for line in guarded_lines or ["pass"]),
        "except _RecursionError:",
        f"    raise _too_deep(_N{after}) from None",
    ]


# -- the functions -------------------------------------------------------------------------


def _write_init(cls: Any) -> _Source:
    """``__init__``: the keyword form (each field a test of its class and one store) and the mapping form.

    Parameters are the field names, keyword-only, ``None`` by default (a ``None``
    keyword means "not given", as on the Azure base).
    """
    src = _Source(
        cls, "__init__", f"Build a {cls.__name__} from keyword arguments (checked) or one mapping of its JSON (trusted)."
    )
    plan = src.plan
    names = list(plan.fields)
    locals_ = _parameters(src)
    given = [local for local in locals_ if local.startswith("_p")]
    parameters = [(name, local) for name, local in zip(names, locals_) if local not in given]
    values = f"({''.join(f'{local}, ' for _, local in parameters)})"
    src.add(0, [f"def __init__(_self, *_args, {''.join(f'{local}=None, ' for _, local in parameters)}**_extra):"])
    hand_over = f"_elsewhere(_self, _args, _extra, {src.value(tuple(name for name, _ in parameters), 'names')}, {values})"
    src.add(1, ["if _self.__class__ is not _C:", f"    return {hand_over}"])
    src.add(1, [f"{local} = _extra.pop({name!r}, None)" for name, local in zip(names, locals_) if local in given])
    src.add(1, ["if _args:"])
    src.add(2, ["if _len(_args) != 1:", "    _too_many(_N, _args)", "_m = _args[0]"])
    src.add(2, ["if _m.__class__ is not _dict and not _isinstance(_m, _Mapping):", "    _not_mapping(_N, _m)"])
    src.add(2, ["if _extra:", "    _unexpected(_N, _extra)"])
    if locals_:
        src.add(2, [f"if {' or '.join(f'{local} is not None' for local in locals_)}:"])
        src.add(3, [f"return _C.{PLAN_ATTR}.init_mixed(_self, _m, {', '.join(locals_)})"])
    src.add(2, _wrapped(src, "_self", "_m", guard=True) + ["return"])
    src.add(1, ["if _extra:", "    _unexpected(_N, _extra)", "_problems = []"])
    # The class's own discriminator values come first in the data, as on the Azure base.
    body = [src.store("_self", key, src.value(value, "tag")) for key, value in plan.disc_items]
    for field, local in zip(plan.fields.values(), locals_):
        body += _keyword(src, field, local, mixed=False)
    src.add(1, _guard(body) + ["if _problems:", "    raise _invalid(_N, _problems)"])
    return src


def _write_init_mixed(cls: Any) -> _Source:
    """``Cls(mapping, **fields)``: the mapping wrapped as trusted data, then the keywords checked over it."""
    src = _Source(cls, "init_mixed", f"Build a {cls.__name__} from a mapping of its JSON and keyword arguments.")
    plan = src.plan
    locals_ = _parameters(src)
    src.add(0, [f"def init_mixed(_self, _m, {', '.join(locals_)}):", "    _problems = []"])
    body = _wrap_fields(src, "_self", "_m")
    for field, local in zip(plan.fields.values(), locals_):
        body += _keyword(src, field, local, mixed=True)
    body += ["_get = _self.get", *_discriminator_checks(src, "_self", get="_get", value="_v", problems="_problems")]
    src.add(1, _guard(body) + ["if _problems:", "    raise _invalid(_N, _problems)"])
    return src


def _write_from_dict(cls: Any) -> _Source:
    """``from_dict``: check (or, with ``validate=False``, trust) any mapping; dispatch on a base."""
    src = _Source(cls, "from_dict", f"Build a {cls.__name__} from wire data, checking every field; see Model.from_dict.")
    src.add(0, ["def from_dict(cls, data, *, validate=True):"])
    src.add(1, ["if cls is not _C:", f"    return cls.{PLAN_ATTR}.from_dict(cls, data, validate=validate)"])
    src.add(1, ["if data.__class__ is not _dict and not _isinstance(data, _Mapping):", "    raise _not_object(_N, data, data)"])
    src.add(1, ["if not validate:", f"    return _guarded(_N, data, _C.{PLAN_ATTR}.wrap, data)", "problems = []"])
    target = _find_target(src, "data")
    if target:
        body = target + ["if _target is not _C:", f"    into = _target.{PLAN_ATTR}.parse(data, problems)", "else:"]
        body += ["    " + line for line in _parsed(src, "data")]
    else:
        body = _parsed(src, "data")
    src.add(1, _guard(body, "data"))
    src.add(1, ["if problems:", "    raise _invalid(into.__class__.__name__, problems, data)", "return into"])
    return src


def _write_parse(cls: Any) -> _Source:
    """``parse(data, problems)``: build and check from a mapping someone else holds; problems are appended."""
    src = _Source(cls, f"{PLAN_ATTR}.parse", f"Build and check a {cls.__name__} from held data; generated when first used.")
    src.add(0, ["def parse(data, problems):"])
    src.add(1, _hand_over(src, "data", "parse(data, problems)") + _parsed(src, "data") + ["return into"])
    return src


def _write_parse_owned(cls: Any) -> _Source:
    """``parse_owned(data, problems)``: build and check from a dict nobody else holds (decoded JSON).

    The dict's containers are kept and converted in place.
    """
    src = _Source(
        cls, f"{PLAN_ATTR}.parse_owned", f"Build and check a {cls.__name__} from freshly decoded JSON; generated when first used."
    )
    src.add(0, ["def parse_owned(data, problems):"])
    src.add(1, _hand_over(src, "data", "parse_owned(data, problems)") + _parsed_owned(src) + ["return into"])
    return src


def _write_parse_owned_items(cls: Any) -> _Source:
    """``parse_owned_items(items, problems, other)``: a decoded list of this class's models, in place.

    The bulk of a nested payload (a conversation's items, a response's output).  Each
    plain dict is built and checked where it sits: inline, or on a discriminated base
    handed to the class its tag names, so an element costs no call more than its own
    model's.  Any other element goes to ``other(items, index, element, problems)``.
    """
    src = _Source(
        cls, f"{PLAN_ATTR}.parse_owned_items", f"Build and check a decoded list of {cls.__name__}; generated when first used."
    )
    # ``_s`` counts the problems before the element: taken once, and again only after one failed.
    src.add(
        0, ["def parse_owned_items(items, problems, other):", f"    _s = {_COUNT}", "    for _index, data in _enumerate(items):"]
    )
    src.add(
        2,
        [
            "if data.__class__ is not _dict:",
            "    other(items, _index, data, problems)",
            "    _s = _len(problems)",
            "    continue",
        ],
    )
    target = _find_target(src, "data")
    if target:
        src.add(2, [*target, *_kinds_inline(src)])
    else:
        src.add(2, _parsed_owned(src))
    src.add(
        2,
        [
            f"if {_GREW.format('_s')}:",
            "    _prefix(problems, _s, _index)",
            "    _s = _len(problems)",
            "else:",
            "    items[_index] = into",
        ],
    )
    return src


def _write_wrap(cls: Any) -> _Source:
    """``wrap(data)``: the trusting path for a mapping someone else holds (``Cls(mapping)``, dispatched)."""
    src = _Source(cls, f"{PLAN_ATTR}.wrap", f"Build a {cls.__name__} from held data, trusting it; generated when first used.")
    src.add(0, ["def wrap(data):"])
    src.add(1, _hand_over(src, "data", "wrap(data)") + ["into = _new(_C)"])
    src.add(1, _wrapped(src, "into", "data", guard=False) + ["return into"])
    return src


def _receive_lines(src: _Source) -> List[str]:
    """The receiving path's own class: a new instance over the decoded dict, its tags checked.

    Only the top level is built (see docs/design.md): a nested mapping stays as decoded until the
    typed view first reads it, which turns it into its model in place.  A foreign tag is
    still a ``ValidationError``; absent tags and defaults are filled in.
    """
    lines = ["into = _new(_C)", "_update(into, data)"]
    checks = _discriminator_checks(src, "into", get="_get", value="_v", problems="_problems")
    if checks:
        lines += ["_get = data.get", "_problems = []", *checks, "if _problems:", "    raise _invalid(_N, _problems)"]
    return lines + _fill_defaults(src, "into")


def _write_wrap_owned(cls: Any) -> _Source:
    """``wrap_owned(data)``: the receiving path for a dict nobody else holds (decoded JSON)."""
    src = _Source(
        cls,
        f"{PLAN_ATTR}.wrap_owned",
        f"Build a {cls.__name__} from freshly decoded JSON, trusting it; generated when first used.",
    )
    src.add(0, ["def wrap_owned(data):"])
    src.add(1, _hand_over(src, "data", "wrap_owned(data)") + _receive_lines(src) + ["return into"])
    return src


def _write_from_json(cls: Any) -> _Source:
    """``from_json``: decode, then receive (the top level only) or check and build at every depth.

    Decoding is ``_jsontext.decode``'s (one scan for the common text); its errors become a
    ``ValidationError`` of the class in ``_runtime.not_json``.
    """
    src = _Source(cls, "from_json", f"Decode JSON text and build a {cls.__name__}; see Model.from_json.")
    src.add(0, ["def from_json(cls, text, *, validate=True):"])
    src.add(1, ["if cls is not _C:", f"    return cls.{PLAN_ATTR}.from_json(cls, text, validate=validate)"])
    src.add(1, ["try:", "    data = _decode(text)", "except _DECODE_ERRORS as _e:", "    _not_json(_N, text, _e)"])
    src.add(1, ["if data.__class__ is not _dict:", "    raise _not_object(_N, data, text)", "if not validate:"])
    target = _find_target(src, "data")
    if target:
        src.add(2, [*target, "if _target is not _C:", f"    return _target.{PLAN_ATTR}.wrap_owned(data)"])
    src.add(2, _receive_lines(src) + ["return into"])
    src.add(1, ["problems = []", "try:", f"    into = _C.{PLAN_ATTR}.parse_owned(data, problems)", "except _RecursionError:"])
    src.add(1, ["    raise _too_deep(_N, text) from None", "if problems:"])
    # The check converted nested containers of ``data`` in place; the error carries the
    # data as decoded, so decode it again (only on this path).
    src.add(1, ["    raise _invalid(into.__class__.__name__, problems, _decode(text))", "return into"])
    return src


def _write_checker(cls: Any, owned: bool) -> _Source:
    """``check(data, problems, into)``: every field and discriminator of one class."""
    name = "check_owned" if owned else "check"
    src = _Source(cls, f"{PLAN_ATTR}.{name}", f"Check the fields of a {cls.__name__} mapping; generated when first used.")
    src.add(0, [f"def {name}(data, problems, into):", "    get = data.get"])
    src.add(1, _field_checks(src, owned, "into", False) + ["return None"])
    return src


def _write_resolve(cls: Any) -> _Source:
    """``resolve(data)``: the class the data's discriminators name, at this level or below."""
    src = _Source(cls, f"{PLAN_ATTR}.resolve", f"The class a {cls.__name__} mapping names; generated when first used.")
    src.add(0, ["def resolve(data):"])
    src.add(1, _hand_over(src, "data", "resolve(data)") + ["return _C"])
    return src


_WRITERS: Dict[str, Callable[[Any], _Source]] = {
    "init": _write_init,
    "init_mixed": _write_init_mixed,
    "from_dict": _write_from_dict,
    "from_json": _write_from_json,
    "parse": _write_parse,
    "parse_owned": _write_parse_owned,
    "parse_owned_items": _write_parse_owned_items,
    "wrap": _write_wrap,
    "wrap_owned": _write_wrap_owned,
    "check": lambda cls: _write_checker(cls, owned=False),
    "check_owned": lambda cls: _write_checker(cls, owned=True),
    "resolve": _write_resolve,
}


def compile_entry(cls: Any, name: str) -> Any:
    """Compile the plan entry ``name`` of ``cls`` (see the table above)."""
    return _WRITERS[name](cls).compile()


def generated_source(cls: Any, name: str) -> str:
    """The source :func:`compile_entry` compiles for the plan entry ``name`` of ``cls``, not compiled.

    What the golden-file tests compare (``tests/golden``): a change to the generator shows
    there as a diff of the code it writes.
    """
    return _WRITERS[name](cls).text()

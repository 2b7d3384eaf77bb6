"""What generated code calls at run time: the slow branches of checking and constructing.

The functions ``_codegen`` writes handle the common case inline (a value of a class the
field stores as it is costs a class test) and call these for the rest: a value that
converts, a discriminator that differs, a keyword that is not a field, a key that is
not a ``str``.  They are plain functions with no state, kept apart from the code that
writes source so that each module does one job: ``_codegen`` only writes and compiles.
"""

from __future__ import annotations

from typing import Any, Dict, List, NoReturn, Optional

from ._errors import Problem, ValidationError, describe_value, key_problem, missing, prefix, problem
from ._jsondata import SCALARS, detach, is_null
from ._jsontext import describe_error

__all__ = [
    "MISSING",
    "check_discriminator",
    "check_field",
    "foreign_keys",
    "init_elsewhere",
    "keyword_value",
    "not_a_mapping",
    "not_json",
    "report",
    "too_many_arguments",
    "unexpected_keyword",
]

#: "No such key" for ``data.get(key, MISSING)`` (``None`` is a JSON value).
MISSING: Any = object()

_dict_set = dict.__setitem__


def report(problems: List[Problem], key: str, problem_: Problem) -> None:
    """Append ``problem_``, found at ``key`` of the object being checked."""
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
    """A discriminator that is not exactly the class's own value as a plain str.

    Absent, it is filled in when there is an instance to fill (``into``) and a problem
    otherwise; an enum member equal to the value is stored as the plain string.
    """
    if value is MISSING:
        if into is None:
            report(problems, key, missing(repr(expected)))
        else:
            _dict_set(into, key, expected)
    elif value != expected or not isinstance(value, str):
        report(problems, key, problem(repr(expected), value))
    elif into is not None:
        _dict_set(into, key, expected)


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


def foreign_keys(instance: Any, data: Any, known: Any, problems: Optional[List[Problem]]) -> None:
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


def init_elsewhere(instance: Any, args: Any, extra: Dict[str, Any], names: Any, values: Any) -> None:
    """A class's generated ``__init__`` called for an instance of another class: that class's own does it.

    It happens when a subclass's hand-written ``__init__`` calls ``super().__init__``.
    The keywords are passed on by name (``None`` is "not given" either way).
    """
    keywords = {name: value for name, value in zip(names, values) if value is not None}
    keywords.update(extra)
    type(instance).__asev_plan__.init(instance, *args, **keywords)


def not_json(model: str, text: Any, exc: BaseException) -> NoReturn:
    """Text the generated ``from_json`` could not decode (``exc``): a ``ValidationError`` of ``model`` saying where."""
    raise ValidationError.single(model, (), "JSON", describe_error(exc), text, value=text) from None


def too_many_arguments(name: str, args: Any) -> NoReturn:
    raise TypeError(f"{name}() takes at most one positional argument (a mapping of the JSON), {len(args)} were given")


def not_a_mapping(name: str, value: Any) -> NoReturn:
    raise TypeError(f"{name}() takes a mapping of the JSON or keyword arguments, not {type(value).__name__}")


def unexpected_keyword(name: str, extra: Dict[str, Any]) -> NoReturn:
    raise TypeError(f"{name}() got an unexpected keyword argument '{next(iter(extra))}'")

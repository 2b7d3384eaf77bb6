"""The one error type for bad data, and the bookkeeping that builds it.

Checking code never formats a path while it works: a failed check appends a
``Problem`` whose path segments are collected in reverse as the failure travels
back up through lists, dicts and nested models.  Paths are only rendered into
text when a ``ValidationError`` is finally raised, so the success path pays
nothing for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, List, NamedTuple, Optional, Sequence, Tuple, Union

__all__ = ["ErrorDetail", "Problem", "ValidationError", "describe_value", "guarded", "json_kind", "render_path"]

# Longest repr of an offending value quoted in a message; longer ones are cut.
_MAX_REPR = 60

Segment = Union[str, int]


class Problem:
    """One failed check while it is still being reported upward.

    ``segments`` holds the JSON path in reverse order (innermost first); each
    container that sees the failure pass appends its own key or index.  ``got`` (what
    came, as text) is worded from ``value`` when first read: a union tries its members
    in turn and keeps the problems of none but one, so most problems are never read.
    """

    __slots__ = ("segments", "expected", "_got", "missing", "value", "as_key")

    def __init__(
        self, expected: str, got: Optional[str] = None, *, missing: bool = False, value: Any = None, as_key: bool = False
    ) -> None:
        self.segments: List[Segment] = []
        self.expected = expected
        self._got = got
        self.missing = missing
        self.value = value
        self.as_key = as_key  # the value is an object key, not a value (its text says so)

    @property
    def got(self) -> str:
        """What came: ``value``'s type and a short repr (``describe_value``), or the text given."""
        got = self._got
        if got is None:
            got = self._got = describe_value(self.value)
        return got

    def detail(self) -> "ErrorDetail":
        loc = tuple(reversed(self.segments))
        got = self.got + " as a key" if self.as_key else self.got
        kind = "missing" if self.missing else json_kind(self.value)
        return ErrorDetail(render_path(loc), self.expected, got, self.missing, loc, self.value, kind)


class ErrorDetail(NamedTuple):
    """One problem of an input: where it is, what was expected, what came."""

    path: str
    """JSON path of the offending value, e.g. ``$.item.content[2].text``."""
    expected: str
    """What the annotation asks for, e.g. ``int`` or ``'conversation.item.truncated'``."""
    got: str
    """What arrived: its JSON type and a short repr, or ``nothing`` when absent."""
    missing: bool = False
    """True when a required field is absent."""
    loc: Tuple[Segment, ...] = ()
    """The same place as data: object keys (``str``) and list positions (``int``) from the
    top, ``()`` for the whole input; ``("item", "content", 2, "text")``."""
    input: Any = None
    """The received value itself, as decoded (``None`` when it is absent or the text did
    not decode; ``kind`` tells those apart); pydantic calls the same thing ``input``."""
    kind: str = "missing"
    """The received value's JSON kind: ``object``, ``array``, ``string``, ``integer``,
    ``number``, ``boolean``, ``null``; ``missing`` when absent, ``text`` for input that is
    not JSON at all, ``other`` for a Python value that is not JSON data."""

    @property
    def message(self) -> str:
        if self.missing:
            return f"missing required field, expected `{self.expected}`"
        return f"expected `{self.expected}`, got {self.got}"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ValidationError(ValueError):
    """Data that does not fit a model; lists every problem found in one input.

    ``errors`` is a list of :class:`ErrorDetail`; ``model`` names the class that
    was being built or checked; ``data`` is the parsed input when there was one
    (for instance the decoded JSON object when ``from_json`` rejects it), so a
    stream reader can log or forward the event it could not accept.
    """

    def __init__(self, model: str, errors: Sequence[ErrorDetail], data: Any = None) -> None:
        self.model = model
        self.errors: List[ErrorDetail] = list(errors)
        self.data = data
        super().__init__(self._render())

    def _render(self) -> str:
        count = len(self.errors)
        noun = "validation error" if count == 1 else "validation errors"
        lines = [f"{count} {noun} for {self.model}"]
        lines.extend(f"  {error}" for error in self.errors)
        return "\n".join(lines)

    def __reduce__(self) -> Any:
        return (type(self), (self.model, self.errors, self.data))

    @classmethod
    def from_problems(cls, model: str, problems: Sequence[Problem], data: Any = None) -> "ValidationError":
        return cls(model, [problem.detail() for problem in problems], data)

    @classmethod
    def single(
        cls,
        model: str,
        loc: Tuple[Segment, ...],
        expected: str,
        got: str,
        data: Any = None,
        *,
        value: Any = None,
        kind: str = "text",
    ) -> "ValidationError":
        """One problem, at ``loc`` (``()`` for the whole input)."""
        return cls(model, [ErrorDetail(render_path(loc), expected, got, False, loc, value, kind)], data)

    @classmethod
    def not_an_object(cls, model: str, value: Any, data: Any = None) -> "ValidationError":
        """Input that decoded (or was given) as something other than a JSON object."""
        return cls.single(model, (), "object", describe_value(value), data, value=value, kind=json_kind(value))

    @classmethod
    def too_deep(cls, model: str, data: Any = None) -> "ValidationError":
        """Data whose nesting ran the interpreter out of recursion while it was checked."""
        kind = "text" if isinstance(data, (str, bytes, bytearray)) else "other" if data is None else json_kind(data)
        return cls.single(model, (), "object nested less deeply", "data nested too deeply to check", data, kind=kind)


def guarded(model: str, data: Any, work: Any, *args: Any) -> Any:
    """``work(*args)``, with data nested past the interpreter's limit reported as bad data.

    Checking, wrapping and copying recurse once per level of nesting; JSON may nest
    deeper than the interpreter allows.  This turns that ``RecursionError`` into a
    :class:`ValidationError` of ``model`` carrying ``data`` (what the caller gave).
    The two hottest entry points (``Model.__init__``, ``Model.from_json``) write the
    same guard inline to save the call.
    """
    try:
        return work(*args)
    except RecursionError:
        raise ValidationError.too_deep(model, data) from None


def render_path(segments: Any) -> str:
    """Render path segments as a JSON path: ``$``, ``.key``, ``["odd key"]``, ``[3]``."""
    parts = ["$"]
    for segment in segments:
        if isinstance(segment, int):
            parts.append(f"[{segment}]")
        elif segment.isascii() and segment.isidentifier():  # [A-Za-z_][A-Za-z0-9_]*
            parts.append(f".{segment}")
        else:
            parts.append("[" + _quote(segment) + "]")
    return "".join(parts)


def _quote(key: str) -> str:
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def describe_value(value: Any) -> str:
    """Describe a received value for a message: its type in backticks and a short repr."""
    if value is None:
        return "`None`"
    try:
        text = repr(value)
    except Exception as exc:  # noqa: BLE001 - a hostile __repr__ must not hide the real problem
        text = f"<unprintable: {type(exc).__name__}>"
    if len(text) > _MAX_REPR:
        text = text[: _MAX_REPR - 3] + "..."
    return f"`{type(value).__name__}` {text}"


def problem(expected: str, value: Any) -> Problem:
    """A type mismatch for ``value``."""
    return Problem(expected, value=value)


def key_problem(key: Any) -> Problem:
    """An object key that is not a ``str`` (its text says "as a key")."""
    return Problem("str", value=key, as_key=True)


_KINDS = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null", dict: "object", list: "array"}


def json_kind(value: Any) -> str:
    """The JSON kind of a received value; ``other`` for a Python value JSON has no kind for."""
    kind = _KINDS.get(value.__class__)
    if kind is not None:
        return kind
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    return "other"


def missing(expected: str) -> Problem:
    """A required field that is absent (or ``None``)."""
    return Problem(expected, "nothing", missing=True)


def prefix(problems: List[Problem], start: int, segment: Segment) -> None:
    """Add ``segment`` to the path of every problem appended since ``start``."""
    for index in range(start, len(problems)):
        problems[index].segments.append(segment)

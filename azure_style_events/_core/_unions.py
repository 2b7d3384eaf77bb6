"""Unions: choosing the member of a ``Union[...]`` (or ``Optional[...]``) a value belongs to.

The largest job of the type layer, kept apart from the adapters of single types
(``_adapters``) that it chooses between.  :class:`UnionAdapter` answers every adapter
job (see ``_adapters``' docstring) by picking an alternative:

* a scalar or an array: the first alternative that takes it (the checking path), or the
  first of its JSON kind (the trusting path);
* a mapping, when several alternatives are models: the model its tags name (a
  discriminator, a required ``Literal`` field, or an optional one-value ``Literal`` that
  differs between the members, a "soft" tag).  The members are grouped once by the key
  that tells them apart best (:meth:`UnionAdapter._tag_index`), so a value usually costs
  one dict lookup and one tag test;
* nothing fits: one report, the one of the member the value came closest to.

:func:`passing_strings` and :func:`passes_finite_floats` tell the code generator which
values a field (a literal, a union of literals and numbers) stores as they are, so its
generated check tests them inline.
"""

from __future__ import annotations

from collections.abc import Mapping as _AbcMapping
from typing import Any, Dict, FrozenSet, List, Optional, Set, Tuple

from ._adapters import BOOL, FLOAT, INT, NONE, LiteralAdapter, ModelAdapter, TypeAdapter
from ._errors import Problem, problem
from ._jsondata import detach

__all__ = ["UnionAdapter", "passes_finite_floats", "passing_strings"]

# A lazily computed slot not computed yet (``None`` is an answer).
_UNBUILT: Any = object()

#: The JSON kind of the containers decoded JSON holds (anything else is a scalar there).
_DECODED_KINDS = {dict: "object", list: "array"}


def _json_kind(value: Any) -> str:
    if isinstance(value, _AbcMapping):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    return "scalar"


class UnionAdapter(TypeAdapter):
    """``Union[...]`` and ``Optional[...]``: the first alternative that fits wins."""

    __slots__ = ("alternatives", "_readers", "_non_none", "_models", "_soft", "_index")

    def __init__(self, alternatives: Tuple[TypeAdapter, ...]) -> None:
        admits_none = any(alt.admits_none for alt in alternatives)
        fast: FrozenSet[type] = frozenset().union(*(alt.fast for alt in alternatives))
        # None is written last in messages, as people write Optional.
        ordered = [alt for alt in alternatives if alt is not NONE] + [alt for alt in alternatives if alt is NONE]
        super().__init__(" | ".join(alt.expected for alt in ordered), fast, admits_none)
        self.alternatives = alternatives
        self._non_none = tuple(alt for alt in alternatives if alt is not NONE)
        models = tuple(alt for alt in alternatives if isinstance(alt, ModelAdapter) or alt.deferred)
        self._models = models if len(models) > 1 else ()
        self._soft: Optional[FrozenSet[str]] = None  # see _soft_keys
        self._index: Any = _UNBUILT  # see _tag_index
        # Enum and literal alternatives turn known strings into members, so they read
        # first; plain ``str`` would return the string unchanged.
        self._readers = tuple(alt for alt in alternatives if alt.reads)
        self.reads = bool(self._readers) or any(alt.deferred for alt in alternatives)

    @property
    def kind(self) -> str:
        kinds = {alt.kind for alt in self._non_none}
        return kinds.pop() if len(kinds) == 1 else "scalar"

    @property
    def converts(self) -> bool:
        return any(alt.converts for alt in self._non_none)

    @property
    def delimited(self) -> bool:
        """``Optional[list[str]]`` with a delimited format is read through the same view."""
        return len(self._non_none) == 1 and self._non_none[0].delimited

    def coerce(self, value: Any, problems: List[Problem]) -> Any:
        if value.__class__ in self.fast:
            return value
        if value is None and self.admits_none:
            return None
        alternatives = self.alternatives
        tagged: Tuple[TypeAdapter, ...] = ()
        if self._models and isinstance(value, _AbcMapping):
            # Several models: the one the data's tags name is the member; its problems are
            # the problems, at their own paths, and no other model is tried.
            named, tagged = self._named_members(value)
            if named:
                return _the_named(named, value, problems)
            alternatives = tuple(alt for alt in alternatives if alt not in tagged)
        failures: List[List[Problem]] = []
        for alt in alternatives:
            attempt: List[Problem] = []
            result = alt.coerce(value, attempt)
            if not attempt:
                return result
            failures.append(attempt)
        if tagged and not any(alt in self._models for alt in alternatives):
            # Every model has tags and none names this data: say which tags would do.
            problems.append(problem(self._tags_expected(), value))
            return value
        # Nothing fitted.  When exactly one alternative is the same JSON kind as the
        # value (an object for a model, an array for a list), its own, deeper report
        # says more than "expected A | B".
        kind = _json_kind(value)
        matching = [attempt for alt, attempt in zip(alternatives, failures) if kind != "scalar" and alt.kind == kind]
        if len(matching) > 1 and self._models:
            matching = _closest(matching)
        if len(matching) == 1:
            problems.extend(matching[0])
        else:
            problems.append(problem(self.expected, value))
        return value

    def _named_members(self, value: Any) -> Tuple[List[TypeAdapter], Tuple[TypeAdapter, ...]]:
        """The models whose tags the mapping carries, and those whose tags it contradicts.

        When every member has one tag value of its own on a key (``type`` of a turn detection
        or of a conversation item), the data's value there picks the members that can match,
        and only those are asked (a message's ``role`` then tells its three kinds apart); a
        member with another value on that key cannot match.  Otherwise, or when none of them
        matches (the error path, which also says which tags contradict), each member is.
        """
        soft = self._soft if self._soft is not None else self._soft_keys()
        index = self._index if self._index is not _UNBUILT else self._tag_index(soft)
        if index is not None:
            tag: Any = value.get(index[0])
            group = index[1].get(tag) if tag.__class__ is str else None
            if group is not None:
                found = [alt for alt in group if alt.tag_match(value, soft)]
                if found:
                    return found, ()
        matches = [(alt, alt.tag_match(value, soft)) for alt in self._models]
        named = [alt for alt, match in matches if match]
        return named, tuple(alt for alt, match in matches if match is False)

    def _tag_index(self, soft: FrozenSet[str]) -> Optional[Tuple[str, Dict[str, Tuple[TypeAdapter, ...]]]]:
        """``(key, tag value -> members)`` for the key on which every member has one tag value
        (a required literal, a discriminator, or an optional literal under ``soft``) and the
        values split the members finest; ``None`` when there is no such key.  Worked out on
        first use, as references must resolve."""
        per_member: List[Dict[str, Any]] = []
        for alt in self._models:
            model: Any = getattr(alt, "resolve")() if alt.deferred else alt  # noqa: B009 - a ForwardRefAdapter
            if not isinstance(model, ModelAdapter) or model.model.__asev_plan__.dispatch is not None:
                self._index = None
                return None
            plan = model.model.__asev_plan__
            tags: Dict[str, Tuple[Any, ...]] = {key: (value,) for key, value in plan.disc_items}
            tags.update(plan.tags)
            tags.update((key, allowed) for key, allowed in plan.soft_tags if key in soft)
            per_member.append({key: allowed[0] for key, allowed in tags.items() if len(allowed) == 1})
        index: Optional[Tuple[str, Dict[str, Tuple[TypeAdapter, ...]]]] = None
        for key in per_member[0] if per_member else ():
            texts = [value for value in (member.get(key) for member in per_member) if isinstance(value, str)]
            if len(texts) != len(per_member):
                continue
            groups: Dict[str, Tuple[TypeAdapter, ...]] = {}
            for text, alt in zip(texts, self._models):
                groups[text] = (*groups.get(text, ()), alt)
            if index is None or len(groups) > len(index[1]):
                index = (key, groups)
        self._index = index
        return index

    def _soft_keys(self) -> FrozenSet[str]:
        """The optional one-value literal keys whose values differ between the models (``type``
        of the GA catalog's audio formats); worked out on first use, as references must resolve."""
        values: Dict[str, Set[Any]] = {}
        for alt in self._models:
            for key, allowed in alt.soft_tags:
                values.setdefault(key, set()).update(allowed)
        keys = frozenset(key for key, seen in values.items() if len(seen) > 1)
        self._soft = keys
        return keys

    def _tags_expected(self) -> str:
        parts = [alt.expected for alt in self._non_none if alt not in self._models]
        soft = self._soft_keys()
        for alt in self._models:
            parts += alt.tag_descriptions(soft)
        if self.admits_none:
            parts.append("None")
        return " | ".join(dict.fromkeys(parts))

    def _object_member(self, value: Any) -> Optional[TypeAdapter]:
        """The alternative a mapping belongs to on the trusting path: named by its tags, else a base."""
        fallback: Optional[TypeAdapter] = None
        soft = self._soft if self._soft is not None else self._soft_keys()
        for alt in self._non_none:
            if alt.kind == "object":
                if alt.tag_match(value, soft) is not False if alt in self._models else alt.fits(value):
                    return alt
                if fallback is None or alt.open_ended and not fallback.open_ended:
                    fallback = alt
        return fallback

    def coerce_owned(self, value: Any, problems: List[Problem]) -> Any:
        # Only one member converts in place: with several alternatives, a failed attempt
        # must leave the value as it was for the next one.  A decoded object whose tags
        # name exactly one model is that model's, as coerce decides: no other is tried.
        if len(self._non_none) != 1:
            if self._models and value.__class__ is dict:
                named, _ = self._named_members(value)
                if len(named) == 1:
                    return named[0].coerce_owned(value, problems)
            return self.coerce(value, problems)
        if value.__class__ in self.fast:
            return value
        inner = self._non_none[0]
        # Decoded JSON holds exactly dicts and lists: their kinds without an ABC check.
        if _DECODED_KINDS.get(value.__class__) != inner.kind:
            return self.coerce(value, problems)  # its messages say "| None"
        return inner.coerce_owned(value, problems)

    def wrap(self, value: Any) -> Any:
        if value.__class__ in self.fast:
            return value
        kind = _json_kind(value)
        for alt in self._non_none:
            if kind == "scalar":
                # A typed value (a datetime, an enum member) is stored in the wire
                # form of the first alternative that knows it.
                result = alt.wrap(value)
                if result is not value:
                    return result
            elif kind == "array" and alt.kind == kind:
                return alt.wrap(value)
        if kind == "object":
            member = self._object_member(value)
            if member is not None:
                return member.wrap(value)
        return detach(value)

    def unwrapped(self) -> TypeAdapter:
        return self._non_none[0] if len(self._non_none) == 1 else self

    def read(self, value: Any) -> Any:
        for alt in self._readers:
            result = alt.read(value)
            if result is not value:
                return result
        if value.__class__ is dict:
            member = self._object_member(value)
            if member is not None:
                return member.read(value)
        return value


def _the_named(named: List[TypeAdapter], value: Any, problems: List[Problem]) -> Any:
    """The union member the data's tags name (the first that fits, if several are named)."""
    first: Optional[List[Problem]] = None
    for alt in named:
        attempt: List[Problem] = []
        result = alt.coerce(value, attempt)
        if not attempt:
            return result
        if first is None:
            first = attempt
    assert first is not None
    problems.extend(first)
    return value


def _closest(attempts: List[List[Problem]]) -> List[List[Problem]]:
    """The failed model alternatives that came closest: one report, or all of them.

    With no tag to go by (the tag itself is broken), the alternatives with the fewest
    problems are the likeliest meant.  When they all failed at one and the same path
    (``role``: expected ``'system'`` for one, ``'user'`` for another), that path is the
    problem, expecting any of their values.
    """
    fewest = min(len(attempt) for attempt in attempts)
    best = [attempt for attempt in attempts if len(attempt) == fewest]
    if len(best) == 1:
        return best
    if fewest == 1 and len({tuple(attempt[0].segments) for attempt in best}) == 1 and not best[0][0].missing:
        expected = " | ".join(dict.fromkeys(attempt[0].expected for attempt in best))
        merged = Problem(expected, best[0][0].got, value=best[0][0].value)
        merged.segments.extend(best[0][0].segments)
        return [[merged]]
    return attempts


def passing_strings(adapter: TypeAdapter) -> FrozenSet[str]:
    """The strings a field stores as they are though ``str`` is not among its fast classes: the
    values of a ``Literal`` (or of a union of literals and non-text scalars, as ``int | 'inf'``).
    What its check can test with one set lookup instead of a call."""
    if isinstance(adapter, UnionAdapter):
        parts = adapter._non_none
        if all(isinstance(alt, LiteralAdapter) or alt in _NON_TEXT for alt in parts):
            return frozenset().union(*(passing_strings(alt) for alt in parts))
    if isinstance(adapter, LiteralAdapter):
        return frozenset(wire for wire in adapter.wires if wire.__class__ is str)
    return frozenset()


def passes_finite_floats(adapter: TypeAdapter) -> bool:
    """Whether a finite ``float`` is stored as it is (``float`` is not fast: NaN and infinity are
    floats but not JSON numbers, and ``1e400`` decodes to one)."""
    if isinstance(adapter, UnionAdapter):
        return any(alt is FLOAT for alt in adapter._non_none)
    return adapter is FLOAT


# Scalar adapters that take no string: a union of them and literals takes exactly the literals' strings.
_NON_TEXT = (INT, FLOAT, BOOL)

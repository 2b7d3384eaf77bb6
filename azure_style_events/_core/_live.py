"""Live views: the typed face of a container whose wire form differs from its typed form.

A ``list[datetime]`` is held in the model's data as a list of strings, because the
data is the JSON.  Reading ``event.times`` gives a :class:`ListView` over that very
list: indexing and iterating convert each element on the way out, and every change
(``append``, ``times[0] = ...``, ``sort``, ``clear``, ...) converts the new element to
its wire form and makes it in the list.  So the model stays a plain ``dict`` of JSON
(``json.dumps`` runs at C speed, memory is that of the JSON), and nothing changed
through the view is lost.

A view is cached per wire container in a ``WeakValueDictionary`` keyed by the
container's ``id``: while anyone holds a view, reading the attribute again returns
the same view (the view keeps its container alive, so the id cannot be reused).

Containers whose elements read as they are stored (lists of strings, lists of
models) need no view: the attribute returns the stored container itself (see
``_adapters``).  A list of models is stored as a :class:`ModelList`, a ``list`` whose
writes turn a plain dict into its model on the way in, so that reading the field
needs no scan for plain dicts.  Enum members are views' business too: the data keeps the
plain string.  Delimited strings (``"a,b,c"`` read as a list)
are viewed through the model and key that hold them.

This module knows adapters only through two methods, which every adapter has:
``read(wire) -> typed`` and ``coerce(typed, problems) -> wire`` (problems appended).
"""

from __future__ import annotations

from collections.abc import Mapping as _AbcMapping
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    MutableMapping,
    MutableSequence,
    MutableSet,
    Optional,
    Set,
    Tuple,
)

from ._errors import Problem, Segment, ValidationError, prefix, problem

if TYPE_CHECKING:
    from weakref import WeakValueDictionary

__all__ = [
    "DelimitedView",
    "DictView",
    "ListView",
    "ModelList",
    "SetView",
    "VIEW_TYPES",
    "delimited_view",
    "model_list",
    "view_of",
]

# The views handed out, by what they view: made with the first view (weakref is not
# imported by the base import, which most programs of generated models never need it for).
_VIEWS: Optional["WeakValueDictionary[Any, Any]"] = None


def _views() -> "WeakValueDictionary[Any, Any]":
    global _VIEWS
    if _VIEWS is None:
        from weakref import WeakValueDictionary

        _VIEWS = WeakValueDictionary()
    return _VIEWS


#: Where a view's container sits, for error messages: (model class name, path segments).
Location = Tuple[str, Tuple[Segment, ...]]
_NOWHERE: Location = ("value", ())


class _View:
    """What the three container views share: the wire container, the item adapter, the location."""

    __slots__ = ("_wire", "_item", "_loc", "__weakref__")

    def __init__(self, wire: Any, item: Any) -> None:
        self._wire = wire
        self._item = item
        self._loc: Optional[Location] = None

    def _to_wire(self, value: Any, segment: Optional[Segment]) -> Any:
        """``value`` in wire form, or ``ValidationError`` naming the model and the path."""
        problems: List[Problem] = []
        wire = self._item.coerce(value, problems)
        if problems:
            model, segments = self._loc or _NOWHERE
            if segment is not None:
                prefix(problems, 0, segment)
            for outer in reversed(segments):
                prefix(problems, 0, outer)
            raise ValidationError.from_problems(model, problems)
        return wire

    def place(self, model: str, segments: Tuple[Segment, ...]) -> None:
        """Record where the container sits (once: the first reader knows), for error paths."""
        if self._loc is None:
            self._loc = (model, segments)

    def is_view_of(self, owner: Any, key: str) -> bool:
        """Whether this is the view of ``owner[key]`` itself (written back, it changes nothing)."""
        return self._wire is dict.get(owner, key)

    def _typed(self, wire: Any, segment: Segment) -> Any:
        value = self._item.read(wire)
        if value.__class__ in VIEW_TYPES:
            model, segments = self._loc or _NOWHERE
            value.place(model, segments + (segment,))
        return value

    __hash__ = None  # type: ignore[assignment]


class ListView(_View, MutableSequence[Any]):
    """A list's typed face over its wire list; see the module docstring."""

    __slots__ = ()

    def __len__(self) -> int:
        return len(self._wire)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._item.read(element) for element in self._wire[index]]
        wire = self._wire[index]
        return self._typed(wire, index if index >= 0 else len(self._wire) + index)

    def __setitem__(self, index: Any, value: Any) -> None:
        if isinstance(index, slice):
            start = index.indices(len(self._wire))[0]
            self._wire[index] = [self._to_wire(item, start + offset) for offset, item in enumerate(value)]
            return
        position = index if index >= 0 else len(self._wire) + index
        self._wire[index] = self._to_wire(value, position)

    def __delitem__(self, index: Any) -> None:
        del self._wire[index]

    def insert(self, index: int, value: Any) -> None:
        position = min(max(index if index >= 0 else len(self._wire) + index, 0), len(self._wire))
        self._wire.insert(index, self._to_wire(value, position))

    def append(self, value: Any) -> None:
        self._wire.append(self._to_wire(value, len(self._wire)))

    def extend(self, values: Iterable[Any]) -> None:
        start = len(self._wire)
        self._wire.extend([self._to_wire(value, start + offset) for offset, value in enumerate(list(values))])

    def __iadd__(self, values: Iterable[Any]) -> "ListView":
        self.extend(values)
        return self

    def clear(self) -> None:
        self._wire.clear()

    def sort(self, *, key: Any = None, reverse: bool = False) -> None:
        """Sort by the typed values (a datetime list sorts by time, not by its text)."""
        pairs = [(self._item.read(wire), wire) for wire in self._wire]
        pairs.sort(key=(lambda pair: key(pair[0])) if key is not None else (lambda pair: pair[0]), reverse=reverse)
        self._wire[:] = [wire for _, wire in pairs]

    def reverse(self) -> None:
        self._wire.reverse()

    def copy(self) -> List[Any]:
        """A plain ``list`` of the typed values, not connected to the model."""
        return list(self)

    def __iter__(self) -> Iterator[Any]:
        for index in range(len(self._wire)):
            yield self[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (ListView, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    def __add__(self, other: Iterable[Any]) -> List[Any]:
        return list(self) + list(other)

    def __repr__(self) -> str:
        return repr(list(self))

    def __reduce__(self) -> Tuple[Any, ...]:
        return (list, (list(self),))


class DictView(_View, MutableMapping[str, Any]):
    """A dict's typed face over its wire dict; see the module docstring."""

    __slots__ = ()

    def __len__(self) -> int:
        return len(self._wire)

    def __iter__(self) -> Iterator[str]:
        return iter(self._wire)

    def __contains__(self, key: object) -> bool:
        return key in self._wire

    def __getitem__(self, key: str) -> Any:
        return self._typed(self._wire[key], key)

    def __setitem__(self, key: str, value: Any) -> None:
        if not isinstance(key, str):
            model = (self._loc or _NOWHERE)[0]
            raise TypeError(f"{model}: keys of a JSON object must be str, not {type(key).__name__}")
        self._wire[key] = self._to_wire(value, key)

    def __delitem__(self, key: str) -> None:
        del self._wire[key]

    def clear(self) -> None:
        self._wire.clear()

    def copy(self) -> Dict[str, Any]:
        """A plain ``dict`` of the typed values, not connected to the model."""
        return dict(self.items())

    def __repr__(self) -> str:
        return repr(self.copy())

    def __reduce__(self) -> Tuple[Any, ...]:
        return (dict, (self.copy(),))


class SetView(_View, MutableSet[Any]):
    """A set's typed face over its wire list (JSON has no sets); adding a present value does nothing.

    It has ``set``'s whole API (``update``, ``|=``, ``-=``, ``union``, ``difference``, ...),
    every change live in the wire list; the methods that make a new set return a plain
    ``set``.  It is not a ``set`` subclass: a ``set`` holds its elements itself, and here
    the only storage is the model's JSON list.  It compares equal to a set of its values.
    """

    __slots__ = ()

    def __len__(self) -> int:
        return len(self._wire)

    def __iter__(self) -> Iterator[Any]:
        read = self._item.read
        return (read(element) for element in self._wire)

    def __contains__(self, value: object) -> bool:
        return any(element == value for element in self)

    def add(self, value: Any) -> None:
        if value not in self:
            self._wire.append(self._to_wire(value, len(self._wire)))

    def _add_all(self, values: Iterable[Any]) -> None:
        """Add every value not present; all are checked before any is added (a refusal changes nothing)."""
        present = self.copy()
        new: List[Any] = []
        for value in values:
            if value not in present:
                present.add(value)
                new.append(value)
        start = len(self._wire)
        wires = [self._to_wire(value, start + offset) for offset, value in enumerate(new)]
        self._wire.extend(wires)

    def discard(self, value: Any) -> None:
        read = self._item.read
        self._wire[:] = [wire for wire in self._wire if read(wire) != value]

    def _keep(self, keep: Any) -> None:
        read = self._item.read
        self._wire[:] = [wire for wire in self._wire if keep(read(wire))]

    def clear(self) -> None:
        self._wire.clear()

    # -- the rest of ``set``'s API, live: code written for the Azure base calls it -------------

    def update(self, *others: Iterable[Any]) -> None:
        self._add_all(value for other in others for value in other)

    def difference_update(self, *others: Iterable[Any]) -> None:
        drop = set().union(*others)
        self._keep(lambda value: value not in drop)

    def intersection_update(self, *others: Iterable[Any]) -> None:
        keep = self.copy().intersection(*others)
        self._keep(lambda value: value in keep)

    def symmetric_difference_update(self, other: Iterable[Any]) -> None:
        other = set(other)
        mine = self.copy()
        self._add_all(value for value in other if value not in mine)
        self._keep(lambda value: value not in other or value not in mine)

    if not TYPE_CHECKING:  # checkers keep MutableSet's signatures, which these have too

        def __ior__(self, other):
            self.update(other)
            return self

        def __iand__(self, other):
            self.intersection_update(other)
            return self

        def __isub__(self, other):
            self.difference_update(other)
            return self

        def __ixor__(self, other):
            self.symmetric_difference_update(other)
            return self

    @classmethod
    def _from_iterable(cls, values: Iterable[Any]) -> Set[Any]:
        # What the Set mixins build ``view | other``, ``&``, ``-``, ``^`` with: a plain set.
        return set(values)

    def union(self, *others: Iterable[Any]) -> Set[Any]:
        return self.copy().union(*others)

    def intersection(self, *others: Iterable[Any]) -> Set[Any]:
        return self.copy().intersection(*others)

    def difference(self, *others: Iterable[Any]) -> Set[Any]:
        return self.copy().difference(*others)

    def symmetric_difference(self, other: Iterable[Any]) -> Set[Any]:
        return self.copy().symmetric_difference(other)

    def issubset(self, other: Iterable[Any]) -> bool:
        return self.copy().issubset(other)

    def issuperset(self, other: Iterable[Any]) -> bool:
        return self.copy().issuperset(other)

    def copy(self) -> Set[Any]:
        """A plain ``set`` of the typed values, not connected to the model."""
        return set(self)

    def __repr__(self) -> str:
        return repr(self.copy()) if self._wire else "set()"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (set, (list(self),))


class DelimitedView(MutableSequence[Any]):
    """A delimited string (``"a,b,c"``) read as a list: each change writes the joined text back."""

    __slots__ = ("_owner", "_key", "_adapter", "__weakref__")

    def __init__(self, owner: Any, key: str, adapter: Any) -> None:
        self._owner = owner
        self._key = key
        self._adapter = adapter

    def _items(self) -> List[Any]:
        items: List[Any] = self._adapter.read(dict.get(self._owner, self._key, ""))
        return items

    def _store(self, items: List[Any]) -> None:
        problems: List[Problem] = []
        wire = self._adapter.coerce(items, problems)
        if problems:
            prefix(problems, 0, self._key)
            raise ValidationError.from_problems(type(self._owner).__name__, problems)
        dict.__setitem__(self._owner, self._key, wire)

    def __len__(self) -> int:
        return len(self._items())

    def __getitem__(self, index: Any) -> Any:
        return self._items()[index]

    def __setitem__(self, index: Any, value: Any) -> None:
        items = self._items()
        items[index] = value
        self._store(items)

    def __delitem__(self, index: Any) -> None:
        items = self._items()
        del items[index]
        self._store(items)

    def insert(self, index: int, value: Any) -> None:
        items = self._items()
        items.insert(index, value)
        self._store(items)

    def copy(self) -> List[Any]:
        return self._items()

    def is_view_of(self, owner: Any, key: str) -> bool:
        """Whether this is the view of ``owner[key]`` itself (written back, it changes nothing)."""
        return self._owner is owner and self._key == key

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (DelimitedView, list, tuple)):
            return self._items() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._items())

    def __reduce__(self) -> Tuple[Any, ...]:
        return (list, (self._items(),))


#: The views that carry a location (the delimited view knows its model and key).
VIEW_TYPES = frozenset({ListView, DictView, SetView})


def view_of(kind: type, wire: Any, item: Any) -> Any:
    """The live view of ``wire`` (a list or dict of the data) read as ``kind``: the cached one if held."""
    views = _views()
    view = views.get(id(wire))
    if view is not None and view._wire is wire and view._item is item and view.__class__ is kind:
        return view
    view = kind(wire, item)
    views[id(wire)] = view
    return view


def delimited_view(owner: Any, key: str, adapter: Any) -> DelimitedView:
    """The live list view of the delimited string ``owner[key]``: the cached one if held."""
    cache_key = (id(owner), key)
    views = _views()
    cached: Optional[DelimitedView] = views.get(cache_key)
    if cached is not None and cached._owner is owner and cached._adapter is adapter:
        return cached
    view = DelimitedView(owner, key, adapter)
    views[cache_key] = view
    return view


_list_extend = list.extend
_list_append = list.append
_list_insert = list.insert
_list_setitem = list.__setitem__


class ModelList(List[Any]):
    """The stored form of a ``list[Model]`` field: a list that never holds a plain dict.

    Such fields are read all the time (a transcript's items, a message's parts), and
    a plain dict put into the list must read back as its model.  Rather than scanning
    the list on every read, every list of models this package stores is a
    ``ModelList``, whose ``append``, ``insert``, ``extend``, ``+=`` and item and slice
    assignment convert a plain dict as it comes in, through ``_wrap`` (the element
    model's trusting constructor, with dispatch); anything that is neither a mapping nor
    the element model is refused with a ``ValidationError`` naming its path, and the
    list is left unchanged.  Reading the field is then one check of the list's class.  A
    list stored any other way (``event["items"] = [...]``) is a plain list and is
    converted in place when read.

    It is a ``list`` to ``json``, ``isinstance`` and ``==``; copies (``copy()``,
    slices, ``+``) are plain lists.  Pickling and ``copy.copy`` keep the class.
    """

    __slots__ = ("_wrap", "_loc")

    _wrap: Any
    _loc: Optional[Location]

    def _model(self, value: Any, index: int) -> Any:
        """``value`` as an element: a plain mapping becomes the model; anything but the model is refused."""
        if value.__class__ is dict:
            return self._wrap(value)
        model = self._wrap.__self__  # the element class (its trusting classmethod is bound to it)
        if isinstance(value, model):
            return value
        if isinstance(value, _AbcMapping) and not hasattr(type(value), "__asev_plan__"):
            return self._wrap(value)
        found = problem(model.__name__, value)
        found.segments.append(index)
        where, segments = self._loc or _NOWHERE
        for outer in reversed(segments):
            found.segments.append(outer)
        raise ValidationError.from_problems(where, [found])

    def _models(self, values: Iterable[Any], start: int) -> List[Any]:
        return [self._model(value, start + offset) for offset, value in enumerate(values)]

    def place(self, model: str, segments: Tuple[Segment, ...]) -> None:
        """Record where the list sits (once: the first reader knows), for error paths."""
        if self._loc is None:
            self._loc = (model, segments)

    def append(self, value: Any) -> None:
        _list_append(self, self._model(value, len(self)))

    def insert(self, index: Any, value: Any) -> None:
        _list_insert(self, index, self._model(value, max(0, min(len(self), index if index >= 0 else len(self) + index))))

    def extend(self, values: Iterable[Any]) -> None:
        _list_extend(self, self._models(values, len(self)))

    if not TYPE_CHECKING:  # checkers keep list's signature, which this one has too

        def __iadd__(self, values):
            _list_extend(self, self._models(values, len(self)))
            return self

    def __setitem__(self, index: Any, value: Any) -> None:
        if index.__class__ is slice:
            _list_setitem(self, index, self._models(value, index.indices(len(self))[0]))
        else:
            _list_setitem(self, index, self._model(value, index if index >= 0 else len(self) + index))

    def __reduce_ex__(self, protocol: Any) -> Tuple[Any, ...]:
        return (model_list, (self._wrap, list(self)))


def model_list(wrap: Any, items: Iterable[Any]) -> ModelList:
    """A :class:`ModelList` of ``items`` (models already) that converts with ``wrap``."""
    result = ModelList(items)  # list's own __init__, in C: it does not call the extend above
    result._wrap = wrap
    result._loc = None
    return result

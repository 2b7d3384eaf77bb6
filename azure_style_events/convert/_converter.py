"""``Converter``: events of one dialect as events of another, one stream at a time.

A stream is converted event by event, in order: ``convert(event)`` returns the target
dialect's events for it (none, one, or more where the target splits an event) and notes
in ``losses`` every value the target cannot carry.  The converter keeps what the
protocol needs across events (which items are still in progress, so that GA's
``conversation.item.done`` can follow when a beta item completes) and knows no socket:
a bridge or a log converter feeds it.

How one event travels: it is read into a plain dict (an envelope gives its event, time
and source), renamed (:data:`_FLAT_TO_GA`), its session, response, items and content
reshaped (``_config``), then every key the source catalog declares and the target's model
at that position does not is dropped with a ``field-not-in-target`` loss (``_prune``), and
what the target's catalog still refuses is left out (``_fit``).  What a source event type
becomes (its name and class in the target) is worked out once per pair of dialects
(``_Route``); an event of only plain values whose target class takes any plain value and
declares every key the source's does skips the reshaping and pruning when the target
class's generated check finds nothing wrong with it as it is (``_fits``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any, Callable, Dict, FrozenSet, List, NamedTuple, Optional, Set, Tuple, Type, Union

from .._core._errors import Problem, render_path
from .._core._jsondata import SCALARS_SUPERSET, copy_tree, model_as_dict
from .._core._jsontext import DECODE_ERRORS, describe_error, loads_strict
from .._core._limits import MAX_EVENT_BYTES, byte_limit
from .._core._model import Model, check_data
from .._dialects import Dialect, get_dialect
from ..conversation._time import unwrap_envelope
from . import _config
from ._losses import ConversionError, Loss
from ._shapes import Holder, catalog_keys, declared, element_model, model_fields, nested, optional_leaf, plain_fields

__all__ = ["Converter"]

#: Event names that differ between the flat dialects (beta, Voice Live) and GA.
_FLAT_TO_GA = {
    "response.audio.delta": "response.output_audio.delta",
    "response.audio.done": "response.output_audio.done",
    "response.audio_transcript.delta": "response.output_audio_transcript.delta",
    "response.audio_transcript.done": "response.output_audio_transcript.done",
    "response.text.delta": "response.output_text.delta",
    "response.text.done": "response.output_text.done",
    "conversation.item.created": "conversation.item.added",
}
_GA_TO_FLAT = {ga: flat for flat, ga in _FLAT_TO_GA.items()}
#: Assistant content types: the flat dialects' and GA's.
_CONTENT_TO_GA = {"text": "output_text", "audio": "output_audio"}
_CONTENT_TO_FLAT = {ga: flat for flat, ga in _CONTENT_TO_GA.items()}
#: Keys every dialect's server sends on sessions and responses, declared or not.
_ALWAYS_KEPT = frozenset(("id", "object", "expires_at", "event_id", "type"))
_SESSION_EVENTS = ("session.update", "session.created", "session.updated")
_ITEM_EVENTS = (
    "conversation.item.create",
    "conversation.item.created",
    "conversation.item.added",
    "conversation.item.done",
    "conversation.item.retrieved",
    "response.output_item.added",
    "response.output_item.done",
)
_FINISHED = ("completed", "incomplete", "cancelled", "failed")


class _Route(NamedTuple):
    """What every event of one source type becomes, when the target has a counterpart.

    Worked out once per pair of dialects and type (``Converter._route``).
    """

    target_type: str
    """The type in the target dialect."""
    renamed: bool
    """Whether the target calls it otherwise (if not, the event keeps the object it came with)."""
    cls: Type[Model]
    """The target's class for it."""
    receive: Callable[[Dict[str, Any]], Model]
    """The target class's receiving path (what its base's ``wrap_owned`` hands the data to)."""
    plain: bool
    """Every field of the target class takes any plain JSON scalar (``plain_fields``), and it
    declares every key the source's does: an event of plain values that checks against it
    needs no reshaping or pruning."""
    server: bool
    """A server event of the source dialect (its voices are stated as the server states them)."""
    session: bool
    """Its ``session`` is a session configuration to reshape."""
    item: bool
    """Its ``item`` is a conversation item to reshape."""
    splits: bool
    """GA's ``conversation.item.done`` may follow it (``_split``)."""


#: The routes of each pair of dialects, by source type; shared by every converter of the pair.
_ROUTES: Dict[Tuple[Dialect, Dialect], Dict[str, Optional[_Route]]] = {}


class Converter:
    """Convert one stream of events from the ``source`` dialect to the ``target`` dialect.

    ``source`` and ``target`` are ``"voicelive"``, ``"openai"``, ``"openai-beta"`` or a
    catalog module.  With ``strict=True`` the first loss raises :class:`ConversionError`.
    Text longer than ``max_event_bytes`` (16 MiB by default) is not decoded.
    Keep one converter per stream: it remembers the items in progress.
    """

    def __init__(
        self,
        source: Union[str, ModuleType, Dialect],
        target: Union[str, ModuleType, Dialect],
        *,
        strict: bool = False,
        max_event_bytes: int = MAX_EVENT_BYTES,
    ) -> None:
        self.source = get_dialect(source)
        self.target = get_dialect(target)
        self.strict = strict
        #: Text longer than this is not decoded: a ``not-an-event`` loss (the memory stays bounded).
        self.max_event_bytes = byte_limit(max_event_bytes)
        #: Every loss so far, in order.
        self.losses: List[Loss] = []
        self._index = -1
        self._type = ""
        self._pending: Set[str] = set()  # beta items announced in progress, awaiting GA's conversation.item.done
        self._to_ga = self.target.nested_audio_config and not self.source.nested_audio_config
        self._from_ga = self.source.nested_audio_config and not self.target.nested_audio_config
        self._source_module = self.source.module_name
        self._receivers = (self.target.server.__asev_plan__, self.target.client.__asev_plan__)
        self._routes = _ROUTES.setdefault((self.source, self.target), {})
        self._plans = _PRUNE_PLANS.setdefault(self._source_module, {})
        # The event being converted: per configuration it reshaped (``session``, ``response``),
        # each place in it a value was moved to -> its place before (``_config.Moves``).
        self._moves: Dict[str, _config.Moves] = {}

    # -- the public call ---------------------------------------------------------------------

    def convert(self, event: Any) -> List[Any]:
        """The target dialect's events for one source event, in order (models; envelopes for envelopes).

        ``event`` is a catalog model, a mapping of its JSON, JSON text or an envelope.  A
        value with no counterpart is left out and noted in :attr:`losses`; an event with
        none gives an empty list.
        """
        self._index += 1
        data = self._read(event)
        if data is None:
            return []
        # An event's type is a str, and then it is no envelope (unwrap_envelope's first test).
        envelope = None if data.get("type").__class__ is str else unwrap_envelope(data)
        if envelope is None:
            self._type = data["type"]
            return self._event(data)
        self._type = envelope.event["type"]
        return [self._envelope(data, out) for out in self._event(envelope.event)]

    def convert_all(self, events: Any) -> List[Any]:
        """Every event of a stream, converted in order."""
        return [out for event in events for out in self.convert(event)]

    # -- reading and writing -----------------------------------------------------------------

    def _read(self, event: Any) -> Optional[Dict[str, Any]]:
        if isinstance(event, (str, bytes, bytearray)):
            if len(event) > self.max_event_bytes:
                self._lose("$", "not-an-event", f"{len(event):,} bytes, over the limit of {self.max_event_bytes:,}", "")
                return None
            try:
                decoded = loads_strict(event)  # fresh data nobody else holds: no copy is needed
            except DECODE_ERRORS as exc:
                self._lose("$", "not-an-event", f"not JSON: {describe_error(exc, one_line=True)}", "")
                return None
            if not isinstance(decoded, dict):
                self._lose("$", "not-an-event", f"not an object: {type(decoded).__name__}", "")
                return None
            data: Dict[str, Any] = decoded
        elif isinstance(event, Mapping):
            data = _copy(event)
        else:
            raise TypeError(f"convert() takes a model, a mapping, JSON text or an envelope, not {type(event).__name__}")
        if not isinstance(data.get("type"), str) and unwrap_envelope(data) is None:
            self._lose("$", "not-an-event", "an object without a string `type`", "")
            return None
        return data

    def _wrap(self, data: Dict[str, Any]) -> Model:
        """The converted data (the converter's own) as the target's model, on the receiving path."""
        model: Model = self._receivers[self.target.is_client(data["type"])].wrap_owned(data)
        return model

    def _envelope(self, original: Dict[str, Any], event: Model) -> Dict[str, Any]:
        out = {key: value for key, value in original.items() if key != "event"}
        out["event"] = event
        return out

    def _lose(self, path: str, code: str, message: str, event_type: Optional[str] = None) -> None:
        loss = Loss(self._index, self._type if event_type is None else event_type, path, code, message)  # type: ignore[arg-type]
        self.losses.append(loss)
        if self.strict:
            raise ConversionError(loss)

    # -- one event -------------------------------------------------------------------------------

    def _event(self, data: Dict[str, Any]) -> List[Model]:
        """The target's events for one source event's data (the converter's own, changed in place)."""
        source_type = data["type"]
        route = self._routes.get(source_type) or self._route(source_type)
        if route is None:
            self._lose("$", "no-counterpart", f"{self.target.name} has no {self._rename(source_type)!r} event")
            return []
        if route.renamed:
            data["type"] = route.target_type
        # A flat event that checks against the target as it is (a delta: most of a session)
        # goes on as it is; anything else is reshaped, pruned and checked, each loss said.
        if not (route.plain and _all_plain(data) and _fits(route.cls, data)):
            self._reshape(data, source_type, route)
            self._prune(route.cls, data, ())
            if not self._fit(route.cls, data):
                return []
        if route.splits:
            return [self._wrap(out) for out in self._split(data, source_type)]
        return [route.receive(data)]

    def _route(self, source_type: str) -> Optional[_Route]:
        """What events of ``source_type`` become (``None``: the target has no such event), kept for the pair."""
        target_type = self._rename(source_type)
        cls = self.target.models.get(target_type)
        route = None
        if cls is not None:
            route = _Route(
                target_type,
                target_type is not source_type,  # _rename returns the object it was given when it keeps the name
                cls,
                cls.__asev_plan__.wrap_owned,
                plain_fields(cls) and declared(self.source.models.get(source_type, Model)) <= declared(cls),
                not self.source.is_client(source_type),
                source_type in _SESSION_EVENTS,
                source_type in _ITEM_EVENTS,
                self._to_ga and source_type in ("conversation.item.created", "response.output_item.done"),
            )
        self._routes[source_type] = route
        return route

    def _fit(self, cls: Type[Model], data: Dict[str, Any]) -> bool:
        """Leave out each value the target's catalog refuses (a loss each); ``False`` when the event cannot stand.

        The moves above carry every value that has a counterpart; what is left that the
        target does not accept (a value outside its enum, an item kind it lacks) goes here.
        A key the target requires and the source never gave stays absent, as a
        ``required-not-in-source`` loss: nothing is invented (real servers leave such keys
        out too), and the event still parses on the receiving path.

        After values were left out the event is checked again, unless each was an optional
        key that no other value's check depends on (``optional_leaf``): that check would
        then find missing exactly what this one did, less what was left out with a value.
        When a value left out was an object's kind (its ``type``) or a key it requires, the
        object is left out too, and so on up, short of the event's own objects (its
        session, item or response are what it is about): an object there that cannot stand
        loses the event.
        """
        removed: Set[Any] = set()
        for _ in range(10):
            problems: List[Problem] = []
            try:
                check_data(cls, data, problems, owned=False)
            except RecursionError:
                break
            if not problems:  # the usual case
                return True
            details = [problem.detail() for problem in problems]
            stranded = [detail.loc for detail in details if detail.missing and detail.loc in removed]
            if stranded:
                if not self._leave_out_holders(data, stranded, removed):
                    break  # what was left out was the event's own substance
                continue
            absent = [detail for detail in details if detail.missing]
            details = [detail for detail in details if not detail.missing]
            if not details:
                self._lose_absent(absent)
                return True
            if any(not detail.loc for detail in details):
                break
            now: Set[Any] = set()
            for detail in sorted(details, key=lambda d: d.loc, reverse=True):
                if detail.loc not in removed and _remove(data, detail.loc):
                    removed.add(detail.loc)
                    now.add(detail.loc)
                    self._lose(self._source_path(detail.loc), "value-not-in-target", f"{detail.got} is not {detail.expected}")
            kinds = [loc for loc in now if loc[-1] == "type"]
            if kinds:  # an object's kind the target lacks: the object is of no kind there, so it goes
                if not self._leave_out_holders(data, kinds, removed):
                    break
                continue
            if all(detail.loc in now for detail in details) and all(optional_leaf(cls, data, loc) for loc in now):
                self._lose_absent([detail for detail in absent if not any(detail.loc[: len(loc)] == loc for loc in now)])
                return True
        self._lose("$", "value-not-in-target", f"no valid {data['type']!r} event of {self.target.name} can hold it")
        return False

    def _leave_out_holders(self, data: Dict[str, Any], stranded: List[Any], removed: Set[Any]) -> bool:
        """Leave out each object that lost a key it requires (a loss each); ``False`` if one is the event's own."""
        for loc in sorted(stranded, reverse=True):  # the last list elements first: the others keep their places
            holder = loc[:-1]
            if len(holder) < 2 or holder in removed or not _remove(data, holder):
                return False
            removed.add(holder)
            message = f"{self.target.name} cannot hold it without its {loc[-1]!r}"  # (its kind, or a key it requires)
            self._lose(self._source_path(holder), "value-not-in-target", message)
        return True

    def _lose_absent(self, absent: List[Any]) -> None:
        """A ``required-not-in-source`` loss for each key the check found missing."""
        for detail in absent:
            self._lose(detail.path, "required-not-in-source", f"the target requires {detail.expected}; left absent")

    def _source_path(self, loc: Tuple[Any, ...]) -> str:
        """The path of a place of the converted event in the event given (a value reshaping moved was elsewhere)."""
        moved = self._moves.get(loc[0]) if self._moves and loc else None
        if moved:
            rest = loc[1:]
            for size in range(min(len(rest), _config.LONGEST_MOVE), 0, -1):  # the longest place first
                was = moved.get(rest[:size])
                if was is not None:
                    return render_path((loc[0], *was, *rest[size:]))
        return render_path(loc)

    def _rename(self, event_type: str) -> str:
        if self._to_ga:
            return _FLAT_TO_GA.get(event_type, event_type)
        if self._from_ga:
            return _GA_TO_FLAT.get(event_type, event_type)
        return event_type

    def _reshape(self, data: Dict[str, Any], source_type: str, route: _Route) -> None:
        """Sessions, responses, items and voices into the target's shape."""
        server = route.server
        self._moves.clear()
        if route.session and isinstance(data.get("session"), dict):
            data["session"] = self._config(data["session"], "session", "session", server)
        response = data.get("response")
        if isinstance(response, dict):
            kind = "create" if source_type == "response.create" else "response"
            data["response"] = response = self._config(response, kind, "response", server)
            output = response.get("output")
            if isinstance(output, list):
                response["output"] = [self._item(item, f"$.response.output[{n}]") for n, item in enumerate(output)]
        if route.item and isinstance(data.get("item"), dict):
            data["item"] = self._item(data["item"], "$.item")

    def _config(self, config: Dict[str, Any], kind: str, key: str, server: bool) -> Dict[str, Any]:
        """The configuration at ``key`` (``session`` or ``response``) in the target's shape."""

        def lose(where: str, code: str, message: str) -> None:
            self._lose(f"$.{key}.{where}", code, message)

        if self._to_ga or self._from_ga:
            moves: _config.Moves = {}
            if self._to_ga:
                config = _config.flat_to_nested(config, kind, lose, moves)
            else:
                voicelive = self.target.azure_extensions
                config = _config.nested_to_flat(config, kind, lose, voicelive=voicelive, server=server, moves=moves)
            self._moves[key] = moves
            return config
        if self.source is self.target:
            return config
        to_voicelive = self.target.azure_extensions
        if "voice" in config:
            config = dict(config)
            voice = _config.voice_between_flat(config.pop("voice"), "voice", lose, to_voicelive, server)
            if voice is not None:
                config["voice"] = voice
        if "turn_detection" in config:
            detection = _config.turn_detection_for(config["turn_detection"], "turn_detection", lose, to_voicelive)
            if detection is not config["turn_detection"]:
                config = dict(config, turn_detection=detection)
        return config

    def _item(self, item: Any, path: str) -> Any:
        """An item: assistant content types renamed between the flat dialects and GA."""
        if not isinstance(item, dict) or not isinstance(item.get("content"), list) or item.get("role") != "assistant":
            return item
        names = _CONTENT_TO_GA if self._to_ga else _CONTENT_TO_FLAT if self._from_ga else None
        if names is None:
            return item
        content = []
        for part in item["content"]:
            if isinstance(part, dict) and part.get("type").__class__ is str and part["type"] in names:
                part = dict(part, type=names[part["type"]])
            content.append(part)
        return dict(item, content=content)

    def _prune(self, cls: Type[Model], data: Dict[str, Any], where: _Where) -> None:
        """Drop every key the source catalog declares and the target's model here does not (a loss each)."""
        plans = self._plans
        plan = plans.get(cls) or _prune_plan(plans, self._source_module, cls)
        kinds = plan.kinds
        if kinds is not None:  # a base with kinds: the kind the data names
            tag = data.get("type")
            if tag.__class__ is str and tag in kinds:
                plan = plans.get(kinds[tag]) or _prune_plan(plans, self._source_module, kinds[tag])
        drop, holders = plan.drop, plan.holders
        if drop.isdisjoint(data):  # the usual case: nothing to drop here, only within the models it holds
            if holders:
                for key, value in data.items():
                    held = holders.get(key)
                    if held is not None:
                        self._prune_nested(held, value, where, key)
            return
        for key in list(data):
            if key in drop:
                if data.pop(key) is not None:
                    self._lose(
                        self._source_path(_where_loc((where, key))),
                        "field-not-in-target",
                        f"{self.target.name} has no {key!r} here",
                    )
                # (an explicit null the target cannot hold is dropped too: no value is lost)
            else:
                held = holders.get(key)
                if held is not None:  # a field that can hold a model: prune that model's keys too
                    self._prune_nested(held, data[key], where, key)

    def _prune_nested(self, held: Holder, value: Any, where: _Where, key: str) -> None:
        """Prune the value of a field that holds models: each element of a list of them, or the one object."""
        if held.listed and isinstance(value, list):
            models = held.models
            for n, element in enumerate(value):
                if isinstance(element, dict):
                    model = element_model(models, element)
                    if model is not None:
                        self._prune(model, element, ((where, key), n))
        elif isinstance(value, dict):
            model = held.only or nested(held.models, held.listed, value)
            if model is not None:
                self._prune(model, value, (where, key))

    # -- events the target splits ------------------------------------------------------------------

    def _split(self, data: Dict[str, Any], source_type: str) -> List[Dict[str, Any]]:
        """GA says ``conversation.item.done`` where beta's item completes: after it, or at its output_item.done."""
        if not self._to_ga:
            return [data]
        item: Dict[str, Any] = data["item"] if isinstance(data.get("item"), dict) else {}
        item_id = item.get("id")
        if source_type == "conversation.item.created" and isinstance(item_id, str):
            if (
                item.get("status") in _FINISHED
                or item.get("role") in ("user", "system")
                or item.get("type") == "function_call_output"
            ):
                return [data, self._item_done(data, 1)]
            self._pending.add(item_id)
        elif source_type == "response.output_item.done" and item_id in self._pending:
            self._pending.discard(item_id)
            return [data, self._item_done(data, 1)]
        return [data]

    def _item_done(self, data: Dict[str, Any], n: int) -> Dict[str, Any]:
        """A synthesised ``conversation.item.done``; its id is the source event's id with ``:n`` added."""
        done: Dict[str, Any] = {"type": "conversation.item.done", "item": _copy(data["item"])}
        if isinstance(data.get("event_id"), str):
            done["event_id"] = f"{data['event_id']}:{n}"
        if "previous_item_id" in data:
            done["previous_item_id"] = data["previous_item_id"]
        return done


class _PrunePlan(NamedTuple):
    """What ``_prune`` needs of one target model, for one source catalog."""

    kinds: Optional[Dict[str, Type[Model]]]
    """The model's kinds by tag, when it is a base with kinds (``__mapping__``)."""
    drop: FrozenSet[str]
    """The keys dropped from a mapping of the model: declared by the source catalog, not by the
    model (the keys every dialect's server sends, :data:`_ALWAYS_KEPT`, are kept everywhere)."""
    holders: Dict[str, Holder]
    """Its fields that can hold models (``model_fields``)."""


#: Per source catalog module: target model -> its prune plan; shared by every converter.
_PRUNE_PLANS: Dict[str, Dict[Type[Model], _PrunePlan]] = {}


def _prune_plan(plans: Dict[Type[Model], _PrunePlan], source_module: str, model: Type[Model]) -> _PrunePlan:
    """Work out, and keep in ``plans``, the prune plan of ``model``."""
    kinds = getattr(model, "__mapping__", None) or None
    plan = plans[model] = _PrunePlan(kinds, catalog_keys(source_module) - _ALWAYS_KEPT - declared(model), model_fields(model))
    return plan


#: Where a value is while pruning, as links written out only for a loss: ``()`` for the
#: event itself, ``(where, key)`` for a key or a list position below ``where``.
_Where = Tuple[Any, ...]


def _where_loc(where: _Where) -> Tuple[Any, ...]:
    """A place as keys and list positions from the top: ``("session", "tools", 0, "name")``."""
    loc = []
    while where:
        where, key = where
        loc.append(key)
    return tuple(reversed(loc))


def _fits(cls: Type[Model], data: Dict[str, Any]) -> bool:
    """Whether flat data checks against the target's class as it is (no copy)."""
    problems: List[Problem] = []
    check_data(cls, data, problems, owned=False)
    return not problems


def _all_plain(data: Dict[str, Any]) -> bool:
    """Whether no value of an event is an object or an array (nothing to reshape or prune)."""
    if SCALARS_SUPERSET(map(type, data.values())):  # the usual case, answered in C
        return True
    for value in data.values():
        if value.__class__ is dict or value.__class__ is list:
            return False
    return True


def _path(loc: Any) -> str:
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc)


def _remove(data: Any, loc: Any) -> bool:
    """Remove the value at a path (a list element, or an object key); whether there was one."""
    for segment in loc[:-1]:
        try:
            data = data[segment]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    if isinstance(data, dict) and last in data:
        del data[last]
        return True
    if isinstance(data, list) and isinstance(last, int) and 0 <= last < len(data):
        del data[last]
        return True
    return False


def _copy(value: Any) -> Any:
    """A copy of JSON-shaped data at any depth (a loop, no recursion): models and other mappings become dicts."""
    return copy_tree(value, model_as_dict, _other_mapping)


def _other_mapping(value: Any) -> Any:
    # A Mapping that is no dict (rare: a MappingProxyType, a user's class) is copied as a dict.
    return _copy(dict(value.items())) if isinstance(value, Mapping) else value

"""``ConversationState``: a realtime event stream folded into a conversation, rules checked.

Every realtime client keeps the same state by hand: items in order, deltas joined per
content part, audio received per part, which response is active, token usage.  This
folds events of any of the three catalogs into that state, sent and received alike
(the direction follows the event's ``type``), and notes where the stream breaks the
protocol's own rules (docs/protocol-checks.md lists each, with its code).

The fold reads the wire view (each event is a ``dict`` of its JSON), so it costs a few
dictionary lookups per event and never builds nested models; ``apply`` parses text on
the receiving path and hands back the model.  Bad event content never raises: it
becomes a problem.  Rules are checked from the log's first ``session.created`` on: a log
that starts mid-session reports nothing for what it cannot know.  Memory follows the
conversation: deleted items go, audio bytes are
kept only when asked for, and the event ids remembered for the duplicate check are the
most recent ``EVENT_ID_WINDOW`` of each side.
"""

from __future__ import annotations

import base64
import binascii
import typing
from collections import deque
from collections.abc import Mapping
from types import ModuleType
from typing import Any, Deque, Dict, List, Optional, Tuple, Union

from .._core._jsontext import DECODE_ERRORS, describe_error, loads_strict
from .._core._model import Model
from ._dialects import DONE_KEY, Dialect, bytes_per_ms, dialect
from ._records import Item, Part, ProblemCode, ProtocolProblem, Response, Usage

__all__ = ["ConversationState"]

#: How many recent event ids (per direction) the duplicate check remembers.
EVENT_ID_WINDOW = 4096
# audio_end_ms is a whole number of ms: a truncate this close to the audio received is at its end.
_ROUNDING_MS = 1.0
_AUDIO_TYPES = ("audio", "output_audio")


def _b64_len(text: str) -> int:
    """Decoded length of base64 text, without decoding it."""
    size = len(text) * 3 // 4
    if text.endswith("=="):
        return size - 2
    if text.endswith("="):
        return size - 1
    return size


class ConversationState:
    """Fold a realtime stream into its conversation; see the module docstring and SPEC §9.

    ``protocol`` is ``"voicelive"``, ``"openai"``, ``"openai-beta"`` or the catalog module.
    With ``keep_audio=True`` each part keeps its decoded audio bytes (``part.audio``);
    durations (``part.audio_ms``) are always known.
    """

    def __init__(self, protocol: Union[str, ModuleType], *, keep_audio: bool = False) -> None:
        self._dialect: Dialect = dialect(protocol)
        self.keep_audio = keep_audio
        self.problems: List[ProtocolProblem] = []
        #: Every response of the log, in the order they were created.
        self.responses: List[Response] = []
        self._session: Any = None  # the event that carried the latest session configuration (or its dict)
        #: Sessions seen (a log may concatenate several; each ``session.created`` starts one).
        self.segments = 0
        #: Milliseconds of audio the client sent (``input_audio_buffer.append``) and received.
        self.audio_in_ms = 0.0
        self.audio_out_ms = 0.0
        self._index = -1
        # event type -> (bound handler, stream), for the event types this protocol has.
        self._handlers: Dict[str, Tuple[Any, str]] = {
            name: (getattr(self, _HANDLERS[action]), stream) for name, (action, stream) in self._dialect.actions.items()
        }
        self._client_types = frozenset(self._dialect.client.__mapping__) - frozenset(self._dialect.server.__mapping__)
        # The plans whose wrap_owned builds a decoded event (the receiving path): server's, client's.
        self._receivers = (self._dialect.server.__asev_plan__, self._dialect.client.__asev_plan__)
        self._reset_segment(started=False)

    # -- the public view ---------------------------------------------------------------

    @property
    def protocol(self) -> str:
        return self._dialect.name

    @property
    def items(self) -> List[Item]:
        """The current session's conversation items, in conversation order."""
        return list(self._items.values()) if self._order is None else self._ordered()

    def item(self, item_id: str) -> Optional[Item]:
        return self._items.get(item_id)

    def response(self, response_id: str) -> Optional[Response]:
        """The current session's response of that id (ids may repeat in a log of several sessions)."""
        return self._responses.get(response_id)

    @property
    def usage(self) -> Usage:
        """Token totals over every response that reported usage (cached tokens are part of input)."""
        total = Usage()
        for response in self.responses:
            if isinstance(response.usage, dict):
                total.add(response.usage)
        return total

    def summary(self) -> Dict[str, Any]:
        """Counts for a report: sessions, items, responses by status, audio in and out, tokens."""
        statuses: Dict[str, int] = {}
        for response in self.responses:
            key = response.status or "in_progress"
            statuses[key] = statuses.get(key, 0) + 1
        return {
            "sessions": self.segments,
            "items": len(self._items),
            "responses": len(self.responses),
            "response_status": dict(sorted(statuses.items())),
            "audio_in_ms": round(self.audio_in_ms),
            "audio_out_ms": round(self.audio_out_ms),
            "usage": self.usage.as_dict(),
            "problems": len(self.problems),
        }

    @property
    def session(self) -> Any:
        """The latest session configuration: the catalog's session model, or ``None``.

        Folding keeps the event that carried it and reads its typed view only here: a
        session holds dozens of fields and nested models, and most folds never ask for
        them.  Folded from plain data (``fold``), it is that data's ``session`` dict.
        """
        holder = self._session
        if isinstance(holder, Model):
            return getattr(holder, "session", holder.get("session"))
        return holder

    # -- folding --------------------------------------------------------------------------

    def apply(self, event: Any) -> Optional[Model]:
        """Fold one event in and return it as its catalog model (``None`` for content that is no event).

        ``event`` is a catalog model, a mapping of its JSON, or JSON text (``str``/``bytes``),
        parsed on the receiving path.  Anything else raises ``TypeError``.
        """
        self._index += 1
        cls = event.__class__
        if cls is str or cls is bytes or cls is bytearray:
            return self._apply_text(event)
        if isinstance(event, Model):
            model = event
        elif isinstance(event, (str, bytes, bytearray)):
            return self._apply_text(event)
        elif isinstance(event, Mapping):
            if self._event_type(event) is None:
                return None
            model = self._wrap(dict(event))
        else:
            self._index -= 1
            raise TypeError(f"apply() takes a model, a mapping or JSON text, not {type(event).__name__}")
        self._fold(model)
        return model

    def _apply_text(self, text: Union[str, bytes, bytearray]) -> Optional[Model]:
        """Decode, build the event on the receiving path (dispatch and wrap, reject nothing) and fold it.

        The common input of a client's receive loop, so done with as few calls as it takes.
        """
        try:
            data = loads_strict(text)
        except DECODE_ERRORS as exc:
            self._problem("", "bad-event", f"not JSON: {describe_error(exc, one_line=True)}")
            return None
        event_type: Any = data.get("type") if data.__class__ is dict else None
        if event_type.__class__ is not str:
            self._event_type(data)  # says what it is instead
            return None
        client = event_type in self._client_types
        model: Model = self._receivers[client].wrap_owned(data)
        self._fold_event(model, event_type, client)
        return model

    def _event_type(self, data: Any) -> Optional[str]:
        event_type = data.get("type") if isinstance(data, Mapping) else None
        if not isinstance(event_type, str):
            what = "an object" if isinstance(data, Mapping) else type(data).__name__
            self._problem("", "bad-event", f"not an event: {what} without a string `type`")
            return None
        return event_type

    def _wrap(self, data: Dict[str, Any]) -> Model:
        """A mapping someone else holds, on the receiving path (as ``from_dict(..., validate=False)``)."""
        base = self._dialect.client if data["type"] in self._client_types else self._dialect.server
        model: Model = base.from_dict(data, validate=False)
        return model

    def fold(self, data: Any) -> None:
        """Fold an event's wire data (a model or a plain ``dict`` of its JSON) in; counts as one event.

        ``apply`` calls this; ``check`` calls it directly on decoded lines, so no model is built.
        """
        self._index += 1
        self._fold(data)

    def _fold(self, event: Any) -> None:
        event_type: Any = event.get("type")
        if event_type.__class__ is not str:
            event_type = ""
        self._fold_event(event, event_type, event_type in self._client_types)

    def _fold_event(self, event: Any, event_type: str, client: bool) -> None:
        """One event: its id checked against the recent ones of its direction, then its type's handler."""
        self._type = event_type
        event_id: Any = event.get("event_id")
        if event_id.__class__ is str:
            # A dict of the ids and a queue of them in the order they came: a lookup, a store
            # and an append per event, and the oldest dropped past the window (an
            # OrderedDict costs half as much again, twice as much once it evicts).
            seen, order = self._ids[client]
            first = seen.get(event_id)
            if first is not None:
                self._problem("duplicate-event-id", f"event_id {event_id!r} was already used by event {first}")
            else:
                seen[event_id] = self._index
                order.append(event_id)
                if len(order) > EVENT_ID_WINDOW:
                    del seen[order.popleft()]
        handler = self._handlers.get(event_type)
        if handler is not None:
            handler[0](event, handler[1])

    # -- segments and ids ------------------------------------------------------------------

    def _reset_segment(self, started: bool) -> None:
        self._started = started
        self._items: Dict[str, Item] = {}
        self._order: Optional[Dict[str, Optional[str]]] = None  # item id -> previous item id, once given
        self._announced: Dict[str, bool] = {}  # item ids the server named before creating them
        # Per side (server, client): the recent event ids (id -> event number) and their order.
        self._ids: Tuple[Tuple[Dict[str, int], Deque[str]], Tuple[Dict[str, int], Deque[str]]] = (({}, deque()), ({}, deque()))
        self._active: Optional[Response] = None
        self._responses: Dict[str, Response] = {}  # this session's, by id (ids may repeat across sessions)
        self._early: Dict[str, bool] = {}  # items whose output_item.done came first (reported once)
        self._out_fmt: Optional[float] = None
        self._in_fmt: Optional[float] = None

    def _problem(self, event_type: Optional[str], code: Any, message: Optional[str] = None) -> None:
        if message is None:  # (code, message): the event being folded
            code, message, event_type = event_type, code, self._type
        if not self._started and code != "bad-event":
            return  # before the log shows a session's start, what came earlier is unknown
        problem = ProtocolProblem(self._index, event_type or "", typing.cast(ProblemCode, code), str(message))
        self.problems.append(problem)

    def _unknown(self, what: str, ref: Any) -> None:
        """A reference to something never seen: a problem once the log has shown the session's start."""
        if self._started:
            self._problem("unknown-reference", f"{what} {ref!r} was never seen in this session")

    # -- sessions ----------------------------------------------------------------------------

    def _on_session_created(self, data: Any, _: str) -> None:
        self.segments += 1
        self._reset_segment(started=True)
        self._on_session_updated(data, _)

    def _on_session_updated(self, data: Any, _: str) -> None:
        session = data.get("session")
        if isinstance(session, dict):
            self._session = data if isinstance(data, Model) else session
            out = bytes_per_ms(self._dialect.output_format(session))
            self._out_fmt = out if out is not None else self._out_fmt
            given = bytes_per_ms(self._dialect.input_format(session))
            self._in_fmt = given if given is not None else self._in_fmt

    # -- items ---------------------------------------------------------------------------------

    def _item(self, item_id: Any, create: bool = False) -> Optional[Item]:
        if item_id.__class__ is not str:
            return None
        item = self._items.get(item_id)
        if item is None and (create or not self._started or item_id in self._announced):
            item = self._items[item_id] = Item(item_id)
        return item

    def _take_item(self, item: Item, data: Any) -> None:
        """Copy an item payload's fields (type, role, status, content, call fields) into the record."""
        for key in ("type", "role", "status", "call_id", "name", "arguments", "output"):
            value = data.get(key)
            if value is not None:
                setattr(item, key, value if value.__class__ is str else str(getattr(value, "value", value)))
        content = data.get("content")
        if isinstance(content, list):
            for index, part_data in enumerate(content):
                if isinstance(part_data, dict):
                    self._take_part(item.part(index), part_data)

    def _take_part(self, part: Part, data: Any) -> None:
        kind = data.get("type")
        if kind.__class__ is str or isinstance(kind, str):
            part.type = str(kind)
        for key in ("text", "transcript"):
            value = data.get(key)
            if value.__class__ is str and part.truncated_ms is None:
                setattr(part, key, value)

    def _on_item_added(self, data: Any, _: str) -> None:
        payload = data.get("item")
        if not isinstance(payload, dict):
            return
        item_id = payload.get("id")
        if item_id.__class__ is not str:
            return
        item = self._item(item_id, create=True)
        assert item is not None
        self._take_item(item, payload)
        previous = data.get("previous_item_id")
        self._place(item, previous, "previous_item_id")

    def _place(self, item: Item, previous: Any, key: str) -> None:
        if previous.__class__ is str and previous != "root":
            item.previous_item_id = previous
            if previous not in self._items:
                self._unknown(f"{key}", previous)
            if self._order is None:
                self._order = {}
            self._order[item.id] = previous
        elif previous is None or previous == "root":
            if self._order is not None or previous == "root":
                if self._order is None:
                    self._order = {}
                self._order[item.id] = None

    def _ordered(self) -> List[Item]:
        """Items in conversation order: each after its ``previous_item_id``, others as they came."""
        assert self._order is not None
        after: Dict[Optional[str], List[str]] = {}
        roots: List[str] = []
        for item_id in self._items:
            previous = self._order.get(item_id, "")
            if previous == "" or previous is None or previous not in self._items:
                roots.append(item_id)
            else:
                after.setdefault(previous, []).append(item_id)
        ordered: List[Item] = []
        pending = list(reversed(roots))
        while pending:
            item_id = pending.pop()
            ordered.append(self._items[item_id])
            pending.extend(reversed(after.get(item_id, [])))
        return ordered

    def _on_item_done(self, data: Any, stream: str) -> None:
        self._on_item_added(data, stream)

    def _on_item_deleted(self, data: Any, _: str) -> None:
        item_id = data.get("item_id")
        if self._items.pop(item_id, None) is None and item_id.__class__ is str:
            self._unknown("item", item_id)

    def _on_item_create(self, data: Any, _: str) -> None:
        payload = data.get("item")
        if isinstance(payload, dict):
            item_id: Any = payload.get("id")
            if item_id.__class__ is str:
                self._announced[item_id] = True  # the server creates it (or says why not)
        previous = data.get("previous_item_id")
        if previous.__class__ is str and previous != "root" and previous not in self._items:
            self._unknown("previous_item_id", previous)

    def _on_committed(self, data: Any, _: str) -> None:
        item_id = data.get("item_id")
        if item_id.__class__ is str:
            self._announced[item_id] = True

    def _on_speech(self, data: Any, stream: str) -> None:
        self._on_committed(data, stream)

    def _on_audio_in(self, data: Any, _: str) -> None:
        audio = data.get("audio")
        if audio.__class__ is str:
            self.audio_in_ms += _b64_len(audio) / (self._in_fmt or 48.0)

    # -- responses -----------------------------------------------------------------------------

    def _on_response_create(self, data: Any, _: str) -> None:
        params = data.get("response")
        params = params if isinstance(params, dict) else {}
        if params.get("conversation") == "none":
            return  # out of band: may run beside the active response
        if self._dialect.name == "voicelive" and params.get("cancel_previous") is not False:
            return  # Voice Live cancels the running response first (cancel_previous defaults to true)
        active = self._active
        if active is not None and not active._done:
            self._problem("overlapping-response", f"response.create sent while response {active.id!r} is in progress")

    def _payload_response(self, data: Any) -> Tuple[Optional[Dict[str, Any]], Optional[Response], bool]:
        """The ``response`` payload of a response event, its record (made if new), and whether it was new."""
        payload = data.get("response")
        if not isinstance(payload, dict) or payload.get("id").__class__ is not str:
            return None, None, False
        response = self._responses.get(payload["id"])
        if response is not None:
            return payload, response, False
        response = self._responses[payload["id"]] = Response(payload["id"])
        self.responses.append(response)
        return payload, response, True

    def _on_response_created(self, data: Any, _: str) -> None:
        payload, response, new = self._payload_response(data)
        if payload is None or response is None:
            return
        if not new and response._done:
            self._problem("order", f"response.created for response {response.id!r} after its response.done")
        response.status = payload.get("status") if payload.get("status").__class__ is str else response.status
        response.in_band = not ("conversation_id" in payload and payload.get("conversation_id") is None)
        out = bytes_per_ms(self._dialect.output_format(payload))
        if out is not None:
            self._out_fmt = out
        if response.in_band:
            active = self._active
            if active is not None and not active._done and active is not response:
                self._problem("overlapping-response", f"response {response.id!r} created while {active.id!r} is in progress")
            self._active = response

    def _response(self, response_id: Any) -> Optional[Response]:
        if response_id.__class__ is not str:
            return None
        response = self._responses.get(response_id)
        if response is None:
            self._unknown("response", response_id)
        return response

    def _on_response_done(self, data: Any, _: str) -> None:
        payload, response, new = self._payload_response(data)
        if payload is None or response is None:
            return
        if new:
            self._problem("order", f"response.done for response {response.id!r}, which was never created")
        response._done = True
        status = payload.get("status")
        response.status = status if status.__class__ is str else response.status
        usage = payload.get("usage")
        if isinstance(usage, dict):
            response.take_usage(usage, data if isinstance(data, Model) else None)
            self._check_usage(usage)
        output = payload.get("output")
        if isinstance(output, list):
            for entry in output:
                if isinstance(entry, dict) and entry.get("id").__class__ is str and entry["id"] not in response.item_ids:
                    response.item_ids.append(entry["id"])
        if self._active is response:
            self._active = None

    def _check_usage(self, usage: Any) -> None:
        get: Any = usage.get
        total, given, made = get("total_tokens"), get("input_tokens"), get("output_tokens")
        if total.__class__ is int and given.__class__ is int and made.__class__ is int and total != given + made:
            self._problem("usage-inconsistent", f"total_tokens {total} is not input_tokens {given} + output_tokens {made}")
        for key, whole in (("input_token_details", given), ("output_token_details", made)):
            details: Any = get(key)
            if not isinstance(details, dict) or whole.__class__ is not int:
                continue
            parts: List[Any] = [details.get(name) for name in ("text_tokens", "audio_tokens", "image_tokens")]
            counted: List[int] = [value for value in parts if type(value) is int]
            if counted and parts[0].__class__ is int and parts[1].__class__ is int and sum(counted) != whole:
                self._problem("usage-inconsistent", f"{key} add up to {sum(counted)}, not {whole}")
            cached = details.get("cached_tokens")
            if cached.__class__ is int and cached > whole:
                self._problem("usage-inconsistent", f"cached_tokens {cached} exceed input_tokens {whole}")

    def _on_output_added(self, data: Any, _: str) -> None:
        payload = data.get("item")
        if not isinstance(payload, dict) or payload.get("id").__class__ is not str:
            return
        response = self._response(data.get("response_id"))
        item = self._item(payload["id"], create=True)
        assert item is not None
        if item._done and item.id not in self._early:
            self._problem("order", f"response.output_item.added for item {item.id!r} after its response.output_item.done")
        self._take_item(item, payload)
        if response is not None:
            item.response_id = response.id
            if item.id not in response.item_ids:
                response.item_ids.append(item.id)

    def _on_output_done(self, data: Any, _: str) -> None:
        payload = data.get("item")
        if not isinstance(payload, dict) or payload.get("id").__class__ is not str:
            return
        response = self._response(data.get("response_id"))
        item = self._items.get(payload["id"])
        if item is None:
            if self._started and response is not None:
                self._problem("order", f"response.output_item.done for item {payload['id']!r} before its .added")
                self._early[payload["id"]] = True
            item = self._items[payload["id"]] = Item(payload["id"])
        item._done = True
        self._take_item(item, payload)

    # -- content parts and their streams -----------------------------------------------------------

    def _part(self, data: Any, added: bool = False) -> Optional[Part]:
        """The part an event addresses by ``(item_id, content_index)``; ``None`` when unknown."""
        item_id: Any = data.get("item_id")
        index: Any = data.get("content_index")
        if index is None and not added:
            index = 0  # input transcription deltas may leave it out
        if type(index) is not int or index < 0:
            return None
        item = self._items.get(item_id) if item_id.__class__ is str else None
        if item is None:
            item = self._item(item_id)  # a string id not seen yet: it may still be created here
        if item is None:
            if item_id.__class__ is str:
                self._unknown("item", item_id)
            return None
        parts = item.parts
        if index < len(parts):
            return parts[index]  # the usual case: a delta of a part already announced
        if not added and self._started and item.type is not None and parts:
            self._unknown(f"content part {index} of item", item_id)
        return item.part(index)

    def _on_part_added(self, data: Any, _: str) -> None:
        part = self._part(data, added=True)
        if part is None:
            return
        if any(part._done.values()) and part._done.get("part"):
            self._problem("order", "response.content_part.added after its response.content_part.done")
        payload = data.get("part")
        if isinstance(payload, dict):
            self._take_part(part, payload)

    def _on_part_done(self, data: Any, _: str) -> None:
        item = self._item(data.get("item_id"))
        index = data.get("content_index")
        if item is not None and index.__class__ is int and index >= len(item.parts) and self._started:
            self._problem("order", f"response.content_part.done for part {index} of item {item.id!r} before its .added")
        part = self._part(data, added=True)
        if part is None:
            return
        part._done["part"] = True
        payload = data.get("part")
        if isinstance(payload, dict):
            for stream, key in (("text", "text"), ("transcript", "transcript")):
                value: Any = payload.get(key)
                joined = part._deltas.get(stream)
                if value.__class__ is str and joined is not None and "".join(joined) != value and part.truncated_ms is None:
                    self._problem(
                        "delta-mismatch", f"the {stream} deltas join to {_short(''.join(joined))}, the part says {_short(value)}"
                    )
            self._take_part(part, payload)

    def _on_delta(self, data: Any, stream: str) -> None:
        part = self._part(data)
        delta = data.get("delta")
        if part is None or delta.__class__ is not str:
            return
        if part._done.get(stream):
            self._problem("order", f"a {stream} delta after its .done")
        joined = part._deltas.get(stream)
        if joined is None:
            part._deltas[stream] = [delta]
        else:
            joined.append(delta)

    def _on_audio_delta(self, data: Any, stream: str) -> None:
        part = self._part(data)
        delta = data.get("delta")
        if part is None or delta.__class__ is not str:
            return
        if part._done.get(stream):
            self._problem("order", "an audio delta after its .done")
        size = _b64_len(delta)
        ms = size / (self._out_fmt or 48.0)
        part.audio_ms += ms
        self.audio_out_ms += ms
        if part.type is None:
            part.type = "audio"
        if self.keep_audio:
            try:
                decoded = base64.b64decode(delta)
            except (binascii.Error, ValueError):
                return
            if part.audio is None:
                part.audio = bytearray()
            part.audio += decoded

    def _on_done(self, data: Any, stream: str) -> None:
        part = self._part(data)
        if part is None:
            return
        part._done[stream] = True
        key = DONE_KEY[stream]
        if not key:
            return
        value = data.get(key)
        if value.__class__ is not str:
            return
        joined = part._deltas.get(stream)
        if joined is not None and "".join(joined) != value and part.truncated_ms is None:
            self._problem(
                "delta-mismatch", f"the {stream} deltas join to {_short(''.join(joined))}, the .done says {_short(value)}"
            )
        if stream == "text":
            part.text = value
        elif part.truncated_ms is None:
            part.transcript = value

    def _on_args_delta(self, data: Any, _: str) -> None:
        item = self._item(data.get("item_id"))
        delta = data.get("delta")
        if item is None:
            if data.get("item_id").__class__ is str:
                self._unknown("item", data.get("item_id"))
            return
        if delta.__class__ is str:
            if item._arg_deltas is None:
                item._arg_deltas = []
            elif item.arguments is not None and item.status == "completed":
                self._problem("order", "a function_call_arguments delta after its .done")
            item._arg_deltas.append(delta)

    def _on_args_done(self, data: Any, _: str) -> None:
        item = self._item(data.get("item_id"))
        if item is None:
            return
        value = data.get("arguments")
        if value.__class__ is str:
            joined = item._arg_deltas
            if joined is not None and "".join(joined) != value:
                self._problem(
                    "delta-mismatch", f"the arguments deltas join to {_short(''.join(joined))}, the .done says {_short(value)}"
                )
            item.arguments = value
        for key in ("call_id", "name"):
            if data.get(key).__class__ is str:
                setattr(item, key, data.get(key))

    # -- truncation ------------------------------------------------------------------------------

    def _on_truncate(self, data: Any, _: str) -> None:
        self._check_truncate(data)

    def _on_truncated(self, data: Any, _: str) -> None:
        part = self._check_truncate(data)
        end = data.get("audio_end_ms")
        if part is None or end.__class__ is not int:
            return
        # The server drops the transcript of a truncated part: the context holds only what was heard.
        part.truncated_ms = end
        if part.transcript:
            part.unheard_transcript = part.transcript
        part.transcript = ""
        if part.audio_ms > end:  # the part's audio is cut to what was heard (audio_out_ms counts what came)
            part.audio_ms = float(end)
            if part.audio is not None:
                part.audio = part.audio[: int(end * (self._out_fmt or 48.0))]

    def _check_truncate(self, data: Any) -> Optional[Part]:
        item_id, index, end = data.get("item_id"), data.get("content_index"), data.get("audio_end_ms")
        item = self._items.get(item_id) if item_id.__class__ is str else None
        if item is None:
            if item_id.__class__ is str:
                self._unknown("item", item_id)
            return None
        if item.type is not None and (item.type != "message" or item.role not in (None, "assistant")):
            self._problem(
                "truncate-target",
                f"item {item.id!r} is a {item.role or ''} {item.type}, not an assistant audio message".replace("  ", " "),
            )
            return None
        if index.__class__ is not int or index >= len(item.parts):
            if item.parts or self._started:
                self._problem("truncate-target", f"item {item.id!r} has no content part {index!r}")
            return None
        part = item.parts[index]
        if part.type is not None and part.type not in _AUDIO_TYPES:
            self._problem("truncate-target", f"part {index} of item {item.id!r} is {part.type}, not audio")
            return None
        if end.__class__ is int and part.audio_ms > 0 and end > part.audio_ms + _ROUNDING_MS:
            self._problem(
                "truncate-past-audio",
                f"audio_end_ms {end} is past the {part.audio_ms:.0f} ms of audio received for part {index} of item {item.id!r}",
            )
        return part


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


_HANDLERS = {
    "session.created": "_on_session_created",
    "session.updated": "_on_session_updated",
    "item.added": "_on_item_added",
    "item.done": "_on_item_done",
    "item.deleted": "_on_item_deleted",
    "item.create": "_on_item_create",
    "truncate": "_on_truncate",
    "truncated": "_on_truncated",
    "committed": "_on_committed",
    "speech": "_on_speech",
    "audio.in": "_on_audio_in",
    "response.create": "_on_response_create",
    "response.created": "_on_response_created",
    "response.done": "_on_response_done",
    "output.added": "_on_output_added",
    "output.done": "_on_output_done",
    "part.added": "_on_part_added",
    "part.done": "_on_part_done",
    "delta": "_on_delta",
    "done": "_on_done",
    "audio.delta": "_on_audio_delta",
    "args.delta": "_on_args_delta",
    "args.done": "_on_args_done",
}

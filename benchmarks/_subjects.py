"""The things the benchmark times: our models and equivalent models of each peer.

Every implementation gets the same shapes: the ``conversation.item.truncated`` event
(plus one sibling event, so that dispatch has a choice), and a nested transcript of
message and function-call items with content parts, dispatched on ``type``.
Peers are optional: a peer that is not installed is simply absent from ``PEERS``.
"""

import json
from typing import Any, Callable, Dict, List, Optional, Union

from typing_extensions import Annotated, Literal

from azure_style_events import Model, ServerEvent, ServerEventConversationItemTruncated, rest_discriminator, rest_field

EVENT = {
    "type": "conversation.item.truncated",
    "event_id": "event_2718",
    "item_id": "item_1618",
    "content_index": 0,
    "audio_end_ms": 1500,
}
EVENT_TEXT = json.dumps(EVENT)


def transcript(items: int) -> Dict[str, Any]:
    """A conversation with ``items`` items, alternating messages and function calls."""
    out: List[Dict[str, Any]] = []
    for index in range(items):
        if index % 2:
            out.append({"type": "function_call", "id": f"fc_{index}", "name": "lookup", "arguments": '{"q": 1}'})
        else:
            out.append(
                {
                    "type": "message",
                    "id": f"msg_{index}",
                    "role": "assistant",
                    "content": [{"type": "text", "text": f"part {index} a"}, {"type": "text", "text": "b"}],
                }
            )
    return {"id": "conv_1", "entries": out}


def chain(depth: int) -> Dict[str, Any]:
    """``depth`` nodes, each the only child of the one before."""
    node: Dict[str, Any] = {"name": "leaf", "children": []}
    for level in range(depth - 1):
        node = {"name": f"n{level}", "children": [node]}
    return node


# -- ours -----------------------------------------------------------------------------


class Part(Model):
    type: str = rest_field()
    text: str = rest_field()


class Item(Model):
    __mapping__: Dict[str, Any] = {}
    type: str = rest_discriminator(name="type")
    id: str = rest_field()


class Message(Item, discriminator="message"):
    type: Literal["message"] = rest_discriminator(name="type")  # type: ignore[assignment]
    role: str = rest_field()
    content: List[Part] = rest_field()


class FunctionCall(Item, discriminator="function_call"):
    type: Literal["function_call"] = rest_discriminator(name="type")  # type: ignore[assignment]
    name: str = rest_field()
    arguments: str = rest_field()


class Transcript(Model):
    id: str = rest_field()
    entries: List[Item] = rest_field()


class Node(Model):
    name: str = rest_field()
    children: List["Node"] = rest_field()


def walk(conversation: Any) -> int:
    """Touch every typed attribute of a transcript once (the "walk" workload)."""
    total = 0
    for item in conversation.entries:
        if item.type == "message":
            total += len(item.role)
            for part in item.content:
                total += len(part.text)
        else:
            total += len(item.name) + len(item.arguments)
    return total


class Subject:
    """One implementation: callables for each workload (None where it has no equivalent)."""

    def __init__(self, name: str, **ops: Optional[Callable[..., Any]]) -> None:
        self.name = name
        self.ops = ops


OURS = Subject(
    "azure_style_events",
    decode=ServerEventConversationItemTruncated.from_json,
    dispatch=ServerEvent.from_json,
    wrap=ServerEventConversationItemTruncated,
    validate=ServerEventConversationItemTruncated.from_dict,
    construct=lambda: ServerEventConversationItemTruncated(
        item_id="item_1618", content_index=0, audio_end_ms=1500, event_id="event_2718"
    ),
    as_dict=lambda event: event.as_dict(),
    to_json=lambda event: event.to_json(),
    nested_decode=Transcript.from_json,
    chain_decode=Node.from_json,
    walk=walk,
)


def _azure() -> Optional[Subject]:
    try:
        from azure.ai.voicelive import models as azure_models
        from azure.ai.voicelive._utils import model_base as base
    except ImportError:
        return None

    class APart(base.Model):
        type: str = base.rest_field()
        text: str = base.rest_field()

    class AItem(base.Model):
        __mapping__: Dict[str, Any] = {}
        type: str = base.rest_discriminator(name="type")
        id: str = base.rest_field()

    class AMessage(AItem, discriminator="message"):
        type: Literal["message"] = base.rest_discriminator(name="type")  # type: ignore[assignment]
        role: str = base.rest_field()
        content: List[APart] = base.rest_field()

    class AFunctionCall(AItem, discriminator="function_call"):
        type: Literal["function_call"] = base.rest_discriminator(name="type")  # type: ignore[assignment]
        name: str = base.rest_field()
        arguments: str = base.rest_field()

    class ATranscript(base.Model):
        id: str = base.rest_field()
        entries: List[AItem] = base.rest_field()

    class ANode(base.Model):
        name: str = base.rest_field()
        children: List["ANode"] = base.rest_field()

    # String references ("ANode") are looked up in the module, as for generated code.
    globals().update(ANode=ANode)
    truncated = azure_models.ServerEventConversationItemTruncated
    server_event = azure_models.ServerEvent
    loads = json.loads
    deserialize = base._deserialize
    encoder = base.SdkJSONEncoder
    return Subject(
        "Azure base",
        # The Azure base has no JSON entry point: its clients json.loads, then deserialize.
        decode=lambda text: deserialize(truncated, loads(text)),
        dispatch=lambda text: deserialize(server_event, loads(text)),
        wrap=truncated,
        validate=None,  # it has no validating path
        construct=lambda: truncated(item_id="item_1618", content_index=0, audio_end_ms=1500, event_id="event_2718"),
        as_dict=lambda event: event.as_dict(),
        to_json=lambda event: json.dumps(event, cls=encoder),
        nested_decode=lambda text: deserialize(ATranscript, loads(text)),
        chain_decode=lambda text: deserialize(ANode, loads(text)),
        walk=walk,
    )


def _pydantic() -> Optional[Subject]:
    try:
        import pydantic
    except ImportError:
        return None

    class PTruncated(pydantic.BaseModel):
        type: Literal["conversation.item.truncated"] = "conversation.item.truncated"
        event_id: Optional[str] = None
        item_id: str
        content_index: int
        audio_end_ms: int

    class PCreated(pydantic.BaseModel):
        type: Literal["conversation.item.created"] = "conversation.item.created"
        event_id: Optional[str] = None
        previous_item_id: Optional[str] = None

    server_event = pydantic.TypeAdapter(Annotated[Union[PTruncated, PCreated], pydantic.Field(discriminator="type")])

    class PPart(pydantic.BaseModel):
        type: str
        text: str

    class PMessage(pydantic.BaseModel):
        type: Literal["message"]
        id: str
        role: str
        content: List[PPart]

    class PFunctionCall(pydantic.BaseModel):
        type: Literal["function_call"]
        id: str
        name: str
        arguments: str

    class PTranscript(pydantic.BaseModel):
        id: str
        entries: List[Annotated[Union[PMessage, PFunctionCall], pydantic.Field(discriminator="type")]]

    class PNode(pydantic.BaseModel):
        name: str
        children: List["PNode"]

    return Subject(
        f"pydantic {pydantic.VERSION}",
        decode=PTruncated.model_validate_json,
        dispatch=server_event.validate_json,
        wrap=PTruncated.model_construct,
        validate=PTruncated.model_validate,
        construct=lambda: PTruncated(item_id="item_1618", content_index=0, audio_end_ms=1500, event_id="event_2718"),
        as_dict=lambda event: event.model_dump(),
        to_json=lambda event: event.model_dump_json(),
        nested_decode=PTranscript.model_validate_json,
        chain_decode=PNode.model_validate_json,
        walk=walk,
    )


def _msgspec() -> Optional[Subject]:
    try:
        import msgspec
    except ImportError:
        return None

    class MTruncated(msgspec.Struct, tag="conversation.item.truncated", tag_field="type"):
        item_id: str
        content_index: int
        audio_end_ms: int
        event_id: Optional[str] = None

    class MCreated(msgspec.Struct, tag="conversation.item.created", tag_field="type"):
        event_id: Optional[str] = None
        previous_item_id: Optional[str] = None

    class MPart(msgspec.Struct):
        type: str
        text: str

    class MMessage(msgspec.Struct, tag="message", tag_field="type"):
        id: str
        role: str
        content: List[MPart]

    class MFunctionCall(msgspec.Struct, tag="function_call", tag_field="type"):
        id: str
        name: str
        arguments: str

    class MTranscript(msgspec.Struct):
        id: str
        entries: List[Union[MMessage, MFunctionCall]]

    class MNode(msgspec.Struct):
        name: str
        children: List["MNode"]

    globals().update(MNode=MNode)
    decoder = msgspec.json.Decoder(MTruncated)
    dispatcher = msgspec.json.Decoder(Union[MTruncated, MCreated])
    nested = msgspec.json.Decoder(MTranscript)
    chained = msgspec.json.Decoder(MNode)
    encode = msgspec.json.encode

    def walk_struct(conversation: Any) -> int:
        total = 0
        for item in conversation.entries:
            if isinstance(item, MMessage):
                total += len(item.role)
                for part in item.content:
                    total += len(part.text)
            else:
                total += len(item.name) + len(item.arguments)
        return total

    return Subject(
        f"msgspec {msgspec.__version__}",
        decode=decoder.decode,
        dispatch=dispatcher.decode,
        wrap=None,
        validate=lambda data: msgspec.convert(data, MTruncated),
        construct=lambda: MTruncated(item_id="item_1618", content_index=0, audio_end_ms=1500, event_id="event_2718"),
        as_dict=msgspec.to_builtins,
        to_json=encode,
        nested_decode=nested.decode,
        chain_decode=chained.decode,
        walk=walk_struct,
    )


PEERS: List[Subject] = [peer for peer in (_azure(), _pydantic(), _msgspec()) if peer is not None]

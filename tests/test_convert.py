"""Converting events between dialects: every event class, the sessions in the repository, hard cases.

What a user relies on: each converted event of a valid input validates against the target
catalog, or its value is listed as a loss; an event converted without a loss converts back
to the JSON it was; folding the converted stream gives the conversation that folding the
original gives, with no new protocol problem.
"""

from __future__ import annotations

import itertools
import json
import typing
from pathlib import Path

import pytest
from catalog_data import make_model
from session_data import DATA, ROOT, events

from azure_style_events import ConversationState, ValidationError
from azure_style_events._dialects import DIALECTS, get_dialect
from azure_style_events.convert import LOSS_CODES, ConversionError, Converter

SESSIONS = {
    "voicelive": [ROOT / "azure_style_events" / "data" / "sample_session.jsonl", DATA / "voicelive_session.jsonl"],
    "openai": [DATA / "openai_session.jsonl"],
    "openai-beta": [DATA / "openai_beta_session.jsonl"],
}
# The recorded sessions of public projects (scrubbed; tests/data/recorded/PROVENANCE.md): NAME.DIALECT.jsonl.
for _path in sorted((DATA / "recorded").glob("*.jsonl")):
    SESSIONS[_path.name.split(".")[-2]].append(_path)
PAIRS = [(s, t) for s, t in itertools.permutations(DIALECTS, 2)]


def plain(value):
    return json.loads(json.dumps(value))


def without_nulls(value):
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def event_classes(dialect):
    return sorted(get_dialect(dialect).models.items())


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_every_event_class_converts_to_valid_target_events_or_a_listed_loss(source, target):
    failures = []
    for event_type, cls in event_classes(source):
        data = make_model(cls)
        converter = Converter(source, target)
        out = converter.convert(data)
        if not out:  # the event itself is a listed loss
            assert converter.losses[-1].path == "$", event_type
            assert converter.losses[-1].code in ("no-counterpart", "value-not-in-target"), event_type
            continue
        for event in out:
            base = get_dialect(target).base_for(event["type"])
            try:
                base.from_dict(plain(event))
            except ValidationError as err:
                # A key the target requires and the source did not give is left absent, never invented.
                wrong = [e for e in err.errors if not e.missing]
                if wrong:
                    failures.append(f"{event_type} -> {event['type']}: {wrong}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_events_without_a_loss_convert_back_to_the_same_json(source, target):
    checked = 0
    for event_type, cls in event_classes(source):
        data = make_model(cls)
        there = Converter(source, target)
        out = there.convert(data)
        if there.losses or len(out) != 1 or (source == "openai" and event_type == "conversation.item.created"):
            continue  # (GA's older name for conversation.item.added comes back as the newer one)
        back = Converter(target, source)
        again = back.convert(out[0])
        if back.losses:
            continue
        assert [without_nulls(plain(e)) for e in again][:1] == [without_nulls(data)], event_type
        checked += 1
    assert checked >= 10


def fold(protocol, stream):
    state = ConversationState(protocol)
    for event in stream:
        state.apply(event)
    state.end()
    return state


def conversation(state):
    """What must survive a conversion: items, roles, text, transcripts, audio, calls, statuses, usage."""
    items = [
        (
            item.id,
            item.type,
            item.role,
            item.text,
            [round(part.audio_ms, 3) for part in item.parts],
            item.call_id,
            item.name,
            item.arguments,
            item.output,
        )
        for item in state.items
    ]
    return items, [(r.id, r.status) for r in state.responses], state.usage.as_dict()


def _depth(value: object) -> int:
    depth = 0
    while isinstance(value, dict) and value:
        value, depth = value["k"], depth + 1
    return depth


@pytest.mark.parametrize(
    ("source", "path", "target"),
    [(s, p, t) for s, paths in SESSIONS.items() for p in paths for t in DIALECTS if t != s],
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
def test_a_recorded_session_folds_to_the_same_conversation_in_every_dialect(source, path, target):
    original = events(path)
    converter = Converter(source, target)
    converted = converter.convert_all(original)
    assert all(code in LOSS_CODES for code in (loss.code for loss in converter.losses))
    before, after = fold(source, original), fold(target, converted)
    assert after.problems == [] and before.problems == []
    assert conversation(after) == conversation(before)


def _openai_sdk_models(target):
    """Each event type's models in the openai SDK's own types (GA or beta), by their `type` literal."""
    pydantic = pytest.importorskip("pydantic")
    types = pytest.importorskip("openai.types.beta.realtime" if target == "openai-beta" else "openai.types.realtime")
    found = {}
    pending = [types.RealtimeServerEvent, types.RealtimeClientEvent]
    while pending:
        tp = pending.pop()
        if typing.get_origin(tp) in (typing.Annotated, typing.Union):
            pending.extend(typing.get_args(tp)[:1] if typing.get_origin(tp) is typing.Annotated else typing.get_args(tp))
        elif isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
            for name in typing.get_args(tp.model_fields["type"].annotation):
                found.setdefault(name, []).append(tp)
    return pydantic, found


def _sdk_errors(pydantic, models, data):
    """The SDK's complaints about one event (none when one of its models for the type takes it)."""
    errors = []
    for model in models:
        try:
            model.model_validate(data)
            return []
        except pydantic.ValidationError as exc:
            errors = exc.errors()
    return errors


@pytest.mark.slow  # imports the openai SDK's types
@pytest.mark.parametrize(
    ("source", "path", "target"),
    [(s, p, t) for s, paths in SESSIONS.items() for p in paths for t in ("openai", "openai-beta") if t != s],
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
def test_the_openai_sdk_takes_every_event_converted_from_a_recorded_session(source, path, target):
    # Our catalogs are not the only judge: the vendor's own models read what we produce.
    # Only a key the source event never had may be missing (nothing is invented).
    pydantic, models = _openai_sdk_models(target)
    converter = Converter(source, target)
    refused = []
    for event in events(path):
        given = json.dumps(event)
        for out in converter.convert(event):
            data = plain(out.get("event", out) if "type" not in out else out)
            for error in _sdk_errors(pydantic, models[data["type"]], data):
                if error["type"] == "missing" and f'"{error["loc"][-1]}"' not in given:
                    continue
                refused.append((data["type"], error["loc"], error["type"]))
    assert refused == []


@pytest.mark.slow  # imports azure-ai-voicelive
@pytest.mark.parametrize(
    ("source", "path"),
    [(s, p) for s, paths in SESSIONS.items() if s != "voicelive" for p in paths],
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
def test_azure_ai_voicelive_reads_every_event_converted_into_voice_live(source, path):
    # The Azure SDK's receive path (its connection calls ServerEvent._deserialize on each
    # frame) must find each converted event's own class and read all of it back.
    sdk = pytest.importorskip("azure.ai.voicelive.models")
    voicelive = get_dialect("voicelive")
    converter = Converter(source, "voicelive")
    unread = []
    for event in events(path):
        for out in converter.convert(event):
            data = plain(out.get("event", out) if "type" not in out else out)
            base = sdk.ClientEvent if voicelive.is_client(data["type"]) else sdk.ServerEvent
            model = base._deserialize(data, [])
            if type(model) is base or plain(model.as_dict()) != data:
                unread.append(data["type"])
    assert unread == []


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_envelopes_in_envelopes_out(source, target):
    path = SESSIONS[source][0]
    stream = [{"time": 10.0 + n, "source": "x", "event": e} for n, e in enumerate(events(path))]
    out = Converter(source, target).convert_all(stream)
    assert out and all(set(envelope) == {"time", "source", "event"} for envelope in out)
    assert all(envelope["source"] == "x" for envelope in out)
    times = [envelope["time"] for envelope in out]
    assert times == sorted(times)


class TestHardCases:
    def test_two_output_modalities_into_one(self):
        converter = Converter("openai-beta", "openai")
        (out,) = converter.convert({"type": "session.update", "session": {"modalities": ["audio", "text"], "voice": "alloy"}})
        assert out["session"]["output_modalities"] == ["audio"] and out["session"]["audio"]["output"]["voice"] == "alloy"
        assert [(loss.code, loss.path) for loss in converter.losses] == [("modalities-narrowed", "$.session.modalities")]

    def test_g711_formats_both_ways(self):
        (out,) = Converter("openai-beta", "openai").convert(
            {"type": "session.update", "session": {"input_audio_format": "g711_ulaw", "output_audio_format": "g711_alaw"}}
        )
        assert out["session"]["audio"] == {
            "input": {"format": {"type": "audio/pcmu"}},
            "output": {"format": {"type": "audio/pcma"}},
        }
        converter = Converter("openai", "openai-beta")
        (back,) = converter.convert(plain(out))
        assert back["session"]["input_audio_format"] == "g711_ulaw" and back["session"]["output_audio_format"] == "g711_alaw"
        assert converter.losses == []

    def test_a_voice_live_azure_voice_and_semantic_vad(self):
        converter = Converter("voicelive", "openai")
        session = {
            "voice": {"type": "azure-standard", "name": "en-US-AvaNeural"},
            "turn_detection": {"type": "azure_semantic_vad", "threshold": 0.3, "remove_filler_words": True},
            "temperature": 0.7,
            "input_audio_format": "pcm16",
            "input_audio_sampling_rate": 16000,
        }
        (out,) = converter.convert({"type": "session.update", "session": session})
        audio = out["session"]["audio"]
        assert "voice" not in audio.get("output", {}) and audio["input"]["turn_detection"]["type"] == "semantic_vad"
        assert "temperature" not in out["session"]
        codes = sorted((loss.code, loss.path) for loss in converter.losses)
        assert codes == [  # each where it was in the event given
            ("field-not-in-target", "$.session.temperature"),
            ("field-not-in-target", "$.session.turn_detection.remove_filler_words"),
            ("field-not-in-target", "$.session.turn_detection.threshold"),  # semantic_vad has none
            ("sample-rate-not-in-target", "$.session.input_audio_format"),
            ("turn-detection-approximated", "$.session.turn_detection.type"),
            ("voice-not-in-target", "$.session.voice"),
        ]

    @pytest.mark.parametrize("kind", ["azure_semantic_vad", "azure_semantic_vad_multilingual"])
    def test_voice_live_semantic_vad_into_beta_is_approximated_as_into_ga(self, kind):
        # Into GA the kind becomes semantic_vad; into beta (flat like Voice Live) it must not
        # lose its type and fall back to the server's default kind.
        session = {"turn_detection": {"type": kind, "threshold": 0.3, "create_response": True}}
        converter = Converter("voicelive", "openai-beta")
        (out,) = converter.convert({"type": "session.update", "session": session})
        # (beta's one turn-detection model declares `threshold` for every kind: it is carried)
        assert out["session"]["turn_detection"] == {"type": "semantic_vad", "threshold": 0.3, "create_response": True}
        assert [(loss.code, loss.path) for loss in converter.losses] == [
            ("turn-detection-approximated", "$.session.turn_detection.type")
        ]

    @pytest.mark.parametrize(
        ("source", "session", "place"),
        [
            (
                "openai",
                {
                    "type": "realtime",
                    "instructions": "Be brief.",
                    "audio": {"input": {"turn_detection": {"type": "semantic_vad"}}},
                },
                "$.session.audio.input.turn_detection.type",
            ),
            (
                "openai-beta",
                {"instructions": "Be brief.", "turn_detection": {"type": "semantic_vad"}},
                "$.session.turn_detection.type",
            ),
        ],
    )
    def test_openai_semantic_vad_into_voice_live_is_approximated_not_the_whole_session_lost(self, source, session, place):
        # Voice Live has no plain semantic_vad: its nearest is azure_semantic_vad.  Leaving out
        # the type made the turn detection invalid, and with it the whole session.update.
        converter = Converter(source, "voicelive")
        (out,) = converter.convert({"type": "session.update", "session": session})
        assert out["session"]["instructions"] == "Be brief."
        assert out["session"]["turn_detection"] == {"type": "azure_semantic_vad"}
        assert [(loss.code, loss.path) for loss in converter.losses] == [("turn-detection-approximated", place)]

    def test_an_object_whose_kind_the_target_lacks_is_left_out_not_the_whole_event(self):
        # Voice Live's tool_choice has no MCP kind: the tool choice goes, the session stays.
        session = {"type": "realtime", "instructions": "Be brief.", "tool_choice": {"type": "mcp", "server_label": "docs"}}
        converter = Converter("openai", "voicelive")
        (out,) = converter.convert({"type": "session.update", "session": session})
        assert out["session"] == {"instructions": "Be brief."}
        assert [(loss.code, loss.path) for loss in converter.losses] == [
            ("field-not-in-target", "$.session.tool_choice.server_label"),
            ("value-not-in-target", "$.session.tool_choice.type"),
            ("value-not-in-target", "$.session.tool_choice"),
        ]

    def test_a_voice_object_in_a_beta_session_becomes_its_name_in_ga(self):
        # Azure OpenAI's preview sends beta sessions with Voice Live's voice object
        # (tests/data/recorded/azure-openai-preview-text-in-audio-out.openai-beta.jsonl).
        event = {"type": "session.created", "event_id": "e", "session": {"id": "s", "voice": {"name": "alloy", "type": "openai"}}}
        converter = Converter("openai-beta", "openai")
        (out,) = converter.convert(event)
        assert out["session"]["audio"] == {"output": {"voice": "alloy"}}
        assert [(loss.code, loss.path) for loss in converter.losses] == [("voice-shape-changed", "$.session.voice")]

    def test_an_output_item_whose_kind_the_target_lacks_is_left_out_not_kept_without_a_kind(self):
        # Beta's item `type` is optional: leaving out only GA's `mcp_call` made an item of no kind.
        response = {
            "id": "r",
            "object": "realtime.response",
            "status": "completed",
            "output": [
                {"id": "i1", "type": "mcp_call", "server_label": "docs", "name": "search", "arguments": "{}"},
                {"id": "i2", "type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "hi"}]},
            ],
        }
        converter = Converter("openai", "openai-beta")
        (out,) = converter.convert({"type": "response.done", "event_id": "e", "response": response})
        assert [item["id"] for item in out["response"]["output"]] == ["i2"]
        assert [(loss.code, loss.path) for loss in converter.losses] == [
            ("field-not-in-target", "$.response.output[0].server_label"),
            ("value-not-in-target", "$.response.output[0].type"),
            ("value-not-in-target", "$.response.output[0]"),
        ]

    def test_an_item_whose_kind_the_target_lacks_loses_its_event_not_just_the_item(self):
        # Voice Live's conversation.item.create may omit `item`, but one without it creates nothing.
        item = {"type": "mcp_call", "id": "x", "server_label": "docs", "name": "search", "arguments": "{}"}
        converter = Converter("openai", "voicelive")
        assert converter.convert({"type": "conversation.item.create", "item": item}) == []
        assert (converter.losses[-1].code, converter.losses[-1].path) == ("value-not-in-target", "$")

    def test_a_content_part_whose_kind_the_target_lacks_is_left_out_not_the_item(self):
        item = {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "hi"}, {"type": "item_reference", "id": "item_1"}],
        }
        converter = Converter("openai-beta", "voicelive")
        (out,) = converter.convert({"type": "conversation.item.create", "item": item})
        assert out["item"]["content"] == [{"type": "input_text", "text": "hi"}]
        assert [(loss.code, loss.path) for loss in converter.losses] == [
            ("value-not-in-target", "$.item.content[1].type"),
            ("value-not-in-target", "$.item.content[1]"),
        ]

    @pytest.mark.parametrize("target", ["openai", "openai-beta"])
    def test_a_loss_in_a_reshaped_configuration_names_the_place_in_the_source_event(self, target):
        # A loss's path is where the value was in the event given, whatever shape the target has.
        session = {
            "turn_detection": {"type": "server_vad", "threshold": 0.5, "remove_filler_words": True},
            "input_audio_noise_reduction": {"type": "azure_deep_noise_suppression"},
        }
        converter = Converter("voicelive", target)
        converter.convert({"type": "session.update", "session": session})
        assert sorted((loss.code, loss.path) for loss in converter.losses) == [
            ("field-not-in-target", "$.session.turn_detection.remove_filler_words"),
            ("value-not-in-target", "$.session.input_audio_noise_reduction"),  # an object of no kind is not kept
            ("value-not-in-target", "$.session.input_audio_noise_reduction.type"),
        ]

    def test_a_loss_in_a_ga_configuration_names_the_place_in_the_ga_event(self):
        session = {
            "type": "realtime",
            "audio": {"input": {"turn_detection": {"type": "server_vad", "idle_timeout_ms": 5000}}},
            "max_output_tokens": 100,
        }
        converter = Converter("openai", "openai-beta")
        (out,) = converter.convert({"type": "response.create", "response": {"max_output_tokens": 5}})
        (out,) = converter.convert({"type": "session.update", "session": session})
        assert out["session"] == {"turn_detection": {"type": "server_vad"}, "max_response_output_tokens": 100}
        assert [(loss.code, loss.path) for loss in converter.losses] == [
            ("field-not-in-target", "$.session.audio.input.turn_detection.idle_timeout_ms")
        ]

    def test_a_ga_mcp_event_into_beta_has_no_counterpart(self):
        converter = Converter("openai", "openai-beta")
        assert converter.convert({"type": "response.mcp_call.in_progress", "item_id": "i", "output_index": 0}) == []
        assert [loss.code for loss in converter.losses] == ["no-counterpart"]

    def test_strict_raises_at_the_first_loss(self):
        converter = Converter("voicelive", "openai", strict=True)
        with pytest.raises(ConversionError) as caught:
            converter.convert({"type": "session.avatar.connecting", "server_sdp": "v=0"})
        assert caught.value.loss.code == "no-counterpart"

    def test_beta_item_created_becomes_added_then_done_when_complete(self):
        converter = Converter("openai-beta", "openai")
        user = converter.convert(
            {
                "type": "conversation.item.created",
                "event_id": "e1",
                "previous_item_id": None,
                "item": {
                    "id": "u",
                    "type": "message",
                    "role": "user",
                    "status": "completed",
                    "content": [{"type": "input_text", "text": "hi"}],
                },
            }
        )
        assert [e["type"] for e in user] == ["conversation.item.added", "conversation.item.done"]
        assert user[1]["event_id"] == "e1:1"
        assistant = {"id": "a", "type": "message", "role": "assistant", "status": "in_progress", "content": []}
        assert [e["type"] for e in converter.convert({"type": "conversation.item.created", "item": assistant})] == [
            "conversation.item.added"
        ]
        done = converter.convert(
            {
                "type": "response.output_item.done",
                "event_id": "e9",
                "response_id": "r",
                "output_index": 0,
                "item": dict(assistant, status="completed", content=[{"type": "audio", "transcript": "ok"}]),
            }
        )
        assert [e["type"] for e in done] == ["response.output_item.done", "conversation.item.done"]
        assert done[0]["item"]["content"][0]["type"] == "output_audio"  # the assistant's content type, GA's name

    def test_function_calls_and_truncation_survive(self):
        for source, path in (("openai", DATA / "openai_session.jsonl"), ("voicelive", SESSIONS["voicelive"][0])):
            for target in DIALECTS:
                if target == source:
                    continue
                out = Converter(source, target).convert_all(events(path))
                kinds = [e["type"] for e in out]
                assert "conversation.item.truncate" in kinds and "conversation.item.truncated" in kinds

    def test_an_error_event_converts(self):
        error = {
            "type": "error",
            "event_id": "e",
            "error": {"type": "invalid_request_error", "code": "x", "message": "m", "param": None, "event_id": "c1"},
        }
        for source, target in PAIRS:
            converter = Converter(source, target)
            (out,) = converter.convert(error)
            assert plain(out) == error and converter.losses == []

    def test_bad_input(self):
        converter = Converter("openai", "voicelive")
        assert converter.convert("{not json") == [] and converter.convert({"no": "type"}) == []
        assert [loss.code for loss in converter.losses] == ["not-an-event", "not-an-event"]
        with pytest.raises(TypeError):
            converter.convert(42)

    def test_a_nested_type_that_is_an_object_or_array_is_a_loss_not_a_crash(self):
        for bad in ({}, [], {"a": 1}):
            for source, target in PAIRS:
                converter = Converter(source, target)
                item = {"type": bad, "role": "assistant", "content": [{"type": bad}]}
                for event_type in ("response.output_item.added", "conversation.item.create"):
                    before = len(converter.losses)
                    converter.convert({"type": event_type, "event_id": "e1", "item": item})
                    assert len(converter.losses) > before, (source, target, event_type, bad)

    @pytest.mark.parametrize("depth", [50, 900, 5000, 50000])
    @pytest.mark.parametrize("given", ["text", "dict", "model"])
    def test_data_nested_at_any_depth_converts_or_is_a_loss_never_a_recursion_error(self, depth, given):
        nested: dict = {}
        for _ in range(depth):
            nested = {"k": nested}
        event = {
            "type": "conversation.item.create",
            "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi", "x": nested}]},
        }
        converter = Converter("openai-beta", "openai")
        if given == "text":
            text = json.dumps({**event, "item": {**event["item"], "content": []}})
            argument: object = text.replace(
                '"content": []', '"content": [{"type": "input_text", "x": ' + '{"k": ' * depth + "{}" + "}" * depth + "}]"
            )
        elif given == "dict":
            argument = event
        else:
            argument = get_dialect("openai-beta").client.from_dict(event, validate=False)
        out = converter.convert(argument)
        # A key neither catalog knows is passed on; where it cannot be, the loss says so.
        kept = [part["x"] for event in out for part in event["item"]["content"] if "x" in part]
        if kept:
            assert converter.losses == [] and _depth(kept[0]) == depth
        else:
            assert [loss.code for loss in converter.losses] == ["not-an-event"]
            assert "deep" in converter.losses[0].message

    def test_the_input_is_not_changed(self):
        data = {"type": "session.update", "session": {"modalities": ["text", "audio"], "voice": "alloy"}}
        before = json.dumps(data)
        Converter("openai-beta", "openai").convert(data)
        assert json.dumps(data) == before


@pytest.mark.parametrize(
    ("source", "path", "target"),
    [(s, p, t) for s, paths in SESSIONS.items() for p in paths for t in DIALECTS if t != s],
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
def test_every_converted_event_validates_unless_its_losses_say_why(source, path, target):
    converter = Converter(source, target)
    for event in events(path):
        before = len(converter.losses)
        for out in converter.convert(event):
            out = out if "type" in out else out["event"]  # an envelope's event
            if len(converter.losses) == before:
                get_dialect(target).base_for(out["type"]).from_dict(plain(out))  # raises when it does not fit


@pytest.mark.slow
@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_an_event_with_a_value_of_the_wrong_type_converts_to_a_valid_event_or_says_why(source, target):
    # Deltas and other flat events take a short path; it used to pass an item_id of -1 or
    # a delta of null on to the target unchecked and unsaid.
    from test_state_wrong_types import SESSIONS as ALL
    from test_state_wrong_types import WRONG, cases, inner, replaced

    path = next(path for protocol, path in ALL if protocol == source)
    stream = [inner(line) for line in events(path)]
    texts = [json.dumps(event) for event in stream]
    unsaid = []
    for event_type, where in cases(stream):
        for wrong in [*WRONG, None, True, 1.5]:
            converter = Converter(source, target)
            for event, text in zip(stream, texts):
                if event["type"] == event_type:
                    event = replaced(event, where, wrong)
                    text = json.dumps(event)
                before = len(converter.losses)
                for out in converter.convert(text):
                    try:
                        out.validate()
                    except ValidationError as exc:
                        if len(converter.losses) == before:
                            unsaid.append(f"{event['type']} {'.'.join(where)}={wrong!r}: {str(exc).splitlines()[1]}")
    assert unsaid == []


def test_a_field_only_the_source_declares_is_a_loss_on_flat_events_too():
    converter = Converter("openai", "openai-beta")
    event = {"type": "response.function_call_arguments.done", "event_id": "e", "response_id": "r", "item_id": "i"}
    (out,) = converter.convert({**event, "output_index": 0, "call_id": "c", "name": "f", "arguments": "{}"})
    assert "name" not in out
    assert [(loss.code, loss.path) for loss in converter.losses] == [("field-not-in-target", "$.name")]


class TestTheCommand:
    def run(self, capsys, *argv):
        from azure_style_events.cli import main

        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    def test_converts_to_json_lines_and_sums_up_losses(self, capsys, tmp_path):
        code, out, err = self.run(capsys, "convert", "--to", "openai", str(DATA / "openai_beta_session.jsonl"))
        assert code == 0
        converted = [json.loads(line) for line in out.splitlines()]
        assert converted and all(isinstance(event.get("type"), str) for event in converted)
        assert "openai-beta" in err and "3 losses: modalities-narrowed 3" in err
        log = tmp_path / "ga.jsonl"
        log.write_text(out, encoding="utf-8")
        checked, report, _ = self.run(capsys, "check", "--protocol", "openai", str(log))
        assert checked == 0 and "0 invalid" in report

    def test_strict_exits_1_on_losses(self, capsys):
        code, _, err = self.run(capsys, "convert", "--to", "openai", "--strict", str(DATA / "openai_beta_session.jsonl"))
        assert code == 1 and "modalities-narrowed" in err

    def test_a_bad_line_is_reported_and_the_rest_converted(self, capsys, tmp_path):
        log = tmp_path / "log.jsonl"
        log.write_text('{"type": "response.text.delta", "delta": "a"}\n{nope\n{"type": "response.text.done", "text": "a"}\n')
        code, out, err = self.run(capsys, "convert", "--from", "openai-beta", "--to", "openai", "--losses", str(log))
        assert code == 0
        assert [json.loads(line)["type"] for line in out.splitlines()] == [
            "response.output_text.delta",
            "response.output_text.done",
        ]
        assert f"{log}:2: skipped" in err and "not-an-event 1" in err

    def test_json_that_is_no_object_is_a_skipped_line_not_a_traceback(self, capsys, tmp_path):
        log = tmp_path / "log.jsonl"
        log.write_text('{"type": "response.text.delta", "delta": "a"}\n[1, 2]\n7\n"text"\nnull\n')
        code, out, err = self.run(capsys, "convert", "--from", "openai-beta", "--to", "openai", str(log))
        assert code == 0 and "Traceback" not in err  # losses say it; --strict makes them fail
        assert [json.loads(line)["type"] for line in out.splitlines()] == ["response.output_text.delta"]
        assert f"{log}:2: skipped: not an event" in err and "not-an-event 5" in err  # the array's two elements, 7, "text", null

    def test_usage_errors_and_unreadable_files(self, capsys, tmp_path):
        with pytest.raises(SystemExit) as caught:
            self.run(capsys, "convert", "--to", "klingon")
        assert caught.value.code == 2
        code, _, err = self.run(capsys, "convert", "--to", "openai", str(tmp_path / "missing.jsonl"))
        assert code == 2 and "cannot read" in err and "Traceback" not in err

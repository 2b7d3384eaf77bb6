"""Checked at every depth: nested tags, union members, live lists of models, unchecked events,
error values and ``match`` patterns, tried as a user would and generated over all three catalogs."""

from __future__ import annotations

import json
import sys
import typing

import pytest
from catalog_data import catalog_modules, field_paths, hints, make, make_model, path_text, replaced
from typing_extensions import get_args, get_origin

from azure_style_events import Model, ValidationError
from azure_style_events import openai_realtime as rt
from azure_style_events import voicelive as vl
from azure_style_events.cli import main

MODULES = catalog_modules()
EVENTS = [cls for module in MODULES for base in (module.ServerEvent, module.ClientEvent) for cls in base.__mapping__.values()]


def errors(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value


def paths(call):
    return [error.path for error in errors(call).errors]


def _is_base(tp):
    return isinstance(tp, type) and issubclass(tp, Model) and bool(tp.__dict__.get("__mapping__"))


def _models(tp):
    """The model classes a field annotation admits at its own position (Optional and Union unwrapped)."""
    if get_origin(tp) is typing.Union:
        return [arg for arg in get_args(tp) if isinstance(arg, type) and issubclass(arg, Model)]
    return [tp] if isinstance(tp, type) and issubclass(tp, Model) else []


class TestNestedTags:
    """A nested discriminated base is closed on the validating path, open on the receiving path."""

    TURN = '{"type": "session.update", "session": {"turn_detection": {"type": "server-vad", "threshold": "x"}}}'

    def test_an_unknown_nested_tag_is_reported_at_the_tag_with_the_known_values(self):
        err = errors(lambda: vl.ClientEvent.from_json(self.TURN))
        assert [str(error) for error in err.errors] == [
            "$.session.turn_detection.type: expected `'azure_semantic_vad' | 'azure_semantic_vad_en' | "
            "'azure_semantic_vad_multilingual' | 'server_vad'`, got `str` 'server-vad'"
        ]

    def test_every_validating_entry_point_reports_it(self):
        data = json.loads(self.TURN)
        for call in (
            lambda: vl.ClientEvent.from_dict(data),
            lambda: vl.ClientEventSessionUpdate(session=data["session"]),
            lambda: vl.ClientEvent.from_json(self.TURN, validate=False).validate(),
        ):
            assert paths(call) == ["$.session.turn_detection.type"]

    def test_the_receiving_path_keeps_it_as_the_base_with_all_data(self):
        for event in (vl.ClientEvent.from_json(self.TURN, validate=False), vl.ClientEventSessionUpdate(json.loads(self.TURN))):
            assert type(event.session.turn_detection) is vl.TurnDetection
            assert event.as_dict() == json.loads(self.TURN)

    def test_a_misspelt_item_type(self):
        text = '{"type": "conversation.item.create", "item": {"type": "mesage", "role": "user", "content": []}}'
        assert paths(lambda: vl.ClientEvent.from_json(text)) == ["$.item.type"]

    def test_a_top_level_unknown_type_stays_open(self):
        event = vl.ServerEvent.from_json('{"type": "vendor.thing", "item": {"type": "mesage"}}')
        assert type(event) is vl.ServerEvent and event["item"] == {"type": "mesage"}

    def test_check_calls_both_issue_lines_invalid(self, tmp_path, capsys):
        log = tmp_path / "log.jsonl"
        item = '{"type": "conversation.item.create", "item": {"type": "mesage", "role": "user", "content": []}}'
        log.write_text(self.TURN + "\n" + item + "\n", encoding="utf-8")
        code = main(["check", "--protocol", "voicelive", "--strict", str(log)])
        out = capsys.readouterr().out
        assert code == 1
        assert f"{log}:1: $.session.turn_detection.type:" in out and f"{log}:2: $.item.type:" in out

    @pytest.mark.parametrize("cls", EVENTS, ids=lambda cls: f"{cls.__module__.rpartition('.')[2]}.{cls.__name__}")
    def test_every_nested_discriminated_position_of_every_catalog(self, cls):
        """Generated from the declarations: each nested base's tag, set to a value nobody registered."""
        base = cls.__mro__[1]
        data = make_model(cls)
        for segments, annotation in field_paths(cls, data):
            bases = [model for model in _models(annotation) if _is_base(model)]
            if len(_models(annotation)) != 1 or not bases or not isinstance(_at(data, segments), dict):
                continue  # unions of several models: TestUnions; a str where the union admits one
            key = bases[0].__asev_plan__.dispatch[0]
            bad = replaced(data, segments + (key,), "vendor.unregistered")
            found = errors(lambda bad=bad: base.from_json(json.dumps(bad)))
            assert [error.path for error in found.errors] == [path_text(segments + (key,))]
            assert "'" in found.errors[0].expected  # the known values are listed
            received = base.from_json(json.dumps(bad), validate=False)
            assert json.loads(received.to_json()) == bad


def _at(data, segments):
    for segment in segments:
        data = data[segment]
    return data


def _union_positions(cls, data):
    for segments, annotation in field_paths(cls, data):
        members = _models(annotation)
        if len(members) > 1:
            yield segments, members


def _plain_field(member, data):
    """A field of ``member`` that is no tag, present in ``data``, and its annotation."""
    annotations = hints(member)
    plan = member.__asev_plan__
    tags = {key for key, _ in plan.tags + plan.soft_tags + plan.disc_items}
    for name, field in member.__asev_plan__.fields.items():
        tp = annotations[name]
        if field.wire_name in data and field.wire_name not in tags and not field.is_discriminator:
            if get_origin(tp) is not typing.Union and tp in (str, int, float, bool):
                return field.wire_name, tp
    return None


class TestDecodedListsOfAKindOfModel:
    """A decoded list of a discriminated base builds each element as the kind its tag names: the
    first kinds inline in the list's loop, any other (a kind defined later, one that dispatches
    again) through its own function; every path gives the same classes, data and errors."""

    @staticmethod
    def make_family(count):
        # Annotations as objects: this module's are text, which cannot name local classes.
        from typing import ClassVar, Dict, List, Literal, Type

        from azure_style_events import rest_discriminator, rest_field

        Shape = type(
            "Shape",
            (Model,),
            {
                "__annotations__": {"__mapping__": ClassVar[Dict[str, Type[Model]]], "kind": str},
                "__mapping__": {},
                "kind": rest_discriminator(name="kind"),
            },
        )
        kinds = {}
        for index in range(count):
            tag = f"k{index}"
            annotations = {"kind": Literal[tag], "size": int}
            namespace = {"__annotations__": annotations, "kind": rest_discriminator(name="kind"), "size": rest_field()}
            kinds[tag] = type(f"Kind{index}", (Shape,), namespace, discriminator=tag)
        poly = {"__mapping__": ClassVar[Dict[str, Type[Model]]], "kind": Literal["poly"], "sides": str}
        Poly = type(
            "Poly",
            (Shape,),
            {
                "__annotations__": poly,
                "__mapping__": {},
                "kind": rest_discriminator(name="kind"),
                "sides": rest_discriminator(name="sides"),
            },
            discriminator="poly",
        )
        Triangle = type(
            "Triangle",
            (Poly,),
            {"__annotations__": {"sides": Literal["three"]}, "sides": rest_discriminator(name="sides")},
            discriminator="three",
        )
        Drawing = type("Drawing", (Model,), {"__annotations__": {"shapes": List[Shape]}, "shapes": rest_field()})
        return Shape, kinds, Triangle, Drawing

    def test_every_kind_builds_as_itself_and_reports_at_its_index(self):
        Shape, kinds, Triangle, Drawing = self.make_family(11)  # more than are built inline
        good = [{"kind": tag, "size": number} for number, tag in enumerate(kinds)] + [{"kind": "poly", "sides": "three"}]
        drawing = Drawing.from_json(json.dumps({"shapes": good}))
        assert [type(shape) for shape in drawing.shapes] == [*kinds.values(), Triangle]
        assert json.loads(json.dumps(drawing)) == {"shapes": good}
        bad = [{"kind": "k0", "size": "x"}, {"kind": "k10", "size": None}, {"kind": "nope"}, {"kind": "k3", "size": 1}, 7]
        assert paths(lambda: Drawing.from_json(json.dumps({"shapes": bad}))) == [
            "$.shapes[0].size",
            "$.shapes[1].size",
            "$.shapes[2].kind",
            "$.shapes[4]",
        ]

    def test_a_kind_defined_after_first_use_is_built_too(self):
        from typing import Literal

        from azure_style_events import rest_discriminator, rest_field

        Shape, kinds, _, Drawing = self.make_family(2)
        assert [type(s) for s in Drawing.from_json('{"shapes": [{"kind": "k1", "size": 1}]}').shapes] == [kinds["k1"]]

        Late = type(
            "Late",
            (Shape,),
            {
                "__annotations__": {"kind": Literal["late"], "size": int},
                "kind": rest_discriminator(name="kind"),
                "size": rest_field(),
            },
            discriminator="late",
        )

        drawing = Drawing.from_json('{"shapes": [{"kind": "late", "size": 2}, {"kind": "k0", "size": 0}]}')
        assert [type(s) for s in drawing.shapes] == [Late, kinds["k0"]]
        assert paths(lambda: Drawing.from_json('{"shapes": [{"kind": "late", "size": "2"}]}')) == ["$.shapes[0].size"]


class TestUnions:
    def test_the_member_the_tag_names_reports_its_own_problems(self):
        text = '{"type": "session.update", "session": {"voice": {"type": "openai", "name": 5}}}'
        assert paths(lambda: vl.ClientEvent.from_json(text)) == ["$.session.voice.name"]
        assert type(vl.ClientEvent.from_json(text, validate=False).session.voice) is vl.OpenAIVoice

    def test_an_optional_literal_tag_names_the_member_too(self):
        text = json.dumps(
            {
                "type": "session.update",
                "session": {"type": "realtime", "audio": {"output": {"format": {"type": "audio/pcm", "rate": "x"}}}},
            }
        )
        assert paths(lambda: rt.ClientEvent.from_json(text)) == ["$.session.audio.output.format.rate"]

    def test_no_member_named_reports_the_union_with_the_tags_it_expected(self):
        text = '{"type": "session.update", "session": {"voice": {"type": "azure-new", "name": "x"}}}'
        (error,) = errors(lambda: vl.ClientEvent.from_json(text)).errors
        assert error.path == "$.session.voice"
        assert "{type: 'openai'}" in error.expected and "{type: 'azure-standard'}" in error.expected
        # Received, it is kept as the discriminated base it may belong to, with its data.
        voice = vl.ClientEvent.from_json(text, validate=False).session.voice
        assert type(voice) is vl.AzureVoice and voice == {"type": "azure-new", "name": "x"}

    def test_a_broken_role_tag_names_the_item_union(self):
        text = '{"type": "conversation.item.create", "item": {"type": "message", "role": 5, "content": []}}'
        (error,) = errors(lambda: rt.ClientEvent.from_json(text)).errors
        assert error.path == "$.item" and "{role: 'user', type: 'message'}" in error.expected

    def test_members_that_share_a_tag_value_are_told_apart_by_their_other_tags(self):
        """The GA item union: three message kinds share ``type: message``; ``role`` picks one of them,
        an unknown role names none (the union is reported), and other types are not asked."""
        item = {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "hi"}]}
        event = rt.ClientEvent.from_json(json.dumps({"type": "conversation.item.create", "item": item}))
        assert type(event.item).__name__ == "RealtimeConversationItemAssistantMessage"
        for role, kind in (("user", "UserMessage"), ("system", "SystemMessage")):
            said = {"type": "message", "role": role, "content": [{"type": "input_text", "text": "hi"}]}
            received = rt.ClientEvent.from_json(json.dumps({"type": "conversation.item.create", "item": said}))
            assert type(received.item).__name__ == f"RealtimeConversationItem{kind}", role
        bad = {**item, "content": [{"type": "output_text", "text": 5}]}
        assert paths(lambda: rt.ClientEvent.from_json(json.dumps({"type": "conversation.item.create", "item": bad}))) == [
            "$.item.content[0].text"
        ]
        (error,) = errors(
            lambda: rt.ClientEvent.from_json(json.dumps({"type": "conversation.item.create", "item": {**item, "role": "robot"}}))
        ).errors
        assert error.path == "$.item" and "{role: 'assistant', type: 'message'}" in error.expected

    @pytest.mark.parametrize("cls", EVENTS, ids=lambda cls: f"{cls.__module__.rpartition('.')[2]}.{cls.__name__}")
    def test_every_member_of_every_union_of_models(self, cls):
        """Generated: each union position, each tagged member in turn, a wrong value in one of its plain fields."""
        base = cls.__mro__[1]
        data = make_model(cls)
        for segments, members in _union_positions(cls, data):
            for member in members:
                if _is_base(member):
                    member = next(iter(member.__mapping__.values()))
                plan = member.__asev_plan__
                if not (plan.tags or plan.disc_items):
                    continue
                value = make(member)
                plain = _plain_field(member, value)
                if plain is None:
                    continue
                key, tp = plain
                wrong = [1] if tp is not list else "x"
                bad = replaced(data, segments, {**value, key: wrong})
                assert paths(lambda bad=bad: base.from_json(json.dumps(bad))) == [path_text(segments + (key,))], member


class TestLiveListsOfModels:
    def test_append_of_a_non_model_is_refused_and_the_list_is_unchanged(self):
        session = vl.RequestSession(tools=[])
        tools = session.tools
        for change in (
            lambda: tools.append(5),
            lambda: tools.extend([{"type": "function", "name": "f"}, 5]),
            lambda: tools.insert(0, "x"),
            lambda: tools.__setitem__(slice(0, 0), [3]),
            lambda: tools.__iadd__([None]),
        ):
            err = errors(change)
            assert err.model == "RequestSession" and err.errors[0].path.startswith("$.tools[")
            assert session["tools"] == [] and session.to_json() == '{"tools": []}'

    def test_the_refusal_names_the_element_position(self):
        session = vl.RequestSession(tools=[{"type": "function", "name": "f"}])
        assert str(errors(lambda: session.tools.append(5)).errors[0]) == "$.tools[1]: expected `Tool`, got `int` 5"
        assert paths(lambda: session.tools.__setitem__(-1, "x")) == ["$.tools[0]"]

    def test_a_mapping_or_the_model_is_taken(self):
        session = vl.RequestSession(tools=[])
        session.tools.append({"type": "function", "name": "f"})
        session.tools.append(vl.FunctionTool(name="g"))
        assert [type(tool) for tool in session.tools] == [vl.FunctionTool, vl.FunctionTool]
        assert json.loads(session.to_json())["tools"][1] == {"type": "function", "name": "g"}

    def test_a_model_of_another_class_is_refused(self):
        session = vl.RequestSession(tools=[])
        assert paths(lambda: session.tools.append(vl.OpenAIVoice(type="openai", name="alloy"))) == ["$.tools[0]"]


class TestUncheckedEvents:
    GA = [
        '{"type": "conversation.item.added", "event_id": "e1", "item": {"type": "message", "role": "user", "content": []}}',
        '{"type": "response.output_audio.delta", "event_id": "e2", "response_id": "r", "item_id": "i", "output_index": 0, '
        '"content_index": 0, "delta": "AAEC"}',
    ]

    def test_events_of_no_model_are_never_valid(self, tmp_path, capsys):
        log = tmp_path / "ga.jsonl"
        log.write_text("\n".join(self.GA) + "\n", encoding="utf-8")
        code = main(["check", "--protocol", "voicelive", str(log)])
        out = capsys.readouterr().out
        assert code == 0
        assert f"read 2 events in {log}: 0 valid, 0 invalid, 2 unchecked (no model)" in out
        assert f"note: {log}: 2 of 2 events have no model in voicelive; is it another protocol's log? try --protocol auto" in out

    def test_json_counts_them_apart(self, tmp_path, capsys):
        log = tmp_path / "ga.jsonl"
        log.write_text("\n".join(self.GA) + "\n", encoding="utf-8")
        main(["check", "--protocol", "voicelive", "--format", "json", str(log)])
        report = json.loads(capsys.readouterr().out)
        assert (report["valid"], report["invalid"], report["unchecked"]) == (0, 0, 2)
        assert report["by_type"]["conversation.item.added"] == {
            "events": 1,
            "valid": 0,
            "invalid": 0,
            "unchecked": 1,
            "model": False,
        }
        assert report["per_file"][0]["unchecked"] == 2 and len(report["notes"]) == 1

    def test_auto_checks_them(self, tmp_path, capsys):
        log = tmp_path / "ga.jsonl"
        log.write_text("\n".join(self.GA) + "\n", encoding="utf-8")
        main(["check", "--format", "json", str(log)])
        report = json.loads(capsys.readouterr().out)
        assert (report["valid"], report["unchecked"], report["notes"]) == (2, 0, [])


class TestErrorValues:
    def test_each_entry_carries_the_value_and_its_json_kind(self):
        err = errors(lambda: vl.ServerEventConversationItemTruncated.from_json('{"item_id": 3, "content_index": null}'))
        found = {error.path: (error.input, error.kind) for error in err.errors}
        assert found == {"$.item_id": (3, "integer"), "$.content_index": (None, "null"), "$.audio_end_ms": (None, "missing")}

    def test_str_is_unchanged(self):
        err = errors(lambda: vl.ServerEventConversationItemTruncated(item_id="i", content_index=0, audio_end_ms="abc"))
        assert (
            str(err)
            == "1 validation error for ServerEventConversationItemTruncated\n  $.audio_end_ms: expected `int`, got `str` 'abc'"
        )
        assert (err.errors[0].input, err.errors[0].kind) == ("abc", "string")

    def test_containers_and_python_values(self):
        err = errors(lambda: vl.ServerEventConversationItemTruncated(item_id=["a"], content_index={"x": 1}, audio_end_ms=object))
        assert [error.kind for error in err.errors] == ["array", "object", "other"]
        assert err.errors[0].input == ["a"]

    def test_text_that_is_not_json(self):
        (error,) = errors(lambda: vl.ServerEvent.from_json("{nope")).errors
        assert (error.input, error.kind) == ("{nope", "text")
        (error,) = errors(lambda: vl.ServerEvent.from_json("[1]")).errors
        assert (error.input, error.kind) == ([1], "array")

    def test_check_json_writes_the_value_as_json(self, tmp_path, capsys):
        log = tmp_path / "log.jsonl"
        log.write_text('{"type": "conversation.item.truncated", "item_id": {"a": [1]}, "content_index": 0, "audio_end_ms": 1}\n')
        main(["check", "--format", "json", str(log)])
        (problem,) = json.loads(capsys.readouterr().out)["problems"]
        assert (problem["input"], problem["kind"]) == ({"a": [1]}, "object")

    def test_one_event_is_singular(self, tmp_path, capsys):
        log = tmp_path / "log.jsonl"
        log.write_text('{"type": "conversation.item.truncated", "item_id": "i", "content_index": 0, "audio_end_ms": 1}\n')
        main(["check", str(log)])
        assert capsys.readouterr().out.startswith(f"read 1 event in {log}: 1 valid, 0 invalid")


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs Python 3.10")
class TestMatch:
    def test_a_positional_pattern_raises_instead_of_binding_the_event(self):
        namespace = {}
        exec(  # noqa: S102 - the pattern must be compiled on 3.10+ only
            "def first(event, cls):\n"
            "    match event:\n"
            "        case cls(chunk):\n"
            "            return chunk\n"
            "def keyword(event, cls):\n"
            "    match event:\n"
            "        case cls(delta=chunk):\n"
            "            return chunk\n",
            namespace,
        )
        event = vl.ServerEvent.from_json(
            '{"type": "response.audio.delta", "response_id": "r", "item_id": "i", "output_index": 0, '
            '"content_index": 0, "delta": "AAEC"}'
        )
        with pytest.raises(TypeError):
            namespace["first"](event, vl.ServerEventResponseAudioDelta)
        assert namespace["keyword"](event, vl.ServerEventResponseAudioDelta) == b"\x00\x01\x02"

    def test_every_catalog_class_declares_no_positional_fields(self):
        for module in MODULES:
            for name in module.__all__:
                cls = getattr(module, name)
                if isinstance(cls, type) and issubclass(cls, Model):
                    assert cls.__match_args__ == ()

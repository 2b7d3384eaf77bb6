"""The checking paths: keywords, attribute writes, from_dict, from_json, validate()."""

import json

import pytest
from sample_models import Color, Conversation, FunctionCall, Message, Part, UserMessage

from azure_style_events import ServerEvent, ServerEventConversationItemTruncated, ValidationError

Truncated = ServerEventConversationItemTruncated


def errors_of(call):
    with pytest.raises(ValidationError) as info:
        call()
    return info.value


class TestMessages:
    def test_message_lists_every_problem_with_paths(self):
        """str(err) names the class and gives one line per problem, in field order."""
        err = errors_of(
            lambda: Truncated.from_json('{"type": "conversation.item.truncated", "content_index": true, "audio_end_ms": "abc"}')
        )
        assert str(err) == (
            "3 validation errors for ServerEventConversationItemTruncated\n"
            "  $.item_id: missing required field, expected `str`\n"
            "  $.content_index: expected `int`, got `bool` True\n"
            "  $.audio_end_ms: expected `int`, got `str` 'abc'"
        )

    def test_errors_attribute_has_path_expected_got(self):
        """Each entry carries the JSON path, what was expected and what came."""
        err = errors_of(lambda: Truncated.from_dict({"item_id": "i", "content_index": 0, "audio_end_ms": "abc"}))
        assert isinstance(err, ValueError)
        assert [(e.path, e.expected, e.got) for e in err.errors] == [("$.audio_end_ms", "int", "`str` 'abc'")]
        assert err.model == "ServerEventConversationItemTruncated"

    def test_nested_paths(self):
        """Problems deep in lists, dicts and nested models carry their full path."""
        err = errors_of(
            lambda: Conversation.from_dict(
                {
                    "id": "c",
                    "items": [{"type": "message", "role": "user", "content": [{"text": "a"}, {"text": 3}]}],
                    "by_name": {"odd key": {"text": None}, "ok": {"text": "x", "kind": "blue"}},
                }
            )
        )
        assert [str(e) for e in err.errors] == [
            "$.items[0].content[1].text: expected `str`, got `int` 3",
            '$.by_name["odd key"].text: expected `str`, got `None`',
            "$.by_name.ok.kind: expected `Color`, got `str` 'blue'",
        ]

    def test_decoded_lists_of_models_report_each_bad_element_at_its_own_index(self):
        """The decoded path (from_json) builds lists of models in place; every failure keeps its index,
        after a non-object element, after an earlier failure and after problems found before the list."""
        text = json.dumps(
            {
                "id": 7,
                "items": [
                    {"type": "message", "role": "user", "content": [None, {"text": 1}, {"text": "ok"}, {"kind": "red"}]},
                    "not an item",
                    {"type": "message", "role": "user", "content": [{"text": "fine"}]},
                    {"type": "message", "role": "user", "content": 5},
                    {"type": "message", "role": "user", "content": [{"text": "a"}, 3, {"text": 2.5}]},
                ],
            }
        )
        err = errors_of(lambda: Conversation.from_json(text))
        assert [e.path for e in err.errors] == [
            "$.id",
            "$.items[0].content[0]",
            "$.items[0].content[1].text",
            "$.items[0].content[3].text",
            "$.items[1]",
            "$.items[3].content",
            "$.items[4].content[1]",
            "$.items[4].content[2].text",
        ]
        good = Conversation.from_json(
            json.dumps({"id": "c", "items": [{"type": "message", "role": "user", "content": [{"text": "a"}]}]})
        )
        content = good.items_property[0].content
        assert type(content[0]) is Part and content[0].text == "a"
        assert json.loads(json.dumps(good)) == {
            "id": "c",
            "items": [{"type": "message", "role": "user", "content": [{"text": "a", "kind": "red"}]}],
        }

    def test_path_quotes_every_key_that_is_no_ascii_identifier(self):
        """A key is written ``.key`` only when it is an ASCII identifier; any other key is quoted."""
        from azure_style_events._core._errors import render_path

        assert render_path(("item", 0, "_a1", "Z9")) == "$.item[0]._a1.Z9"
        assert render_path(("1a", "é", "odd key", "", 'q"b')) == '$["1a"]["é"]["odd key"][""]["q\\"b"]'

    def test_loc_gives_the_path_as_keys_and_indexes(self):
        """``loc`` is the path as data: keys are str, list positions int, "$" is ()."""
        err = errors_of(
            lambda: Conversation.from_dict(
                {
                    "id": "c",
                    "items": [{"type": "message", "role": "user", "content": [{"text": "a"}, {"text": 3}]}],
                    "by_name": {"0": {"text": None}},
                }
            )
        )
        assert [e.loc for e in err.errors] == [("items", 0, "content", 1, "text"), ("by_name", "0", "text")]
        assert errors_of(lambda: Truncated.from_json("[1]")).errors[0].loc == ()
        detail = err.errors[0]
        assert tuple(detail) == (detail.path, detail.expected, detail.got, detail.missing, detail.loc, 3, "integer")

    def test_long_values_are_cut_in_messages(self):
        """A huge offending value is shortened in the message."""
        err = errors_of(lambda: Truncated(item_id="i", content_index=0, audio_end_ms="x" * 500))
        got = err.errors[0].got
        assert got.startswith("`str` 'xxx") and got.endswith("...") and len(got) < 80


class TestRules:
    def test_int_rejects_bool_and_float(self):
        """int does not accept bool or float."""
        for bad in (True, 1.5, "1", None):
            err = errors_of(lambda bad=bad: Truncated.from_dict({"item_id": "i", "content_index": bad, "audio_end_ms": 1}))
            assert err.errors[0].path == "$.content_index"

    def test_float_accepts_int_and_keeps_it(self):
        """float accepts an int and stores it unchanged."""
        conv = Conversation.from_dict({"id": "c", "score": 3})
        assert conv["score"] == 3 and type(conv["score"]) is int
        assert errors_of(lambda: Conversation.from_dict({"id": "c", "score": True})).errors[0].expected == "float | None"

    def test_literal_is_closed(self):
        """A discriminator value other than the class's own is rejected."""
        err = errors_of(lambda: Truncated.from_dict({"type": "other", "item_id": "i", "content_index": 0, "audio_end_ms": 1}))
        assert str(err.errors[0]) == "$.type: expected `'conversation.item.truncated'`, got `str` 'other'"

    def test_union_of_str_and_enum_is_open(self):
        """Union[str, Enum] accepts any string; known values read back as members."""
        msg = UserMessage(content=[], status="brand-new")
        assert msg.status == "brand-new" and type(msg.status) is str
        msg.status = "green"
        assert msg.status is Color.GREEN

    def test_enum_alone_is_closed(self):
        """A bare enum annotation accepts only its values."""
        assert Part(text="a", kind="green").kind is Color.GREEN
        assert str(errors_of(lambda: Part(text="a", kind="blue")).errors[0]) == "$.kind: expected `Color`, got `str` 'blue'"

    def test_enum_member_is_stored_as_plain_value(self):
        """A typed enum value is written to the wire view as its string."""
        part = Part(text="a", kind=Color.GREEN)
        assert type(part["kind"]) is str and part["kind"] == "green"

    def test_optional_accepts_null_from_the_wire(self):
        """An explicit null for an Optional field is valid and kept."""
        event = Truncated.from_dict({"event_id": None, "item_id": "i", "content_index": 0, "audio_end_ms": 1})
        assert event["event_id"] is None and event.event_id is None

    def test_required_field_null_is_rejected(self):
        """null for a required field is an error."""
        err = errors_of(lambda: Truncated.from_dict({"item_id": None, "content_index": 0, "audio_end_ms": 1}))
        assert str(err.errors[0]) == "$.item_id: expected `str`, got `None`"

    def test_list_and_dict_checked_element_by_element(self):
        """Containers of the wrong shape are reported at their own path."""
        err = errors_of(lambda: Message.from_dict({"type": "message", "role": "x", "content": {"text": "a"}}))
        assert str(err.errors[0]) == "$.content: expected `list[Part]`, got `dict` {'text': 'a'}"

    def test_unknown_keys_are_kept(self):
        """Keys the class does not declare survive every checking path."""
        wire = {"item_id": "i", "content_index": 0, "audio_end_ms": 1, "x-extra": {"deep": [1, {"n": None}]}}
        event = Truncated.from_dict(wire)
        assert event["x-extra"] == {"deep": [1, {"n": None}]}
        assert event.as_dict()["x-extra"] == wire["x-extra"]
        assert json.loads(event.to_json())["x-extra"] == wire["x-extra"]


class TestKeywordConstruction:
    def test_missing_required_keywords(self):
        """Every missing required keyword is reported together."""
        err = errors_of(lambda: Truncated(item_id="i"))
        assert [e.path for e in err.errors] == ["$.content_index", "$.audio_end_ms"]
        assert all(e.missing for e in err.errors)

    def test_unknown_keyword_is_a_type_error(self):
        """An unknown keyword raises TypeError naming it."""
        with pytest.raises(TypeError, match="unexpected keyword argument 'audio_end'"):
            Truncated(item_id="i", content_index=0, audio_end=1)

    def test_none_keyword_means_not_set(self):
        """A None keyword leaves the field out."""
        event = Truncated(item_id="i", content_index=0, audio_end_ms=1, event_id=None)
        assert "event_id" not in event

    def test_keyword_values_are_checked(self):
        """Keyword values must fit their annotations."""
        err = errors_of(lambda: Truncated(item_id=1, content_index=0, audio_end_ms=1))
        assert str(err.errors[0]) == "$.item_id: expected `str`, got `int` 1"

    def test_mapping_plus_keywords_keywords_win(self):
        """Keywords override the mapping and are checked; the merge must be complete."""
        event = Truncated({"item_id": "a", "content_index": 0, "audio_end_ms": 1}, audio_end_ms=99)
        assert event.audio_end_ms == 99
        with pytest.raises(ValidationError):
            Truncated({"item_id": "a", "content_index": 0, "audio_end_ms": 1}, audio_end_ms="x")
        with pytest.raises(ValidationError):
            Truncated({"item_id": "a"}, audio_end_ms=1)

    def test_nested_mapping_keyword_becomes_a_model(self):
        """A dict given for a model-typed keyword is checked and built into the model."""
        msg = UserMessage(content=[{"text": "hi"}])
        assert type(msg.content[0]) is Part and msg.content[0].kind is Color.RED


class TestAttributeWrites:
    def test_rejected_write_leaves_model_unchanged(self):
        """A bad attribute write raises and changes nothing."""
        event = Truncated(item_id="i", content_index=0, audio_end_ms=1)
        before = dict(event)
        err = errors_of(lambda: setattr(event, "audio_end_ms", "late"))
        assert str(err) == (
            "1 validation error for ServerEventConversationItemTruncated\n  $.audio_end_ms: expected `int`, got `str` 'late'"
        )
        assert event == before

    def test_setting_none_removes_the_key(self):
        """Assigning None deletes the key; reading gives None."""
        event = Truncated(item_id="i", content_index=0, audio_end_ms=1, event_id="e")
        event.event_id = None
        assert "event_id" not in event and event.event_id is None

    def test_delete_is_always_allowed(self):
        """del on a required field works; validate() then reports it."""
        event = Truncated(item_id="i", content_index=0, audio_end_ms=1)
        del event.item_id
        assert "item_id" not in event and event.item_id is None
        assert str(errors_of(event.validate).errors[0]) == "$.item_id: missing required field, expected `str`"

    def test_unknown_attribute_cannot_be_set(self):
        """A typo in an attribute name is an AttributeError, not a silent extra."""
        event = Truncated(item_id="i", content_index=0, audio_end_ms=1)
        with pytest.raises(AttributeError):
            event.audio_end_mss = 5  # type: ignore[attr-defined]


class TestWireWritesTrust:
    def test_mapping_writes_store_anything_and_validate_reports(self):
        """m[key] = v stores as given; the attribute returns it; validate() reports it."""
        event = Truncated(item_id="i", content_index=0, audio_end_ms=1)
        event["audio_end_ms"] = "soon"
        event.update(content_index=[1])
        event.setdefault("new", 1)
        event |= {"type": "conversation.item.truncated"}
        assert event.audio_end_ms == "soon"
        err = errors_of(event.validate)
        assert [e.path for e in err.errors] == ["$.content_index", "$.audio_end_ms"]

    def test_mapping_constructor_does_not_reject_values(self):
        """Cls(mapping) wraps wire data without checking values."""
        event = Truncated({"item_id": 5, "audio_end_ms": "x"})
        assert event.item_id == 5 and event["audio_end_ms"] == "x"

    def test_mapping_constructor_structural_errors(self):
        """Non-mapping, several positionals, non-str keys, foreign discriminator raise."""
        with pytest.raises(TypeError, match="mapping"):
            Truncated([("item_id", "i")])
        with pytest.raises(TypeError, match="at most one positional"):
            Truncated({}, {})
        with pytest.raises(TypeError, match="keys must be str"):
            Truncated({1: "x"})
        err = errors_of(lambda: Truncated({"type": "session.created"}))
        assert str(err.errors[0]) == "$.type: expected `'conversation.item.truncated'`, got `str` 'session.created'"


class TestFromJson:
    @pytest.mark.parametrize(
        ("text", "got"),
        [
            ('{"item_id": ', "invalid text (Expecting value at line 1 column 13)"),
            ("[1, 2]", "`list` [1, 2]"),
            ("", "invalid text (Expecting value at line 1 column 1)"),
            (b"\xff\xfe{", None),
        ],
    )
    def test_malformed_input_is_a_validation_error(self, text, got):
        """Text that is not a JSON object raises ValidationError at $."""
        err = errors_of(lambda: ServerEvent.from_json(text))
        assert err.errors[0].path == "$"
        if got is not None:
            assert err.errors[0].got == got

    def test_from_dict_rejects_non_mappings(self):
        """from_dict of a list is a ValidationError, not a crash."""
        assert str(errors_of(lambda: Truncated.from_dict([1])).errors[0]) == "$: expected `object`, got `list` [1]"

    def test_failure_carries_the_parsed_data(self):
        """A stream loop can still see the decoded event after a rejection."""
        err = errors_of(lambda: ServerEvent.from_json('{"type": "conversation.item.truncated", "x": 1}'))
        assert err.data == {"type": "conversation.item.truncated", "x": 1}

    def test_failure_data_is_the_plain_decoded_json(self):
        """The data on a rejection is plain JSON data, even where nested items were valid."""
        text = json.dumps({"id": "c", "items": [{"type": "message", "role": "user", "content": []}, {"type": 5}]})
        err = errors_of(lambda: Conversation.from_json(text))
        assert err.data == json.loads(text)
        assert [type(item) for item in err.data["items"]] == [dict, dict]

    def test_function_call_default_none_stays_absent(self):
        """default=None fields stay out of the data when not given."""
        call = FunctionCall.from_dict({"type": "function_call", "name": "f"})
        assert "arguments" not in call and call.arguments is None

"""The receiving path builds the top level only; a nested object becomes its model on its first typed read.

Only ``from_json(..., validate=False)`` defers nested models: what a user can observe is that
the wire view holds the decoded mapping until the typed view reads it, and the same
model afterwards.  Nothing is lost, nothing is rejected for its value, and what the
typed view gives is what the eager forms give.
"""

import json

import pytest

from azure_style_events import Model, ValidationError, voicelive

DONE = {
    "type": "response.done",
    "event_id": "ev_1",
    "response": {
        "id": "resp_1",
        "object": "realtime.response",
        "status": "completed",
        "output": [
            {
                "id": "item_1",
                "type": "message",
                "object": "realtime.item",
                "role": "assistant",
                "status": "completed",
                "content": [{"type": "audio", "transcript": "Hello."}],
            }
        ],
        "usage": {
            "total_tokens": 9,
            "input_tokens": 4,
            "output_tokens": 5,
            "input_token_details": {
                "cached_tokens": 0,
                "text_tokens": 1,
                "audio_tokens": 3,
                "image_tokens": 0,
                "cached_tokens_details": {"text_tokens": 0, "audio_tokens": 0, "image_tokens": 0},
            },
            "output_token_details": {"text_tokens": 1, "audio_tokens": 4},
            "x-new": [1, 2],
        },
        "x-vendor": {"kept": True},
    },
}


def test_only_the_top_level_is_built_until_the_typed_view_reads() -> None:
    event = voicelive.ServerEvent.from_json(json.dumps(DONE), validate=False)
    assert type(event) is voicelive.ServerEventResponseDone
    assert type(event["response"]) is dict  # as decoded
    response = event.response
    assert isinstance(response, voicelive.Response)
    assert event["response"] is response and event.response is response  # converted in place, once
    item = response.output[0]
    assert type(item) is voicelive.ResponseMessageItem  # dispatched on its own tags when read
    assert item.content[0].transcript == "Hello."
    assert response.output[0] is item


def test_nothing_is_lost_and_the_data_is_the_same_before_and_after_reading() -> None:
    text = json.dumps(DONE)
    event = voicelive.ServerEvent.from_json(text, validate=False)
    assert event.as_dict() == DONE and json.loads(event.to_json()) == DONE
    event.response.usage.total_tokens  # noqa: B018 - a read, for its effect
    assert event.as_dict() == DONE and json.loads(event.to_json()) == DONE
    assert event == voicelive.ServerEvent(json.loads(text)) == DONE


def test_what_the_typed_view_gives_equals_the_eager_forms() -> None:
    deferred = voicelive.ServerEvent.from_json(json.dumps(DONE), validate=False)
    for eager in (voicelive.ServerEventResponseDone(DONE), voicelive.ServerEvent.from_dict(DONE, validate=False)):
        assert isinstance(eager["response"], Model)  # Cls(mapping) and from_dict convert at once
        assert type(deferred.response) is type(eager.response)
        assert type(deferred.response.usage) is type(eager.response.usage)
        assert deferred.response.output == eager.response.output
        assert [type(item) for item in deferred.response.output] == [type(item) for item in eager.response.output]


def test_a_value_the_schema_forbids_is_kept_and_read_as_it_came() -> None:
    data = json.loads(json.dumps(DONE))
    data["response"]["status"] = 7
    data["response"]["output"] = [{"type": "message", "role": None}]
    event = voicelive.ServerEvent.from_json(json.dumps(data), validate=False)
    assert event.response.status == 7 and event.response.output[0].role is None
    with pytest.raises(ValidationError, match=r"\$\.response\.status"):
        event.validate()


def test_the_validating_path_still_builds_and_checks_every_depth() -> None:
    event = voicelive.ServerEvent.from_json(json.dumps(DONE))
    assert isinstance(event["response"], voicelive.Response)
    assert isinstance(event["response"]["output"][0], voicelive.ResponseMessageItem)
    bad = json.loads(json.dumps(DONE))
    bad["response"]["usage"]["total_tokens"] = "nine"
    with pytest.raises(ValidationError, match=r"\$\.response\.usage\.total_tokens: expected `int`"):
        voicelive.ServerEvent.from_json(json.dumps(bad))

"""Recorded sessions of each protocol replayed through `check` and through the receiving path.

tests/data/voicelive_session.jsonl and openai_session.jsonl were assembled from the
protocols' documented event shapes: one spoken turn with its transcription, a
streamed audio answer, usage, an interruption (truncate) and an error.  The bundled
sample (azure_style_events/data/sample_session.jsonl) is a Voice Live session with a
barge-in; openai_beta_session.jsonl was the sample before it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from azure_style_events import openai_realtime as rt
from azure_style_events import voicelive
from azure_style_events.cli import main
from azure_style_events.openai_realtime import ClientEvent as GAClient
from azure_style_events.openai_realtime import ServerEvent as GAServer
from azure_style_events.openai_realtime.beta import ClientEvent as BetaClient
from azure_style_events.openai_realtime.beta import ServerEvent as BetaServer

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).parent.parent / "azure_style_events" / "data" / "sample_session.jsonl"
SESSIONS = {
    "voicelive": (DATA / "voicelive_session.jsonl", voicelive.ServerEvent, voicelive.ClientEvent),
    "openai": (DATA / "openai_session.jsonl", GAServer, GAClient),
    "openai-beta": (DATA / "openai_beta_session.jsonl", BetaServer, BetaClient),
    "voicelive-sample": (SAMPLE, voicelive.ServerEvent, voicelive.ClientEvent),
}


@pytest.mark.parametrize("protocol", sorted(SESSIONS))
def test_check_chooses_the_protocol_and_summarises_per_type(protocol, capsys):
    path = SESSIONS[protocol][0]
    code = main(["check", "--format", "json", str(path)])
    report = json.loads(capsys.readouterr().out)
    assert report["per_file"][0]["protocol"] == protocol.replace("-sample", "")
    assert report["protocol_problems"] == 0  # each folds through ConversationState without a protocol problem
    types = [json.loads(line)["type"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert {name: row["events"] for name, row in report["by_type"].items()} == {name: types.count(name) for name in set(types)}
    assert report["unknown_types"] == {}
    if protocol == "voicelive":
        # The one deviation of a real Voice Live server from its schema: the user's audio is not echoed back.
        assert code == 1
        assert [(p["line"], p["path"], p["message"]) for p in report["problems"]] == [
            (10, "$.item.content[0].audio", "missing required field, expected `str`")
        ]
    else:
        assert code == 0 and report["problems"] == []


@pytest.mark.parametrize("protocol", sorted(SESSIONS))
def test_receiving_path_types_every_event(protocol):
    path, server, client = SESSIONS[protocol]
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        base = server if data["type"] in server.__mapping__ else client
        event = base.from_json(line, validate=False)
        assert type(event) is base.__mapping__[data["type"]]
        assert event.as_dict() == data and json.loads(event.to_json()) == data


def test_a_receive_loop_on_the_ga_session():
    """A client's loop over the server's side of the GA session: typed attributes and nested models."""
    transcript = []
    audio_chunks = 0
    for line in SESSIONS["openai"][0].read_text(encoding="utf-8").splitlines():
        if json.loads(line)["type"] not in GAServer.__mapping__:
            continue  # what the client sent
        event = GAServer.from_json(line, validate=False)
        if isinstance(event, rt.ResponseAudioTranscriptDeltaEvent):
            transcript.append(event.delta)
        elif isinstance(event, rt.ResponseAudioDeltaEvent):
            audio_chunks += 1
        elif isinstance(event, rt.ResponseDoneEvent):
            assert event.response.usage.total_tokens == 231
    assert "".join(transcript) == "May is mild and sunny in Porto." and audio_chunks == 7

"""The catalogs name and dispatch every event exactly as the SDKs they were generated from.

Needs the pinned SDKs (the `compat` extra, Python 3.10+); skipped without them.
"""

from __future__ import annotations

import typing

import pytest

voicelive_sdk = pytest.importorskip("azure.ai.voicelive.models")
realtime_sdk = pytest.importorskip("openai.types.realtime")
beta_sdk = pytest.importorskip("openai.types.beta.realtime")

from azure_style_events import openai_realtime, voicelive  # noqa: E402
from azure_style_events.openai_realtime import beta  # noqa: E402


def _members(union: typing.Any) -> typing.Tuple[typing.Any, ...]:
    if typing.get_origin(union) is typing.Annotated:
        union = typing.get_args(union)[0]
    return typing.get_args(union)


def _type_of(model: typing.Any) -> str:
    (value,) = typing.get_args(model.model_fields["type"].annotation)
    return str(value)


def test_voicelive_events_dispatch_to_classes_of_the_same_name():
    for ours, theirs in ((voicelive.ServerEvent, voicelive_sdk.ServerEvent), (voicelive.ClientEvent, voicelive_sdk.ClientEvent)):
        assert {key: cls.__name__ for key, cls in ours.__mapping__.items()} == {
            key: cls.__name__ for key, cls in theirs.__mapping__.items()
        }


@pytest.mark.parametrize(("ours", "sdk"), [(openai_realtime, realtime_sdk), (beta, beta_sdk)], ids=["ga", "beta"])
def test_openai_events_dispatch_to_classes_of_the_same_name(ours, sdk):
    for base, union in ((ours.ServerEvent, sdk.RealtimeServerEvent), (ours.ClientEvent, sdk.RealtimeClientEvent)):
        expected = {_type_of(model): model.__name__ for model in _members(union)}
        assert {key: cls.__name__ for key, cls in base.__mapping__.items()} == expected


def test_voicelive_enums_have_the_sdks_values():
    for name in ("ServerEventType", "ClientEventType", "ItemType", "MessageRole", "AzureVoiceType"):
        assert [(m.name, m.value) for m in getattr(voicelive, name)] == [(m.name, m.value) for m in getattr(voicelive_sdk, name)]

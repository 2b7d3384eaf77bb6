"""The catalogs name and dispatch every event as the SDKs they were generated from.

Names follow the rule in docs/design.md ("Names"): a class the SDK exports keeps its
name; a model the openai SDK defines inside one module without exporting it is named
``<Module><Class>``.  The rule is re-implemented here, not imported from the generator.

Needs the pinned SDKs (the `compat` extra, Python 3.10+); skipped without them.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing

import pytest

voicelive_sdk = pytest.importorskip("azure.ai.voicelive.models")
realtime_sdk = pytest.importorskip("openai.types.realtime")
beta_sdk = pytest.importorskip("openai.types.beta.realtime")

import pydantic  # noqa: E402

from azure_style_events import Model, fields, openai_realtime, voicelive  # noqa: E402
from azure_style_events.openai_realtime import beta  # noqa: E402

# Walks every module of the openai SDK at import: slow to collect.
pytestmark = pytest.mark.slow

# The classes this package adds, named for what they are: the event bases and unions.
OURS = {"ServerEvent", "ClientEvent"}


def _sdk_models() -> typing.List[type]:
    """Every pydantic model the openai SDK's ``types`` packages define."""
    import openai.types

    found = {}
    for info in pkgutil.walk_packages(openai.types.__path__, "openai.types."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, pydantic.BaseModel) and value.__module__ == info.name:
                found[value] = None
    return list(found)


SDK_MODELS = _sdk_models()


def _exported(cls: type) -> bool:
    package = importlib.import_module(cls.__module__.rpartition(".")[0])
    return getattr(package, cls.__name__, None) is cls


def _rule_name(cls: type) -> str:
    if _exported(cls):
        return cls.__name__
    prefix = "".join(part.capitalize() for part in cls.__module__.rpartition(".")[2].split("_"))
    return cls.__name__ if cls.__name__.startswith(prefix) else prefix + cls.__name__


RULE_NAMES: typing.Dict[str, typing.List[type]] = {}
for _cls in SDK_MODELS:
    RULE_NAMES.setdefault(_rule_name(_cls), []).append(_cls)


def _wire_keys(sdk_cls: typing.Any) -> typing.Set[str]:
    return {info.alias or name for name, info in sdk_cls.model_fields.items()}


def _catalog_models(module: typing.Any) -> typing.List[typing.Any]:
    # Deprecated aliases are left out: only a class's own name is under the rule.
    return [
        value
        for name in module.__all__
        for value in [getattr(module, name)]
        if isinstance(value, type) and issubclass(value, Model) and value.__name__ == name and name not in OURS
    ]


@pytest.mark.parametrize("module", [openai_realtime, beta], ids=["ga", "beta"])
def test_every_openai_catalog_class_is_named_by_the_rule(module):
    for cls in _catalog_models(module):
        candidates = [
            sdk for sdk in RULE_NAMES.get(cls.__name__, []) if _wire_keys(sdk) == {f.wire_name for f in fields(cls).values()}
        ]
        assert candidates, f"{module.__name__}.{cls.__name__}: no SDK model has this name by the rule and these wire keys"
        exported = [sdk for sdk in candidates if sdk.__name__ == cls.__name__ and _exported(sdk)]
        if exported:
            # Importable from the SDK's public package under the same name.
            package = importlib.import_module(exported[0].__module__.rpartition(".")[0])
            assert getattr(package, cls.__name__) is exported[0]


@pytest.mark.parametrize(("module", "sdk"), [(openai_realtime, realtime_sdk), (beta, beta_sdk)], ids=["ga", "beta"])
def test_a_name_the_sdk_exports_is_never_given_to_another_model(module, sdk):
    # ``from openai.types.realtime import X`` and the catalog's ``X`` are the same model.
    for cls in _catalog_models(module):
        theirs = getattr(sdk, cls.__name__, None)
        if inspect.isclass(theirs) and issubclass(theirs, pydantic.BaseModel):
            assert _wire_keys(theirs) == {f.wire_name for f in fields(cls).values()}, cls.__name__


def _azure_wire_keys(cls: type) -> typing.Set[str]:
    return {
        descriptor._rest_name_input or attr
        for klass in cls.__mro__
        for attr, descriptor in vars(klass).items()
        if type(descriptor).__name__ == "_RestField"
    }


def test_every_voicelive_name_is_the_sdks():
    for name in voicelive.__all__:
        value = getattr(voicelive, name)
        if isinstance(value, type) and issubclass(value, Model):
            assert inspect.isclass(getattr(voicelive_sdk, name, None)), name
            assert _azure_wire_keys(getattr(voicelive_sdk, name)) == {f.wire_name for f in fields(value).values()}, name


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [
        (openai_realtime, "Audio", "RealtimeResponseAudio"),
        (openai_realtime, "AudioPCM", "RealtimeAudioFormatsAudioPCM"),
        (openai_realtime, "OutputAudioBufferCleared", "RealtimeServerEventOutputAudioBufferCleared"),
        (beta, "OutputAudioBufferClear", "RealtimeClientEventOutputAudioBufferClear"),
        (beta, "ClientSecret", "TranscriptionSessionClientSecret"),
    ],
)
def test_the_previous_names_still_import_for_one_release(module, old, new):
    # (The release that drops the aliases drops this test.)  Deprecated: each use warns.
    assert old not in module.__all__
    with pytest.warns(DeprecationWarning, match=f"{old} is deprecated and will be removed in 0.4.0; use {new}"):
        assert getattr(module, old) is getattr(module, new)
    assert getattr(module, new).__name__ == new

"""The catalogs' ``Param`` TypedDicts: one per model, keyed and required as the model is.

What a type checker makes of them is in tests/typing/params_checks.py; here, what holds at
run time: every model has its Param under the documented name, a Param's keys are its
model's wire keys, a discriminated base's Param is the union of its kinds' Params, and the
Params load only when one is asked for.
"""

import subprocess
import sys
from typing import Any, List, Tuple

import pytest
from catalog_data import catalog_modules, model_classes
from typing_extensions import get_args, get_type_hints, is_typeddict

from azure_style_events import fields
from azure_style_events import voicelive as vl
from azure_style_events.openai_realtime import beta


def _all_models() -> List[Tuple[Any, Any]]:
    return [(module, cls) for module in catalog_modules() for cls in model_classes(module)]


def _kinds(module: Any, cls: Any) -> List[Any]:
    return [sub for sub in cls.__subclasses__() if sub.__module__ == module.__name__]


@pytest.mark.parametrize(("module", "cls"), _all_models(), ids=lambda value: getattr(value, "__name__", ""))
def test_every_model_has_its_param_with_its_wire_keys(module: Any, cls: Any) -> None:
    param = getattr(module, f"{cls.__name__}Param")
    assert f"{cls.__name__}Param" in module.__all__
    kinds = _kinds(module, cls)
    if "__mapping__" in cls.__dict__ and kinds:
        # (A union of one kind is that kind's Param itself.)
        # A discriminated base: a dict literal is checked against the kind its tag names
        # (a kind that is itself a base brings its own kinds: unions flatten).
        expected = set()
        for kind in kinds:
            kind_param = getattr(module, f"{kind.__name__}Param")
            expected.update(get_args(kind_param) or {kind_param})
        assert set(get_args(param) or {param}) == expected
        return
    assert is_typeddict(param)
    declared = fields(cls)
    assert set(param.__annotations__) == {field.wire_name for field in declared.values()}
    assert param.__required_keys__ == {field.wire_name for field in declared.values() if field.required}
    get_type_hints(param)  # every name it mentions resolves


@pytest.mark.slow
def test_params_load_on_first_use_only() -> None:
    code = (
        "import sys, azure_style_events.voicelive as vl, azure_style_events.openai_realtime.beta;"
        "print(sorted(m for m in sys.modules if '_catalog_params.' in m));"
        "vl.RequestSessionParam;"
        "print(sorted(m for m in sys.modules if '_catalog_params.' in m))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["[]", "['azure_style_events._catalog_params.voicelive']"]


def test_a_missing_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchModelParam'"):
        vl.NoSuchModelParam  # noqa: B018
    with pytest.raises(AttributeError, match="has no attribute 'Nothing'"):
        beta.Nothing  # noqa: B018
    assert "RequestSessionParam" in vl.__dict__ or vl.RequestSessionParam is vl.__dict__["RequestSessionParam"]


def test_a_param_literal_builds_a_valid_model() -> None:
    # The literals tests/typing/params_checks.py shows the checkers accept.
    update = vl.ClientEventSessionUpdate(
        session={"model": "gpt-realtime", "voice": {"type": "openai", "name": "alloy"}, "modalities": ["text", "audio"]}
    )
    update.validate()
    assert isinstance(update.session.voice, vl.OpenAIVoice)
    session = vl.RequestSession(turn_detection={"type": "server_vad", "threshold": 0.5, "silence_duration_ms": 300})
    assert isinstance(session.turn_detection, vl.ServerVad)
    truncate: vl.ClientEventConversationItemTruncateParam = {
        "type": "conversation.item.truncate",
        "item_id": "item_1",
        "content_index": 0,
        "audio_end_ms": 1400,
    }
    event = vl.ClientEventConversationItemTruncate.from_dict(truncate)
    assert event == truncate
    assert event.audio_end_ms == 1400

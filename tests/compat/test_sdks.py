"""Every generated model of nine Azure SDKs, run on this package, behaves as on its own base.

Chosen for what they exercise (pinned in the ``compat`` extra): the realtime models and
``_unions`` aliases (azure-ai-voicelive), multipart file inputs
(azure-ai-agents, azure-ai-translation-document), long discriminator chains
(azure-ai-agents, azure-communication-jobrouter, azure-ai-inference), dates, datetimes
and read-only fields (azure-ai-documentintelligence, azure-health-deidentification,
azure-eventgrid), and the older ``from .. import _model_base`` layout (all but agents
and translation).  The counts are printed by ``test_report`` (``pytest -s``).
See ``sdk_harness.py`` for how each is built and compared.
"""

from __future__ import annotations

import sys
from typing import Any, List, Tuple

import pytest

pytest.importorskip("azure.core")

from compat.sdk_harness import Sdk  # noqa: E402

SDKS = [
    Sdk("azure-ai-voicelive", "azure.ai.voicelive", minimum=160),
    Sdk("azure-ai-agents", "azure.ai.agents", minimum=100),
    Sdk("azure-ai-translation-document", "azure.ai.translation.document", minimum=10),
    Sdk("azure-communication-jobrouter", "azure.communication.jobrouter", minimum=50),
    Sdk("azure-ai-inference", "azure.ai.inference", minimum=30),
    Sdk("azure-ai-documentintelligence", "azure.ai.documentintelligence", minimum=50),
    Sdk("azure-health-deidentification", "azure.health.deidentification", minimum=10),
    Sdk("azure-ai-contentsafety", "azure.ai.contentsafety", minimum=10),
    Sdk("azure-eventgrid", "azure.eventgrid", minimum=5),
]


def _installed(sdk: Sdk) -> bool:
    try:
        sdk.original
    except ImportError:
        return False
    return True


AVAILABLE = [sdk for sdk in SDKS if _installed(sdk)]
CLASSES: List[Tuple[Sdk, str]] = [(sdk, name) for sdk in AVAILABLE for name in sdk.class_names()]
DISPATCH: List[Tuple[Sdk, str, str]] = [(sdk, base, key) for sdk in AVAILABLE for base, key in sdk.discriminated()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("sdks")
    for sdk in AVAILABLE:
        sdk.build(root)
    yield
    for sdk in AVAILABLE:
        for name in [name for name in sys.modules if name == sdk.slug or name.startswith(sdk.slug + ".")]:
            del sys.modules[name]
        sdk._built = None


def _id(value: Any) -> str:
    return value.distribution if isinstance(value, Sdk) else str(value)


@pytest.mark.parametrize(("sdk", "name"), CLASSES, ids=_id)
def test_class_matches_its_azure_base(sdk: Sdk, name: str, built: Any) -> None:
    """Construction, as_dict, attributes and keyword construction agree with the SDK's own base."""
    problems = sdk.check_class(name, [])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("sdk", "base", "key"), DISPATCH, ids=_id)
def test_dispatch_matches_its_azure_base(sdk: Sdk, base: str, key: str, built: Any) -> None:
    """Every discriminated base sends every registered value to the same subclass."""
    problems = sdk.check_dispatch(base, key)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("sdk", SDKS, ids=_id)
def test_every_generated_class_imports_and_is_compared(sdk: Sdk, built: Any) -> None:
    if sdk not in AVAILABLE:
        pytest.skip(f"{sdk.distribution} is not installed (the compat extra; some need Python 3.10+)")
    module = sdk._built
    import azure_style_events

    mine = sorted(
        name
        for name, obj in vars(module).items()
        if isinstance(obj, type) and obj.__module__ == module.__name__ and issubclass(obj, azure_style_events.Model)
    )
    assert mine == sdk.class_names()
    assert len(mine) >= sdk.minimum


def test_report(built: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """Print, per SDK, how many generated classes match and where ours returns more."""
    if not AVAILABLE:
        pytest.skip("no SDK of the compat extra is installed")
    reports = [sdk.report() for sdk in AVAILABLE]
    with capsys.disabled():
        print("\n" + "\n".join(line for line, _, _ in reports))
    assert all(matching == total for _, matching, total in reports)

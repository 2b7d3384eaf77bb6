"""Golden files: the source the code generator (``_core/_codegen.py``) writes for a few classes.

Each case below names a class and the generated functions (plan entries, see the table
in ``_codegen``'s docstring) that show one shape of model: a flat event, a discriminated
base, a list of models, a union of models, defaults with renamed keys, and keyword
construction over a mapping.  Their source, as ``_codegen`` compiles it, is kept in
``tests/golden/<case>.txt``; a change to the generator then shows as a readable diff of
the code it writes.

To accept a deliberate change, regenerate the files and review the diff::

    ASEV_UPDATE_GOLDEN=1 python -m pytest tests/test_generated_source.py

With ``ASEV_UPDATE_GOLDEN=1`` each test writes its file instead of comparing (and
passes); commit the new files with the generator change.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Tuple

import pytest
from sample_models import Conversation, Message, Part

from azure_style_events import voicelive
from azure_style_events._core._codegen import generated_source
from azure_style_events.openai_realtime import beta

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("ASEV_UPDATE_GOLDEN") == "1"

# case -> (class, plan entries shown)
CASES: dict[str, Tuple[Any, Tuple[str, ...]]] = {
    "flat_event": (voicelive.ServerEventConversationItemTruncated, ("init", "from_json", "parse_owned", "wrap_owned")),
    "discriminated_base": (voicelive.ServerEvent, ("from_json", "from_dict", "wrap_owned", "resolve")),
    "list_of_models": (Message, ("parse_owned", "parse_owned_items", "check")),
    "union_of_models": (beta.ConversationItemInputAudioTranscriptionCompletedEvent, ("check_owned", "wrap")),
    "defaults_and_renamed_keys": (Conversation, ("init", "parse", "wrap")),
    "mixed_keywords": (Part, ("init", "init_mixed")),
}


def render(cls: Any, entries: Tuple[str, ...]) -> str:
    parts = [f"# The source _codegen writes for {cls.__module__}.{cls.__qualname__}.\n"]
    for entry in entries:
        parts.append(f"\n# -- {entry} " + "-" * (70 - len(entry)) + "\n\n")
        parts.append(generated_source(cls, entry))
    return "".join(parts)


@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_source_matches_the_golden_file(case):
    cls, entries = CASES[case]
    text = render(cls, entries)
    path = GOLDEN / f"{case}.txt"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run with ASEV_UPDATE_GOLDEN=1 to write it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"the generated source of {cls.__name__} changed: see the module docstring to regenerate"


def test_the_golden_source_is_what_runs():
    """The text compared is the text compiled: the class's compiled function shows the same lines."""
    import inspect

    cls = Part
    assert inspect.getsource(cls.__asev_plan__.init_mixed) == generated_source(cls, "init_mixed")

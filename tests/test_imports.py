"""`import azure_style_events` loads the base only; the catalogs load when first used."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(statement: str) -> set:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return set(out.split())


@pytest.mark.slow
def test_the_base_import_loads_no_catalog():
    loaded = _modules_after("import azure_style_events")
    assert not {
        name for name in loaded if name.startswith(("azure_style_events.voicelive", "azure_style_events.openai_realtime"))
    }
    assert "email.utils" not in loaded  # only RFC 7231 dates need it


# What the base needs from the standard library when it is imported: measured against,
# so that a module one of these loads by itself (a future `typing` may load any) is not
# blamed on the package.  Each must be one the package imports itself (checked below).
BASE_NEEDS = ("typing", "json", "enum", "datetime", "re")

# In one interpreter: the needs imported, then the package, with every import statement
# the package's own modules run recorded (`from . import` ones aside).  Printed: the
# modules the package import added, then the names the package imported itself.
_BASE_IMPORT = """
import builtins, sys
import {needs}
before = set(sys.modules)
own = set()
plain_import = builtins.__import__


def recording_import(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0 and str((globals or {{}}).get("__name__", "")).startswith("azure_style_events"):
        own.add(name)
    return plain_import(name, globals, locals, fromlist, level)


builtins.__import__ = recording_import
import azure_style_events
builtins.__import__ = plain_import
print(" ".join(sorted(set(sys.modules) - before)))
print(" ".join(sorted(own)))
"""


@pytest.mark.slow
def test_the_base_import_leaves_out_what_only_some_programs_need():
    # Each of these costs a share of the base's import and serves only some programs:
    # typing_extensions (type checkers), the conversation state, linecache and tokenize
    # (the first generated constructor), copy (deepcopy), threading (plain locks do),
    # calendar (a datetime sum does).  Blamed when the package's import adds one to what
    # the needs already loaded, or imports one itself, already loaded or not.
    left_out = {
        "typing_extensions",
        "azure_style_events.conversation",
        "linecache",
        "tokenize",
        "copy",
        "threading",
        "calendar",
        "decimal",  # only Decimal fields and values need it
        "weakref",  # the cache of live container views, made with the first view
        "base64",  # binascii does the work
        "binascii",  # an extension module: imported when bytes are first coded
        "importlib",  # only the lazy names and forward references import a module by name
    }
    code = _BASE_IMPORT.format(needs=", ".join(BASE_NEEDS))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    added, own = (set(line.split()) for line in out.split("\n")[:2])
    assert "azure_style_events._core._model" in added and "typing" in own  # the recording saw the import
    assert set(BASE_NEEDS) <= {name.partition(".")[0] for name in own}, own
    assert not added & left_out
    assert not {name for name in own for module in left_out if name == module or name.startswith(module + ".")}


@pytest.mark.slow
def test_decimal_imported_after_the_base_still_types_a_field():
    # The base does not import decimal: a Decimal annotation and a Decimal value are
    # recognised through the module the program itself imported.
    code = """
import json, sys
import azure_style_events as ase
assert "decimal" not in sys.modules
import decimal

class Price(ase.Model):
    amount: decimal.Decimal = ase.rest_field()

price = Price({"amount": 0.1})
assert price.amount == decimal.Decimal("0.1"), price.amount
price.amount = decimal.Decimal("2.50")
assert price["amount"] == 2.5
text = json.dumps({"d": decimal.Decimal("0.1000000000000000055511151231257827")}, cls=ase.SdkJSONEncoder)
assert text == '{"d": "0.1000000000000000055511151231257827"}', text
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "ok"


@pytest.mark.slow
def test_the_conversation_state_loads_on_first_use():
    loaded = _modules_after("from azure_style_events import ConversationState, ProtocolProblem")
    assert "azure_style_events.conversation._state" in loaded
    loaded = _modules_after("import azure_style_events as a; assert a.ConversationState is a.conversation.ConversationState")
    assert "azure_style_events.conversation" in loaded


@pytest.mark.slow
def test_the_voicelive_names_load_their_catalog_on_first_use():
    loaded = _modules_after("import azure_style_events as a; assert a.ServerEvent is a.voicelive.ServerEvent")
    assert "azure_style_events.voicelive" in loaded
    loaded = _modules_after("from azure_style_events import ServerEventConversationItemTruncated")
    assert "azure_style_events.voicelive" in loaded


def test_every_public_name_is_there_and_listed():
    import azure_style_events

    assert sorted(azure_style_events.__all__) == azure_style_events.__all__
    for name in azure_style_events.__all__:
        assert getattr(azure_style_events, name) is not None, name
    assert set(azure_style_events.__all__) <= set(dir(azure_style_events))
    try:
        azure_style_events.NoSuchName  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchName" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")

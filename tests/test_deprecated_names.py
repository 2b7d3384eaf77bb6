"""The OpenAI catalogs' previous class names: still importable, each use a DeprecationWarning.

The naming rule (docs/design.md, "Names") renamed some classes; their old names stay for
one more release and go in 0.4.0.  The catalog module's ``__getattr__`` hands them out,
so the warning names the line that used the old name.
"""

import warnings

import pytest

from azure_style_events import openai_realtime
from azure_style_events.openai_realtime import beta

MODULES = [openai_realtime, beta]
OLD_NAMES = [(module, old) for module in MODULES for old in sorted(module._RENAMED)]


def _id(pair):
    return f"{pair[0].__name__.rpartition('.')[2]}.{pair[1]}"


def test_each_openai_catalog_keeps_old_names():
    assert len(openai_realtime._RENAMED) == 30 and len(beta._RENAMED) == 21


@pytest.mark.parametrize("pair", OLD_NAMES, ids=_id)
def test_an_old_name_warns_and_gives_the_class(pair):
    module, old = pair
    new = module._RENAMED[old]
    with pytest.warns(DeprecationWarning) as caught:
        assert getattr(module, old) is new
    assert [str(warning.message) for warning in caught] == [
        f"{module.__name__}.{old} is deprecated and will be removed in 0.4.0; use {new.__name__}"
    ]
    # The warning points at the caller's line, not at the catalog.
    assert caught[0].filename == __file__
    assert getattr(module, new.__name__) is new
    assert old not in module.__all__ and old not in vars(module)


def test_from_import_of_an_old_name_warns_at_the_import():
    with pytest.warns(DeprecationWarning, match="openai_realtime.Audio is deprecated") as caught:
        from azure_style_events.openai_realtime import Audio
    assert Audio is openai_realtime.RealtimeResponseAudio
    assert {warning.filename for warning in caught} == {__file__}
    with pytest.warns(DeprecationWarning, match="beta.ClientSecret is deprecated") as caught:
        from azure_style_events.openai_realtime.beta import ClientSecret
    assert ClientSecret is beta.TranscriptionSessionClientSecret
    assert {warning.filename for warning in caught} == {__file__}


def test_the_catalogs_and_their_star_imports_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for module in MODULES:
            namespace: dict = {}
            exec(f"from {module.__name__} import *", namespace)  # noqa: S102 - a star import, as a user writes it
            assert "ServerEvent" in namespace and "AnyServerEvent" in namespace
            assert not set(module._RENAMED) & set(namespace)


def test_other_missing_names_are_attribute_errors():
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchClass'"):
        openai_realtime.NoSuchClass  # noqa: B018
    assert openai_realtime.SessionUpdateEventParam.__name__ == "SessionUpdateEventParam"

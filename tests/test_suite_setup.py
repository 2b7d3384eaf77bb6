"""The test suite's own set-up in conftest.py: the hypothesis profile, one name per helper module."""

import importlib.util
import os
import sys

import catalog_data
import pytest


def test_the_hypothesis_profile_is_loaded_whichever_module_runs(request):
    """conftest.py loads the profile, so a property module run alone gets the fixed seed too."""
    hypothesis = pytest.importorskip("hypothesis")
    name = request.config.getoption("hypothesis_profile", None) or os.environ.get("ASEV_HYPOTHESIS_PROFILE", "ci")
    current, wanted = hypothesis.settings(), hypothesis.settings.get_profile(name)
    for attribute in ("max_examples", "derandomize", "deadline", "suppress_health_check"):
        assert getattr(current, attribute) == getattr(wanted, attribute), attribute
    if name == "ci":
        assert current.max_examples == 150 and current.derandomize and current.database is None


def test_a_helper_loaded_under_a_second_name_is_caught(misloaded_test_modules):
    assert misloaded_test_modules() == []
    # Registered, not run: the check reads the names and files in sys.modules.
    spec = importlib.util.spec_from_file_location("tests.catalog_data", catalog_data.__file__)
    assert spec is not None
    sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    try:
        problems = misloaded_test_modules()
    finally:
        del sys.modules[spec.name]
    assert problems == [
        "tests/catalog_data.py is loaded under 2 names: catalog_data, tests.catalog_data",
        "tests/catalog_data.py is imported as tests.catalog_data; import it as catalog_data",
    ]
    assert misloaded_test_modules() == []

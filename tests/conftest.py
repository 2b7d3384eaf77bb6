"""Shared helpers for the tests."""

import functools
import itertools
import os
import re
import sys
import types
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional

import pytest

_counter = itertools.count()

# -- hypothesis profiles ---------------------------------------------------------------------
#
# Registered and loaded here, before any test module is imported, so that every property
# test runs the same examples whether the whole suite runs or one module alone.  "ci" (the
# default) is a fixed seed and 150 examples per property; ASEV_HYPOTHESIS_PROFILE=long runs
# 5,000 fresh examples.  hypothesis is optional (the `test` extra): without it the property
# tests skip themselves.
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # pragma: no cover - the property tests skip themselves
    pass
else:
    settings.register_profile(
        "ci",
        max_examples=150,
        derandomize=True,  # a fixed seed: the same examples on every run
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile(os.environ.get("ASEV_HYPOTHESIS_PROFILE", "ci"))

# -- the fast tier ---------------------------------------------------------------------------
#
# `python -m pytest -m "not slow"` leaves out the tests marked `slow` (see pyproject.toml).
# A module marked slow as a whole, with this line at its top level, is not even imported
# under that exact command: deselection would drop every test of it anyway, but only after
# the import, and the compat suite's imports alone cost seconds.  Any other expression
# collects it as usual and lets the marker decide.
_WHOLE_MODULE_SLOW = re.compile(r"^pytestmark = pytest\.mark\.slow$", re.MULTILINE)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> Optional[bool]:
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    if " ".join((config.getoption("markexpr") or "").split()) != "not slow":
        return None
    try:
        source = collection_path.read_text(encoding="utf-8")
    except OSError:
        return None
    return True if _WHOLE_MODULE_SLOW.search(source) else None


# -- one name per helper module --------------------------------------------------------------
#
# pyproject.toml puts tests/ on sys.path (pythonpath = ["tests"]), so a helper is imported
# by its path from there: `from catalog_data import ...`, `from compat.sdk_harness import
# ...`, `from genpkg import ...`.  Imported another way as well (`tests.catalog_data`), the
# module would run twice, and its classes and caches would exist twice.  Checked when the
# session starts (after collection imported every test module) and when it ends.
_TESTS = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=None)
def _in_tests(file: str) -> Optional[Path]:
    """The path of a module's file from tests/, or None for a file elsewhere."""
    try:
        return Path(file).resolve().relative_to(_TESTS)
    except ValueError:
        return None


def _misloaded_test_modules() -> List[str]:
    """What is wrong with the names the modules of tests/ are loaded under, one line each."""
    names: Dict[Path, List[str]] = {}
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        relative = _in_tests(file) if isinstance(file, str) else None
        if relative is not None:
            names.setdefault(relative, []).append(name)
    problems = []
    for relative, loaded in sorted(names.items()):
        shown = f"tests/{relative.as_posix()}"
        if len(loaded) > 1:
            problems.append(f"{shown} is loaded under {len(loaded)} names: {', '.join(sorted(loaded))}")
        # pytest names the test modules and conftest.py itself; a helper has one right name.
        if relative.name == "conftest.py" or relative.name.startswith("test_"):
            continue
        parts = relative.with_suffix("").parts
        expected = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        wrong = sorted(set(loaded) - {expected})
        if wrong:
            problems.append(f"{shown} is imported as {', '.join(wrong)}; import it as {expected}")
    return problems


@pytest.fixture(scope="session", autouse=True)
def _each_test_module_loaded_once() -> Iterator[None]:
    assert not _misloaded_test_modules(), "\n".join(_misloaded_test_modules())
    yield
    assert not _misloaded_test_modules(), "\n".join(_misloaded_test_modules())


@pytest.fixture
def misloaded_test_modules() -> Callable[[], List[str]]:
    """The check above, for the test that shows it catches a second name."""
    return _misloaded_test_modules


@pytest.fixture
def make_module() -> Iterator:
    """Build a real, importable module from source text, as forward references need."""
    made = []

    def make(source: str) -> types.ModuleType:
        name = f"_asev_test_module_{next(_counter)}"
        module = types.ModuleType(name)
        sys.modules[name] = module
        made.append(name)
        exec(compile(source, f"<{name}>", "exec"), module.__dict__)  # noqa: S102 - the test module source written above
        return module

    yield make
    for name in made:
        sys.modules.pop(name, None)

"""Shared helpers for the tests."""

import itertools
import sys
import types
from typing import Iterator

import pytest

_counter = itertools.count()


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

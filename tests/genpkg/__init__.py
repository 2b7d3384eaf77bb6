"""A package laid out like TypeSpec-generated Azure SDK code, written for these tests.

``models/_models.py`` imports its base the way generated code does (one line), names
sibling modules only under ``TYPE_CHECKING`` (``"_models.Foo"``, ``"_unions.Shape"``),
declares ``@overload __init__`` and sets discriminators in ``__init__``.  mypy and
pyright check it as part of ``tests/typing``'s job: generated code must type-check
against this package.
"""

"""The constructors' stand-ins: what ``__init__`` and ``from_dict`` are until their first call.

Each class gets functions of its own over these two code objects, with globals of its own
(``_model._stand_in``): ``_asev_generate`` compiles the class's real constructor on the
first call and turns the stand-in itself into it (``_codegen.become``), so a reference
taken earlier is fast too.  They live in a file, not in generated text, so tracebacks and
``inspect`` read them from here without registering anything at import.
"""

from typing import Any

# Set in each class's own copy of the globals; never read from this module.
_asev_generate: Any = None
_asev_stand_in: Any = None


def __init__(self: Any, *args: Any, **kwargs: Any) -> Any:
    return _asev_generate(_asev_stand_in)(self, *args, **kwargs)


def from_dict(cls: Any, data: Any, *, validate: bool = True) -> Any:
    return _asev_generate(_asev_stand_in)(cls, data, validate=validate)


TEMPLATES = {"__init__": __init__, "from_dict": from_dict}

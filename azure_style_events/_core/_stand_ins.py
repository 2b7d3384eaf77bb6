"""The constructors' stand-ins: what a class's ``__init__``, ``from_dict`` and ``from_json`` are until first called.

Each class gets functions of its own over the three code objects below, with globals of
its own (:func:`stand_in`).  On the first call, :func:`_generate` compiles the class's
real constructor (the plan's ``init``, ``from_dict`` or ``from_json``, see ``_codegen``) and turns the
stand-in itself into it (``_codegen.become``), so a reference taken earlier
(``parse = Cls.from_dict``) runs the generated code too.  The templates live in a file,
not in generated text, so tracebacks and ``inspect`` read them from here without
registering anything at import.
"""

import builtins
from types import FunctionType
from typing import Any, Dict

from ._codegen import REPLACEABLE_ATTR, become
from ._plan import PLAN_ATTR

__all__ = ["CONSTRUCTORS", "adopt", "stand_in"]

# Set in each class's own copy of the globals; never read from this module.
_asev_generate: Any = None
_asev_stand_in: Any = None


def __init__(self: Any, *args: Any, **kwargs: Any) -> Any:
    return _asev_generate(_asev_stand_in)(self, *args, **kwargs)


def from_dict(cls: Any, data: Any, *, validate: bool = True) -> Any:
    return _asev_generate(_asev_stand_in)(cls, data, validate=validate)


def from_json(cls: Any, text: Any, *, validate: bool = True) -> Any:
    return _asev_generate(_asev_stand_in)(cls, text, validate=validate)


_TEMPLATES = {"__init__": __init__, "from_dict": from_dict, "from_json": from_json}
#: The plan entry each stand-in becomes.
_ENTRIES = {"__init__": "init", "from_dict": "from_dict", "from_json": "from_json"}
#: The constructors a class gets a stand-in for, and whether each is a classmethod.
CONSTRUCTORS = (("__init__", False), ("from_dict", True), ("from_json", True))


def stand_in(name: str) -> Any:
    """A fresh stand-in constructor (a name of :data:`CONSTRUCTORS`); its class is set with :func:`adopt`."""
    template = _TEMPLATES[name]
    namespace: Dict[str, Any] = {"_asev_generate": _generate, "__builtins__": builtins}
    function = FunctionType(template.__code__, namespace)
    function.__kwdefaults__ = template.__kwdefaults__
    setattr(function, REPLACEABLE_ATTR, True)
    namespace["_asev_stand_in"] = function
    return function


def adopt(function: Any, cls: Any) -> None:
    """Tie a stand-in to the class it was made for, once that class exists."""
    function.__globals__["_asev_owner"] = cls
    function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"


def _generate(function: Any) -> Any:
    """On a stand-in's first call: turn it into its class's generated constructor; return it.

    Threads that make the first call at once each turn it into an identical function;
    every one of them then calls a correct one.
    """
    name = function.__name__
    if function.__code__ is _TEMPLATES[name].__code__:
        cls = function.__globals__["_asev_owner"]
        become(function, getattr(getattr(cls, PLAN_ATTR), _ENTRIES[name]))
    return function

"""The constructors' stand-ins: what a class's ``__init__``, ``from_dict`` and ``from_json`` are until first called.

Each class gets functions of its own over the three code objects below, with globals of
its own (:func:`stand_in`).  On the first call, :func:`_generate` compiles the class's
real constructor (the plan's ``init``, ``from_dict`` or ``from_json``, see ``_codegen``) and turns the
stand-in itself into it (:func:`become`), so a reference taken earlier
(``parse = Cls.from_dict``) runs the generated code too.  The templates live in a file,
not in generated text, so tracebacks and ``inspect`` read them from here without
registering anything at import.
"""

import builtins
from types import FunctionType
from typing import Any, Dict

from ._plan import PLAN_ATTR

__all__ = ["CONSTRUCTORS", "REPLACEABLE_ATTR", "adopt", "become", "stand_in"]

#: Marks a constructor a subclass may replace with its own generated one (Model's and the stand-ins).
REPLACEABLE_ATTR = "__asev_replaceable__"

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


def become(stand_in: Any, real: Any) -> None:
    """Turn the function ``stand_in`` into ``real`` in place, so that every reference to it runs ``real``.

    Its globals are its own (see :func:`stand_in`): ``real``'s names are added to them, then
    the defaults, names and, last, the code change, so a caller sees either the old
    function or the whole new one.
    """
    stand_in.__globals__.update(real.__globals__)
    stand_in.__kwdefaults__ = real.__kwdefaults__
    stand_in.__defaults__ = real.__defaults__
    stand_in.__doc__ = real.__doc__
    stand_in.__qualname__ = real.__qualname__
    stand_in.__module__ = real.__module__
    stand_in.__code__ = real.__code__

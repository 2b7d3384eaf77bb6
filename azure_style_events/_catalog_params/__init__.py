"""Each catalog's ``Param`` TypedDicts, one generated module per catalog.

The catalogs import their Params for type checkers only; at run time a catalog module's
``__getattr__`` (PEP 562) asks :func:`param_attribute` for a ``...Param`` name, which loads
the catalog's Params module on that first use.  So ``import azure_style_events.voicelive``
does not pay for some two hundred TypedDict classes that only type checkers need.
"""

import importlib
import sys
from typing import Any

__all__ = ["param_attribute"]


def param_attribute(catalog: str, params: str, name: str) -> Any:
    """Attribute ``name`` of the catalog module ``catalog``, when it is one of its Params.

    Found, the TypedDict is also set on the catalog module, so the next lookup is an
    ordinary attribute; anything else raises the ``AttributeError`` a module would.
    """
    if name.endswith("Param"):
        module = importlib.import_module(f"{__name__}.{params}")
        value = module.__dict__.get(name)
        if value is not None:
            setattr(sys.modules[catalog], name, value)
            return value
    raise AttributeError(f"module {catalog!r} has no attribute {name!r}")

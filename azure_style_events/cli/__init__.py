"""The command line: ``python -m azure_style_events COMMAND`` and the ``azure-style-events`` script.

This package only re-exports :func:`main` and :func:`console`.
"""

from ._main import console, main

__all__ = ["console", "main"]

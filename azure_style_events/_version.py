"""The package's version: one place for ``__version__`` and ``--version``."""

VERSION = "0.2.0"

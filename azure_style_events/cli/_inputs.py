"""Where ``check`` reads from: named files, standard input, or the bundled sample.

A source is a name and an opener (a callable returning a context manager of a byte
stream), so that a file is opened only when its turn comes and one that cannot be read
is reported without stopping the others.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from contextlib import nullcontext
from typing import IO, Any, Iterator, Optional, Sequence, Tuple

__all__ = ["SAMPLE_NAME", "reason", "sources"]

SAMPLE_NAME = "sample_session.jsonl"
_open = open  # the one place files are opened (tests replace it to simulate errors)


def _stdin_has_data() -> bool:
    """Whether standard input is a pipe, a socket or a file (not a terminal, not absent)."""
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):  # replaced, closed or detached stdin
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)


def _stdin() -> Any:
    """Standard input's bytes, in a context that does not close it."""
    buffer: Optional[IO[bytes]] = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without a byte buffer (one replaced in tests)
        buffer = io.BytesIO(sys.stdin.read().encode("utf-8", "surrogatepass"))
    return nullcontext(buffer)


def sources(paths: Sequence[str]) -> Iterator[Tuple[str, Any]]:
    """``(name, opener)`` pairs; an opener returns a context manager of a byte stream."""
    if not paths:
        if _stdin_has_data():
            yield "<stdin>", _stdin
            return
        from importlib.resources import files

        sample = files("azure_style_events").joinpath("data").joinpath(SAMPLE_NAME)
        yield f"{SAMPLE_NAME} (bundled sample)", lambda: sample.open("rb")
        return
    for path in paths:
        if path == "-":
            yield "<stdin>", _stdin
        else:
            yield path, lambda path=path: _open(path, "rb")


def reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__

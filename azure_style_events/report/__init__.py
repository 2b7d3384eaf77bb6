"""An HTML report of checked realtime sessions: a timeline per file, then its tables.

``render_report(files)`` turns :class:`LogReport` records (a file's folded
``ConversationState``, with the file line of each protocol problem and server error)
into one self-contained HTML page: inline SVG and CSS, nothing loaded from anywhere,
readable with JavaScript off.  Its size follows the number of items, responses and
problems, not the number of events.  ``write_report(path, files)`` writes it.
"""

from __future__ import annotations

import os
from typing import Iterable, Union

from ._html import page
from ._model import LogReport, SessionView, build_view

__all__ = ["LogReport", "SessionView", "build_view", "render_report", "write_report"]


def render_report(files: Iterable[LogReport]) -> str:
    """The HTML page of the given checked files."""
    return page([build_view(report) for report in files])


def write_report(path: Union[str, "os.PathLike[str]"], files: Iterable[LogReport]) -> None:
    """Write the page to ``path`` (UTF-8); raises ``OSError`` when it cannot be written."""
    text = render_report(files)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)

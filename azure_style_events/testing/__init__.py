"""Tools for testing realtime clients: replay a recorded session, record one, keep cassettes.

* ``_recording``: a recording (a log, its lines, or a Python script of events and
  :func:`expect` markers) read into the steps a replay plays.
* ``_replay``: the replay's logic, sans I/O: next step, client frames validated and
  folded into a ``ConversationState``, the :class:`Report` and its :class:`Problem` s.
* ``_server``: :class:`ReplayServer`, the websocket edge around it (a thread of its own).
* ``_proxy``: :class:`RecordingProxy`, a websocket proxy that writes each frame as an envelope.
* ``_cassette``: :class:`Cassette`, record once through the proxy, replay ever after.
* ``_scrub``: ``scrub``, which removes what a recording should not keep.

The pytest fixtures ``realtime_replay`` and ``realtime_cassette`` live in
``azure_style_events._pytest_plugin``.  Needs ``websockets`` (the ``testing`` extra).
"""

from importlib.util import find_spec

if find_spec("websockets") is None:  # found, not imported: the modules below import it when they need it
    raise ImportError(
        "azure_style_events.testing needs the `websockets` package: pip install 'azure-style-events[testing]'",
        name="websockets",
    )

from ._cassette import Cassette, CassetteError
from ._proxy import RecordingProxy
from ._recording import Expect, Recording, RecordingError, Send, expect, load_recording
from ._replay import Frame, Problem, Replay, Report, Verdict
from ._scrub import scrub, scrub_lines
from ._server import DEFAULT_MAX_FRAME, ReplayServer

__all__ = [
    "DEFAULT_MAX_FRAME",
    "Cassette",
    "CassetteError",
    "Expect",
    "Frame",
    "Problem",
    "Recording",
    "RecordingError",
    "RecordingProxy",
    "Replay",
    "ReplayServer",
    "Report",
    "Send",
    "Verdict",
    "expect",
    "load_recording",
    "scrub",
    "scrub_lines",
]

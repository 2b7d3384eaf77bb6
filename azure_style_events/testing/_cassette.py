"""Cassettes: a test's session recorded once from the live service, replayed ever after.

A :class:`Cassette` names a file.  When the file exists it is replayed by a
:class:`~._server.ReplayServer`.  When it is missing and recording is allowed (an
upstream is named), the test's client talks to the upstream through a
:class:`~._proxy.RecordingProxy`; at :meth:`Cassette.stop` the frames are scrubbed and
saved.  :func:`decide` is the rule, sans I/O: with ``CI`` set, a missing cassette is an
error unless recording is forced, so that CI never records by accident.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Union

from ._proxy import RecordingProxy
from ._replay import Report
from ._server import ReplayServer

__all__ = ["ENV_API_KEY", "ENV_BEARER", "ENV_FORCE", "ENV_UPSTREAM", "Cassette", "CassetteError", "decide", "upstream_headers"]

#: The live service's address missing cassettes are recorded from.
ENV_UPSTREAM = "ASEV_RECORD_UPSTREAM"
#: Record even where ``CI`` is set (``1``/``true``/``yes``).
ENV_FORCE = "ASEV_RECORD_FORCE"
#: A key sent upstream as ``api-key`` in place of the client's (Azure).
ENV_API_KEY = "ASEV_RECORD_API_KEY"
#: A token sent upstream as ``Authorization: Bearer ...`` in place of the client's (OpenAI, Entra ID).
ENV_BEARER = "ASEV_RECORD_BEARER"

_TRUE = ("1", "true", "yes", "on")


class CassetteError(RuntimeError):
    """A cassette that can neither be replayed (missing) nor recorded (not allowed)."""


def decide(
    path: Union[str, "os.PathLike[str]"], exists: bool, upstream: Optional[str], env: Mapping[str, str], force: bool = False
) -> str:
    """``"replay"`` or ``"record"``; raises :class:`CassetteError` saying how to record when neither may happen."""
    if exists:
        return "replay"
    if not upstream:
        raise CassetteError(
            f"cassette {os.fspath(path)} is missing; to record it from the live service, name it: "
            f"--realtime-record=URL or {ENV_UPSTREAM}=URL"
        )
    forced = force or env.get(ENV_FORCE, "").lower() in _TRUE
    if env.get("CI", "").lower() not in ("", "0", "false", "no") and not forced:
        raise CassetteError(
            f"cassette {os.fspath(path)} is missing, and CI is set: recording is refused there "
            f"({ENV_FORCE}=1 or --realtime-record-force to record anyway)"
        )
    return "record"


def upstream_headers(env: Mapping[str, str]) -> Dict[str, str]:
    """The credentials the environment gives for the upstream (none: the client's own headers go)."""
    headers: Dict[str, str] = {}
    if env.get(ENV_API_KEY):
        headers["api-key"] = env[ENV_API_KEY]
    if env.get(ENV_BEARER):
        headers["Authorization"] = f"Bearer {env[ENV_BEARER]}"
    return headers


class Cassette:
    """One cassette file: :meth:`start` it, point the client at :attr:`url`, :meth:`stop` it.

    ``upstream``: where to record from (default: ``$ASEV_RECORD_UPSTREAM``); ``force``:
    record even with ``CI`` set; ``options``: the :class:`ReplayServer`'s, for replaying.
    """

    def __init__(
        self,
        path: Union[str, "os.PathLike[str]"],
        *,
        upstream: Optional[str] = None,
        force: bool = False,
        env: Optional[Mapping[str, str]] = None,
        **options: Any,
    ) -> None:
        self.path = Path(path)
        self._env: Mapping[str, str] = os.environ if env is None else env
        self._upstream = upstream or self._env.get(ENV_UPSTREAM) or None
        self.mode = decide(self.path, self.path.exists(), self._upstream, self._env, force)
        self._options = options
        self.server: Optional[ReplayServer] = None
        self.proxy: Optional[RecordingProxy] = None

    @property
    def url(self) -> str:
        edge = self.server or self.proxy
        if edge is None:
            raise RuntimeError("the cassette is not started")
        return edge.url

    @property
    def reports(self) -> List[Report]:
        """The replay's reports (none while recording: the live service is the judge then)."""
        server = self.server
        if server is None:
            return []
        return list(server.reports) or [server.report]

    def start(self) -> "Cassette":
        if self.mode == "replay":
            self.server = ReplayServer(self.path, **self._options).start()
        else:
            assert self._upstream is not None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            headers = upstream_headers(self._env)
            self.proxy = RecordingProxy(self._upstream, self._partial(), headers=headers).start()
        return self

    def stop(self) -> None:
        """Stop; after recording, scrub the frames and save the cassette (nothing is saved when none passed)."""
        if self.server is not None:
            self.server.stop()
        if self.proxy is not None:
            self.proxy.stop()
            self.proxy = None
            self._save()

    def _partial(self) -> Path:
        return self.path.with_name(self.path.name + ".partial")

    def _save(self) -> None:
        partial = self._partial()
        try:
            lines = [json.loads(line) for line in partial.read_text(encoding="utf-8").splitlines() if line.strip()]
            if lines:
                text = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in _scrubber()(lines))
                self.path.write_text(text, encoding="utf-8")
        finally:
            partial.unlink()

    def __enter__(self) -> "Cassette":
        return self.start()

    def __exit__(self, *_: Any) -> None:
        self.stop()


def _scrubber() -> Callable[[List[Any]], List[Any]]:
    """The package's scrubber where it is installed; else the frames as they are (no header is in them)."""
    try:
        module = importlib.import_module("._scrub", __package__)
    except ImportError:
        return list
    found: Callable[[List[Any]], List[Any]] = module.scrub
    return found

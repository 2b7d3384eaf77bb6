"""The pytest plugin (entry point ``pytest11``): the ``realtime_replay`` and ``realtime_cassette`` fixtures.

Both start their server in a thread of its own, so they serve sync tests, asyncio and
anyio tests alike, and stop it at teardown.  There the test fails when a replayed client
broke the catalog's schema or the protocol, unless the fixture was called with
``check=False``.  This module imports nothing optional until a fixture is used, so that
installing the package never breaks a test run without ``websockets``.

Options: ``--realtime-record=URL`` (or ``ASEV_RECORD_UPSTREAM``) records missing
cassettes from that live service; ``--realtime-record-force`` (or ``ASEV_RECORD_FORCE=1``)
records even where ``CI`` is set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, List, Tuple

import pytest

__all__ = ["pytest_addoption", "realtime_cassette", "realtime_replay"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("realtime", "realtime sessions replayed (azure-style-events)")
    group.addoption(
        "--realtime-record",
        metavar="URL",
        default=None,
        help="record missing realtime cassettes from this live service (default: $ASEV_RECORD_UPSTREAM)",
    )
    group.addoption(
        "--realtime-record-force",
        action="store_true",
        default=False,
        help="record missing cassettes even where CI is set",
    )


def _testing() -> Any:
    try:
        import azure_style_events.testing as testing
    except ImportError as exc:
        pytest.fail(str(exc), pytrace=False)
    return testing


@pytest.fixture
def realtime_replay() -> Iterator[Callable[..., Any]]:
    """``realtime_replay(recording, check=True, **options)``: a started ``ReplayServer``."""
    started: List[Tuple[Any, bool]] = []

    def start(recording: Any, *, check: bool = True, **options: Any) -> Any:
        server = _testing().ReplayServer(recording, **options).start()
        started.append((server, check))
        return server

    yield start
    _finish(started)


@pytest.fixture
def realtime_cassette(request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """``realtime_cassette(path, check=True, **options)``: a started ``Cassette`` (a relative path: beside the test file)."""
    started: List[Tuple[Any, bool]] = []
    config = request.config
    folder = Path(str(request.node.path)).parent

    def start(path: Any, *, check: bool = True, **options: Any) -> Any:
        testing = _testing()
        upstream = config.getoption("--realtime-record")
        force = bool(config.getoption("--realtime-record-force"))
        try:
            cassette = testing.Cassette(folder / path, upstream=upstream, force=force, **options).start()
        except testing.CassetteError as exc:
            pytest.fail(str(exc), pytrace=False)
        started.append((cassette, check))
        return cassette

    yield start
    _finish(started)


def _finish(started: List[Tuple[Any, bool]]) -> None:
    """Stop every server, then fail the test with the problems of those that check.

    A replay server no client came to reports every recorded client event missing.
    """
    for edge, _ in started:
        edge.stop()
    reports = [report for edge, check in started if check for report in edge.reports or _unvisited(edge)]
    problems = [f"  {problem}" for report in reports for problem in report.problems]
    if problems:
        pytest.fail("the realtime client broke the replayed session:\n" + "\n".join(problems), pytrace=False)


def _unvisited(edge: Any) -> List[Any]:
    report = getattr(edge, "report", None)
    return [report] if report is not None else []

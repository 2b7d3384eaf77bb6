"""The replay's protocol logic, sans I/O: which step comes next, what the client sent, the report.

A :class:`Replay` plays one :class:`~._recording.Recording` to one connection.  The edge
(``_server``) asks :meth:`Replay.next_step`, sends a :class:`~._recording.Send` and says
so (:meth:`Replay.sent`), hands over every frame the client sends (:meth:`Replay.receive`)
and, at an :class:`~._recording.Expect`, asks :meth:`Replay.take_expected` whether the
awaited event came.  The replay validates each client frame against the dialect's catalog,
folds both sides into a :class:`~azure_style_events.ConversationState` and keeps the
:class:`Report`.  It knows no socket and no clock: times are given to it.
"""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass, field
from typing import Deque, List, Optional, Union

from .._core._errors import ValidationError
from .._core._jsontext import DECODE_ERRORS, describe_error, loads_strict
from ..conversation import ConversationState
from ._recording import Expect, Recording, Send

__all__ = ["CLOSE", "MATCHED", "WAITING", "Frame", "Problem", "Replay", "Report", "Verdict"]


class Verdict(enum.Enum):
    """What :meth:`Replay.take_expected` says of the awaited client event."""

    MATCHED = "matched"  # it came: the step is passed
    WAITING = "waiting"  # not yet
    CLOSE = "close"  # another came, and the replay closes on that (``on_unexpected="close"``)


MATCHED, WAITING, CLOSE = Verdict.MATCHED, Verdict.WAITING, Verdict.CLOSE


@dataclass(frozen=True)
class Problem:
    """One thing the client did wrong.  ``frame``: the index of its frame in ``report.frames_in``."""

    code: str
    message: str
    event_type: str = ""
    frame: Optional[int] = None

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


@dataclass(frozen=True)
class Frame:
    """A frame that passed: ``source`` ``"client"`` or ``"server"``, its event type, its text, when, and its kind."""

    source: str
    type: str
    text: str
    time: float
    binary: bool = False


@dataclass
class Report:
    """What one connection's replay saw: the frames both ways and the problems."""

    state: ConversationState
    frames: List[Frame] = field(default_factory=list)
    #: The request path the client connected to (never its query or headers).
    path: str = ""
    #: The replay reached the recording's end.
    finished: bool = False
    #: The connection is over (the report will not change).
    closed: bool = False
    _own: List[Problem] = field(default_factory=list)

    @property
    def frames_in(self) -> List[Frame]:
        return [frame for frame in self.frames if frame.source == "client"]

    @property
    def frames_out(self) -> List[Frame]:
        return [frame for frame in self.frames if frame.source == "server"]

    @property
    def problems(self) -> List[Problem]:
        """The replay's own problems, then the protocol problems of the folded session."""
        folded = [Problem(str(p.code), p.message, p.event_type) for p in self.state.problems]
        return [*self._own, *folded]

    def add(self, code: str, message: str, event_type: str = "", frame: Optional[int] = None) -> None:
        self._own.append(Problem(code, message, event_type, frame))

    def assert_clean(self) -> None:
        """Raise ``AssertionError`` listing every problem, when there is one."""
        problems = self.problems
        if problems:
            lines = "\n".join(f"  {problem}" for problem in problems)
            raise AssertionError(f"the client broke {len(problems)} rule(s) of the replayed session:\n{lines}")


class Replay:
    """One recording played to one client; see the module docstring.

    ``on_unexpected``: ``"wait"`` (report the frame, keep waiting for the expected type)
    or ``"close"`` (report it and end the replay: :meth:`take_expected` says ``CLOSE``).
    """

    def __init__(self, recording: Recording, *, on_unexpected: str = "wait", path: str = "") -> None:
        if on_unexpected not in ("wait", "close"):
            raise ValueError(f"on_unexpected is 'wait' or 'close', not {on_unexpected!r}")
        self.recording = recording
        self.report = Report(ConversationState(recording.dialect), path=path)
        self.close_reason = ""
        self._close = on_unexpected == "close"
        self._position = 0
        self._pending: Deque[str] = deque()  # client event types not yet matched
        self._ended = self._finished = False
        self._received = 0  # client frames so far

    def next_step(self) -> Union[Send, Expect, None]:
        """The step to play now; ``None`` at the recording's end (or after the replay stopped)."""
        steps = self.recording.steps
        if self._ended or self._position >= len(steps):
            return None
        return steps[self._position]

    def sent(self, at: float, binary: bool = False) -> None:
        """The current step (a :class:`Send`) went out at ``at`` (as a ``binary`` frame or a text one)."""
        step = self.recording.steps[self._position]
        assert isinstance(step, Send)
        self.report.frames.append(Frame("server", str(step.event["type"]), step.text, at, binary))
        self.report.state.apply(step.event, at=at)
        self._position += 1

    def receive(self, frame: Union[str, bytes], at: float) -> None:
        """A frame from the client: validated, folded, and kept for the next :class:`Expect`."""
        text = frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame
        index, self._received = self._received, self._received + 1
        event_type = self._check(text, index, at)
        self.report.frames.append(Frame("client", event_type, text, at, isinstance(frame, bytes)))
        if event_type and event_type not in self.recording.optional:
            self._pending.append(event_type)

    def _check(self, text: str, index: int, at: float) -> str:
        """The frame's event type ("" for no event), its schema problems reported, folded when known."""
        try:
            data = loads_strict(text)
        except DECODE_ERRORS as exc:
            self.report.add("not-json", f"frame {index} is not JSON: {describe_error(exc, one_line=True)}", frame=index)
            return ""
        event_type = data.get("type") if isinstance(data, dict) else None
        if not isinstance(event_type, str):
            self.report.add("schema", f"frame {index} is not an event (an object with a string `type`)", frame=index)
            return ""
        dialect = self.recording.dialect
        if not dialect.is_client(event_type):
            side = "a server event" if event_type in dialect.models else "not in the catalog"
            self.report.add("unknown-event", f"{event_type} is {side} of {dialect.name}", event_type, index)
            return event_type
        try:
            dialect.client.from_json(text)
        except ValidationError as exc:
            for error in exc.errors:
                self.report.add("schema", f"{event_type} {error.path}: {error.message}", event_type, index)
        self.report.state.apply(data, at=at)
        return event_type

    def take_expected(self) -> Verdict:
        """At an :class:`Expect`: ``MATCHED`` (the step is passed), ``WAITING`` or ``CLOSE``.

        Client events that are not the awaited type are reported as ``unexpected-event``.
        """
        step = self.next_step()
        assert isinstance(step, Expect)
        while self._pending:
            got = self._pending.popleft()
            if got == step.type:
                self._position += 1
                return MATCHED
            where = f" (recording line {step.line})" if step.line is not None else ""
            self.report.add("unexpected-event", f"expected {step.type}{where}, got {got}", got)
            if self._close:
                self.close_reason = f"expected {step.type}, got {got}"
                self.stop()
                return CLOSE
        return WAITING

    def timed_out(self, seconds: float) -> None:
        """The client did not send the awaited event in ``seconds``: the replay stops here."""
        step = self.next_step()
        if isinstance(step, Expect):
            self.report.add("client-timeout", f"no {step.type} from the client within {seconds:g} s", step.type)
        self.stop()

    def too_large(self, limit: int) -> None:
        self.report.add("frame-too-large", f"the client sent a frame over the limit of {limit} bytes; the replay closed")

    def stop(self) -> None:
        """No more steps are played (the connection ended, or the replay gave up)."""
        self._ended = True

    def finish(self) -> None:
        """The connection is over: the recorded client events never sent, the session's end."""
        if self._finished:
            return
        self._finished = True
        if self._position >= len(self.recording.steps):
            self.report.finished = True
        missing = [step for step in self.recording.steps[self._position :] if isinstance(step, Expect)]
        own = self.report._own
        if own and own[-1].code == "client-timeout":
            missing = missing[1:]  # the one awaited is reported already
        if missing:
            names = ", ".join(step.type for step in missing)
            self.report.add("missing-events", f"{len(missing)} recorded client event(s) never sent: {names}")
        self.report.state.end()
        self.report.closed = self._ended = True


def missing_report(recording: Recording) -> Report:
    """The report of a replay no client connected to."""
    replay = Replay(recording)
    replay.finish()
    return replay.report

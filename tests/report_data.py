"""Logs for the report tests: the bundled sample with times, and long synthetic sessions."""

from __future__ import annotations

import json
import re
from functools import partial
from pathlib import Path
from typing import Iterator, List

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "azure_style_events" / "data" / "sample_session.jsonl"
SESSIONS = sorted((ROOT / "tests" / "data").rglob("*.jsonl"))  # every recorded session


def sample_lines() -> List[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines()


def timed_sample(path: Path, step: float = 0.05) -> Path:
    """The sample with each event in an envelope, ``step`` seconds apart."""
    with path.open("w", encoding="utf-8") as out:
        for number, line in enumerate(sample_lines()):
            event = json.loads(line)
            side = "client" if event["event_id"].startswith("evt_client") else "server"
            out.write(json.dumps({"time": 1000 + number * step, "source": side, "event": event}) + "\n")
    return path


_IDS = re.compile(r':"((item|resp|evt_client|event)_[A-Za-z0-9]+)"')  # values only, never keys


def _renamed(match: "re.Match[str]", turn: int, copy: int) -> str:
    """An item or response id made the turn's own; an event id made the copy's own too."""
    kept = f"_{turn}" if match.group(2) in ("item", "resp") else f"_{turn}_{copy}"
    return f':"{match.group(1)}{kept}"'


_AUDIO = re.compile(r'"(delta|audio)":"[A-Za-z0-9+/=]{200,}"')
_SHORT_AUDIO = "A" * 64  # 48 bytes: 1 ms of 24 kHz 16-bit audio


def _small(line: str) -> str:
    """The line with 1 ms of audio, and a truncation that fits in what a turn receives."""
    line = _AUDIO.sub(lambda m: f'"{m.group(1)}":"{_SHORT_AUDIO}"', line)
    return line.replace('"audio_end_ms":1400', '"audio_end_ms":40')


def _turns(events: int) -> Iterator[str]:
    """The sample's conversation again and again (ids renamed), with many more audio deltas per answer."""
    lines = [_small(line) for line in sample_lines()]
    yield from lines[:3]
    delta = lines[11]  # the first answer's first audio delta
    made, turn = 3, 0
    while made < events:
        for line in lines[3:]:
            copies = 60 if line is delta else 1
            for copy in range(copies):
                yield _IDS.sub(partial(_renamed, turn=turn, copy=copy), line)
                made += 1
        turn += 1


def long_log(path: Path, events: int) -> Path:
    """About ``events`` events (a whole number of turns): a long session whose items grow with its turns."""
    with path.open("w", encoding="utf-8") as out:
        for line in _turns(events):
            out.write(line + "\n")
    return path

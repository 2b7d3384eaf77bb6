"""Headless Chromium for the report tests: screenshots, the DOM it builds, and a tiny PNG reader.

Each run gets its own profile folder, no network (a proxy that goes nowhere and host
rules that resolve nothing) and a time limit.  Where Chromium is not installed the
tests that need it skip.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
needs_browser = pytest.mark.skipif(BROWSER is None, reason="chromium not installed")
TIMEOUT = 120


def _run(page: Path, *extra: str) -> bytes:
    assert BROWSER is not None
    with tempfile.TemporaryDirectory() as profile:
        command = [
            BROWSER, "--headless", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={profile}",
            "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND", "--no-first-run",
            *(["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
            *extra, page.as_uri(),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, cwd=profile)
    return done.stdout


def without_script(page: Path) -> Path:
    """A copy of the page that runs no script, as with JavaScript off.

    Chromium's own switch for that (``--blink-settings=scriptEnabled=false``) also stops
    ``--dump-dom`` and ``--screenshot`` in the new headless mode, so the copy says it in
    a content security policy instead: the browser then runs none of the page's script.
    """
    policy = '<meta http-equiv="Content-Security-Policy" content="script-src \'none\'">'
    copy = page.with_name(page.stem + ".noscript.html")
    copy.write_text(page.read_text(encoding="utf-8").replace("<head>", "<head>" + policy, 1), encoding="utf-8")
    return copy


def dump_dom(page: Path, script: bool = True) -> str:
    """The DOM as Chromium built it, serialised (JavaScript on or off)."""
    return _run(page if script else without_script(page), "--dump-dom").decode("utf-8")


def screenshot(page: Path, png: Path, width: int = 1000, height: int = 800, script: bool = True) -> bytes:
    _run(page if script else without_script(page), f"--screenshot={png}", f"--window-size={width},{height}")
    return png.read_bytes()


class Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: List[Tuple[str, Dict[str, Optional[str]]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def marks(self, lane: str) -> int:
        """How many records the marks of a lane stand for (merged marks count theirs)."""
        return sum(
            int(attrs.get("data-count") or 0)
            for tag, attrs in self.tags
            if tag == "g" and attrs.get("data-lane") == lane and "m" in (attrs.get("class") or "").split()
        )

    def lanes(self) -> List[str]:
        return [attrs.get("data-lane") or "" for tag, attrs in self.tags if tag == "g" and attrs.get("class") == "lane"]


def _unfilter(rows: bytes, width: int, height: int, bpp: int) -> List[bytearray]:
    stride = width * bpp
    out: List[bytearray] = []
    previous = bytearray(stride)
    at = 0
    for _ in range(height):
        kind, line = rows[at], bytearray(rows[at + 1 : at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[i] = (line[i] + near[2]) & 255
        out.append(line)
        previous = line
    return out


def ink(png: bytes, step: int = 4) -> float:
    """The share of non-white pixels (every ``step``-th row and column) of an 8-bit RGB(A) PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, data, width, height, bpp = 8, b"", 0, 0, 0
    while at < len(png):
        size, kind = struct.unpack(">I4s", png[at : at + 8])
        body = png[at + 8 : at + 8 + size]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            data += body
        at += 12 + size
    rows = _unfilter(zlib.decompress(data), width, height, bpp)
    seen = dark = 0
    for line in rows[::step]:
        for x in range(0, width * bpp, bpp * step):
            seen += 1
            dark += min(line[x : x + 3]) < 240
    return dark / seen

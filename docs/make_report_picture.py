"""Make docs/report-sample.png: the ``check --report`` page of the bundled barge-in sample, as Chromium shows it.

The sample has no times, so this script first writes it as envelopes with times (the
times are made up here, chosen so that the assistant's audio plays while the user
barges in); the page says it drew seconds.  Then it runs ``check --report`` on that log
and takes a headless Chromium screenshot of the timeline.  Run from the project's root:

    python docs/make_report_picture.py [--keep DIR]

It needs ``chromium`` on the PATH.  The PNG is shrunk to a palette of colours when
Pillow is installed (it is not needed otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "azure_style_events" / "data" / "sample_session.jsonl"
TARGET = ROOT / "docs" / "report-sample.png"


def sample_times() -> List[float]:
    """A made-up time for each of the sample's 60 events (seconds from the start)."""
    times = [0.0, 0.18, 0.25, 0.6, 0.66, 0.7, 0.82, 0.85, 0.9, 0.95, 1.0]
    times += [1.06 + 0.06 * k for k in range(19)]  # events 11-29: the first answer streams in
    times += [2.25, 2.36, 2.46, 2.5, 2.51, 2.52, 2.53, 2.55, 2.7, 2.76, 2.9, 3.1, 3.5, 3.52, 3.6]
    times += [3.66, 3.68, 3.7, 3.72] + [3.9 + 0.06 * k for k in range(7)] + [4.3, 4.31, 4.32, 4.35]
    return times


def write_timed_sample(target: Path) -> None:
    """The bundled sample, each event in an envelope with its time and side."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    times = sample_times()
    assert len(times) == len(lines), (len(times), len(lines))
    with target.open("w", encoding="utf-8") as out:
        for at, line in zip(times, lines):
            event = json.loads(line)
            side = "client" if event.get("event_id", "").startswith("evt_client") else "server"
            out.write(json.dumps({"time": round(1_760_000_000 + at, 3), "source": side, "event": event}) + "\n")


def screenshot(page: Path, png: Path, work: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("make_report_picture: chromium not installed")
    command = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        f"--user-data-dir={work / 'profile'}", "--proxy-server=127.0.0.1:9", "--window-size=1000,760",
        f"--screenshot={png}", page.as_uri(),
    ]  # fmt: skip
    subprocess.run(command, check=True, timeout=120, capture_output=True)


def shrink(png: Path) -> None:
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=64)
    small.save(png, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="also keep the timed log and the HTML page in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        log, page = work / "sample_session_with_made_up_times.jsonl", work / "report.html"
        write_timed_sample(log)
        check = [sys.executable, "-m", "azure_style_events", "check", "--report", page.name, log.name]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's package, run from the folder (short names)
        subprocess.run(check, cwd=work, env=env, check=False, capture_output=True, timeout=120)
        screenshot(page, TARGET, work)
        shrink(TARGET)
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(log, args.keep)
            shutil.copy(page, args.keep)
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

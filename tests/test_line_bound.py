"""A line too long to hold: reported with its number, never held in memory, and the next line checked.

A 64 KiB gzip file can hold one 64 MiB line; a corrupt or hostile log of a few megabytes
can hold gigabytes.  Reading stays bounded by the line limit, whatever the file holds.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys

import pytest

from azure_style_events._core._limits import MAX_EVENT_BYTES
from azure_style_events._core._logs import Bad, read_log

GOOD = {"type": "conversation.item.truncated", "item_id": "i", "content_index": 0, "audio_end_ms": 5}


def lines_of(data: bytes, limit: int):
    return list(read_log(io.BytesIO(data), max_line=limit))


def test_a_long_line_is_reported_and_reading_goes_on():
    good = json.dumps(GOOD).encode()
    data = good + b"\n" + b'{"type": "x", "pad": "' + b"a" * 5000 + b'"}\n' + good + b"\n"
    found = lines_of(data, 1000)
    assert [type(item).__name__ for item in found] == ["tuple", "Bad", "tuple"]
    assert found[1].line == 2 and "5,024 bytes" in found[1].got and "1,000" in found[1].got
    assert found[2][0] == 3 and found[2][2] == GOOD


def test_a_line_at_the_limit_is_read():
    text = json.dumps({"type": "x", "pad": "a" * 100})
    assert lines_of(text.encode() + b"\n", len(text))[0][2]["pad"] == "a" * 100
    assert isinstance(lines_of(text.encode() + b"\n", len(text) - 1)[0], Bad)


def test_a_long_last_line_without_a_newline():
    assert isinstance(lines_of(b"[" * 3000, 100)[0], Bad)


def test_a_pretty_printed_document_is_bounded_too():
    document = json.dumps([GOOD] * 200, indent=2).encode()
    found = lines_of(document, 1000)
    assert isinstance(found[-1], Bad) and "over the limit" in found[-1].got
    assert len(lines_of(document, len(document) + 10)) == 200


def test_the_default_limit():
    assert MAX_EVENT_BYTES == 16 * 1024 * 1024


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the peak memory from /proc")
def test_a_gzip_bomb_keeps_memory_under_a_ceiling_and_the_next_lines_are_checked(tmp_path):
    """64 MiB of one line in a 64 KiB gzip file: the check stays under 120 MB and reads on."""
    log = tmp_path / "bomb.jsonl.gz"
    with gzip.open(log, "wb", compresslevel=9) as out:
        head = b'{"type": "response.audio.delta", "delta": "'
        out.write(head)
        chunk = b"A" * (1 << 20)
        for _ in range(64):
            out.write(chunk)
        out.write(b'"}\n')
        out.write(json.dumps(GOOD).encode() + b"\n")
        out.write(json.dumps(dict(GOOD, audio_end_ms="late")).encode() + b"\n")
    assert log.stat().st_size < 200_000
    # The child's own high-water mark (VmHWM): getrusage's maxrss would also count what the
    # parent process held when it forked, which Linux carries across exec.
    script = (
        "import sys\n"
        "from azure_style_events.cli import main\n"
        "code = main(['check', '--protocol', 'voicelive', '--max-line-bytes', '1048576', sys.argv[1]])\n"
        "status = open('/proc/self/status').read()\n"
        "print('PEAK', next(line.split()[1] for line in status.splitlines() if line.startswith('VmHWM')))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(log)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    out = done.stdout
    size = len(head) + (64 << 20) + 2
    assert f"{log}:1: $: expected `JSON`, got a line of {size:,} bytes" in out
    assert f"{log}:3: $.audio_end_ms: expected `int`" in out  # the lines after it are checked
    peak_kb = int(out.split("PEAK")[-1].split()[0])
    assert peak_kb < 120_000, f"peak RSS {peak_kb} kB"

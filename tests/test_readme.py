"""The README's examples run as written."""

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_python_blocks_run(capsys):
    """Every ```python block of the README executes, and the tour prints what it shows."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 2
    namespace: dict = {}
    for block in blocks:
        if sys.version_info < (3, 10) and "\n    match " in block:
            continue  # the receive loops use `match`, which Python 3.9 cannot compile
        exec(compile(block, str(README), "exec"), namespace)  # noqa: S102 - the README's own examples
    out = capsys.readouterr().out
    assert "$.audio_end_ms: expected `int`, got `str` 'late'" in out
    assert type(namespace["event"]).__name__ == "ServerEventConversationItemTruncated"
    assert "r1: 'Hello', 100 ms of audio" in out  # the ConversationState loop
    assert "600.0 rate_limited response.create" in out  # time and server errors
    assert "'output_modalities': ['audio'], 'type': 'realtime'" in out and "['modalities-narrowed']" in out


def test_readme_shows_the_two_setup_commands():
    """The first screen has the install-and-check and install-and-test commands."""
    head = README.read_text(encoding="utf-8")[:1500]
    assert "pip install -e . && .venv/bin/python -m azure_style_events check" in head
    assert 'pip install -e ".[test]" && .venv/bin/python -m pytest' in head


def test_docs_python_blocks_run():
    """The python blocks of the docs pages execute too (each page in its own namespace)."""
    docs = README.parent / "docs"
    pages = sorted(docs.glob("*.md"))
    expected = {
        "cli.md",
        "compatibility.md",
        "contributing.md",
        "design.md",
        "dialects.md",
        "guide.md",
        "internals.md",
        "performance.md",
        "protocol-checks.md",
        "testing.md",
    }
    assert expected <= {page.name for page in pages}
    for page in pages:
        namespace: dict = {}
        for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            exec(compile(block, str(page), "exec"), namespace)  # noqa: S102 - the docs' own examples


def test_docs_links_resolve():
    """Every relative link of the README and the docs names a file of the repository."""
    root = README.parent
    for page in [README, *sorted((root / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to {target}"

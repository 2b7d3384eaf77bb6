"""Type-check azure-ai-voicelive's generated models on the Azure base and on ours; compare.

    python tests/compat/mypy_generated.py

Copies the installed package's ``models/`` and ``_unions.py`` twice into a temporary
directory: once with the Azure ``_utils/model_base.py`` beside it, once with the one
import line pointed at ``azure_style_events``.  Runs ``mypy --strict`` on each and
compares the errors in the generated modules (messages without line numbers).
Exits 1 when the generated code has an error on our base that it does not have on
the Azure one.  Needs the ``compat`` and ``typing`` extras.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Counter

GENERATED = ("models/_models.py", "models/_enums.py", "models/__init__.py", "_unions.py")
_LINE = re.compile(r"^(?P<file>[^:]+):\d+: (?P<kind>error|note): (?P<message>.*)$")


def _tree(source: Path, root: Path, ours: bool) -> Path:
    package = root / "vl"
    (package / "models").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for relative in (*GENERATED, "models/_patch.py"):
        shutil.copy(source / relative, package / relative)
    if ours:
        models = package / "models" / "_models.py"
        text, count = re.subn(
            r"^from \.\._utils\.model_base import ",
            "from azure_style_events import ",
            models.read_text(encoding="utf-8"),
            flags=re.MULTILINE,
        )
        assert count == 1
        models.write_text(text, encoding="utf-8")
    else:
        shutil.copytree(source / "_utils", package / "_utils")
    return root


def _errors(root: Path) -> Counter[str]:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(root / ".cache"), "-p", "vl.models"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        # This checkout's package, however it is installed (mypy cannot follow every
        # kind of editable install).
        env={**os.environ, "MYPYPATH": str(Path(__file__).resolve().parents[2])},
    )
    found: Counter[str] = collections.Counter()
    for line in result.stdout.splitlines():
        match = _LINE.match(line)
        if match and match["kind"] == "error" and match["file"].startswith("vl/") and "/_utils/" not in match["file"]:
            found[f"{match['file']}: {match['message']}"] += 1
    return found


def main() -> int:
    try:
        import azure.ai.voicelive.models as models
    except ImportError:
        print("azure-ai-voicelive is not installed (pip install -e '.[compat,typing]'); nothing to compare")
        return 0
    source = Path(models.__file__).parent.parent
    with tempfile.TemporaryDirectory() as azure_dir, tempfile.TemporaryDirectory() as ours_dir:
        azure = _errors(_tree(source, Path(azure_dir), ours=False))
        ours = _errors(_tree(source, Path(ours_dir), ours=True))
    generated = {f"vl/{relative}" for relative in GENERATED}

    def in_generated(errors: Counter[str]) -> Counter[str]:
        return collections.Counter({key: n for key, n in errors.items() if key.split(":")[0] in generated})

    azure_generated, ours_generated = in_generated(azure), in_generated(ours)
    new = ours_generated - azure_generated
    gone = azure_generated - ours_generated
    print(
        f"mypy --strict on the generated modules: {sum(azure_generated.values())} errors on the Azure base, "
        f"{sum(ours_generated.values())} on azure_style_events; {sum(new.values())} new, {sum(gone.values())} gone"
    )
    for key, count in sorted(new.items()):
        print(f"  new: {key} (x{count})")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())

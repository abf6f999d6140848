"""The data layer must run without Textual: a plain script can load, check, save and search."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import tui.cli, tui.core.model, tui.core.loading, tui.core.saving, tui.core.checks
import tui.core.export, tui.core.paths, tui.core.text, tui.core.problems
import pkgutil, importlib, tui.core
for info in pkgutil.iter_modules(tui.core.__path__):
    importlib.import_module(f"tui.core.{info.name}")
leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(leaked) or "clean")
"""


def test_data_layer_does_not_import_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "clean"

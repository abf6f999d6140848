"""A regular (non-editable) install carries the bundled records and never writes into itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
from tui.core.paths import bundled_data_dir, default_record_sources
from tui.cli import main
here = bundled_data_dir()
assert "site" in str(here) or "target" in str(here), here
[source] = default_record_sources()
assert source.path.parent == here, source
assert not str(source.save_path).startswith(str(here)), source.save_path
sys.exit(main(["validate"]))
"""


def test_regular_install_finds_bundled_records(tmp_path: Path) -> None:
    target = tmp_path / "target"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    assert (target / "tui" / "bundled_data" / "us-china-2025.toml").is_file()
    environment = os.environ | {
        "PYTHONPATH": str(target),
        "NEGOTIATIONS_DATA_DIR": str(tmp_path / "d"),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 1 file, 1 negotiation, 6 rounds")

"""Shared fixtures: small record files written to a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import MINIMAL


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A folder holding one valid record file, ``talks.toml``."""
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "talks.toml").write_text(MINIMAL, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep every test away from the real user data, config and cache folders."""
    monkeypatch.setenv("NEGOTIATIONS_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("NEGOTIATIONS_CONFIG_DIR", str(tmp_path / "user-config"))
    monkeypatch.setenv("NEGOTIATIONS_CACHE_DIR", str(tmp_path / "user-cache"))
    yield

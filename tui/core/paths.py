"""Where records and settings live: the bundled records, the user's data and config folders.

The bundled records ship inside the package and are never written to. When a user edits one,
the save goes to the same file name in the user data folder, and from then on that copy is the
one loaded (see `default_record_sources`).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "negotiations"
TEMP_SUFFIX = ".negotiations-tmp"
# What a save names its temp file: ``.NAME.PID.RANDOM.negotiations-tmp`` (see saving.py).
_OWN_TEMP_RE = re.compile(r"\..+\.[0-9]+\.[0-9a-f]+" + re.escape(TEMP_SUFFIX))

_PACKAGE_DIR = Path(__file__).resolve().parent.parent

# Names Windows reserves for devices, with or without an extension.
_RESERVED_NAMES = {"con", "prn", "aux", "nul"} | {
    f"{p}{d}" for p in ("com", "lpt") for d in "123456789"
}


def bundled_data_dir() -> Path:
    """The records shipped with the program (inside a wheel, or `data/` in a checkout)."""
    installed = _PACKAGE_DIR / "bundled_data"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "data"


def _platform_dir(xdg_variable: str, xdg_default: str, mac: str, windows_variable: str) -> Path:
    if sys.platform == "win32":
        base = os.environ.get(windows_variable) or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP_NAME
    if sys.platform == "darwin" and xdg_variable not in os.environ:
        return Path.home() / "Library" / mac / APP_NAME
    base = os.environ.get(xdg_variable) or str(Path.home() / xdg_default)
    return Path(base) / APP_NAME


def user_data_dir() -> Path:
    """Where edits of the bundled records are saved (``$NEGOTIATIONS_DATA_DIR`` overrides)."""
    override = os.environ.get("NEGOTIATIONS_DATA_DIR")
    if override:
        return Path(override)
    return _platform_dir("XDG_DATA_HOME", ".local/share", "Application Support", "APPDATA")


def user_config_dir() -> Path:
    """Where settings are kept (``$NEGOTIATIONS_CONFIG_DIR`` overrides)."""
    override = os.environ.get("NEGOTIATIONS_CONFIG_DIR")
    if override:
        return Path(override)
    return _platform_dir("XDG_CONFIG_HOME", ".config", "Preferences", "APPDATA")


def user_cache_dir() -> Path:
    """Where validated records are cached (``$NEGOTIATIONS_CACHE_DIR`` overrides)."""
    override = os.environ.get("NEGOTIATIONS_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_NAME / "Cache"
    if sys.platform == "darwin" and "XDG_CACHE_HOME" not in os.environ:
        return Path.home() / "Library" / "Caches" / APP_NAME
    return Path(os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")) / APP_NAME


@dataclass(frozen=True, slots=True)
class RecordSource:
    """A file to load, and the file its edits are saved to (they differ for bundled records)."""

    path: Path
    save_path: Path


def default_record_sources() -> list[RecordSource]:
    """The records opened when no path is given: the user's copies over the bundled ones."""
    user_dir = user_data_dir()
    sources: dict[str, RecordSource] = {}
    bundled = bundled_data_dir()
    if bundled.is_dir():
        for path in sorted(bundled.glob("*.toml")):
            user_copy = user_dir / path.name
            chosen = user_copy if user_copy.is_file() else path
            sources[path.name] = RecordSource(chosen, user_copy)
    if user_dir.is_dir():
        for path in sorted(user_dir.glob("*.toml")):
            if not path.name.startswith(".") and path.name not in sources:
                sources[path.name] = RecordSource(path, path)
    return list(sources.values())


def display_path(path: Path) -> str:
    """A path as people write it: ``~/…`` under the home folder."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def is_temp_file(path: Path) -> bool:
    """True for the temporary files a save writes before it replaces the real file."""
    return path.name.endswith(TEMP_SUFFIX)


def is_own_temp_file(name: str) -> bool:
    """True only for a name a save of this program gives its temp file (safe to clean up)."""
    return _OWN_TEMP_RE.fullmatch(name) is not None


def open_regular_file(path: Path) -> int:
    """A descriptor open for reading on `path`, which must be a regular file.

    Opened without blocking: a FIFO put in a file's place would otherwise wait for a writer
    for ever. Raises OSError (IsADirectoryError, or EINVAL for a FIFO, socket or device).
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(22, "not a regular file", str(path))
    return descriptor

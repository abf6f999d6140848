"""User settings (the theme, for now) in a small TOML file in the platform's config folder."""

from __future__ import annotations

import contextlib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tui.core.paths import open_regular_file, user_config_dir

_MAX_BYTES = 1 << 20  # far more than a theme's name: a larger file is cut, and then unread


@dataclass(slots=True)
class Settings:
    """What the app remembers between runs."""

    theme: str | None = None


def settings_path() -> Path:
    return user_config_dir() / "settings.toml"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings; defaults when the file is missing or unreadable."""
    path = path or settings_path()
    try:
        with os.fdopen(open_regular_file(path), "rb") as handle:
            data = tomllib.loads(handle.read(_MAX_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return Settings()
    theme = data.get("theme")
    return Settings(theme=theme if isinstance(theme, str) else None)


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings atomically; False (and nothing changed) if that is not possible."""
    import tomli_w  # noqa: PLC0415 - only when saving: not before the first frame

    path = path or settings_path()
    data = {"theme": settings.theme} if settings.theme else {}
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(tomli_w.dumps(data), encoding="utf-8")
        temp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
        return False
    return True

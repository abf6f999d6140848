"""User settings in a small TOML file in the platform's config folder: the theme, and the
negotiation last open in each collection (the app opens on it again)."""

from __future__ import annotations

import contextlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.paths import open_regular_file, user_config_dir

_MAX_BYTES = 1 << 20  # far more than the settings: a larger file is cut, and then unread
COLLECTIONS_KEPT = 50  # collections whose last negotiation is remembered (the latest kept)


@dataclass(slots=True)
class Settings:
    """What the app remembers between runs."""

    theme: str | None = None
    # Collection (a folder or file as opened; "" for the bundled records) → negotiation id.
    last_negotiation: dict[str, str] = field(default_factory=dict)

    def remember_negotiation(self, collection: str, negotiation_id: str) -> bool:
        """Note the negotiation open in `collection`; True when that changed anything."""
        if self.last_negotiation.get(collection) == negotiation_id:
            return False
        self.last_negotiation.pop(collection, None)  # to the end: the most recent
        self.last_negotiation[collection] = negotiation_id
        while len(self.last_negotiation) > COLLECTIONS_KEPT:
            self.last_negotiation.pop(next(iter(self.last_negotiation)))
        return True


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
    last = data.get("last_negotiation")
    remembered = {
        str(collection): negotiation_id
        for collection, negotiation_id in (last.items() if isinstance(last, dict) else ())
        if isinstance(negotiation_id, str)
    }
    return Settings(theme=theme if isinstance(theme, str) else None, last_negotiation=remembered)


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings atomically; False (and nothing changed) if that is not possible."""
    import tomli_w  # noqa: PLC0415 - only when saving: not before the first frame

    path = path or settings_path()
    data: dict[str, object] = {"theme": settings.theme} if settings.theme else {}
    if settings.last_negotiation:
        data["last_negotiation"] = dict(settings.last_negotiation)
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

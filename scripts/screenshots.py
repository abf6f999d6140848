"""Render the README's screenshots with the app itself: ``python scripts/screenshots.py``.

Each picture is the real app driven by Pilot at a fixed size and date, saved as SVG into
``screenshots/``.
"""

from __future__ import annotations

import asyncio
import datetime
import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import NegotiationsApp
from tui.screens.edit import EditScreen
from tui.widgets.form import FieldEditor

OUT = Path(__file__).resolve().parent.parent / "screenshots"
TODAY = datetime.date(2025, 11, 1)

Steps = Callable[[Pilot[int]], Awaitable[None]]


async def _shoot(
    name: str, steps: Steps, size: tuple[int, int] = (120, 40), path: Path | None = None
) -> Path:
    app = NegotiationsApp(path, today=TODAY, remember_settings=False)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await steps(pilot)
        await pilot.pause()
        target = OUT / f"{name}.svg"
        target.write_text(app.export_screenshot(title=f"negotiations — {name}"), encoding="utf-8")
    return target


async def _keys(pilot: Pilot[int], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def _form_with_errors(pilot: Pilot[int]) -> None:
    await _keys(pilot, "j", "e")
    screen = pilot.app.screen
    assert isinstance(screen, EditScreen)
    for editor in screen.query(FieldEditor):
        if editor.field_name == "start" and isinstance(editor.control, Input):
            editor.control.value = "2025-06-31"
        if editor.field_name == "id" and isinstance(editor.control, Input):
            editor.control.value = "London 2025"
    await pilot.pause()


BUNDLED = Path(__file__).resolve().parent.parent / "data" / "us-china-2025.toml"


def _folder_with_problems() -> Path:
    """The bundled records beside two broken files, for the problems view."""
    folder = Path(tempfile.mkdtemp(prefix="negotiations-problems-"))
    shutil.copy(BUNDLED, folder / BUNDLED.name)
    (folder / "draft.toml").write_text(
        'schema = 1\nid = "draft"\ntitle = "EU–US talks"\n\n[[rounds]]\nid = "r1"\n'
        'number = 1\nstart = "10 June"\n\n[[rounds]]\nid = "r2"\nnumber = 2\n'
        'start = 2025-07-01\nparticipants = ["sefcovic"]\n',
        encoding="utf-8",
    )
    (folder / "notes.toml").write_text(
        'schema = 1\nid = "notes"\ntitle = "Notes"\nsummary = "unfinished\n',
        encoding="utf-8",
    )
    return folder


SHOTS: dict[str, tuple[Steps, tuple[int, int]]] = {
    "main-round": (lambda p: _keys(p, "j", "j", "j", "j"), (120, 40)),
    "main-participant": (lambda p: _keys(p, "2", "j"), (120, 40)),
    "main-issue": (lambda p: _keys(p, "3", "j", "j"), (120, 40)),
    "main-narrow": (lambda p: _keys(p, "2", "j"), (80, 24)),
    "help": (lambda p: _keys(p, "question_mark"), (120, 40)),
    "search": (lambda p: _keys(p, "slash", *"rare earth oct"), (120, 40)),
    "edit-form": (lambda p: _keys(p, "j", "e"), (120, 40)),
    "edit-errors": (_form_with_errors, (120, 40)),
    "unsaved-prompt": (lambda p: _keys(p, "2", "d", "d", "q"), (120, 40)),
    "problems": (lambda p: _keys(p, "p", "j"), (120, 40)),
    "timeline": (lambda p: _keys(p, "j", "j", "j", "j", "t"), (120, 40)),
    "timeline-narrow": (lambda p: _keys(p, "j", "t"), (80, 24)),
    "tariff-chart": (lambda p: _keys(p, "c", "right", "right", "right"), (120, 40)),
    "tariff-chart-narrow": (lambda p: _keys(p, "c"), (80, 24)),
}
# Shots of a folder other than the bundled records: name -> a function making the folder.
FOLDERS: dict[str, Callable[[], Path]] = {"problems": _folder_with_problems}


async def main(names: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    # A home of its own: the pictures never read or write the real user folders.
    home = Path(tempfile.mkdtemp(prefix="negotiations-shots-"))
    os.environ["HOME"] = str(home)
    for variable in (
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "NEGOTIATIONS_DATA_DIR",
        "NEGOTIATIONS_CONFIG_DIR",
    ):
        os.environ.pop(variable, None)
    for name, (steps, size) in SHOTS.items():
        if not names or name in names:
            folder = FOLDERS[name]() if name in FOLDERS else None
            print(await _shoot(name, steps, size, folder))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))

"""Files in `$EDITOR`: the current negotiation's (`E`), or a file with problems (from `p`).

The editor opens at the line that matters: the record on screen, or the problem's line. When
it closes, the file is read and checked again. A loaded file is shown as it now is; a file
that did not load joins the others once it does. Either way its problems are replaced by what
is wrong now, so the problems list and the ``⚠`` count stay true.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from tui.core.editor import editor_command, record_line
from tui.core.links import Ref
from tui.core.loading import UnreadableFile, decode_text, load_record_file, read_record_bytes
from tui.core.model import Negotiation
from tui.core.paths import RecordSource, display_path
from tui.core.problems import Problem
from tui.core.text import shorten
from tui.screens.dialogs import ChoiceScreen

if TYPE_CHECKING:
    from tui.screens.edit_controller import EditController

MAX_LISTED = 8  # problems listed in the "file has problems" question


class FileEditor:
    """Runs the editor for the main screen and takes in what it changed."""

    def __init__(self, editing: EditController) -> None:
        self.editing = editing
        self.screen = editing.screen

    async def edit_current(self, ref: Ref | None) -> None:
        """`E`: the current negotiation's file, at the record `ref` (the one on screen)."""
        browser = self.editing.browser
        if browser.files:
            await self.edit_loaded(browser.current, ref=ref)

    async def fix(self, problem: Problem) -> None:
        """Open the file of `problem` at its line; read it again when the editor closes."""
        browser = self.editing.browser
        for index, record in enumerate(browser.files):
            if problem.path in (record.path, record.save_path):
                await self.edit_loaded(index, line=problem.line)
                return
        source = browser.dataset.unloaded_source(problem.path)
        if source is None:
            return
        target = self._editable_copy(source.path, source.save_path)
        if target is None or not self._run(target, problem.line):
            return
        record = browser.dataset.read_unloaded(source, target)
        if record is not None:
            self.screen.file_added(record)
            switch = " (o to open it)" if len(browser.files) > 1 else ""
            self.screen.notify(
                f"{display_path(target)} loads now: {record.negotiation.title}{switch}",
                markup=False,
                timeout=4,
            )
        else:
            self.screen.show_problem_count()

    async def edit_loaded(
        self, index: int, *, line: int | None = None, ref: Ref | None = None
    ) -> None:
        """Edit a loaded file (saving or dropping its unsaved edits first, as the user says)."""
        editing, browser = self.editing, self.editing.browser
        if browser.is_modified(index):
            question = ["Save them before editing the file, or discard them?"]
            answers = [
                ("s", "Save", "save"),
                ("d", "Discard", "discard"),
                ("c", "Cancel", "cancel"),
            ]
            answer = await self.screen.app.push_screen_wait(
                ChoiceScreen("Unsaved changes in this negotiation", question, answers)
            )
            if answer == "cancel" or (answer == "save" and not await editing.save_one(index)):
                return
            if answer == "discard":
                browser.working.pop(index, None)  # shown at once, whatever the editor does
                self.screen.records_changed(browser.files[index].negotiation, None)
        record = browser.files[index]
        target = self._editable_copy(record.path, record.save_path)
        if target is None:
            return
        if ref is not None:
            line = _line_of_record(target, record.negotiation, ref)
        while True:
            if not self._run(target, line):
                return
            loaded, problems = load_record_file(RecordSource(target, record.save_path))
            if (
                loaded is not None
                and (taken := browser.dataset.id_taken(loaded, index)) is not None
            ):
                loaded, problems = None, [*problems, taken]  # not shown: saves would mix them
            errors = [p for p in problems if p.severity == "error"]
            if loaded is not None and not errors:
                editing.read_again(index, loaded)
                self.screen.notify("File checked and reloaded.", markup=False, timeout=3)
                return
            details = [p.format() for p in errors[:MAX_LISTED]] + (
                [f"… and {len(errors) - MAX_LISTED} more"] if len(errors) > MAX_LISTED else []
            )
            answers = [("e", "Edit again", "edit"), ("k", "Leave it for now", "keep")]
            answer = await self.screen.app.push_screen_wait(
                ChoiceScreen("The file has problems", details, answers)
            )
            if answer == "edit":
                line = errors[0].line if errors else line
                continue
            self.screen.notify(
                "The file on disk has problems; p lists them.", severity="warning", markup=False
            )
            if loaded is not None:
                editing.read_again(index, replace(loaded))
            else:  # what is shown stays as it was loaded; the file's problems are the new ones
                browser.dataset.set_problems_of({record.path, target}, problems)
                self.screen.show_problem_count()
            return

    def _editable_copy(self, path: Path, save_path: Path) -> Path | None:
        """The file to edit: a bundled file's edits go to the user's copy, made here if new."""
        if path == save_path or save_path.exists():
            return save_path
        try:
            save_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, save_path)
        except OSError as error:
            self._failed(f"Could not copy the file to {display_path(save_path)}: {error}")
            return None
        return save_path

    def _run(self, path: Path, line: int | None) -> bool:
        """Run the editor on `path` and wait for it; False, saying why, if it could not run."""
        try:
            command = editor_command(str(path), line)
        except ValueError as error:
            self._failed(f"Could not read $EDITOR ({error}).")
            return False
        failure = self._start(command)
        if isinstance(failure, FileNotFoundError):
            self._failed(f"Editor not found: {command[0]}. Set $EDITOR.")
        elif failure is not None:
            self._failed(f"Could not start the editor {command[0]}: {failure.strerror}.")
        return failure is None

    def _start(self, command: list[str]) -> OSError | None:
        """Run `command` with the terminal handed over to it; the error if it could not start.

        The error is caught inside the suspended block: Textual's `suspend` gives the terminal
        back to the app only when its block ends normally (an exception through it left the
        screen blank and the app deaf to keys).
        """
        try:
            with self.screen.app.suspend():
                try:
                    subprocess.run(command, check=False)
                except OSError as error:
                    return error
        except SuspendNotSupported:  # no terminal to hand over (tests): run it as it is
            try:
                subprocess.run(command, check=False, stdin=subprocess.DEVNULL)
            except OSError as error:
                return error
        return None

    def _failed(self, message: str) -> None:
        self.screen.notify(shorten(message, 300), severity="error", markup=False, timeout=8)


def _line_of_record(path: Path, negotiation: Negotiation, ref: Ref) -> int | None:
    """Where `ref` is written in the file at `path` (None if it cannot be read or found).

    Read as the loader reads: a FIFO put in the file's place would otherwise block for ever.
    """
    try:
        text, _ = decode_text(read_record_bytes(path))
    except UnreadableFile:
        return None
    return record_line(text, negotiation, ref)

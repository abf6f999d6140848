"""Editing from the browser: edit, new, delete, undo/redo, save, unsaved-changes prompts.

The main screen's keys call into this controller; the record changes themselves are pure
functions of `tui.core.editing`, and saving is `tui.core.saving`. Nothing here writes a file
except through `save_record_file`, and a failed or refused save always leaves the edits in
memory, marked unsaved.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from tui.core.editing import (
    Change,
    EditHistory,
    add_record,
    delete_record,
    find,
    new_record,
    records_of,
    references_to,
    replace_record,
)
from tui.core.formatting import round_name
from tui.core.links import PANE_KINDS, RecordKind, Ref
from tui.core.loading import RecordFile, load_record_file
from tui.core.model import Negotiation, Record, Round
from tui.core.paths import RecordSource, display_path
from tui.core.saving import (
    ChangedOnDiskError,
    CommentsWouldBeLostError,
    HardLinkError,
    SaveError,
    save_record_file,
    serialize,
)
from tui.core.text import shorten
from tui.screens.dialogs import ChoiceScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.screens.edit import EditScreen
    from tui.screens.main import MainScreen


def _label(record: object) -> str:
    if isinstance(record, Round):
        return round_name(record, prefix="round ")
    return str(
        getattr(record, "name", None) or getattr(record, "title", None) or getattr(record, "id", "")
    )


SAVE_OR_CANCEL = [("s", "Save anyway", "save"), ("c", "Cancel", "cancel")]


class EditController:
    """The editing half of the main screen."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.history = EditHistory()
        self._reloaded_instead: list[str] = []  # files `save_all` reloaded rather than saved
        self._form: EditScreen | None = None  # the edit form, while it is open

    @property
    def browser(self):  # type: ignore[no-untyped-def]
        return self.screen.browser

    # --- applying changes ---------------------------------------------------------------

    def commit(
        self, before: Negotiation, after: Negotiation, description: str, select: Ref | None
    ) -> None:
        """Record a change for undo and show it everywhere."""
        self.history.record(Change(before.id, before, after, description))
        self._apply(before.id, after, select)
        self.screen.notify(description, markup=False, timeout=3)

    def _apply(
        self, negotiation_id: str, negotiation: Negotiation, select: Ref | None = None
    ) -> None:
        self.browser.apply(negotiation_id, negotiation)
        self.screen.records_changed(negotiation, select)

    def undo(self) -> None:
        change = self.history.undo(self._apply)
        message = f"Undid: {change.description}" if change else "Nothing to undo."
        self.screen.notify(message, markup=False, timeout=3)

    def redo(self) -> None:
        change = self.history.redo(self._apply)
        message = f"Redid: {change.description}" if change else "Nothing to redo."
        self.screen.notify(message, markup=False, timeout=3)

    # --- edit, new, delete --------------------------------------------------------------

    def _target(self) -> tuple[RecordKind, Negotiation, object] | None:
        """The record under the cursor of the active pane."""
        screen = self.screen
        negotiation = self.browser.negotiation
        ref = screen.current_ref(screen.active_pane)
        if negotiation is None or ref is None or ref.kind not in PANE_KINDS:
            return None
        record = find(negotiation, ref.kind, ref.id)
        return (ref.kind, negotiation, record) if record is not None else None

    def _unambiguous(self, kind: RecordKind, negotiation: Negotiation, record_id: str) -> bool:
        """False, saying why, when other records of the kind share this id: an edit or a
        delete finds records by id, so it would change them all."""
        if sum(1 for r in records_of(negotiation, kind) if r.id == record_id) < 2:
            return True
        self.screen.notify(
            f"More than one {kind} has the id {record_id!r}. Give each its own id in the file "
            "(E opens it in $EDITOR) before changing either.",
            title="Not changed",
            severity="warning",
            markup=False,
            timeout=8,
        )
        return False

    def edit(self) -> None:
        target = self._target()
        if target is None:
            self.screen.notify("Nothing to edit here.", markup=False)
            return
        kind, negotiation, record = target
        old_id = str(getattr(record, "id"))  # noqa: B009
        if not self._unambiguous(kind, negotiation, old_id):
            return

        def done(result: Record | None) -> None:
            if result is None:
                return
            current = self.browser.negotiation
            assert current is not None
            after = replace_record(current, kind, old_id, result)
            if after != current:
                new_id = str(getattr(result, "id"))  # noqa: B009
                self.commit(
                    current, after, f"Edited {_label(result)}", Ref(kind, current.id, new_id)
                )

        from tui.screens.edit import EditScreen  # noqa: PLC0415 - the form loads when first used

        self._open_form(EditScreen(kind, record, negotiation), done)  # type: ignore[arg-type]

    def _open_form(self, form: EditScreen, done: Callable[[Record | None], None]) -> None:
        """Open the edit form; keys typed while it opens are held, then typed into it."""
        app = self.screen.app
        hold = getattr(app, "hold_keys", None)
        if hold is not None:
            hold()
        self._form = form

        def closed(result: Record | None) -> None:
            self._form = None
            done(result)

        app.push_screen(form, closed)

    def form_has_changes(self) -> bool:
        """True while an edit form is open with changes not applied yet (or a new record)."""
        return self._form is not None and self._form.changed

    def new(self) -> None:
        negotiation = self.browser.negotiation
        if negotiation is None:
            return
        kind = self.screen.active_pane
        draft = new_record(negotiation, kind, self.screen.today)

        def done(result: Record | None) -> None:
            current = self.browser.negotiation
            if result is None or current is None:
                return
            record_id = str(getattr(result, "id"))  # noqa: B009
            after = add_record(current, kind, result)
            self.commit(current, after, f"Added {_label(result)}", Ref(kind, current.id, record_id))

        from tui.screens.edit import EditScreen  # noqa: PLC0415 - as above

        self._open_form(EditScreen(kind, draft, negotiation, new=True), done)

    def delete(self) -> None:
        target = self._target()
        if target is None:
            self.screen.notify("Nothing to delete here.", markup=False)
            return
        kind, negotiation, record = target
        record_id = str(getattr(record, "id"))  # noqa: B009
        if not self._unambiguous(kind, negotiation, record_id):
            return
        label = _label(record)
        consequences = references_to(negotiation, kind, record_id)
        subject = label[:1].upper() + label[1:]  # "Round 2 · London holds 4 quotes…"
        details = [f"{subject} {c}." for c in consequences] or [f"Nothing else refers to {label}."]
        details.append("ctrl+z undoes this.")

        def answered(answer: str | None) -> None:
            current = self.browser.negotiation
            if answer != "delete" or current is None:
                return
            beside = self.screen.neighbour_of_current(kind)  # the cursor's place afterwards
            after = delete_record(current, kind, record_id)
            self.commit(current, after, f"Deleted {label}", beside)

        self.screen.app.push_screen(
            ChoiceScreen(
                f"Delete {label}?", details, [("d", "Delete", "delete"), ("c", "Cancel", "cancel")]
            ),
            answered,
        )

    # --- saving -------------------------------------------------------------------------

    def unsaved_summary(self) -> list[str]:
        return [display_path(self.browser.files[i].save_path) for i in self.browser.modified]

    async def save_all(self) -> bool:
        """Save every modified file; True when all of them were saved.

        False also when a file changed on disk was reloaded instead (its edits dropped at the
        user's word): nothing of it was saved, and quitting or switching away at once would
        hide the version now shown.
        """
        saving = self.unsaved_summary()
        self._reloaded_instead = []
        for index in list(self.browser.modified):
            if not await self.save_one(index):
                self.screen.records_changed(self.browser.negotiation, None)
                return False
        self.screen.records_changed(self.browser.negotiation, None)
        if self._reloaded_instead:
            self.screen.notify(
                f"Reloaded {', '.join(self._reloaded_instead)} from disk instead of saving: "
                "your edits to it were dropped.",
                severity="warning",
                markup=False,
                timeout=8,
            )
            return False
        if not self.browser.modified:
            names = ", ".join(saving[:3]) + (
                f" and {len(saving) - 3} more" if len(saving) > 3 else ""
            )
            self.screen.notify(f"Saved {names}.", markup=False, timeout=3)
        return not self.browser.modified

    async def save_one(self, index: int, **consent: bool) -> bool:
        record: RecordFile = self.browser.files[index]
        negotiation = self.browser.negotiation_at(index)
        app = self.screen.app
        try:
            saved = save_record_file(record, negotiation, **consent)
        except CommentsWouldBeLostError:
            why = "Saving writes the whole file anew, which drops its comments."
            answer = await app.push_screen_wait(
                ChoiceScreen(
                    "The file has comments", [display_path(record.save_path), why], SAVE_OR_CANCEL
                )
            )
            return answer == "save" and await self.save_one(index, **consent, drop_comments=True)
        except HardLinkError as error:
            reasons = [
                display_path(record.save_path),
                error.message,
                "Saving writes a new file under this name.",
            ]
            answer = await app.push_screen_wait(
                ChoiceScreen("The file has other hard links", reasons, SAVE_OR_CANCEL)
            )
            return answer == "save" and await self.save_one(index, **consent, break_hard_links=True)
        except ChangedOnDiskError as error:
            return await self._resolve_conflict(index, error, consent)
        except SaveError as error:
            self.screen.notify(
                f"Not saved: {error.path}: {error.message}",
                severity="error",
                markup=False,
                timeout=10,
            )
            return False
        self.browser.saved(index, saved)
        if record.path != record.save_path:  # the first save of an edit to a bundled record
            self.screen.notify(
                f"Saved to your own copy: {display_path(saved.path)}. It opens from now on; "
                "the bundled records are unchanged.",
                markup=False,
                timeout=10,
            )
        if saved.notice:
            self.screen.notify(
                f"{display_path(saved.path)}: {saved.notice}",
                severity="warning",
                timeout=15,
                markup=False,
            )
        return True

    async def _resolve_conflict(
        self, index: int, error: ChangedOnDiskError, consent: dict[str, bool]
    ) -> bool:
        record = self.browser.files[index]
        ours = serialize(self.browser.negotiation_at(index)).decode("utf-8", "replace").splitlines()
        theirs = (error.current or b"").decode("utf-8", "replace").splitlines()
        diff = list(
            difflib.unified_diff(theirs, ours, "on disk now", "your version", lineterm="", n=1)
        )
        shown = diff[:24] + ([f"… {len(diff) - 24} more lines"] if len(diff) > 24 else [])
        answers = [
            ("r", "Reload (drop my edits)", "reload"),
            ("o", "Overwrite", "overwrite"),
            ("c", "Cancel", "cancel"),
        ]
        details = [display_path(record.save_path), error.message, *shown]
        answer = await self.screen.app.push_screen_wait(
            ChoiceScreen("Changed on disk since it was loaded", details, answers)
        )
        if answer == "overwrite":
            return await self.save_one(index, **consent, overwrite_changes=True)
        if answer == "reload":
            reloaded = self.reload_file(index)
            if reloaded:
                self._reloaded_instead.append(display_path(record.save_path))
            return reloaded
        return False

    def reload_file(self, index: int) -> bool:
        """Replace a file's records with what is on disk now (its unsaved edits are dropped)."""
        record = self.browser.files[index]
        source = record.save_path if record.save_path.exists() else record.path
        loaded, problems = load_record_file(RecordSource(source, record.save_path))
        if (
            loaded is not None
            and (taken := self.browser.dataset.id_taken(loaded, index)) is not None
        ):
            loaded, problems = None, [taken]
        if loaded is None:
            first = problems[0].format() if problems else "it could not be read"
            self.screen.notify(
                f"Could not reload: {shorten(first, 200)}", severity="error", markup=False
            )
            return False
        self.read_again(index, loaded)
        return True

    def read_again(self, index: int, loaded: RecordFile) -> None:
        """Show a file as it now is on disk; undo no longer reaches back past this."""
        old_id = self.browser.files[index].negotiation.id
        self.history.forget(old_id, loaded.negotiation.id)
        self.browser.saved(index, loaded)
        if old_id != loaded.negotiation.id:  # its id was changed in the file
            self.screen.negotiation_gone(old_id)
        self.screen.records_changed(loaded.negotiation, None)

    # --- asking before edits could be lost ---------------------------------------------------

    async def _ask(
        self, question: str, details: list[str], answers: list[tuple[str, str, str]]
    ) -> str:
        answer = await self.screen.app.push_screen_wait(ChoiceScreen(question, details, answers))
        return answer or "cancel"

    def anything_unsaved(self) -> bool:
        return bool(self.browser.modified) or self.form_has_changes()

    async def settle_before_quitting(self) -> bool:
        """True when the app may quit: nothing unsaved, or saved or discarded on request.

        With an edit form open on changes not applied yet, saving is not offered: it would
        save the files without them. Cancel, apply the form, then quit.
        """
        if not self.anything_unsaved():
            return True
        details = [f"Unsaved: {name}" for name in self.unsaved_summary()]
        answers = [
            ("s", "Save and quit", "save"),
            ("d", "Discard and quit", "discard"),
            ("c", "Cancel", "cancel"),
        ]
        if self.form_has_changes():
            details.insert(0, "The edit form has changes not applied yet (ctrl+s applies them).")
            answers.pop(0)
        answer = await self._ask("Quit with unsaved changes?", details, answers)
        return answer == "discard" or (answer == "save" and await self.save_all())

    async def settle_before_switching(self, index: int) -> bool:
        """True when the browser may leave this negotiation (its edits kept, saved or dropped)."""
        if not self.browser.is_modified(index):
            return True
        answer = await self._ask(
            "Unsaved changes in this negotiation",
            [display_path(self.browser.files[index].save_path)],
            [
                ("k", "Keep them, switch", "keep"),
                ("s", "Save", "save"),
                ("d", "Discard", "discard"),
                ("c", "Cancel", "cancel"),
            ],
        )
        if answer == "cancel" or (answer == "save" and not await self.save_all()):
            return False
        if answer == "discard":
            self.reload_file(index)
        return True

    async def reload_current(self) -> None:
        """Read the current file again, asking first when that drops unsaved edits."""
        index = self.browser.current
        if self.browser.is_modified(index):
            answer = await self._ask(
                "Reload and drop your unsaved changes?",
                [display_path(self.browser.files[index].save_path)],
                [("r", "Reload", "reload"), ("c", "Cancel", "cancel")],
            )
            if answer != "reload":
                return
        if self.reload_file(index):
            self.screen.notify("Reloaded from disk.", markup=False, timeout=2)

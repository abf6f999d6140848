"""The edit form for a round, participant or issue: generated, validated as you type."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.core.editing import EDITABLE_KINDS, validate_record
from tui.core.links import RecordKind
from tui.core.model import Negotiation, Record, as_written
from tui.core.text import shorten, visible
from tui.screens.dialogs import ChoiceScreen
from tui.widgets.fitting_footer import FittingFooter
from tui.widgets.form import FieldEditor, FormContext, RecordForm


def form_context(n: Negotiation) -> FormContext:
    """The choices a form offers for references, from the negotiation being edited."""
    return FormContext(
        parties=[(p.name, p.id) for p in n.parties],
        participants=[(f"{p.name} {p.name_original}".strip(), p.id) for p in n.participants],
        issues=[(i.title, i.id) for i in n.issues],
        sources=[(f"[{s.id}] {s.outlet}", s.id) for s in n.sources],
    )


class EditScreen(ModalScreen[Record | None]):
    """Edit one record; returns the new record, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", "Apply", priority=True, id="edit.apply"),
        # Moving between fields is taken before keys reach a field: otherwise, while the form
        # is busy, letters typed after a tab still went to the field being left.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
        Binding("escape", "cancel", "Cancel", id="edit.cancel"),
    ]

    def __init__(
        self, kind: RecordKind, record: Record, negotiation: Negotiation, *, new: bool = False
    ) -> None:
        super().__init__()
        self.kind = kind
        self.record = record
        self.negotiation = negotiation
        self.new = new
        self.original_id = None if new else str(getattr(record, "id"))  # noqa: B009
        # As the file gives it: the form adds no default the file left out (see `RecordForm.data`).
        self.initial = as_written(
            record, record.model_dump(by_alias=True, exclude_defaults=True, exclude_none=True)
        )
        self.errors: dict[str, str] = {}
        self.result: Record | None = None
        self._status = ""  # the text of the status line

    def compose(self) -> ComposeResult:
        _, model = EDITABLE_KINDS[self.kind]
        with Vertical(id="edit-body") as body:
            verb = "New" if self.new else "Edit"
            label = (
                getattr(self.record, "title", "")
                or getattr(self.record, "name", "")
                or getattr(self.record, "city", "")
            )
            title = f"{verb} {self.kind}" + (f" · {shorten(str(label), 50)}" if label else "")
            body.border_title = Content(title)
            body.border_subtitle = Content("ctrl+s apply · esc cancel")
            with VerticalScroll(id="edit-fields"):
                yield RecordForm(model, self.initial, form_context(self.negotiation))
            yield Static(Content(""), id="edit-status")
            with Horizontal(id="edit-buttons"):
                yield Button(
                    Content("Apply (ctrl+s)"), id="edit-apply", variant="primary", compact=True
                )
                yield Button(Content("Cancel (esc)"), id="edit-cancel", compact=True)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.validate()
        first = self.query(FieldEditor).first()
        first.control.focus()
        release = getattr(self.app, "release_keys", None)
        if release is not None:  # keys typed while the form opened go to it now, in order
            self.call_after_refresh(release)

    @property
    def form(self) -> RecordForm:
        return self.query_one("#edit-fields > RecordForm", RecordForm)

    def data(self) -> dict[str, Any]:
        return self.form.data()

    def validate(self) -> None:
        """Check the form as it stands: errors under their fields, Apply only when valid."""
        record, errors = validate_record(self.kind, self.data(), self.negotiation, self.original_id)
        self.result, self.errors = record, errors
        self.form.show_errors(errors)
        status = self.query_one("#edit-status", Static)
        if errors:
            first = next(iter(errors.items()))
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            where = visible(first[0], one_line=True)
            text = f"Cannot apply yet: {where}: {shorten(first[1], 70)}{more}"
        else:
            text = "Ready to apply." if self.changed else "No changes yet."
        if text != self._status:  # runs on every keystroke: a changed line re-lays out the form
            self._status = text
            status.update(Content(text))
        status.set_class(bool(errors), "-invalid")
        self.query_one("#edit-apply", Button).disabled = bool(errors)

    @property
    def changed(self) -> bool:
        return self.new or self.result is None or self.result != self.record

    def on_field_editor_changed(self, message: FieldEditor.Changed) -> None:
        self.validate()

    def action_apply(self) -> None:
        self.validate()
        if self.result is None:
            self.notify(
                "Fix the problems shown under the fields first.", severity="warning", markup=False
            )
            return
        self.dismiss(self.result)

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(answer: str | None) -> None:
            if answer == "discard":
                self.dismiss(None)

        self.app.push_screen(
            ChoiceScreen(
                "Discard your changes?",
                ["The record stays as it was."],
                [("d", "Discard", "discard"), ("k", "Keep editing", "cancel")],
            ),
            answered,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "edit-apply":
            self.action_apply()
        elif event.button.id == "edit-cancel":
            self.action_cancel()

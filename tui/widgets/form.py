"""Forms generated from the record model: one fitting control per field, errors under each.

The control for a field follows from its type in the model: text in an `Input` (long text in a
`TextArea`), dates as dates, allowed values (status, kind, party) in a `Select`, references to
other records in a `SelectionList` of the existing ones, numbers and flags, and lists of quotes
or positions as editable lists of sub-forms. A form reads back plain data, which the model
validates; it never builds a record itself.

Every label and option is `Content`, never markup. Text holding control characters (in a list,
in any item) is shown with visible stand-ins, read-only, and its stored value is kept exactly
(Textual's `Input` and `TextArea` would send those characters to the terminal); so is a list
whose items the comma-separated text would split or trim. Such a field is edited with `E`.
A field left untouched gives back its value exactly as it was.
"""

from __future__ import annotations

import datetime
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from tui.core.text import has_hidden_characters, shorten, visible
from tui.widgets.plain_input import PlainInput

LONG_TEXT = {"summary", "outcome", "notes", "text"}
MISSING = object()  # a field left empty: the model's default applies (or "required")

Options = list[tuple[str, str]]  # (label, value)


@dataclass(frozen=True, slots=True)
class FormContext:
    """What references can point at: the negotiation's parties, people, issues, sources."""

    parties: Options
    participants: Options
    issues: Options
    sources: Options

    def options_for(self, name: str) -> Options | None:
        return {
            "party": self.parties, "speaker": self.participants, "source": self.sources,
            "participants": self.participants, "issues": self.issues, "sources": self.sources,
        }.get(name)  # fmt: skip


def _base_type(annotation: Any) -> tuple[Any, bool]:
    """(type, optional) with `X | None` and `Annotated[X, …]` (limits such as `Count`'s)
    unwrapped."""
    optional = False
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = True
        annotation = args[0] if len(args) == 1 else annotation
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation, optional


def _lock_reason(value: Any, *, one_line: bool) -> str | None:
    """Why a value cannot be edited in its control without changing it, if it cannot.

    Control characters would reach the terminal; a one-line box cannot hold a line break; a
    list is edited as comma-separated text, so an item holding a comma, or space at its ends,
    would come back split or trimmed.
    """
    items = value if isinstance(value, list) else [value]
    texts = [item for item in items if isinstance(item, str)]
    if any(has_hidden_characters(text) for text in texts):
        return "Contains control characters, shown as stand-ins"
    if (one_line or isinstance(value, list)) and any("\n" in t or "\r" in t for t in texts):
        return "Holds line breaks, which this one-line field would lose"
    if isinstance(value, list) and any("," in t or t != t.strip() for t in texts):
        return "An item holds a comma or space at its ends, which this field would change"
    return None


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


class FieldEditor(Vertical):
    """One field of a form: its label, its control and the error line under it."""

    class Changed(Message):
        """Something in the form changed: validate again."""

    def __init__(self, name: str, annotation: Any, value: Any, context: FormContext) -> None:
        super().__init__(classes="field")
        self.field_name = name
        self.annotation, self.optional = _base_type(annotation)
        self.original = value
        self.context = context
        self._error: str | None = None  # the message shown under the field
        self.lock_reason = _lock_reason(value, one_line=name not in LONG_TEXT)
        self.locked = self.lock_reason is not None
        self.control = self._make_control(value)
        if isinstance(self.control, Input):
            # Tabbing into a field must not select its text: one keystroke would replace it.
            self.control.select_on_focus = False

    def compose(self) -> ComposeResult:
        label = _label(self.field_name) + (" (optional)" if self.optional else "")
        yield Static(Content(label), classes="field-label")
        yield self.control
        if self.locked:
            yield Static(
                Content(f"{self.lock_reason}; kept as is. Edit with E."), classes="field-note"
            )
        yield Static(Content(""), classes="field-error")

    def _make_control(self, value: Any) -> Widget:
        name, kind = self.field_name, self.annotation
        options = self.context.options_for(name)
        origin = typing.get_origin(kind)
        if self.locked:
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            return PlainInput(visible(shown, one_line=True), disabled=True, compact=True)
        if origin is list and options is not None:
            chosen = set(value or [])
            known = {v for _, v in options}
            selections = [
                Selection(Content(visible(label, one_line=True)), v, v in chosen)
                for label, v in options
            ]
            selections += [
                Selection(Content(f"{v} (not in the records)"), v, True)
                for v in sorted(chosen - known)
            ]
            return SelectionList[str](*selections, compact=True)
        if options is not None or origin is Literal:
            choices = (
                options
                if options is not None
                else [(str(a), str(a)) for a in typing.get_args(kind)]
            )
            items = [(Content(visible(label, one_line=True)), v) for label, v in choices]
            if value is not None and value not in {v for _, v in choices}:
                items.append((Content(f"{value} (not in the records)"), value))
            return Select(
                items,
                value=value if value is not None else Select.BLANK,
                allow_blank=self.optional or value is None,
            )
        if kind is bool:
            return Checkbox(_label(name), value=bool(value), compact=True)
        if kind is int:
            return PlainInput("" if value is None else str(value), type="integer", compact=True)
        if kind is float:
            return PlainInput("" if value is None else repr(value), type="number", compact=True)
        if kind is datetime.date:
            return PlainInput(
                "" if value is None else value.isoformat(), placeholder="YYYY-MM-DD", compact=True
            )
        if origin is list:
            return PlainInput(
                ", ".join(value or []), placeholder="comma, separated, words", compact=True
            )
        if name in LONG_TEXT:
            return TextArea(value or "", soft_wrap=True, show_line_numbers=False, compact=True)
        return PlainInput(value or "", compact=True)

    def value(self) -> Any:
        """The field's value as plain data for the model (MISSING when left empty)."""
        control, kind = self.control, self.annotation
        if self.locked:
            return self.original
        if isinstance(control, SelectionList):
            # The list reports choices in option order; keep the record's own order.
            selected = list(control.selected)
            kept = [v for v in (self.original or []) if v in selected]
            return kept + [v for v in selected if v not in kept]
        if isinstance(control, Select):
            return MISSING if control.value is Select.BLANK else control.value
        if isinstance(control, Checkbox):
            return control.value
        if isinstance(control, TextArea):
            return control.text
        assert isinstance(control, Input)
        text = control.value.strip() if kind is not str else control.value
        if typing.get_origin(kind) is list:
            if control.value == ", ".join(self.original or []):
                return list(self.original or [])  # untouched: exactly as it was
            return [part.strip() for part in text.split(",") if part.strip()]
        if text == "" and kind is not str:
            return MISSING
        if kind is int:
            return _parse(int, text)
        if kind is float:
            return _parse(float, text)
        if kind is datetime.date:
            return _parse(datetime.date.fromisoformat, text)
        return text

    def show_error(self, message: str | None) -> None:
        # Called for every field on every keystroke: a changed line re-lays out the form.
        if message == self._error:
            return
        self._error = message
        error = self.query_one(".field-error", Static)
        error.update(Content(f"⚠ {message}" if message else ""))
        self.set_class(bool(message), "-invalid")

    def on_input_changed(self) -> None:
        self.post_message(self.Changed())

    def on_text_area_changed(self) -> None:
        self.post_message(self.Changed())

    def on_select_changed(self) -> None:
        self.post_message(self.Changed())

    def on_selection_list_selected_changed(self) -> None:
        self.post_message(self.Changed())

    def on_checkbox_changed(self) -> None:
        self.post_message(self.Changed())


def _parse(convert: Any, text: str) -> Any:
    """`text` converted, or the text itself so that the model explains what is wrong."""
    try:
        return convert(text)
    except (ValueError, OverflowError):
        return text


class ListItem(Vertical):
    """One sub-record of a list: a summary line until opened, then its own form.

    Opening builds the form only then, so a round with many quotes opens at once; an item that
    was never opened gives back its data exactly as it was.
    """

    def __init__(
        self, model: type[BaseModel], data: dict[str, Any], context: FormContext, *, open_now: bool
    ) -> None:
        super().__init__(classes="list-item")
        self.model = model
        self.data = dict(data)
        self.context = context
        self.open_now = open_now
        self.error = ""

    def compose(self) -> ComposeResult:
        if self.open_now:
            yield RecordForm(self.model, self.data, self.context)
        else:
            with Horizontal(classes="item-summary"):
                yield Button(Content("Edit"), classes="open-item", compact=True)
                yield Static(self._summary(), classes="item-text")

    def _summary(self) -> Content:
        text = str(self.data.get("text", "") or self.data.get("party", "") or "(empty)")
        who = self.data.get("speaker") or self.data.get("party") or ""
        line = f"{shorten(text, 60)}" + (
            f" — {visible(str(who), one_line=True)}" if who and who != text else ""
        )
        if self.error:
            return Content.assemble((f"⚠ {self.error}  ", "$error"), line)
        return Content(line)

    @property
    def form(self) -> RecordForm | None:
        forms = [child for child in self.children if isinstance(child, RecordForm)]
        return forms[0] if forms else None

    def value(self) -> dict[str, Any]:
        form = self.form
        return form.data() if form is not None else self.data

    def show_errors(self, errors: dict[str, str]) -> None:
        form = self.form
        if form is not None:
            form.show_errors(errors)
            return
        error = "; ".join(f"{k}: {shorten(v, 50)}" for k, v in errors.items())
        if error == self.error:
            return  # runs on every keystroke in the form: a changed line re-lays it out
        self.error = error
        for text in self.query(".item-text"):
            if isinstance(text, Static):
                text.update(self._summary())

    async def open(self) -> None:
        await self.query_one(".item-summary").remove()
        await self.mount(RecordForm(self.model, self.data, self.context))
        first = self.query(FieldEditor).first()
        first.control.focus()


def _item_of(widget: Widget) -> ListItem | None:
    """The list item a button belongs to."""
    node = widget.parent
    while isinstance(node, Widget) and not isinstance(node, ListItem):
        node = node.parent
    return node if isinstance(node, ListItem) else None


class ListEditor(Vertical):
    """An editable list of sub-records (quotes, positions): add, open to edit, remove."""

    def __init__(
        self,
        name: str,
        model: type[BaseModel],
        items: Sequence[dict[str, Any]],
        context: FormContext,
    ) -> None:
        super().__init__(classes="list-editor")
        self.field_name = name
        self.model = model
        self.items = list(items)
        self.context = context

    def compose(self) -> ComposeResult:
        yield Static(self._title(len(self.items)), classes="field-label")
        for item in self.items:
            yield ListItem(self.model, item, self.context, open_now=False)
        yield Button(Content(f"+ Add {self.field_name[:-1]}"), classes="add-item", compact=True)

    def _title(self, count: int) -> Content:
        return Content(f"{_label(self.field_name)} ({count})")

    @property
    def entries(self) -> list[ListItem]:
        return list(self.query(ListItem))

    def value(self) -> list[dict[str, Any]]:
        return [item.value() for item in self.entries]

    def show_errors(self, errors: dict[str, str]) -> None:
        prefix = self.field_name
        for index, item in enumerate(self.entries):
            start = f"{prefix}[{index}]"
            item.show_errors(
                {
                    key[len(start) + 1 :] or "record": message
                    for key, message in errors.items()
                    if key.startswith(start)
                }
            )

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button
        if button.has_class("add-item"):
            item = ListItem(self.model, {}, self.context, open_now=True)
            await self.mount(item, before=button)
        elif (entry := _item_of(button)) is not None:
            if button.has_class("open-item"):
                await entry.open()
            elif button.has_class("remove-item"):
                await entry.remove()
        self.query_one(".field-label", Static).update(self._title(len(self.entries)))
        self.post_message(FieldEditor.Changed())


class RecordForm(Vertical):
    """The fields of one record (or sub-record), generated from its model."""

    def __init__(self, model: type[BaseModel], data: dict[str, Any], context: FormContext) -> None:
        super().__init__(classes="record-form")
        self.model = model
        self.base = dict(data)  # includes keys the form does not show: kept as they are
        self.context = context

    def compose(self) -> ComposeResult:
        for name, info in self.model.model_fields.items():
            annotation, _ = _base_type(info.annotation)
            args = typing.get_args(annotation)
            if (
                typing.get_origin(annotation) is list
                and args
                and isinstance(args[0], type)
                and issubclass(args[0], BaseModel)
            ):
                items = [
                    i if isinstance(i, dict) else i.model_dump() for i in self.base.get(name, [])
                ]
                yield ListEditor(name, args[0], items, self.context)
            else:
                yield FieldEditor(
                    name,
                    info.annotation,
                    self.base.get(name, info.get_default(call_default_factory=True)),
                    self.context,
                )
        if self.has_parent_list:
            yield Horizontal(
                Button(Content("Remove"), classes="remove-item", compact=True),
                classes="item-actions",
            )

    @property
    def has_parent_list(self) -> bool:
        return self.model.__name__ in {"Quote", "Position"}

    def _editors(self) -> list[FieldEditor | ListEditor]:
        return [child for child in self.children if isinstance(child, (FieldEditor, ListEditor))]

    def data(self) -> dict[str, Any]:
        """The record as plain data: the original keys, with the form's values over them.

        A field the record did not give and the form leaves at its default stays out: the
        record would otherwise gain lines such as ``translated = false`` when saved.
        """
        data = dict(self.base)
        fields = self.model.model_fields
        for editor in self._editors():
            name = editor.field_name
            value = editor.value()
            unwritten_default = name not in self.base and value == fields[name].get_default(
                call_default_factory=True
            )
            if value is MISSING or unwritten_default:
                data.pop(name, None)
            else:
                data[name] = value
        return data

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field; those of no field go to the first one."""
        shown: set[str] = set()
        for editor in self._editors():
            name = editor.field_name
            if isinstance(editor, ListEditor):
                editor.show_errors(errors)
                shown.update(k for k in errors if k.startswith(f"{name}["))
            else:
                editor.show_error(errors.get(name))
                if name in errors:
                    shown.add(name)
        leftover = [
            f"{k}: {shorten(v, 80)}" for k, v in errors.items() if k not in shown and "[" not in k
        ]
        editors = [e for e in self._editors() if isinstance(e, FieldEditor)]
        if leftover and editors:
            editors[0].show_error("; ".join(leftover))

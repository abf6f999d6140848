"""A virtual list of records: only the lines on screen are ever rendered.

`DataTable`, `ListView` and `OptionList` build every row up front; with tens of thousands of
records that costs seconds at start and tens of milliseconds per key. `RecordList` keeps rows as
plain tuples of text and renders a line on demand (Textual's line API), so moving the cursor
costs the same at ten rows and at a hundred thousand.

Every cell passes through `visible`, and the text goes into Rich segments directly, never
through markup: record text can neither style the list nor reach the terminal as control.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal, Protocol

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.text import visible
from tui.widgets.cursor import CursorMoves
from tui.widgets.scrolling import set_virtual_size

MARK = "●"


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its title, its width in cells, and whether it takes the spare width."""

    title: str
    width: int
    flex: bool = False
    align: Literal["left", "right"] = "left"


@dataclass(frozen=True, slots=True)
class Row:
    """One record as the list shows it; `key` identifies the record.

    `highlights` are (cell, start, end) character spans to emphasise, e.g. search matches.
    """

    key: str
    cells: tuple[str, ...]
    highlights: tuple[tuple[int, int, int], ...] = ()


class RowSource(Protocol):
    """Rows made on demand: the list asks only for the rows it paints."""

    def __len__(self) -> int: ...

    def row(self, index: int) -> Row: ...

    def index_of(self, key: str) -> int | None: ...


class ListRows:
    """A `RowSource` over rows that already exist."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self._rows = list(rows)
        self._index: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def row(self, index: int) -> Row:
        return self._rows[index]

    def index_of(self, key: str) -> int | None:
        if self._index is None:
            self._index = {row.key: index for index, row in enumerate(self._rows)}
        return self._index.get(key)


def _cut(text: str, width: int) -> str:
    """The start of `text` that fills `width` cells (padded where a wide character won't fit)."""
    used = 0
    for position, character in enumerate(text):
        size = get_character_cell_size(character)
        if used + size > width:
            return text[:position] + " " * (width - used)
        used += size
    return text + " " * (width - used)


def fit(text: str, width: int, align: Literal["left", "right"] = "left") -> str:
    """`text` made exactly `width` cells wide: cut with an ellipsis, or padded."""
    if width <= 0:
        return ""
    plain = text.isascii()  # printable ASCII (controls are stand-ins by now): a cell a character
    length = len(text) if plain else cell_len(text)
    if length > width:
        return (text[: width - 1] if plain else _cut(text, width - 1)) + "…"
    padding = " " * (width - length)
    return padding + text if align == "right" else text + padding


class RecordList(CursorMoves, ScrollView, can_focus=True):
    """A keyboard- and mouse-driven list of records with a cursor and marked rows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "First", show=False, id="list.first"),
        Binding("G,end", "last", "Last", show=False, id="list.last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page-up"),
        Binding("enter", "activate", "Open", id="list.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-list--header",
        "record-list--cursor",
        "record-list--cursor-blurred",
        "record-list--marked",
        "record-list--mark",
        "record-list--empty",
        "record-list--highlight",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to a record."""

        def __init__(self, record_list: RecordList, key: str | None) -> None:
            super().__init__()
            self.record_list = record_list
            self.key = key

        @property
        def control(self) -> RecordList:
            return self.record_list

    class Activated(Message):
        """The user opened the record under the cursor (Enter or a double click)."""

        def __init__(self, record_list: RecordList, key: str) -> None:
            super().__init__()
            self.record_list = record_list
            self.key = key

        @property
        def control(self) -> RecordList:
            return self.record_list

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        empty_text: str = "Nothing here",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = tuple(columns)
        self.empty_text = empty_text
        self._rows: RowSource = ListRows([])
        self._marked: frozenset[str] = frozenset()
        self._modified: frozenset[str] = frozenset()
        self._widths: tuple[int, ...] = ()
        self._base_style: Style | None = None  # during a paint (see `render_lines`)

    # --- data -------------------------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        """Every row (builds them all: for tests and small lists)."""
        return [self._rows.row(i) for i in range(len(self._rows))]

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def current_key(self) -> str | None:
        """The key of the record under the cursor, or None when the list is empty."""
        if 0 <= self.cursor < len(self._rows):
            return self._rows.row(self.cursor).key
        return None

    @property
    def marked(self) -> frozenset[str]:
        return self._marked

    def set_rows(self, rows: Sequence[Row] | RowSource, *, keep: str | None = None) -> None:
        """Replace the rows, keeping the cursor on `keep` (or the current record) if present."""
        previous = keep if keep is not None else self.current_key
        self._rows = ListRows(rows) if isinstance(rows, Sequence) else rows
        set_virtual_size(self, Size(self.size.width, len(self._rows) + 1))
        target = self._rows.index_of(previous) if previous is not None else None
        self.cursor = min(target or 0, max(len(self._rows) - 1, 0))
        self.refresh()

    def index_of(self, key: str) -> int | None:
        return self._rows.index_of(key)

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Change the columns (their widths are worked out again)."""
        self.columns = tuple(columns)
        self._widths = ()
        self.refresh()

    def select(self, key: str) -> bool:
        """Move the cursor to the record with `key`; False if it is not in the list."""
        index = self._rows.index_of(key)
        if index is None:
            return False
        self.cursor = index
        return True

    def set_modified(self, keys: frozenset[str] | set[str]) -> None:
        """Flag these records as edited and not yet saved."""
        keys = frozenset(keys)
        if keys != self._modified:
            self._modified = keys
            self.refresh()

    @property
    def modified(self) -> frozenset[str]:
        return self._modified

    def set_marked(self, keys: frozenset[str] | set[str]) -> None:
        """Mark these records (the ones linked to the selection elsewhere)."""
        keys = frozenset(keys)
        if keys != self._marked:
            self._marked = keys
            self.refresh()

    # --- cursor -----------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self._scroll_cursor_into_view()
        self.post_message(self.Highlighted(self, self.current_key))

    def _scroll_cursor_into_view(self) -> None:
        visible_rows = max(self.scrollable_content_region.height - 1, 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible_rows:
            self.scroll_to(y=self.cursor - visible_rows + 1, animate=False, immediate=True)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)
        self._widths = ()
        self._scroll_cursor_into_view()

    def on_focus(self) -> None:
        self.refresh_line(self.cursor + 1)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor + 1)

    @property
    def row_total(self) -> int:
        return len(self._rows)

    def page_size(self) -> int:
        return max(self.scrollable_content_region.height - 2, 1)

    def action_activate(self) -> None:
        if (key := self.current_key) is not None:
            self.post_message(self.Activated(self, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self._rows):
            self.focus()
            self.cursor = index
            if event.chain >= 2:
                self.action_activate()

    # --- rendering --------------------------------------------------------------------

    def _column_widths(self, width: int) -> tuple[int, ...]:
        if self._widths and sum(self._widths) + 2 + len(self.columns) - 1 == width:
            return self._widths
        available = max(width - 2 - (len(self.columns) - 1), 0)  # gutter and separators
        fixed = sum(c.width for c in self.columns if not c.flex)
        flexible = [c for c in self.columns if c.flex]
        spare = max(available - fixed, 0)
        widths = []
        for column in self.columns:
            if column.flex:
                widths.append(max(spare // len(flexible), 1))
            else:
                widths.append(column.width)
        # Shrink from the right when the fixed columns alone do not fit.
        overflow = sum(widths) - available
        for index in range(len(widths) - 1, -1, -1):
            if overflow <= 0:
                break
            cut = min(overflow, max(widths[index] - 1, 0))
            widths[index] -= cut
            overflow -= cut
        self._widths = tuple(widths)
        return self._widths

    def _line_text(self, cells: Sequence[str], widths: Sequence[int]) -> str:
        parts = [
            fit(visible(cell, one_line=True), width, column.align)
            for cell, width, column in zip(cells, widths, self.columns, strict=False)
        ]
        return " ".join(parts)

    def _highlight_spans(self, row: Row, widths: Sequence[int]) -> list[tuple[int, int]]:
        """Character spans of the row's line (after the gutter) to draw highlighted."""
        spans = []
        for cell, start, end in row.highlights:
            if cell >= len(widths) or self.columns[cell].align != "left":
                continue
            offset = sum(
                len(fit(visible(c, one_line=True), w)) + 1
                for c, w in zip(row.cells[:cell], widths[:cell], strict=False)
            )
            text = visible(row.cells[cell], one_line=True)
            shown = fit(text, widths[cell])
            cut = shown.endswith("…") and not text.endswith("…")
            limit = len(shown) - 1 if cut else len(shown)
            first, last = min(start, limit), min(end, limit)
            if first < last:
                spans.append((offset + first, offset + last))
        return spans

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style is the same for every line of a paint: looked up once.
        self._base_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base_style = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self._base_style or self.rich_style
        if y == 0:
            widths = self._column_widths(width)
            text = "  " + self._line_text([c.title for c in self.columns], widths)
            style = base + self.get_component_rich_style("record-list--header")
            return Strip([Segment(fit(text, width), style)], width)
        index = round(self.scroll_y) + y - 1
        if not len(self._rows):
            if y == 1:
                style = base + self.get_component_rich_style("record-list--empty")
                return Strip([Segment(fit("  " + self.empty_text, width), style)], width)
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        return self._render_row(index, width, base)

    def _render_row(self, index: int, width: int, base: Style) -> Strip:
        row = self._rows.row(index)
        widths = self._column_widths(width)
        marked = row.key in self._marked
        style = base
        if marked:
            style += self.get_component_rich_style("record-list--marked")
        if index == self.cursor:
            cursor = "record-list--cursor" if self.has_focus else "record-list--cursor-blurred"
            style += self.get_component_rich_style(cursor)
        gutter_style = (
            style + self.get_component_rich_style("record-list--mark") if marked else style
        )
        flag = "✎" if row.key in self._modified else " "
        gutter = Segment(f"{MARK if marked else ' '}{flag}", gutter_style)
        body = fit(self._line_text(row.cells, widths), width - 2)
        if not row.highlights:
            return Strip([gutter, Segment(body, style)], width)
        segments = [gutter]
        highlight = style + self.get_component_rich_style("record-list--highlight")
        position = 0
        for start, end in self._highlight_spans(row, widths):
            if start >= len(body) or start < position:
                continue
            segments.append(Segment(body[position:start], style))
            segments.append(Segment(body[start:end], highlight))
            position = end
        segments.append(Segment(body[position:], style))
        return Strip([s for s in segments if s.text], width)

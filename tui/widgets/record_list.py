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
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from tui.core.search.folding import fold
from tui.core.text import visible
from tui.widgets.cursor import CursorMoves
from tui.widgets.direct_lines import DirectLines
from tui.widgets.rows import (
    Column,
    ListRows,
    Row,
    RowSource,
    column_widths,
    filtered,
    fit,
    row_text,
    row_texts,
)
from tui.widgets.scrolling import direct_vertical_scrollbar, line_runs, set_virtual_size

MARK = "●"


@dataclass(frozen=True, slots=True)
class _PaintStyles:
    """What every line of one paint shares: the width and the styles."""

    width: int
    base: Style
    header: Style
    empty: Style
    marked: Style
    mark: Style
    cursor: Style
    highlight: Style


MAX_KEPT_STRIPS = 512  # rows kept painted: a few screens


class _Look(NamedTuple):
    """Everything a row's line is drawn from: lines with equal looks are the same."""

    row: Row
    marked: bool
    flag: str
    style: Style
    width: int


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

    # Repainted line by line (see `watch_cursor`), not the whole list at every move.
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Highlighted(Message):
        """The cursor moved to a record."""

        def __init__(self, record_list: RecordList, key: str | None) -> None:
            super().__init__()
            self.record_list = record_list
            self.key = key

        @property
        def control(self) -> RecordList:
            return self.record_list

    class FilterDropped(Message):
        """The filter was dropped to show a record it hid (see `select`)."""

        def __init__(self, record_list: RecordList) -> None:
            super().__init__()
            self.record_list = record_list

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
        counted: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = tuple(columns)
        self.empty_text = empty_text
        self.counted = counted  # the border's subtitle counts the rows, and the marked ones
        self._counts_shown: str | None = None
        self._rows: RowSource = ListRows([])  # what is shown: all rows, or those filtered
        self._all_rows: RowSource = self._rows
        self._filter_text = ""
        self._filter_words: tuple[str, ...] = ()
        self._row_texts: list[str] | None = None  # each row's folded text, made when filtered
        self._marked: frozenset[str] = frozenset()
        self._modified: frozenset[str] = frozenset()
        self._widths: tuple[int, ...] = ()
        self._paint: _PaintStyles | None = None  # during a paint (see `render_lines`)
        self._last_paint: _PaintStyles | None = None
        self._looked_up: tuple[tuple[int, bool, tuple[int, ...]], _PaintStyles] | None = None
        self._direct_lines = DirectLines()
        self._strips: dict[int, tuple[_Look, Strip]] = {}
        # What each line below the header showed when it was last painted.
        self._on_screen: dict[int, _Look | tuple[str, Style, int]] = {}

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

    def set_rows(
        self, rows: Sequence[Row] | RowSource, *, keep: str | None = None, near: bool = False
    ) -> None:
        """Replace the rows, keeping the cursor on `keep` (or the current record) if present.

        If it is gone, the cursor goes to the first row; with `near` (the same list, edited),
        it stays where it was: on the row that took the deleted one's place, or the new last.
        """
        self._all_rows = ListRows(rows) if isinstance(rows, Sequence) else rows
        self._row_texts = None
        self._show_rows(keep if keep is not None else self.current_key, near)

    def _show_rows(self, keep: str | None, near: bool) -> None:
        """Show the rows that pass the filter, the cursor on `keep` (see `set_rows`)."""
        position = self.cursor
        rows = self._all_rows
        if self._filter_words:
            if self._row_texts is None:
                self._row_texts = row_texts(rows)
            rows = filtered(rows, self._row_texts, self._filter_words)
        self._rows = rows
        set_virtual_size(self, Size(self.size.width, len(self._rows) + 1), repaint=False)
        target = self._rows.index_of(keep) if keep is not None else None
        if target is None:
            target = position if near else 0
        self.cursor = min(target, max(len(self._rows) - 1, 0))
        self._refresh_changed_lines()
        self._show_counts()

    @property
    def filter_text(self) -> str:
        return self._filter_text

    def set_filter(self, text: str) -> None:
        """Show only the rows holding every word of `text` (case and accents aside), keeping
        the cursor on its record when it passes; "" shows every row again."""
        words = tuple(dict.fromkeys(fold(text).split()))
        self._filter_text = text
        if words != self._filter_words:
            self._filter_words = words
            self._show_rows(self.current_key, near=False)

    def _show_counts(self) -> None:
        """``28``, or ``● 14 · 28`` while some rows are marked: marked rows out of view are
        then known to be there."""
        if self.counted:
            rows = f"{len(self._rows):,}"
            if self._filter_words:
                rows = f"{rows} of {len(self._all_rows):,}"
            marked = len(self._marked)
            counts = f"{MARK} {marked:,} · {rows}" if marked else rows
            if counts != self._counts_shown:  # a new subtitle repaints the whole list
                self._counts_shown = counts
                self.border_subtitle = Content(counts)

    @property
    def row_source(self) -> RowSource:
        return self._rows

    def refresh_rows(self) -> None:
        """The row source's rows changed in place (same keys, in the same order): repaint."""
        self._refresh_changed_lines()

    def _refresh_changed_lines(self) -> None:
        """Repaint the lines that would look different from what they showed when last painted.

        Typing a query replaces the results at every key, and often with the same records in
        the same places: those lines are left as they are on the terminal.
        """
        paint = self._last_paint
        height = self.scrollable_content_region.height
        if paint is None or paint != self._paint_styles() or not len(self._rows):
            self.refresh()
            return
        top = round(self.scroll_y)
        changed = [
            line
            for line in range(1, height)
            if self._on_screen.get(line) != self._line_look(top + line - 1, paint)
        ]
        if len(changed) == height - 1:
            self.refresh()
            return
        for start, count in line_runs(changed):
            self.refresh_lines(top + start, count)

    def index_of(self, key: str) -> int | None:
        return self._rows.index_of(key)

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Change the columns (their widths are worked out again)."""
        if tuple(columns) == self.columns:
            return  # the search panel sets them with every query
        self.columns = tuple(columns)
        self._widths = ()
        self._strips.clear()
        self.refresh()

    def select(self, key: str, *, reveal: bool = True) -> bool:
        """Move the cursor to the record with `key`; False if it is not in the list.

        A record the filter hides is shown by dropping the filter (`FilterDropped` says so):
        whoever asks for it, a followed link or a search result, wants to see it. Not with
        `reveal` off (a default place for the cursor, which the filter may well hide).
        """
        index = self._rows.index_of(key)
        hidden = index is None and self._filter_words
        if hidden and reveal and self._all_rows.index_of(key) is not None:
            self.set_filter("")
            self.post_message(self.FilterDropped(self))
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
            self._show_counts()

    # --- cursor -----------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        if old != new:
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

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        return direct_vertical_scrollbar(self)

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
        self._widths = column_widths(self.columns, width)
        return self._widths

    def _row_text(self, row: Row, widths: Sequence[int]) -> tuple[str, list[tuple[int, int]]]:
        return row_text(row, self.columns, widths)

    def _paint_styles(self) -> _PaintStyles:
        """The styles and width every line of a paint shares.

        Looked up again only when the width or focus changes, or the styles do (a theme, a
        class, an inline style): the look-up works out every ancestor's styles and took a
        millisecond a frame.
        """
        width = self.scrollable_content_region.width
        # The styles' change counters (as Textual keys its own caches) of this list and its
        # ancestors: an inline style or an animated colour changes them without a new CSS pass.
        changes = tuple(node.styles._cache_key for node in self.ancestors_with_self)
        key = (width, self.has_focus, changes)
        if self._looked_up is not None and self._looked_up[0] == key:
            return self._looked_up[1]
        base = self.rich_style
        style = self.get_component_rich_style
        paint = _PaintStyles(
            width=width,
            base=base,
            header=base + style("record-list--header"),
            empty=base + style("record-list--empty"),
            marked=style("record-list--marked"),
            mark=style("record-list--mark"),
            cursor=style(
                "record-list--cursor" if self.has_focus else "record-list--cursor-blurred"
            ),
            highlight=style("record-list--highlight"),
        )
        self._looked_up = (key, paint)
        return paint

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._looked_up = None

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of a paint shares is looked up once; rows painted before with the
        # same look are reused (scrolling by one row paints one new row, not a screenful);
        # rows are put together directly (see `DirectLines`).
        paint = self._paint_styles()
        if paint != self._last_paint or len(self._strips) > MAX_KEPT_STRIPS:
            self._strips.clear()
        self._paint = self._last_paint = paint
        try:
            return self._direct_lines.render(self, crop, self.render_line, super().render_lines)
        finally:
            self._paint = None

    def render_line(self, y: int) -> Strip:
        paint = self._paint or self._paint_styles()
        width = paint.width
        if y == 0:
            widths = self._column_widths(width)
            text = "  " + " ".join(
                fit(visible(c.title, one_line=True), w, c.align)
                for c, w in zip(self.columns, widths, strict=False)
            )
            return Strip([Segment(fit(text, width), paint.header)], width)
        index = round(self.scroll_y) + y - 1
        look = self._line_look(index, paint)
        self._on_screen[y] = look
        if not isinstance(look, _Look):
            text, style, _ = look
            return Strip([Segment(fit(text, width), style)], width)
        kept = self._strips.get(index)
        if kept is not None and kept[0] == look:
            return kept[1]
        strip = self._make_row(look, paint)
        self._strips[index] = (look, strip)
        return strip

    def _line_look(self, index: int, paint: _PaintStyles) -> _Look | tuple[str, Style, int]:
        """What the line of the index-th row shows: the row and how it is drawn, or a text."""
        if not len(self._rows):
            if index == 0:
                return ("  " + self.empty_text, paint.empty, paint.width)
            return ("", paint.base, paint.width)
        if index >= len(self._rows):
            return ("", paint.base, paint.width)
        row = self._rows.row(index)
        marked = row.key in self._marked
        style = paint.base
        if marked:
            style += paint.marked
        if index == self.cursor:
            style += paint.cursor
        flag = "✎" if row.key in self._modified else " "
        return _Look(row, marked, flag, style, paint.width)

    def _make_row(self, look: _Look, paint: _PaintStyles) -> Strip:
        row, marked, flag, style, width = look
        gutter_style = style + paint.mark if marked else style
        gutter = Segment(f"{MARK if marked else ' '}{flag}", gutter_style)
        text, spans = self._row_text(row, self._column_widths(width))
        body = fit(text, width - 2)
        if not spans:
            return Strip([gutter, Segment(body, style)], width)
        segments = [gutter]
        highlight = style + paint.highlight
        position = 0
        for start, end in spans:
            if start >= len(body) or start < position:
                continue
            segments.append(Segment(body[position:start], style))
            segments.append(Segment(body[start:end], highlight))
            position = end
        segments.append(Segment(body[position:], style))
        return Strip([s for s in segments if s.text], width)

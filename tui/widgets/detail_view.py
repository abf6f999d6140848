"""The detail view: a record's full description, wrapped to the width, with followable links.

Lines come from `tui.core.describe`. Text is assembled into `rich.text.Text` objects span by
span (never parsed as markup) after `visible` has replaced control characters, then wrapped
once per width. A row cursor moves through the wrapped lines; Enter on a line that refers to a
record posts `DetailView.Followed`, on a web address `DetailView.AddressChosen`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from tui.core.describe import Detail, DetailLine
from tui.core.links import Ref
from tui.core.text import visible
from tui.widgets.cursor import CursorMoves
from tui.widgets.direct_lines import DirectLines
from tui.widgets.scrolling import direct_vertical_scrollbar, set_virtual_size

STYLE_NAMES = (
    "title",
    "subtitle",
    "heading",
    "label",
    "text",
    "dim",
    "quote",
    "link",
    "warning",
    "status",
)


class DetailView(CursorMoves, ScrollView, can_focus=True):
    """Shows one `Detail`; the cursor row can follow the reference it carries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="detail.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="detail.up"),
        Binding("g,home", "first", "First", show=False, id="detail.first"),
        Binding("G,end", "last", "Last", show=False, id="detail.last"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="detail.page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="detail.page-up"),
        Binding("enter", "follow", "Follow link", id="detail.follow"),
        Binding(
            "right_square_bracket", "next_link", "Next link", show=False, id="detail.next-link"
        ),
        Binding(
            "left_square_bracket",
            "previous_link",
            "Previous link",
            show=False,
            id="detail.previous-link",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"detail-view--{name}" for name in STYLE_NAMES} | {
        "detail-view--cursor",
        "detail-view--cursor-blurred",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Followed(Message):
        """The user asked to go to the record a line refers to."""

        def __init__(self, ref: Ref) -> None:
            super().__init__()
            self.ref = ref

    class AddressChosen(Message):
        """The user asked to open the web address on a line."""

        def __init__(self, address: str) -> None:
            super().__init__()
            self.address = address

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._detail = Detail("")
        self._rows: list[tuple[Text, DetailLine]] = []  # wrapped rows, and their line
        self._wrapped_width = -1
        self._styles: dict[str, Style] | None = None
        # Lines painted before, by row, with the look they were painted with (see `render_line`).
        self._painted: dict[int, tuple[tuple[bool, bool, int, Style], Strip]] = {}
        self._blank: tuple[int, Style, Strip] | None = None
        self._paint: tuple[Style, int] | None = None  # base style and width, during a paint
        self._direct_lines = DirectLines()

    @property
    def detail(self) -> Detail:
        return self._detail

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        return direct_vertical_scrollbar(self)

    @property
    def current_ref(self) -> Ref | None:
        """The reference on the cursor row, if there is one."""
        self._ensure_wrapped()
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor][1].ref
        return None

    @property
    def current_address(self) -> str:
        """The web address on the cursor row, or ""."""
        self._ensure_wrapped()
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor][1].address
        return ""

    @property
    def lines_text(self) -> list[str]:
        """The wrapped lines as plain text (what a reader sees)."""
        self._ensure_wrapped()
        return [text.plain for text, _ in self._rows]

    def show(self, detail: Detail, *, focus_ref: Ref | None = None) -> None:
        """Display `detail` from the top (or with the cursor on the line for `focus_ref`)."""
        self._detail = detail
        self._wrapped_width = -1
        self._ensure_wrapped()
        target = 0
        if focus_ref is not None:
            target = next((i for i, (_, line) in enumerate(self._rows) if line.ref == focus_ref), 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = target
        self.refresh()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._restyle, init=False)

    def _restyle(self) -> None:
        self._wrapped_width = -1
        self._styles = None
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._painted.clear()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"detail-view--{name}", partial=True)

    def _line_styles(self) -> dict[str, Style]:
        """The styles of the detail's kinds of text, looked up once per theme."""
        if self._styles is None:
            self._styles = {name: self._style(name) for name in STYLE_NAMES}
        return self._styles

    def _ensure_wrapped(self) -> None:
        width = max(self.scrollable_content_region.width, 10)
        if width == self._wrapped_width:
            return
        styles = self._line_styles()
        rows: list[tuple[Text, DetailLine]] = []
        for line in self._detail.lines:
            indent = "  " * line.indent
            text = Text(no_wrap=False, end="")
            for chunk, style in line.spans:
                text.append(visible(chunk, one_line=True), styles.get(style, Style()))
            if not text.plain:
                rows.append((Text(""), line))
                continue
            for part in self._wrap(text, width - len(indent), line.hang):
                rows.append((Text(indent) + part, line))
        self._rows = rows
        self._painted.clear()
        self._wrapped_width = width
        set_virtual_size(self, Size(width, len(rows)))

    def _wrap(self, text: Text, width: int, hang: int) -> list[Text]:
        """Word-wrap `text`; lines after the first are indented by `hang` cells."""
        if cell_len(text.plain) <= width:  # most lines fit: Rich's wrapping is the slow part
            text.rstrip()
            return [text]
        console = self.app.console
        lines = list(text.wrap(console, max(width, 4)))
        if hang and len(lines) > 1 and width - hang >= 10:
            first = lines[0]
            rest = text[len(first.plain) :]
            skip = len(rest.plain) - len(rest.plain.lstrip(" "))
            lines = [
                first,
                *(Text(" " * hang) + part for part in rest[skip:].wrap(console, width - hang)),
            ]
        for line in lines:
            line.rstrip()
        return lines

    def on_resize(self) -> None:
        self._wrapped_width = -1
        self._ensure_wrapped()
        self.cursor = self.cursor

    def render_lines(self, crop: Region) -> list[Strip]:
        # The base style and width are worked out once a paint (the style walks every
        # ancestor's styles), lines painted before with the same look are reused, and lines are
        # put together directly (see `DirectLines`): a new record's frame is most of the work
        # of a move in a list.
        self._ensure_wrapped()
        self._paint = (self.rich_style, self.scrollable_content_region.width)
        try:
            return self._direct_lines.render(self, crop, self.render_line, super().render_lines)
        finally:
            self._paint = None

    def render_line(self, y: int) -> Strip:
        if self._paint is None:
            self._ensure_wrapped()
            base, width = self.rich_style, self.scrollable_content_region.width
        else:
            base, width = self._paint
        index = round(self.scroll_y) + y
        if index >= len(self._rows):
            if self._blank is None or self._blank[:2] != (width, base):
                self._blank = (width, base, Strip.blank(width, base))
            return self._blank[2]
        under_cursor = index == self.cursor or self._in_cursor_link(index)
        look = (under_cursor, under_cursor and self.has_focus, width, base)
        kept = self._painted.get(index)
        if kept is not None and kept[0] == look:
            return kept[1]
        text, _ = self._rows[index]
        segments = list(Segment.apply_style(text.render(self.app.console), base))
        strip = Strip(segments).extend_cell_length(width, base).crop(0, width)
        if under_cursor:
            # Applied after each segment's own style, so the cursor row always shows.
            name = "detail-view--cursor" if self.has_focus else "detail-view--cursor-blurred"
            cursor = self.get_component_rich_style(name, partial=True)
            strip = Strip(list(Segment.apply_style(strip, post_style=cursor)), width)
        self._painted[index] = (look, strip)
        return strip

    # --- cursor -----------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        old_span, new_span = self._link_rows(old), self._link_rows(new)
        for row in {*old_span, *new_span}:
            self.refresh_line(row)  # a row of the whole text: the view takes off its scroll
        # The whole of a link that wraps is brought into view, as far as the height allows.
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_y)
        last = min(new_span[-1], new + height - 1) if new_span else new
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False, immediate=True)

    def _link_rows(self, row: int) -> range:
        """The rows of the link wrapped across `row` (only `row` when it is not a link)."""
        rows = self._rows
        if not 0 <= row < len(rows):
            return range(row, row + 1)
        line = rows[row][1]
        if not _leads_somewhere(line):
            return range(row, row + 1)
        first = row
        while first > 0 and rows[first - 1][1] is line:
            first -= 1
        last = row
        while last + 1 < len(rows) and rows[last + 1][1] is line:
            last += 1
        return range(first, last + 1)

    def _in_cursor_link(self, row: int) -> bool:
        """True for a row of the same wrapped link as the cursor's: a link shows as one."""
        rows = self._rows
        cursor = self.cursor
        return (
            0 <= cursor < len(rows)
            and rows[row][1] is rows[cursor][1]
            and _leads_somewhere(rows[cursor][1])
        )

    def on_focus(self) -> None:
        self.refresh_line(self.cursor)

    def on_blur(self) -> None:
        self.refresh_line(self.cursor)

    @property
    def row_total(self) -> int:
        return len(self._rows)

    def page_size(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def action_next_link(self) -> None:
        """The cursor to the next line that leads to a record (wrapping round to the top)."""
        self._to_link(1)

    def action_previous_link(self) -> None:
        self._to_link(-1)

    def _to_link(self, step: int) -> None:
        """The cursor to the first row of the next (or previous) link, a wrapped link counting
        once."""
        self._ensure_wrapped()
        rows = self._rows
        total = len(rows)
        here = rows[self.cursor][1] if 0 <= self.cursor < total else None
        for offset in range(1, total + 1):
            row = (self.cursor + step * offset) % total
            line = rows[row][1]
            if _leads_somewhere(line) and line is not here:
                self.cursor = self._link_rows(row).start
                return
        if here is not None and _leads_somewhere(here):  # the only link: to its start
            self.cursor = self._link_rows(self.cursor).start
            return
        self.app.bell()  # nothing here leads anywhere

    def action_follow(self) -> None:
        if (ref := self.current_ref) is not None:
            self.post_message(self.Followed(ref))
        elif address := self.current_address:
            self.post_message(self.AddressChosen(address))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_y) + offset.y
        if 0 <= index < len(self._rows):
            self.focus()
            self.cursor = index
            if _leads_somewhere(self._rows[index][1]):
                self.action_follow()


def _leads_somewhere(line: DetailLine) -> bool:
    return line.ref is not None or bool(line.address)

"""The moves shared by the line-based widgets that have a row cursor."""

from __future__ import annotations


class CursorMoves:
    """Down, up, first, last and a page each way, for a widget with a `cursor` row.

    The widget says how many rows it has (`row_total`) and how far a page goes
    (`page_size`); its `cursor` validator keeps the cursor in range.
    """

    cursor: int

    @property
    def row_total(self) -> int:
        raise NotImplementedError

    def page_size(self) -> int:
        raise NotImplementedError

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.row_total - 1

    def action_page_down(self) -> None:
        self.cursor += self.page_size()

    def action_page_up(self) -> None:
        self.cursor -= self.page_size()

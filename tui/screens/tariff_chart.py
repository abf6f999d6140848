"""The tariff chart: each side's tariff level over time as a step chart, rounds on the axis.

The steps come from the negotiation's `tariffs` records (see `tui.core.tariff_chart` for how a
level is read from them); under the chart every step is also written out with its date, so the
exact figures can be read where the picture has to round them to a row.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from tui.core.model import Negotiation
from tui.core.tariff_chart import (
    Series,
    StepAt,
    describe_step,
    draw_chart,
    step_summary,
    steps_in_order,
    tariff_series,
)
from tui.core.text import visible
from tui.core.timeline import Line, legend_lines
from tui.widgets.fitting_footer import FittingFooter
from tui.widgets.text_chart import TextChart

SERIES_STYLES = ("series-0", "series-1", "series-2")


class TariffChartScreen(Screen[None]):
    """Tariff levels over time; escape returns to the browser."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,c", "close", "Close", id="tariff-chart.close"),
        Binding("right,l,j", "step(1)", "Next change", id="tariff-chart.next"),
        Binding("left,h,k", "step(-1)", "Previous change", id="tariff-chart.previous"),
        Binding("home,g", "step(-1000000)", "First", show=False, id="tariff-chart.first"),
        Binding("end,G", "step(1000000)", "Last", show=False, id="tariff-chart.last"),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    def __init__(self, negotiation: Negotiation) -> None:
        super().__init__()
        self.negotiation = negotiation
        self.series: list[Series] = tariff_series(negotiation)[: len(SERIES_STYLES)]
        self.rounds = [(r.number, r.start) for r in negotiation.rounds_in_order()]
        self.steps = steps_in_order(self.series)

    def compose(self) -> ComposeResult:
        with Vertical(id="tariff-body") as body:
            body.border_title = Content(
                visible(f"Tariff levels · {self.negotiation.title}", one_line=True)
            )
            body.border_subtitle = Content(
                "←/→ or j/k step through the changes · escape close"
                if self.steps
                else "escape close"
            )
            if not self.series:
                yield Static(
                    Content("No tariff records in this negotiation ([[tariffs]] in its file)."),
                    id="tariff-empty",
                )
            else:
                yield TextChart(self._legend, id="tariff-legend")
                yield TextChart(self._draw, id="tariff-chart")
                yield Static(self._step_detail(), id="tariff-step-detail")
                yield Static(self._steps(), id="tariff-steps")
        yield FittingFooter()

    @property
    def selected(self) -> StepAt | None:
        """The step under the cursor: (series index, step index)."""
        return self.steps[self.cursor] if self.steps else None

    def _draw(self, width: int, height: int) -> list[Line]:
        return draw_chart(self.series, self.rounds, width, height, self.selected)

    def _step_detail(self) -> Content:
        """The selected change in words, with the record's measure and note."""
        if self.selected is None:
            return Content("")
        text = visible(describe_step(self.series, self.selected), one_line=True)
        return Content.assemble(("▶ ", "bold $primary"), text)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.steps) - 1))

    def watch_cursor(self) -> None:
        self.query_one("#tariff-chart", TextChart).redraw()
        self.query_one("#tariff-step-detail", Static).update(self._step_detail())

    def action_step(self, by: int) -> None:
        """Move to the next (or an earlier) change of either side's level."""
        self.cursor += by

    def _legend(self, width: int, height: int) -> list[Line]:
        items = [
            ("──", style, one.label) for style, one in zip(SERIES_STYLES, self.series, strict=False)
        ]
        items.append(("┊", "round-line", "round (numbered under the dates)"))
        return legend_lines(items, width)

    def _steps(self) -> Content:
        """Every step written out, one line per side, in the colour of its line."""
        parts: list[str | tuple[str, str]] = []
        for index, one in enumerate(self.series):
            if parts:
                parts.append("\n")
            parts.append(("── ", f"bold {('$error', '$primary', '$success')[index]}"))
            parts.append(visible(step_summary(one), one_line=True))
        return Content.assemble(*parts)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No stepping keys in the footer when there are no changes to step through."""
        return bool(self.steps) or action != "step"

    def on_resize(self) -> None:
        if self.series:
            width = max(self.size.width - 4, 10)
            legend = self.query_one("#tariff-legend", TextChart)
            legend.styles.height = len(self._legend(width, 1))
            # As tall as the longest description needs, so the chart keeps its size while the
            # selection moves from a one-line change to a two-line one.
            lengths = [
                2 + cell_len(visible(describe_step(self.series, at), one_line=True))  # "▶ "
                for at in self.steps
            ]
            needed = max((-(-length // width) for length in lengths), default=1)
            self.query_one("#tariff-step-detail", Static).styles.height = min(needed, 3)

    def action_close(self) -> None:
        self.dismiss(None)

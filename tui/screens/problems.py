"""The problems view: every file that failed to load, with its line, field and message.

Enter opens the problem's file in `$EDITOR` at its line; when the editor closes, the file is
read again and the list shows what is still wrong (a file that loads now joins the others).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.collection import Dataset
from tui.core.problems import Problem
from tui.core.text import visible
from tui.widgets.fitting_footer import FittingFooter
from tui.widgets.record_list import RecordList
from tui.widgets.rows import Column, Row


def _where(problem: Problem) -> str:
    name = problem.path.name or str(problem.path)
    return f"{name}:{problem.line}" if problem.line is not None else name


def problem_rows(problems: Sequence[Problem]) -> list[Row]:
    """One row per problem, errors first."""
    ordered = _in_order(problems)
    return [
        Row(
            str(index),
            (_where(p), "error" if p.severity == "error" else "warning", p.field, p.message),
        )
        for index, p in enumerate(ordered)
    ]


class ProblemsScreen(ModalScreen[None]):
    """Lists problems; the selected one is shown in full below the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,p", "dismiss", "Close", id="problems.close"),
        Binding("enter,e", "fix", "Fix in $EDITOR", priority=True, id="problems.fix"),
    ]

    def __init__(
        self, dataset: Dataset, fix: Callable[[Problem], Awaitable[None]] | None = None
    ) -> None:
        super().__init__()
        self.dataset = dataset
        self.base = dataset.base
        self._fix = fix
        self.problems = _in_order(dataset.problems)

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-body") as body:
            body.border_title = Content(f"Problems: {self._counted()}")
            body.border_subtitle = Content(
                "enter: fix in $EDITOR · esc: close" if self._fix else "escape to close"
            )
            yield RecordList(
                (
                    Column("Where", 24, cut="start", wants=32),
                    Column("Kind", 7),
                    Column("Field", 22),
                    Column("Message", 30, flex=True),
                ),
                empty_text="No problems: every file loaded cleanly.",
                id="problems-list",
            )
            yield Static(Content(""), id="problem-detail")
        yield FittingFooter()

    def on_mount(self) -> None:
        problems_list = self.query_one(RecordList)
        problems_list.set_rows(problem_rows(self.problems))
        problems_list.focus()
        self._show(0)

    def on_record_list_highlighted(self, message: RecordList.Highlighted) -> None:
        if message.key is not None:
            self._show(int(message.key))

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.problems):
            return
        problem = self.problems[index]
        path = problem.path
        if self.base is not None and path.is_relative_to(self.base):
            path = path.relative_to(self.base)
        where = f"{path}:{problem.line}" if problem.line is not None else str(path)
        text = Content.assemble(
            (visible(where, one_line=True), "bold"),
            "\n",
            (visible(problem.field, one_line=True), "italic") if problem.field else "",
            "\n" if problem.field else "",
            visible(problem.message),
        )
        self.query_one("#problem-detail", Static).update(text)

    def on_record_list_activated(self, message: RecordList.Activated) -> None:
        message.stop()  # a double click
        self.action_fix()

    def _counted(self) -> str:
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"

    def action_fix(self) -> None:
        problems_list = self.query_one(RecordList)
        if self._fix is None or not 0 <= problems_list.cursor < len(self.problems):
            return
        self._fix_in_editor(self.problems[problems_list.cursor])

    @work(exclusive=True, group="fix")
    async def _fix_in_editor(self, problem: Problem) -> None:
        assert self._fix is not None
        await self._fix(problem)
        self.show_problems(near=problem)

    def show_problems(self, near: Problem | None = None) -> None:
        """List the problems as they are now, the cursor on the file of `near` if it has any."""
        self.problems = _in_order(self.dataset.problems)
        problems_list = self.query_one(RecordList)
        cursor = problems_list.cursor
        if near is not None:
            same_file = [i for i, p in enumerate(self.problems) if p.path == near.path]
            cursor = same_file[0] if same_file else cursor
        problems_list.set_rows(problem_rows(self.problems))
        problems_list.cursor = max(0, min(cursor, len(self.problems) - 1))
        self.query_one("#problems-body").border_title = Content(f"Problems: {self._counted()}")
        if self.problems:
            self._show(problems_list.cursor)
        else:
            self.query_one("#problem-detail", Static).update(Content(""))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


def _in_order(problems: Sequence[Problem]) -> list[Problem]:
    """Errors first, then by file and line: the order the list shows them in."""
    return sorted(problems, key=lambda p: (p.severity != "error", str(p.path), p.line or 0))

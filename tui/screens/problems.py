"""The problems view: every file that failed to load, with its line, field and message."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.problems import Problem
from tui.core.text import visible
from tui.widgets.record_list import RecordList
from tui.widgets.rows import Column, Row


def _where(problem: Problem) -> str:
    name = problem.path.name or str(problem.path)
    return f"{name}:{problem.line}" if problem.line is not None else name


def problem_rows(problems: Sequence[Problem]) -> list[Row]:
    """One row per problem, errors first."""
    ordered = sorted(problems, key=lambda p: (p.severity != "error", str(p.path), p.line or 0))
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
    ]

    def __init__(self, problems: Sequence[Problem], base: Path | None = None) -> None:
        super().__init__()
        self.base = base
        self.problems = sorted(
            problems, key=lambda p: (p.severity != "error", str(p.path), p.line or 0)
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-body") as body:
            errors = sum(p.severity == "error" for p in self.problems)
            warnings = len(self.problems) - errors
            counted = (
                f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            )
            body.border_title = Content(f"Problems: {counted}")
            body.border_subtitle = Content("escape to close")
            yield RecordList(
                (
                    Column("Where", 24),
                    Column("Kind", 7),
                    Column("Field", 22),
                    Column("Message", 30, flex=True),
                ),
                empty_text="No problems: every file loaded cleanly.",
                id="problems-list",
            )
            yield Static(Content(""), id="problem-detail")

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

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

"""The three record panes: what each one lists, in which columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tui.core.formatting import date_range, short_date
from tui.core.links import RecordKind
from tui.core.model import Negotiation
from tui.widgets.layout import PANE_TITLES
from tui.widgets.rows import Column, Row


@dataclass(frozen=True, slots=True)
class PaneSpec:
    """How one kind of record is listed."""

    kind: RecordKind
    number: int
    title: str
    columns: tuple[Column, ...]
    rows: Callable[[Negotiation], list[Row]]
    empty_text: str


def round_rows(negotiation: Negotiation) -> list[Row]:
    """Rounds in date order: number, dates, city."""
    return [
        Row(r.id, (str(r.number), date_range(r.start, r.end, short=True), r.city or r.title))
        for r in negotiation.rounds_in_order()
    ]


def participant_rows(negotiation: Negotiation) -> list[Row]:
    """Participants as written in the file: name, original script, party, role."""
    return [
        Row(p.id, (p.name, p.name_original, negotiation.party_name(p.party), p.role))
        for p in negotiation.participants
    ]


def issue_rows(negotiation: Negotiation) -> list[Row]:
    """Issues as written in the file: title, status, deadline."""
    return [
        Row(i.id, (i.title, i.status, short_date(i.deadline) if i.deadline else ""))
        for i in negotiation.issues
    ]


_COLUMNS: dict[str, tuple[Column, ...]] = {
    "round": (
        Column("#", 3, align="right"),
        Column("Dates", 18, cut="middle"),
        Column("City", 12, flex=True),
    ),
    "participant": (
        Column("Name", 14, flex=True),
        Column("Original", 8),
        Column("Party", 11),
        Column("Role", 14, flex=True),
    ),
    "issue": (Column("Issue", 20, flex=True), Column("Status", 10), Column("Deadline", 11)),
}
_ROWS = {"round": round_rows, "participant": participant_rows, "issue": issue_rows}

PANES: Sequence[PaneSpec] = tuple(
    PaneSpec(
        pane.kind,
        pane.number,
        pane.title,
        _COLUMNS[pane.kind],
        _ROWS[pane.kind],
        f"No {pane.title.lower()} yet",
    )
    for pane in PANE_TITLES
)

PANE_BY_KIND = {spec.kind: spec for spec in PANES}

ALL_ROUNDS_COLUMNS = (
    Column("Dates", 19, cut="middle"),  # "30 Apr–2 May 1995" whole
    Column("Negotiation", 14, flex=True, cut="middle"),
    Column("#", 3, align="right"),
    Column("City", 12),
)
ROWS_KEPT = 1024  # rows of the all-rounds list kept made: a few screens
KEY_SEPARATOR = "/"  # never in an id (ids are slugs): "negotiation/round" keys stay unique


class AllRoundsRows:
    """Every round of every negotiation in date order, as rows made only when painted.

    Keys are ``negotiation-id/round-id``. Sorting twenty thousand rounds takes milliseconds;
    making their rows up front would take far longer and is never needed: the list paints a
    screenful.
    """

    def __init__(self, negotiations: Sequence[Negotiation]) -> None:
        order = [
            (r.start, r.number, position, r)
            for position, n in enumerate(negotiations)
            for r in n.rounds
        ]
        order.sort(key=lambda item: item[:3])
        self._negotiations = negotiations
        self._rounds = [(position, r) for _, _, position, r in order]
        self._index: dict[str, int] | None = None
        self._made: dict[int, Row] = {}

    def __len__(self) -> int:
        return len(self._rounds)

    def key(self, index: int) -> str:
        position, round_ = self._rounds[index]
        return f"{self._negotiations[position].id}{KEY_SEPARATOR}{round_.id}"

    def row(self, index: int) -> Row:
        made = self._made.get(index)
        if made is not None:  # each paint asks again for the rows on screen
            return made
        position, r = self._rounds[index]
        title = self._negotiations[position].title
        dates = date_range(r.start, r.end, short=True)
        made = Row(self.key(index), (dates, title, str(r.number), r.city or r.title))
        if len(self._made) >= ROWS_KEPT:
            self._made.clear()
        self._made[index] = made
        return made

    def index_of(self, key: str) -> int | None:
        if self._index is None:
            self._index = {self.key(index): index for index in range(len(self._rounds))}
        return self._index.get(key)

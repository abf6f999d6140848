"""The browser's state, apart from any widget: which negotiation, what is selected, history.

The main screen renders this state and feeds it the user's moves; keeping it here keeps the
screen thin and lets the navigation rules be read (and tested) in one place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from tui.core.checks import check_negotiation
from tui.core.collection import Dataset
from tui.core.describe import Describer, Detail
from tui.core.links import PANE_KINDS, Links, RecordKind, Ref
from tui.core.loading import RecordFile
from tui.core.model import Negotiation
from tui.core.problems import Problem


@dataclass(frozen=True, slots=True)
class Location:
    """Where the user was: the record shown, which pane was active, where focus was."""

    ref: Ref | None
    pane: RecordKind
    focus: str
    detail_cursor: int = 0


@dataclass(slots=True)
class Browser:
    """The loaded dataset, the current negotiation and the navigation history."""

    dataset: Dataset
    today: datetime.date | None = None
    current: int = 0
    history: list[Location] = field(default_factory=list)
    working: dict[int, Negotiation] = field(default_factory=dict)  # edited, not yet saved
    _links: dict[str, Links] = field(default_factory=dict)
    _checked: dict[str, tuple[Negotiation, list[Problem]]] = field(default_factory=dict)

    @property
    def files(self) -> list[RecordFile]:
        return self.dataset.files

    @property
    def record_file(self) -> RecordFile | None:
        return self.files[self.current] if self.files else None

    def negotiation_at(self, index: int) -> Negotiation:
        """A negotiation as the user sees it now: with their unsaved edits."""
        return self.working.get(index, self.files[index].negotiation)

    @property
    def negotiation(self) -> Negotiation | None:
        """The current negotiation, with unsaved edits."""
        return self.negotiation_at(self.current) if self.files else None

    @property
    def negotiations(self) -> list[Negotiation]:
        return [self.negotiation_at(i) for i in range(len(self.files))]

    def is_modified(self, index: int) -> bool:
        return index in self.working and self.working[index] != self.files[index].negotiation

    @property
    def modified(self) -> list[int]:
        """Indexes of the files with unsaved edits."""
        return [i for i in sorted(self.working) if self.is_modified(i)]

    def apply(self, negotiation_id: str, negotiation: Negotiation) -> None:
        """Make `negotiation` the working version of its file."""
        index = self.index_of(negotiation_id)
        if index is not None:
            self.working[index] = negotiation

    def saved(self, index: int, record: RecordFile) -> None:
        """The file at `index` is now `record` on disk (saved or reloaded), with its problems."""
        before = self.files[index]
        self.files[index] = record
        self.working.pop(index, None)
        paths = {before.path, before.save_path, record.path, record.save_path}
        self.dataset.set_problems_of(paths, record.problems)

    @property
    def links(self) -> Links | None:
        """Look-ups for the current negotiation."""
        negotiation = self.negotiation
        return self.links_for(negotiation.id) if negotiation is not None else None

    def links_for(self, negotiation_id: str) -> Links | None:
        """Look-ups for one negotiation, built once and kept until its records change."""
        index = self.index_of(negotiation_id)
        if index is None:
            return None
        negotiation = self.negotiation_at(index)
        cached = self._links.get(negotiation.id)
        if cached is None or cached.negotiation is not negotiation:
            cached = Links.build(negotiation)
            self._links[negotiation.id] = cached
        return cached

    def index_of(self, negotiation_id: str) -> int | None:
        for index, record in enumerate(self.files):
            if record.negotiation.id == negotiation_id:
                return index
        return None

    def switch_to(self, negotiation_id: str) -> bool:
        index = self.index_of(negotiation_id)
        if index is None:
            return False
        self.current = index
        return True

    def describe(self, ref: Ref) -> Detail:
        """The detail of any record of any loaded negotiation (with what is wrong with it)."""
        links = self.links_for(ref.negotiation)
        if links is None:
            detail = Detail(ref.id)
            detail.add((f'Negotiation "{ref.negotiation}" is not loaded.', "dim"))
            return detail
        problems = self.problems_of(ref.negotiation)
        return Describer(links, self.today, problems).describe(ref)

    def problems_of(self, negotiation_id: str) -> list[Problem]:
        """What the checks find wrong in a negotiation as it is now.

        As loaded, the file's own problems (with their lines); with unsaved edits, the checks
        run again on the edited records (once per version), since they may have fixed a problem
        or made one.
        """
        index = self.index_of(negotiation_id)
        if index is None:
            return []
        record = self.files[index]
        negotiation = self.negotiation_at(index)
        if negotiation is record.negotiation:
            return record.problems
        cached = self._checked.get(negotiation_id)
        if cached is None or cached[0] is not negotiation:
            cached = (negotiation, check_negotiation(negotiation, record.save_path, _no_line))
            self._checked[negotiation_id] = cached
        return cached[1]

    def marks_for(self, ref: Ref | None) -> dict[RecordKind, set[str]]:
        """What the panes mark while `ref` is selected."""
        links = self.links_for(ref.negotiation) if ref is not None else None
        if ref is None or links is None or ref.kind not in PANE_KINDS:
            return {}
        return links.marked_by(ref)

    def push(self, location: Location) -> None:
        if not self.history or self.history[-1] != location:
            self.history.append(location)
        del self.history[:-200]  # a long session keeps the last 200 places

    def pop(self) -> Location | None:
        return self.history.pop() if self.history else None


def _no_line(loc: object) -> None:
    """Edited records have no line in the file yet."""
    return None

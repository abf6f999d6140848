"""Checks that span records: unique ids, references that resolve, keys the schema ignores.

These are reported as problems rather than raised, so a file with one dangling reference still
opens and the rest of it can be read and fixed.
"""

from __future__ import annotations

import functools
import itertools
import operator
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tui.core.model import Negotiation, Quote, Record
from tui.core.problems import Problem, field_path

Loc = tuple[int | str, ...]

MAX_NESTING = 64  # deeper than this, tomli-w cannot write the values back
TOO_DEEP = (
    f"values are nested more than {MAX_NESTING} levels deep, which this program could not "
    "write back"
)
Locate = Callable[[Loc], int | None]


def check_negotiation(negotiation: Negotiation, path: Path, locate: Locate) -> list[Problem]:
    """Duplicate ids, dangling references and unknown keys in one negotiation."""
    checker = _Checker(path, locate)
    checker.run(negotiation)
    return checker.problems


class _Checker:
    def __init__(self, path: Path, locate: Locate) -> None:
        self.path = path
        self.locate = locate
        self.problems: list[Problem] = []

    def report(self, loc: Loc, message: str, severity: str = "error") -> None:
        self.problems.append(
            Problem(
                self.path,
                self.locate(loc),
                field_path(loc),
                message,
                "warning" if severity == "warning" else "error",
            )
        )

    def run(self, n: Negotiation) -> None:
        for kind in ("parties", "participants", "issues", "rounds", "events", "sources"):
            self.unique_ids(kind, getattr(n, kind))
        self.unique_round_numbers(n)
        parties = {p.id for p in n.parties}
        people = {p.id for p in n.participants}
        issues = {i.id for i in n.issues}
        sources = {s.id for s in n.sources}

        def refs(loc: Loc, values: Sequence[str], known: set[str], what: str) -> None:
            if known.issuperset(values):  # nearly always: one C call instead of a loop
                return
            for index, value in enumerate(values):
                ref((*loc, index), value, known, what)

        def ref(loc: Loc, value: str, known: set[str], what: str) -> None:
            if value not in known:
                self.report(loc, f'refers to {what} "{value}", which does not exist')

        for i, person in enumerate(n.participants):
            ref(("participants", i, "party"), person.party, parties, "party")
            refs(("participants", i, "sources"), person.sources, sources, "source")
        for i, issue in enumerate(n.issues):
            refs(("issues", i, "sources"), issue.sources, sources, "source")
            for j, position in enumerate(issue.positions):
                ref(("issues", i, "positions", j, "party"), position.party, parties, "party")
                refs(("issues", i, "positions", j, "sources"), position.sources, sources, "source")
        for kind in ("rounds", "events"):
            for i, record in enumerate(getattr(n, kind)):
                # Tens of thousands of these: checked at once, walked only when one fails.
                if not (
                    people.issuperset(record.participants)
                    and issues.issuperset(record.issues)
                    and sources.issuperset(record.sources)
                ):
                    refs((kind, i, "participants"), record.participants, people, "participant")
                    refs((kind, i, "issues"), record.issues, issues, "issue")
                    refs((kind, i, "sources"), record.sources, sources, "source")
                if record.quotes:
                    self.quote_refs((kind, i), record.quotes, people, sources)
        for i, level in enumerate(n.tariffs):
            ref(("tariffs", i, "imposer"), level.imposer, parties, "party")
            ref(("tariffs", i, "target"), level.target, parties, "party")
            refs(("tariffs", i, "sources"), level.sources, sources, "source")
        if _any_unknown_keys([n], Negotiation):  # rarely: most files hold none
            self.unknown_keys((), n)

    def quote_refs(
        self, loc: Loc, quotes: Sequence[Quote], people: set[str], sources: set[str]
    ) -> None:
        for j, quote in enumerate(quotes):
            if quote.speaker not in people:
                self.report(
                    (*loc, "quotes", j, "speaker"),
                    f'refers to participant "{quote.speaker}", which does not exist',
                )
            if quote.source is not None and quote.source not in sources:
                self.report(
                    (*loc, "quotes", j, "source"),
                    f'refers to source "{quote.source}", which does not exist',
                )

    def unique_ids(self, kind: str, records: Sequence[Any]) -> None:
        if len(set(map(_id_of, records))) == len(records):
            return  # all different (ids are text), found at C speed
        first_seen: dict[str, int] = {}
        for index, record in enumerate(records):
            record_id = str(record.id)
            if record_id in first_seen:
                self.report(
                    (kind, index, "id"),
                    f'duplicate id "{record_id}" (first used by {kind}[{first_seen[record_id]}])',
                )
            else:
                first_seen[record_id] = index

    def unique_round_numbers(self, n: Negotiation) -> None:
        seen: dict[int, int] = {}
        for index, round_ in enumerate(n.rounds):
            if round_.number in seen:
                self.report(
                    ("rounds", index, "number"),
                    f"round number {round_.number} is also used by rounds[{seen[round_.number]}]",
                    "warning",
                )
            else:
                seen[round_.number] = index

    def unknown_keys(self, loc: Loc, record: Record) -> None:
        """Report the unknown keys of `record` and of every record it holds, in file order."""
        if record.__pydantic_extra__:
            self.extra_keys(loc, record)
        for name, is_list, _ in _record_fields(type(record)):
            value = getattr(record, name)
            if not is_list:
                if value is not None:
                    self.unknown_keys((*loc, name), value)
                continue
            for index, item in enumerate(value):
                self.unknown_keys((*loc, name, index), item)

    def extra_keys(self, loc: Loc, record: Record) -> None:
        extra = record.__pydantic_extra__
        assert extra is not None
        for key in record.unknown_keys():
            self.report(
                (*loc, key), f'unknown key "{key}" (kept and written back unchanged)', "warning"
            )
            # Only unknown keys hold values of any shape: the schema's own are shallow.
            if too_deep(extra[key], MAX_NESTING - len(loc) - 1) is not None:
                self.report((*loc, key), TOO_DEEP)


_extra_of = operator.attrgetter("__pydantic_extra__")
_id_of = operator.attrgetter("id")


def too_deep(value: Any, limit: int) -> Loc | None:
    """Path (within `value`) of the first array or table nested more than `limit` deep."""
    stack: list[tuple[Any, Loc]] = [(value, ())]
    while stack:
        item, loc = stack.pop()
        if isinstance(item, dict):
            children: list[tuple[int | str, Any]] = list(item.items())
        elif isinstance(item, list):
            children = list(enumerate(item))
        else:
            continue
        if len(loc) > limit:
            return loc
        stack.extend((child, (*loc, key)) for key, child in children)
    return None


def _any_unknown_keys(records: Sequence[Record], model: type[Record]) -> bool:
    """True when a record of `records` (all of `model`), or one inside them, has unknown keys.

    A thousand files hold over a hundred thousand records: each kind is checked a list at a
    time, at C speed, where walking them one by one took a tenth of loading.
    """
    if any(map(_extra_of, records)):
        return True
    for name, is_list, inner in _record_fields(model):
        values = map(operator.attrgetter(name), records)
        held = (
            list(itertools.chain.from_iterable(values)) if is_list else list(filter(None, values))
        )
        if held and _any_unknown_keys(held, inner):
            return True
    return False


@functools.cache
def _record_fields(model: type[Record]) -> tuple[tuple[str, bool, type[Record]], ...]:
    """The fields of `model` that hold records: (name, holds a list of them, their model)."""
    found: list[tuple[str, bool, type[Record]]] = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if typing.get_origin(annotation) is list:
            (item,) = typing.get_args(annotation)
            if isinstance(item, type) and issubclass(item, Record):
                found.append((name, True, item))
            continue
        for candidate in (annotation, *typing.get_args(annotation)):
            if isinstance(candidate, type) and issubclass(candidate, Record):
                found.append((name, False, candidate))
                break
    return tuple(found)

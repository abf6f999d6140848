"""Changing records in memory: edit, add, delete, and undo/redo.

Every change produces a new `Negotiation` (the models are treated as values), so undoing is
putting the previous value back. Renaming an id or deleting a record also updates what refers
to it, and `references_to` says beforehand what that will be, in words.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from tui.core.links import RecordKind
from tui.core.model import Event, Issue, Negotiation, Participant, Quote, Record, Round
from tui.core.problems import describe_error, field_path

EDITABLE_KINDS: dict[RecordKind, tuple[str, type[Record]]] = {
    "round": ("rounds", Round),
    "participant": ("participants", Participant),
    "issue": ("issues", Issue),
}


def records_of(negotiation: Negotiation, kind: RecordKind) -> list[Any]:
    attribute, _ = EDITABLE_KINDS[kind]
    return list(getattr(negotiation, attribute))


def find(negotiation: Negotiation, kind: RecordKind, record_id: str) -> Any | None:
    return next((r for r in records_of(negotiation, kind) if r.id == record_id), None)


def with_records(negotiation: Negotiation, kind: RecordKind, records: list[Any]) -> Negotiation:
    attribute, _ = EDITABLE_KINDS[kind]
    return negotiation.model_copy(update={attribute: records})


# --- validating a record from a form ------------------------------------------------------


def validate_record(
    kind: RecordKind, data: dict[str, Any], negotiation: Negotiation, original_id: str | None
) -> tuple[Record | None, dict[str, str]]:
    """The record `data` describes, or None and a message per field path, in plain words."""
    _, model = EDITABLE_KINDS[kind]
    errors: dict[str, str] = {}
    record: Record | None = None
    try:
        record = model.model_validate(data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            errors.setdefault(field_path(tuple(item["loc"])) or "record", describe_error(item))
    new_id = data.get("id")
    if isinstance(new_id, str) and new_id != original_id and find(negotiation, kind, new_id):
        errors.setdefault("id", f'another {kind} already has the id "{new_id}"')
    return (None, errors) if errors else (record, {})


# --- changes ------------------------------------------------------------------------------


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _map_meetings(n: Negotiation, change: Callable[[Any], dict[str, Any]]) -> Negotiation:
    """Apply `change` (returning the fields to update) to every round and event."""
    rounds = [r.model_copy(update=change(r)) for r in n.rounds]
    events = [e.model_copy(update=change(e)) for e in n.events]
    return n.model_copy(update={"rounds": rounds, "events": events})


def _rename_references(n: Negotiation, kind: RecordKind, old: str, new: str) -> Negotiation:
    """Point every reference to `old` at `new`."""

    def swap(ids: list[str]) -> list[str]:
        return [new if i == old else i for i in ids]

    if kind == "participant":

        def speaker(quote: Quote) -> Quote:
            return quote.model_copy(update={"speaker": new}) if quote.speaker == old else quote

        return _map_meetings(n, lambda m: {
            "participants": swap(m.participants), "quotes": [speaker(q) for q in m.quotes],
        })  # fmt: skip
    if kind == "issue":
        return _map_meetings(n, lambda m: {"issues": swap(m.issues)})
    return n


def replace_record(n: Negotiation, kind: RecordKind, old_id: str, record: Record) -> Negotiation:
    """`n` with the record `old_id` replaced by `record` (references follow a new id)."""
    records = [record if r.id == old_id else r for r in records_of(n, kind)]
    updated = with_records(n, kind, records)
    new_id = str(getattr(record, "id"))  # noqa: B009 - every editable kind has an id
    if new_id != old_id:
        updated = _rename_references(updated, kind, old_id, new_id)
    return updated


def _free_id(existing: set[str], stem: str, number: int = 1) -> str:
    """``stem-N``, from `number` up, that no record of the kind has yet."""
    while f"{stem}-{number}" in existing:
        number += 1
    return f"{stem}-{number}"


def new_record(n: Negotiation, kind: RecordKind, today: datetime.date | None = None) -> Record:
    """A fresh record with sensible defaults: a round gets the next number and date."""
    existing = {r.id for r in records_of(n, kind)}
    if kind == "round":
        rounds = n.rounds_in_order()
        number = max((r.number for r in rounds), default=0) + 1
        start = today or datetime.date.today()
        if rounds and rounds[-1].last_day > start:
            start = min(rounds[-1].last_day, datetime.date.max - datetime.timedelta(days=1))
            start += datetime.timedelta(days=1)
        return Round(id=_free_id(existing, "round", number), number=number, start=start)
    if kind == "participant":
        party = n.parties[0].id if n.parties else "unknown"
        return Participant(id=_free_id(existing, "person"), name="New participant", party=party)
    return Issue(id=_free_id(existing, "issue"), title="New issue")


def add_record(n: Negotiation, kind: RecordKind, record: Record) -> Negotiation:
    return with_records(n, kind, [*records_of(n, kind), record])


def references_to(n: Negotiation, kind: RecordKind, record_id: str) -> list[str]:
    """What refers to a record, and what deleting it does about that: each a predicate whose
    subject is the record ("is listed in 2 rounds (removed from them)")."""
    meetings: list[Round | Event] = [*n.rounds, *n.events]
    found: list[str] = []
    if kind == "participant":
        rounds = sum(record_id in r.participants for r in n.rounds)
        events = sum(record_id in e.participants for e in n.events)
        quotes = sum(q.speaker == record_id for m in meetings for q in m.quotes)
        if rounds:
            found.append(f"is listed in {_counted(rounds, 'round')} (removed from them)")
        if events:
            found.append(f"is listed in {_counted(events, 'event')} (removed from them)")
        if quotes:
            found.append(f"is the speaker of {_counted(quotes, 'quote')} (deleted with them)")
    elif kind == "issue":
        rounds = sum(record_id in r.issues for r in n.rounds)
        events = sum(record_id in e.issues for e in n.events)
        if rounds:
            found.append(f"is discussed in {_counted(rounds, 'round')} (removed from them)")
        if events:
            found.append(f"is linked to {_counted(events, 'event')} (removed from them)")
    elif kind == "round":
        round_ = next((r for r in n.rounds if r.id == record_id), None)
        if round_ is not None and round_.quotes:
            found.append(f"holds {_counted(len(round_.quotes), 'quote')} (deleted with it)")
    return found


def delete_record(n: Negotiation, kind: RecordKind, record_id: str) -> Negotiation:
    """`n` without the record, and without the references to it (see `references_to`)."""
    updated = with_records(n, kind, [r for r in records_of(n, kind) if r.id != record_id])
    if kind == "participant":
        return _map_meetings(updated, lambda m: {
            "participants": [p for p in m.participants if p != record_id],
            "quotes": [q for q in m.quotes if q.speaker != record_id],
        })  # fmt: skip
    if kind == "issue":
        return _map_meetings(updated, lambda m: {"issues": [i for i in m.issues if i != record_id]})
    return updated


# --- history ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One step of the session: which negotiation, before and after, and in words."""

    negotiation_id: str
    before: Negotiation
    after: Negotiation
    description: str


@dataclass(slots=True)
class EditHistory:
    """Undo and redo through the session's changes, across negotiations."""

    undo_stack: list[Change] = field(default_factory=list)
    redo_stack: list[Change] = field(default_factory=list)
    limit: int = 500

    def record(self, change: Change) -> None:
        self.undo_stack.append(change)
        del self.undo_stack[: -self.limit]
        self.redo_stack.clear()

    def forget(self, *negotiation_ids: str) -> None:
        """Drop the changes to these negotiations: their records were read again from disk.

        Undoing one of them would put back a whole negotiation as it was before the change,
        silently reverting whatever the file gained since (an edit in another program).
        """
        self.undo_stack[:] = [c for c in self.undo_stack if c.negotiation_id not in negotiation_ids]
        self.redo_stack[:] = [c for c in self.redo_stack if c.negotiation_id not in negotiation_ids]

    def undo(self, apply: Callable[[str, Negotiation], None]) -> Change | None:
        if not self.undo_stack:
            return None
        change = self.undo_stack.pop()
        apply(change.negotiation_id, change.before)
        self.redo_stack.append(change)
        return change

    def redo(self, apply: Callable[[str, Negotiation], None]) -> Change | None:
        if not self.redo_stack:
            return None
        change = self.redo_stack.pop()
        apply(change.negotiation_id, change.after)
        self.undo_stack.append(change)
        return change

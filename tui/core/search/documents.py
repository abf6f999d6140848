"""The documents search looks through: one per round, participant, issue, event, quote, source."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from tui.core.formatting import date_range, long_date, round_name, tariff_line
from tui.core.links import Ref
from tui.core.model import Event, Issue, Negotiation, Participant, Round, Source
from tui.core.search.folding import fold

GroupKind = Literal["negotiation", "round", "participant", "issue", "event", "quote", "source"]
# The order results are listed in: a negotiation's own document (its summary, tags, sides and
# tariff levels) matches broadly, so it comes after the records it sums up.
GROUPS: tuple[GroupKind, ...] = (
    "round", "participant", "issue", "event", "quote", "source", "negotiation",
)  # fmt: skip
GROUP_TITLES: dict[GroupKind, str] = {
    "negotiation": "Negotiations",
    "round": "Rounds",
    "participant": "Participants",
    "issue": "Issues",
    "event": "Events",
    "quote": "Quotes",
    "source": "Sources",
}


@dataclass(frozen=True, slots=True)
class Document:
    """One searchable record: where it leads, its label, and its fields."""

    ref: Ref
    label: str
    negotiation_title: str
    fields: tuple[tuple[str, str], ...]  # (field name, text)
    folded: str
    folded_label: str


# What one document is made from: the record (and, for a quote, which of its owner's quotes).
Part = Negotiation | Round | Participant | Issue | Event | Source
Entry = tuple[GroupKind, Part, int]


def plan_of(negotiation: Negotiation) -> list[Entry]:
    """The documents of a negotiation, in order, as cheap entries built into text on demand."""
    n = negotiation
    entries: list[Entry] = [("negotiation", n, -1)]
    for r in n.rounds_in_order():
        entries.append(("round", r, -1))
        entries.extend(("quote", r, index) for index in range(len(r.quotes)))
    entries.extend(("participant", p, -1) for p in n.participants)
    entries.extend(("issue", i, -1) for i in n.issues)
    for e in n.events:
        entries.append(("event", e, -1))
        entries.extend(("quote", e, index) for index in range(len(e.quotes)))
    entries.extend(("source", s, -1) for s in n.sources)
    return entries


class DocumentBuilder:
    """Builds the documents of one negotiation, with its look-ups made once."""

    def __init__(self, negotiation: Negotiation) -> None:
        self.negotiation = negotiation
        self.names = {p.id: p.name for p in negotiation.participants}
        # A round's attendees are found by their names in the original script too.
        self.full_names = {
            p.id: f"{p.name} {p.name_original}" if p.name_original else p.name
            for p in negotiation.participants
        }
        self.issue_titles = {i.id: i.title for i in negotiation.issues}

    def ref_of(self, entry: Entry) -> Ref:
        """Where a document leads, without building its text (quotes: ``record#n``)."""
        kind, part, quote = entry
        nid = self.negotiation.id
        if kind == "quote":
            return Ref("round" if isinstance(part, Round) else "event", nid, f"{part.id}#{quote}")
        if kind == "negotiation":
            return Ref("negotiation", nid, nid)
        return Ref(kind, nid, part.id)

    def build(self, entry: Entry) -> Document:
        """One document: its label and the text of all its fields."""
        label, fields = self._label_and_fields(entry)
        kept = tuple((name, text) for name, text in fields if text)
        folded = fold("\n".join(text for _, text in kept))
        return Document(
            self.ref_of(entry), label, self.negotiation.title, kept, folded, fold(label)
        )

    def folded(self, entry: Entry) -> tuple[str, str]:
        """A document's folded text and label, as `build` makes them: all the index needs."""
        label, fields = self._label_and_fields(entry)
        return fold("\n".join(text for _, text in fields if text)), fold(label)

    def label(self, entry: Entry) -> str:
        """A document's label alone: what a result row shows before its snippet is worked out."""
        kind, part, quote = entry
        if isinstance(part, Negotiation):
            return part.title
        if kind == "quote":
            assert isinstance(part, Round | Event)
            said = part.quotes[quote]
            return f"{self.names.get(said.speaker, said.speaker)}, {long_date(said.date)}"
        if isinstance(part, Round):
            return _round_label(part)
        if isinstance(part, Participant):
            return f"{part.name} {part.name_original}".strip()
        if isinstance(part, Issue):
            return part.title
        if isinstance(part, Event):
            return f"{part.title} ({long_date(part.date)})"
        return f"[{part.id}] {part.outlet}"

    def _label_and_fields(self, entry: Entry) -> tuple[str, list[tuple[str, str]]]:
        kind, part, quote = entry
        n = self.negotiation
        fields: list[tuple[str, str]]
        if isinstance(part, Negotiation):
            sides = "; ".join(
                p.name + (f" ({p.short_name})" if p.short_name not in ("", p.name) else "")
                for p in part.parties
            )
            tariffs = [
                ("tariff level", tariff_line(part, t) + (f" {t.note}" if t.note else ""))
                for t in part.tariffs
            ]
            fields = [
                ("title", part.title), ("status", part.status), ("summary", part.summary),
                ("tags", ", ".join(part.tags)), ("parties", sides), *tariffs,
            ]  # fmt: skip
        elif kind == "quote":
            assert isinstance(part, Round | Event)
            said = part.quotes[quote]
            speaker = self.names.get(said.speaker, said.speaker)
            owner = (
                ("round", _round_label(part)) if isinstance(part, Round) else ("event", part.title)
            )
            fields = [
                ("quote", said.text), ("speaker", speaker), ("context", said.context), owner,
                ("date", _dated(said.date)),
            ]  # fmt: skip
        elif isinstance(part, Round):
            attendees = ", ".join(self.full_names.get(p, p) for p in part.participants)
            topics = ", ".join(self.issue_titles.get(i, i) for i in part.issues)
            days = sorted({part.start, part.last_day})
            dates = f"{date_range(part.start, part.end)} · {' to '.join(map(str, days))}"
            fields = [
                ("title", part.title), ("city", part.city), ("country", part.country),
                ("venue", part.venue), ("occasion", part.occasion),
                ("dates", dates), ("summary", part.summary),
                ("outcome", part.outcome), ("duration", part.duration_note), ("kind", part.kind),
                ("participants", attendees), ("issues", topics),
            ]  # fmt: skip
        elif isinstance(part, Participant):
            fields = [
                ("name", part.name), ("original name", part.name_original),
                ("party", n.party_name(part.party)), ("role", part.role),
                ("organisation", part.organisation), ("notes", part.notes),
            ]  # fmt: skip
        elif isinstance(part, Issue):
            positions = [
                (f"position ({n.party_name(pos.party)})", pos.text) for pos in part.positions
            ]
            fields = [
                ("title", part.title), ("status", part.status), ("summary", part.summary),
                ("tags", ", ".join(part.tags)), *positions,
                ("deadline", _dated(part.deadline) if part.deadline else ""),
            ]  # fmt: skip
        elif isinstance(part, Event):
            fields = [
                ("title", part.title), ("summary", part.summary), ("kind", part.kind),
                ("date", _dated(part.date)),
            ]  # fmt: skip
        else:
            fields = [
                ("outlet", part.outlet), ("title", part.title), ("address", part.url),
                ("note", part.note),
            ]  # fmt: skip
        return self.label(entry), fields


def _dated(day: datetime.date) -> str:
    """``10 June 2025 · 2025-06-10``: found by the date as people write it, and as ISO."""
    return f"{long_date(day)} · {day.isoformat()}"


def _round_label(round_: Round) -> str:
    return round_name(round_)


def documents_of(negotiation: Negotiation) -> Iterator[tuple[GroupKind, Document]]:
    """Every searchable document of one negotiation, with all its text."""
    builder = DocumentBuilder(negotiation)
    for entry in plan_of(negotiation):
        yield entry[0], builder.build(entry)


def quote_ref(ref: Ref) -> Ref:
    """A quote's document id is ``record#n``; its record is what the browser opens."""
    return Ref(ref.kind, ref.negotiation, ref.id.split("#", 1)[0])

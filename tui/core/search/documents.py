"""The documents search looks through: one per round, participant, issue, event, quote, source."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from tui.core.formatting import date_range, long_date
from tui.core.links import Ref
from tui.core.model import Negotiation
from tui.core.search.folding import fold

GroupKind = Literal["round", "participant", "issue", "event", "quote", "source"]
GROUPS: tuple[GroupKind, ...] = ("round", "participant", "issue", "event", "quote", "source")
GROUP_TITLES: dict[GroupKind, str] = {
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


def documents_of(negotiation: Negotiation) -> Iterator[tuple[GroupKind, Document]]:
    """Every searchable document of one negotiation, with all its text."""
    n = negotiation
    nid, title = n.id, n.title
    names = {p.id: p.name for p in n.participants}

    def doc(
        kind: GroupKind,
        record_id: str,
        label: str,
        fields: list[tuple[str, str]],
        ref_kind: str | None = None,
    ) -> tuple[GroupKind, Document]:
        kept = tuple((name, text) for name, text in fields if text)
        folded = fold("\n".join(text for _, text in kept))
        ref = Ref(ref_kind or kind, nid, record_id)  # type: ignore[arg-type]
        return kind, Document(ref, label, title, kept, folded, fold(label))

    issue_titles = {i.id: i.title for i in n.issues}
    for r in n.rounds_in_order():
        dates = date_range(r.start, r.end)
        label = f"Round {r.number} · {r.city or r.title}"
        attendees = ", ".join(names.get(p, p) for p in r.participants)
        topics = ", ".join(issue_titles.get(i, i) for i in r.issues)
        yield doc("round", r.id, label, [
            ("title", r.title), ("city", r.city), ("country", r.country), ("venue", r.venue),
            ("occasion", r.occasion), ("dates", f"{dates} {r.start.isoformat()}"),
            ("summary", r.summary), ("outcome", r.outcome), ("duration", r.duration_note),
            ("kind", r.kind), ("participants", attendees), ("issues", topics),
        ])  # fmt: skip
        for index, quote in enumerate(r.quotes):
            speaker = names.get(quote.speaker, quote.speaker)
            yield doc("quote", f"{r.id}#{index}", f"{speaker}, {long_date(quote.date)}", [
                ("quote", quote.text), ("speaker", speaker), ("context", quote.context),
                ("round", label),
            ], "round")  # fmt: skip
    for p in n.participants:
        yield doc("participant", p.id, f"{p.name} {p.name_original}".strip(), [
            ("name", p.name), ("original name", p.name_original),
            ("party", n.party_name(p.party)), ("role", p.role),
            ("organisation", p.organisation), ("notes", p.notes),
        ])  # fmt: skip
    for i in n.issues:
        positions = [(f"position ({n.party_name(pos.party)})", pos.text) for pos in i.positions]
        yield doc("issue", i.id, i.title, [
            ("title", i.title), ("status", i.status), ("summary", i.summary),
            ("tags", ", ".join(i.tags)), *positions,
            ("deadline", long_date(i.deadline) if i.deadline else ""),
        ])  # fmt: skip
    for e in n.events:
        yield doc("event", e.id, f"{e.title} ({long_date(e.date)})", [
            ("title", e.title), ("summary", e.summary), ("kind", e.kind),
            ("date", long_date(e.date)),
        ])  # fmt: skip
        for index, quote in enumerate(e.quotes):
            speaker = names.get(quote.speaker, quote.speaker)
            yield doc("quote", f"{e.id}#{index}", f"{speaker}, {long_date(quote.date)}", [
                ("quote", quote.text), ("speaker", speaker), ("context", quote.context),
                ("event", e.title),
            ], "event")  # fmt: skip
    for s in n.sources:
        yield doc("source", s.id, f"[{s.id}] {s.outlet}", [
            ("outlet", s.outlet), ("title", s.title), ("address", s.url), ("note", s.note),
        ])  # fmt: skip


def quote_ref(ref: Ref) -> Ref:
    """A quote's document id is ``record#n``; its record is what the browser opens."""
    return Ref(ref.kind, ref.negotiation, ref.id.split("#", 1)[0])

"""How records point at each other: references, and the reverse look-ups the browser marks.

A round lists its participants and issues by id; the browser also needs the other direction
(the rounds a person attended, the rounds that took up an issue). `Links` builds those indexes
once per negotiation so that moving the cursor never rescans the records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from tui.core.model import Event, Issue, Negotiation, Participant, Quote, Round, Source

RecordKind = Literal["round", "participant", "issue", "source", "event", "party", "negotiation"]
PANE_KINDS: tuple[RecordKind, ...] = ("round", "participant", "issue")


@dataclass(frozen=True, slots=True)
class Ref:
    """A pointer to one record of one negotiation."""

    kind: RecordKind
    negotiation: str
    id: str


@dataclass(slots=True)
class Links:
    """Id look-ups and reverse references for one negotiation."""

    negotiation: Negotiation
    rounds: dict[str, Round] = field(default_factory=dict)
    participants: dict[str, Participant] = field(default_factory=dict)
    issues: dict[str, Issue] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    rounds_of_participant: dict[str, list[str]] = field(default_factory=dict)
    rounds_of_issue: dict[str, list[str]] = field(default_factory=dict)
    events_of_issue: dict[str, list[str]] = field(default_factory=dict)
    quotes_of_speaker: dict[str, list[Quote]] = field(default_factory=dict)

    @classmethod
    def build(cls, negotiation: Negotiation) -> Links:
        links = cls(negotiation)
        # First record wins for duplicate ids, as the problems view reports the rest.
        for round_ in negotiation.rounds_in_order():
            links.rounds.setdefault(round_.id, round_)
        for person in negotiation.participants:
            links.participants.setdefault(person.id, person)
        for issue in negotiation.issues:
            links.issues.setdefault(issue.id, issue)
        for source in negotiation.sources:
            links.sources.setdefault(source.id, source)
        for event in negotiation.events:
            links.events.setdefault(event.id, event)
        by_person: defaultdict[str, list[str]] = defaultdict(list)
        by_issue: defaultdict[str, list[str]] = defaultdict(list)
        quotes: defaultdict[str, list[Quote]] = defaultdict(list)
        for round_ in links.rounds.values():
            for person_id in dict.fromkeys(round_.participants):
                by_person[person_id].append(round_.id)
            for issue_id in dict.fromkeys(round_.issues):
                by_issue[issue_id].append(round_.id)
            for quote in round_.quotes:
                quotes[quote.speaker].append(quote)
        events_by_issue: defaultdict[str, list[str]] = defaultdict(list)
        for event in sorted(negotiation.events, key=lambda e: e.date):
            for issue_id in dict.fromkeys(event.issues):
                events_by_issue[issue_id].append(event.id)
            for quote in event.quotes:
                quotes[quote.speaker].append(quote)
        links.rounds_of_participant = dict(by_person)
        links.rounds_of_issue = dict(by_issue)
        links.events_of_issue = dict(events_by_issue)
        links.quotes_of_speaker = {k: sorted(v, key=lambda q: q.date) for k, v in quotes.items()}
        return links

    def marked_by(self, ref: Ref) -> dict[RecordKind, set[str]]:
        """What the other panes mark while `ref` is selected."""
        if ref.kind == "round" and (round_ := self.rounds.get(ref.id)):
            return {"participant": set(round_.participants), "issue": set(round_.issues)}
        if ref.kind == "participant":
            return {"round": set(self.rounds_of_participant.get(ref.id, ()))}
        if ref.kind == "issue":
            return {"round": set(self.rounds_of_issue.get(ref.id, ()))}
        return {}

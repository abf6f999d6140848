"""What the detail view says about a record, as lines of styled text and references.

The browser renders these lines; keeping the wording here, away from Textual, means the same
description can be tested as plain data and reused by other front ends. Styles are semantic
names (``title``, ``heading``, ``label``…) that the view maps to its theme.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tui.core.formatting import date_range, days_from, long_date, round_name, tariff_line
from tui.core.links import Links, Ref
from tui.core.model import (
    Event,
    Issue,
    Negotiation,
    Participant,
    Quote,
    Round,
    Source,
)
from tui.core.problems import Problem

Span = tuple[str, str]  # (text, style name)


@dataclass(frozen=True, slots=True)
class DetailLine:
    """One paragraph or item of the detail view; `ref` (a record) or `address` (a web page)
    makes it followable with Enter."""

    spans: tuple[Span, ...]
    ref: Ref | None = None
    indent: int = 0
    hang: int = 0  # extra indent, in cells, of the lines this one wraps onto
    address: str = ""

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.spans)


@dataclass(slots=True)
class Detail:
    """A record's full description."""

    title: str
    lines: list[DetailLine] = field(default_factory=list)

    def add(
        self,
        *spans: Span,
        ref: Ref | None = None,
        indent: int = 0,
        hang: int = 0,
        address: str = "",
    ) -> None:
        self.lines.append(DetailLine(tuple(s for s in spans if s[0]), ref, indent, hang, address))

    def blank(self) -> None:
        if self.lines and self.lines[-1].spans:
            self.lines.append(DetailLine(()))

    def heading(self, text: str) -> None:
        self.blank()
        self.add((text.upper(), "heading"))

    def field(self, label: str, value: str) -> None:
        if value:
            self.add((f"{label:<10}", "label"), (value, "text"), hang=10)

    def address_field(self, label: str, address: str) -> None:
        """A web address: Enter on it opens it (or copies it where nothing can show it)."""
        if address:
            self.add((f"{label:<10}", "label"), (address, "link"), hang=10, address=address)

    def paragraph(self, text: str, indent: int = 0) -> None:
        for part in text.strip().split("\n"):
            self.add((part, "text"), indent=indent)


LIST_LIMIT = 200  # longer lists are cut in the detail view; search finds the rest


def _more(detail: Detail, total: int) -> None:
    if total > LIST_LIMIT:
        detail.add((f"… and {total - LIST_LIMIT} more (use / to search them)", "dim"), indent=1)


def _person_label(person: Participant) -> list[Span]:
    spans: list[Span] = [(person.name, "link")]
    if person.name_original:
        spans.append((f" {person.name_original}", "link"))
    if person.role:
        spans.append((f" · {person.role}", "dim"))
    return spans


class Describer:
    """Builds `Detail`s for the records of one negotiation."""

    def __init__(
        self,
        links: Links,
        today: datetime.date | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        self.links = links
        self.n: Negotiation = links.negotiation
        self.today = today or datetime.date.today()
        self.problems = problems  # what the checks found wrong in the negotiation

    def _problems_of(self, detail: Detail, table: str, record: object) -> None:
        """The problems found in one record, under its title: a dangling reference shows
        where the record is read, not only in the problems view."""
        if not self.problems:
            return
        records: list[object] = getattr(self.n, table)
        index = next((i for i, r in enumerate(records) if r is record), None)
        if index is None:
            return
        prefix = f"{table}[{index}]"
        found = [
            p
            for p in self.problems
            if p.field == prefix or p.field.startswith((prefix + ".", prefix + "["))
        ]
        for problem in found:
            field_name = problem.field[len(prefix) :].lstrip(".") or "record"
            where = f" (line {problem.line})" if problem.line is not None else ""
            detail.add((f"⚠ {field_name}: {problem.message}{where}", "warning"), indent=0, hang=2)

    def ref(self, kind: str, record_id: str) -> Ref:
        return Ref(kind, self.n.id, record_id)  # type: ignore[arg-type]

    def describe(self, ref: Ref) -> Detail:
        """The description of `ref`, or a short note when it does not exist."""
        links = self.links
        if ref.kind == "round" and (round_ := links.rounds.get(ref.id)):
            return self.round(round_)
        if ref.kind == "participant" and (person := links.participants.get(ref.id)):
            return self.participant(person)
        if ref.kind == "issue" and (issue := links.issues.get(ref.id)):
            return self.issue(issue)
        if ref.kind == "source" and (source := links.sources.get(ref.id)):
            return self.source(source)
        if ref.kind == "event" and (event := links.events.get(ref.id)):
            return self.event(event)
        if ref.kind == "negotiation" and ref.id == self.n.id:
            return self.negotiation()
        detail = Detail(ref.id)
        detail.add((f'No {ref.kind} "{ref.id}" in this negotiation.', "dim"))
        return detail

    # --- pieces shared by several kinds -----------------------------------------------

    def _people(self, detail: Detail, people: Sequence[str], title: str) -> None:
        if not people:
            return
        detail.heading(f"{title} ({len(people)})")
        by_party: dict[str, list[str]] = {}
        for person_id in people:
            person = self.links.participants.get(person_id)
            by_party.setdefault(person.party if person else "", []).append(person_id)
        for party_id, ids in by_party.items():
            detail.add((self.n.party_name(party_id) if party_id else "Unknown", "label"), indent=1)
            for person_id in ids:
                person = self.links.participants.get(person_id)
                if person is None:
                    detail.add((f"{person_id} (not in the records)", "warning"), indent=2)
                else:
                    detail.add(
                        *_person_label(person), ref=self.ref("participant", person_id), indent=2
                    )

    def _issues(self, detail: Detail, issue_ids: Sequence[str], title: str) -> None:
        if not issue_ids:
            return
        detail.heading(f"{title} ({len(issue_ids)})")
        for issue_id in issue_ids:
            issue = self.links.issues.get(issue_id)
            if issue is None:
                detail.add((f"{issue_id} (not in the records)", "warning"), indent=1)
            else:
                detail.add(
                    (issue.title, "link"),
                    (f" · {issue.status}", "dim"),
                    ref=self.ref("issue", issue_id),
                    indent=1,
                )

    def _rounds(self, detail: Detail, round_ids: Iterable[str], title: str) -> None:
        rounds = [self.links.rounds[r] for r in round_ids if r in self.links.rounds]
        if not rounds:
            return
        detail.heading(f"{title} ({len(rounds)})")
        for round_ in rounds[:LIST_LIMIT]:
            detail.add(
                (round_name(round_, prefix=""), "link"),
                (f" · {date_range(round_.start, round_.end)}", "dim"),
                ref=self.ref("round", round_.id),
                indent=1,
            )
        _more(detail, len(rounds))

    def _quotes(
        self,
        detail: Detail,
        quotes: Sequence[Quote],
        title: str = "Quotes",
        show_speaker: bool = True,
    ) -> None:
        if not quotes:
            return
        detail.heading(f"{title} ({len(quotes)})")
        for quote in quotes[:LIST_LIMIT]:
            detail.add((f"“{quote.text}”", "quote"), indent=1)
            speaker = self.links.participants.get(quote.speaker)
            name = speaker.name if speaker else quote.speaker
            attribution: list[Span] = [("— ", "dim")]
            if show_speaker:
                attribution.append((name, "link" if speaker else "warning"))
                attribution.append((", ", "dim"))
            attribution.append((long_date(quote.date), "dim"))
            if quote.translated:
                attribution.append((" (translation)", "dim"))
            if quote.source and (source := self.links.sources.get(quote.source)):
                attribution.append((f" · {source.outlet}", "dim"))
            target = self.ref("participant", quote.speaker) if show_speaker and speaker else None
            if target is None and quote.source:
                target = self.ref("source", quote.source)
            detail.add(*attribution, ref=target, indent=2)
            if quote.context:
                detail.add((quote.context, "dim"), indent=2)
        _more(detail, len(quotes))

    def _sources(self, detail: Detail, source_ids: Sequence[str]) -> None:
        if not source_ids:
            return
        detail.heading(f"Sources ({len(source_ids)})")
        for source_id in source_ids:
            source = self.links.sources.get(source_id)
            if source is None:
                detail.add((f"[{source_id}] (not in the records)", "warning"), indent=1)
                continue
            spans: list[Span] = [(f"[{source.id}] ", "dim"), (source.outlet, "link")]
            if source.title:
                spans.append((f" — {source.title}", "text"))
            if source.date:
                spans.append((f", {long_date(source.date)}", "dim"))
            detail.add(*spans, ref=self.ref("source", source_id), indent=1)

    # --- one function per kind ----------------------------------------------------------

    def negotiation(self) -> Detail:
        """The negotiation as a whole: its status, sides, tags, summary and tariff levels."""
        n = self.n
        detail = Detail(n.title)
        detail.add((n.title, "title"))
        rounds = n.rounds_in_order()
        last = max((r.end or r.start for r in rounds), default=None)
        when = f" · {date_range(rounds[0].start, last)}" if rounds else ""
        detail.add((n.status, "text"), (when, "text"))
        counts = [
            (len(n.rounds), "round"), (len(n.participants), "participant"),
            (len(n.issues), "issue"), (len(n.events), "event"), (len(n.sources), "source"),
        ]  # fmt: skip
        detail.add((" · ".join(f"{c} {noun}{'s' * (c != 1)}" for c, noun in counts), "dim"))
        detail.blank()
        detail.field("Tags", ", ".join(n.tags))
        if n.parties:
            detail.heading(f"Parties ({len(n.parties)})")
            for party in n.parties:
                short = party.short_name
                name = f"{party.name} ({short})" if short and short != party.name else party.name
                detail.add((name, "text"), (f" · {party.role}", "dim"), indent=1)
        if n.summary:
            detail.heading("Summary")
            detail.paragraph(n.summary, indent=1)
        if n.tariffs:
            detail.heading(f"Tariff levels ({len(n.tariffs)})")
            for level in sorted(n.tariffs, key=lambda t: t.date)[:LIST_LIMIT]:
                detail.add((tariff_line(n, level), "text"), indent=1, hang=2)
                if level.note:
                    detail.add((level.note, "dim"), indent=2)
            _more(detail, len(n.tariffs))
        return detail

    def round(self, round_: Round) -> Detail:
        named = round_.city or round_.title
        title = round_name(round_)
        if round_.kind == "leaders-meeting":
            title = f"Leaders' meeting · {named}" if named else "Leaders' meeting"
        detail = Detail(title)
        detail.add((title, "title"))
        if round_.title and round_.title.casefold() != named.casefold():  # not said twice
            detail.add((round_.title, "subtitle"))
        place = ", ".join(x for x in (round_.city, round_.country) if x)
        detail.add(
            (date_range(round_.start, round_.end), "text"), (f" · {place}" if place else "", "text")
        )
        self._problems_of(detail, "rounds", round_)
        detail.blank()
        detail.field("Venue", round_.venue)
        detail.field("Occasion", round_.occasion)
        duration = ""
        if round_.duration_minutes:
            hours, minutes = divmod(round_.duration_minutes, 60)
            duration = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
        if round_.duration_note:
            duration = f"{duration} ({round_.duration_note})" if duration else round_.duration_note
        detail.field("Duration", duration)
        detail.field("Kind", round_.kind if round_.kind != "round" else "")
        self._people(detail, round_.participants, "Who was there")
        self._issues(detail, round_.issues, "Issues discussed")
        if round_.summary:
            detail.heading("Summary")
            detail.paragraph(round_.summary, indent=1)
        if round_.outcome:
            detail.heading("Outcome")
            detail.paragraph(round_.outcome, indent=1)
        self._quotes(detail, round_.quotes)
        self._sources(detail, round_.sources)
        return detail

    def participant(self, person: Participant) -> Detail:
        detail = Detail(person.name)
        name: list[Span] = [(person.name, "title")]
        if person.name_original:
            name.append((f"  {person.name_original}", "title"))
        detail.add(*name)
        detail.add(
            (self.n.party_name(person.party), "subtitle"),
            (f" · {person.role}" if person.role else "", "text"),
        )
        self._problems_of(detail, "participants", person)
        detail.blank()
        detail.field("Party", self.n.party_name(person.party))
        detail.field("Role", person.role)
        detail.field("Body", person.organisation)
        if person.notes:
            detail.heading("Notes")
            detail.paragraph(person.notes, indent=1)
        self._rounds(detail, self.links.rounds_of_participant.get(person.id, ()), "Rounds attended")
        quotes = self.links.quotes_of_speaker.get(person.id, [])
        self._quotes(detail, quotes, show_speaker=False)
        self._sources(detail, person.sources)
        return detail

    def issue(self, issue: Issue) -> Detail:
        detail = Detail(issue.title)
        detail.add((issue.title, "title"))
        status: list[Span] = [("Status ", "label"), (issue.status, "status")]
        if issue.deadline:
            status += [("   Deadline ", "label"), (long_date(issue.deadline), "text")]
            status.append((f" ({days_from(self.today, issue.deadline)})", "dim"))
        detail.add(*status)
        self._problems_of(detail, "issues", issue)
        if issue.tags:
            detail.add(("Tags ", "label"), (", ".join(issue.tags), "dim"))
        if issue.summary:
            detail.heading("Summary")
            detail.paragraph(issue.summary, indent=1)
        if issue.positions:
            detail.heading("Positions")
            for position in issue.positions:
                detail.add((self.n.party_name(position.party), "label"), indent=1)
                detail.paragraph(position.text, indent=2)
        self._rounds(detail, self.links.rounds_of_issue.get(issue.id, ()), "Taken up in")
        events = [self.links.events[e] for e in self.links.events_of_issue.get(issue.id, ())]
        if events:
            detail.heading(f"Events ({len(events)})")
            for event in events:
                detail.add(
                    (long_date(event.date), "dim"), ("  ", "text"), (event.title, "link"),
                    ref=self.ref("event", event.id), indent=1,
                )  # fmt: skip
        self._sources(detail, issue.sources)
        return detail

    def event(self, event: Event) -> Detail:
        detail = Detail(event.title)
        detail.add((event.title, "title"))
        detail.add((long_date(event.date), "text"), (f" · {event.kind}", "dim"))
        self._problems_of(detail, "events", event)
        if event.summary:
            detail.blank()
            detail.paragraph(event.summary)
        self._people(detail, event.participants, "Who")
        self._issues(detail, event.issues, "Issues")
        self._quotes(detail, event.quotes)
        self._sources(detail, event.sources)
        return detail

    def source(self, source: Source) -> Detail:
        detail = Detail(source.outlet)
        detail.add((source.outlet, "title"))
        if source.title:
            detail.add((source.title, "subtitle"))
        self._problems_of(detail, "sources", source)
        detail.blank()
        detail.field("Id", source.id)
        detail.field("Date", long_date(source.date) if source.date else "")
        detail.field("Language", source.language)
        detail.address_field("Address", source.url)
        if source.note:
            detail.heading("Note")
            detail.paragraph(source.note, indent=1)
        citing = [
            r.id
            for r in self.links.rounds.values()
            if source.id in r.sources or any(q.source == source.id for q in r.quotes)
        ]
        self._rounds(detail, citing, "Cited by rounds")
        issues = [i.id for i in self.links.issues.values() if source.id in i.sources]
        self._issues(detail, issues, "Cited by issues")
        people = [p.id for p in self.links.participants.values() if source.id in p.sources]
        self._people(detail, people, "Cited for participants")
        return detail

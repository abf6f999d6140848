"""Exports: JSON that round-trips the model, a Markdown briefing, and a CSV of rounds."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

from tui.core.formatting import date_range, long_date, tariff_line
from tui.core.model import Event, Issue, Negotiation, Participant, Quote, Round, Source
from tui.core.text import visible

FORMATS = ("json", "markdown", "csv")


_JSON_ESCAPE_RE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def to_json(negotiations: Sequence[Negotiation]) -> str:
    """One negotiation as an object, several as an array; each validates back to the model.

    Text stays readable UTF-8, but DEL, C1 and bidi or invisible formatting characters are
    written as ``\\uXXXX`` escapes: the same data, and nothing a terminal would act on.
    """
    data = [n.to_json_data() for n in negotiations]
    return json_text(data[0] if len(data) == 1 else data)


def json_text(data: object) -> str:
    """Indented UTF-8 JSON with the characters a terminal would act on escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return _JSON_ESCAPE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def md_text(text: str) -> str:
    """Record text for Markdown prose: controls made visible, ``<`` and ``>`` escaped (no HTML,
    no autolinks); Markdown written in the text itself, such as ``[a](b)``, stays Markdown."""
    return visible(text).replace("<", "&lt;").replace(">", "&gt;")


def _quote_lines(n: Negotiation, quotes: Sequence[Quote]) -> list[str]:
    names = {p.id: p.name for p in n.participants}
    outlets = {s.id: s.outlet for s in n.sources}
    lines = []
    for quote in quotes:
        speaker = names.get(quote.speaker, quote.speaker)
        context = f", {md_text(quote.context)}" if quote.context else ""
        notes = ["translation"] if quote.translated else []
        if quote.source:
            notes.append(md_text(outlets.get(quote.source, quote.source)))
        said = f" ({'; '.join(notes)})" if notes else ""
        lines.append(f"> “{md_text(quote.text)}”")
        lines.append(f"> — {md_text(speaker)}, {long_date(quote.date)}{context}{said}")
        lines.append("")
    return lines


def source_line(source: Source) -> str:
    """``- [s01] Outlet — Title, 10 May 2025 <https://…>``."""
    date = f", {long_date(source.date)}" if source.date else ""
    title = f" — {md_text(source.title)}" if source.title else ""
    url = f" <{visible(source.url, one_line=True)}>" if source.url else ""
    return f"- [{source.id}] {md_text(source.outlet)}{title}{date}{url}"


def sources_markdown(n: Negotiation, ids: Sequence[str]) -> list[str]:
    """The sources a record cites, with their addresses: a copied record keeps its citations."""
    by_id = {s.id: s for s in n.sources}
    cited = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
    return ["**Sources:**", *map(source_line, cited), ""] if cited else []


def round_markdown(n: Negotiation, round_: Round) -> list[str]:
    """One round of the briefing: heading, where, who, what was discussed, outcome, quotes."""
    names = {p.id: p for p in n.participants}
    issue_titles = {i.id: i.title for i in n.issues}
    place = ", ".join(x for x in (round_.city, round_.country) if x)
    heading = round_.title or place
    out = [f"### {round_.number}. {md_text(heading)} — {date_range(round_.start, round_.end)}", ""]
    if round_.venue or round_.occasion:
        where = "; ".join(md_text(x) for x in (round_.venue, round_.occasion) if x)
        out += [f"**Where:** {where}", ""]
    by_party: dict[str, list[str]] = {}
    for person_id in round_.participants:
        person = names.get(person_id)
        party = n.party_name(person.party) if person else "?"
        label = f"{person.name} ({person.role})" if person and person.role else person_id
        by_party.setdefault(party, []).append(md_text(label))
    for party, people in by_party.items():
        out.append(f"- **{md_text(party)}:** {', '.join(people)}")
    if by_party:
        out.append("")
    if round_.issues:
        topics = ", ".join(md_text(issue_titles.get(i, i)) for i in round_.issues)
        out += [f"**Discussed:** {topics}", ""]
    if round_.summary:
        out += [md_text(round_.summary.strip()), ""]
    if round_.outcome:
        out += [f"**Outcome:** {md_text(round_.outcome.strip())}", ""]
    return out + _quote_lines(n, round_.quotes)


def issue_markdown(n: Negotiation, issue: Issue) -> list[str]:
    """One issue of the briefing: title with status and deadline, summary, positions."""
    deadline = f", deadline {long_date(issue.deadline)}" if issue.deadline else ""
    out = [f"### {md_text(issue.title)} ({issue.status}{deadline})", ""]
    if issue.summary:
        out += [md_text(issue.summary.strip()), ""]
    for position in issue.positions:
        out.append(f"- **{md_text(n.party_name(position.party))}:** {md_text(position.text)}")
    if issue.positions:
        out.append("")
    return out


def participant_markdown(n: Negotiation, person: Participant) -> list[str]:
    """One participant: name (and in the original script), side, role, the rounds attended."""
    original = f" ({md_text(person.name_original)})" if person.name_original else ""
    out = [f"### {md_text(person.name)}{original}", ""]
    facts = [
        ("Side", n.party_name(person.party)),
        ("Role", person.role),
        ("Organisation", person.organisation),
    ]
    out += [f"- **{label}:** {md_text(value)}" for label, value in facts if value]
    attended = [r for r in n.rounds_in_order() if person.id in r.participants]
    if attended:
        rounds = ", ".join(f"{r.number}. {md_text(r.city or r.title or r.id)}" for r in attended)
        out.append(f"- **Rounds:** {rounds}")
    out.append("")
    if person.notes:
        out += [md_text(person.notes.strip()), ""]
    return out


def event_markdown(n: Negotiation, event: Event) -> list[str]:
    """One event: title, date and kind, summary, quotes."""
    kind = f" · {event.kind}" if event.kind != "other" else ""
    out = [f"### {md_text(event.title)} — {long_date(event.date)}{kind}", ""]
    if event.summary:
        out += [md_text(event.summary.strip()), ""]
    return out + _quote_lines(n, event.quotes)


def negotiation_heading(n: Negotiation) -> list[str]:
    """The top of a negotiation's briefing: title, status and span, counts, tags, parties,
    summary, tariff levels (what the browser's overview, ``i``, shows)."""
    rounds = n.rounds_in_order()
    last = max((r.end or r.start for r in rounds), default=None)
    when = f" · {date_range(rounds[0].start, last)}" if rounds else ""
    counts = [
        (len(n.rounds), "round"), (len(n.participants), "participant"),
        (len(n.issues), "issue"), (len(n.events), "event"), (len(n.sources), "source"),
    ]  # fmt: skip
    out = [f"# {md_text(n.title)}", "", f"*Status: {n.status}{when}*", ""]
    out += [" · ".join(f"{c} {noun}{'s' * (c != 1)}" for c, noun in counts), ""]
    if n.tags:
        out += [f"**Tags:** {md_text(', '.join(n.tags))}", ""]
    if n.parties:
        for party in n.parties:
            short = party.short_name
            name = f"{party.name} ({short})" if short and short != party.name else party.name
            out.append(f"- **{md_text(name)}** · {party.role}")
        out.append("")
    if n.summary:
        out += [md_text(n.summary.strip()), ""]
    if n.tariffs:
        out += ["## Tariff levels", ""]
        for level in sorted(n.tariffs, key=lambda t: t.date):
            note = f" — {md_text(level.note.strip())}" if level.note else ""
            out.append(f"- {md_text(tariff_line(n, level))}{note}")
        out.append("")
    return out


def to_markdown(negotiations: Sequence[Negotiation]) -> str:
    """A briefing a person would read: the negotiation at a glance, then its rounds in order
    (who, what, outcome, quotes), events, issues, participants and sources."""
    out: list[str] = []
    for n in negotiations:
        out += negotiation_heading(n)
        out += ["## Rounds", ""]
        for round_ in n.rounds_in_order():
            out += round_markdown(n, round_)
        if n.events:
            out += ["## Events", ""]
            for event in sorted(n.events, key=lambda e: e.date):
                out += event_markdown(n, event)
        if n.issues:
            out += ["## Issues", ""]
            for issue in n.issues:
                out += issue_markdown(n, issue)
        if n.participants:
            out += ["## Participants", ""]
            for person in n.participants:
                out += participant_markdown(n, person)
        if n.sources:
            out += ["## Sources", "", *map(source_line, n.sources), ""]
    return "\n".join(out).rstrip() + "\n"


ROUND_COLUMNS = (
    "negotiation", "number", "id", "kind", "start", "end", "city", "country", "venue",
    "occasion", "participants", "issues", "outcome", "sources",
)  # fmt: skip


def to_csv(negotiations: Sequence[Negotiation]) -> str:
    """One row per round, in date order, with references joined by semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ROUND_COLUMNS)
    for n in negotiations:
        for r in n.rounds_in_order():
            writer.writerow(
                [
                    n.id, r.number, r.id, r.kind, r.start.isoformat(),
                    r.end.isoformat() if r.end else "", r.city, r.country, r.venue, r.occasion,
                    ";".join(r.participants), ";".join(r.issues), r.outcome.strip(),
                    ";".join(r.sources),
                ]
            )  # fmt: skip
    return buffer.getvalue()


def export(negotiations: Sequence[Negotiation], fmt: str) -> str:
    """Render `negotiations` in one of `FORMATS`."""
    if fmt == "json":
        return to_json(negotiations)
    if fmt == "markdown":
        return to_markdown(negotiations)
    if fmt == "csv":
        return to_csv(negotiations)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")

"""Exports: JSON that round-trips the model, a Markdown briefing, and a CSV of rounds."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

from tui.core.formatting import date_range, long_date
from tui.core.model import Negotiation, Quote
from tui.core.text import visible

FORMATS = ("json", "markdown", "csv")


_JSON_ESCAPE_RE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def to_json(negotiations: Sequence[Negotiation]) -> str:
    """One negotiation as an object, several as an array; each validates back to the model.

    Text stays readable UTF-8, but DEL, C1 and bidi or invisible formatting characters are
    written as ``\\uXXXX`` escapes: the same data, and nothing a terminal would act on.
    """
    data = [n.to_json_data() for n in negotiations]
    text = json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2) + "\n"
    return _JSON_ESCAPE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _md(text: str) -> str:
    """Record text made safe for Markdown prose: visible controls, no stray HTML or links."""
    return visible(text).replace("<", "&lt;").replace(">", "&gt;")


def _quote_lines(n: Negotiation, quotes: Sequence[Quote]) -> list[str]:
    names = {p.id: p.name for p in n.participants}
    outlets = {s.id: s.outlet for s in n.sources}
    lines = []
    for quote in quotes:
        speaker = names.get(quote.speaker, quote.speaker)
        cite = f" ({_md(outlets.get(quote.source, quote.source))})" if quote.source else ""
        note = " (translation)" if quote.translated else ""
        lines.append(f"> “{_md(quote.text)}”")
        lines.append(f"> — {_md(speaker)}, {long_date(quote.date)}{note}{cite}")
        lines.append("")
    return lines


def to_markdown(negotiations: Sequence[Negotiation]) -> str:
    """A briefing a person would read: rounds in order, who, what, outcome, quotes, sources."""
    out: list[str] = []
    for n in negotiations:
        names = {p.id: p for p in n.participants}
        issue_titles = {i.id: i.title for i in n.issues}
        out += [f"# {_md(n.title)}", "", f"*Status: {n.status}*", ""]
        if n.summary:
            out += [_md(n.summary.strip()), ""]
        out += ["## Rounds", ""]
        for round_ in n.rounds_in_order():
            place = ", ".join(x for x in (round_.city, round_.country) if x)
            heading = round_.title or place
            out += [
                f"### {round_.number}. {_md(heading)} — {date_range(round_.start, round_.end)}",
                "",
            ]
            if round_.venue or round_.occasion:
                where = "; ".join(_md(x) for x in (round_.venue, round_.occasion) if x)
                out += [f"**Where:** {where}", ""]
            by_party: dict[str, list[str]] = {}
            for person_id in round_.participants:
                person = names.get(person_id)
                party = n.party_name(person.party) if person else "?"
                label = f"{person.name} ({person.role})" if person and person.role else person_id
                by_party.setdefault(party, []).append(_md(label))
            for party, people in by_party.items():
                out.append(f"- **{_md(party)}:** {', '.join(people)}")
            if by_party:
                out.append("")
            if round_.issues:
                topics = ", ".join(_md(issue_titles.get(i, i)) for i in round_.issues)
                out += [f"**Discussed:** {topics}", ""]
            if round_.summary:
                out += [_md(round_.summary.strip()), ""]
            if round_.outcome:
                out += [f"**Outcome:** {_md(round_.outcome.strip())}", ""]
            out += _quote_lines(n, round_.quotes)
        if n.issues:
            out += ["## Issues", ""]
            for issue in n.issues:
                deadline = f", deadline {long_date(issue.deadline)}" if issue.deadline else ""
                out += [f"### {_md(issue.title)} ({issue.status}{deadline})", ""]
                if issue.summary:
                    out += [_md(issue.summary.strip()), ""]
                for position in issue.positions:
                    out.append(f"- **{_md(n.party_name(position.party))}:** {_md(position.text)}")
                if issue.positions:
                    out.append("")
        if n.sources:
            out += ["## Sources", ""]
            for source in n.sources:
                date = f", {long_date(source.date)}" if source.date else ""
                title = f" — {_md(source.title)}" if source.title else ""
                url = f" <{visible(source.url, one_line=True)}>" if source.url else ""
                out.append(f"- [{source.id}] {_md(source.outlet)}{title}{date}{url}")
            out.append("")
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

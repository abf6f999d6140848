"""One record as text to paste elsewhere: Markdown for notes, TOML for a record file, JSON.

Markdown comes from the briefing export and TOML from the serializer that saves files, so a
copied record reads exactly as it would in a briefing or a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from tui.core.export import (
    event_markdown,
    issue_markdown,
    json_text,
    participant_markdown,
    round_markdown,
    source_line,
    sources_markdown,
    to_markdown,
)
from tui.core.links import Links, Ref
from tui.core.model import Event, Issue, Negotiation, Participant, Record, Round, Source
from tui.core.saving import serialize, serialize_table

CopyFormat = Literal["markdown", "toml", "json"]
FORMAT_NAMES: dict[CopyFormat, str] = {"markdown": "Markdown", "toml": "TOML", "json": "JSON"}
TABLES = {"round": "rounds", "participant": "participants", "issue": "issues"}
TABLES |= {"event": "events", "source": "sources"}


@dataclass(frozen=True, slots=True)
class CopiedRecord:
    """The text to copy, and how to name the record in a message (``round 3``)."""

    name: str
    text: str


def _record(links: Links, ref: Ref) -> Record | None:
    tables: dict[str, Mapping[str, Record]] = {
        "round": links.rounds,
        "participant": links.participants,
        "issue": links.issues,
        "event": links.events,
        "source": links.sources,
    }
    return tables.get(ref.kind, {}).get(ref.id)


def _markdown(links: Links, record: Record) -> str:
    n = links.negotiation
    if isinstance(record, Round):
        lines = round_markdown(n, record)
    elif isinstance(record, Issue):
        lines = issue_markdown(n, record)
    elif isinstance(record, Participant):
        lines = participant_markdown(n, record)
    elif isinstance(record, Event):
        lines = event_markdown(n, record)
    else:
        assert isinstance(record, Source)
        return source_line(record) + "\n"
    # Its citations, quotes' included: a record pasted into notes keeps where it came from.
    cited = [*record.sources, *(q.source for q in getattr(record, "quotes", ()) if q.source)]
    if isinstance(record, Issue):
        cited += [i for position in record.positions for i in position.sources]
    lines += sources_markdown(n, cited)
    return "\n".join(lines).strip() + "\n"


def copy_record(links: Links, ref: Ref, fmt: CopyFormat) -> CopiedRecord | None:
    """`ref` rendered as `fmt`, or None if the record no longer exists."""
    if ref.kind == "negotiation":
        return _copy_negotiation(links.negotiation, fmt) if ref.id == links.negotiation.id else None
    record = _record(links, ref)
    if record is None:
        return None
    name = f"round {record.number}" if isinstance(record, Round) else ref.kind
    data = record.model_dump(by_alias=True, exclude_defaults=True, exclude_none=True)
    if fmt == "toml":
        text = serialize_table(TABLES[ref.kind], data)
    elif fmt == "json":
        text = json_text(
            record.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
        )
    else:
        text = _markdown(links, record)
    return CopiedRecord(name, text)


def _copy_negotiation(negotiation: Negotiation, fmt: CopyFormat) -> CopiedRecord:
    """The whole negotiation: its briefing, its record file, or its JSON export."""
    if fmt == "toml":
        text = serialize(negotiation).decode("utf-8")
    elif fmt == "json":
        text = json_text(negotiation.to_json_data())
    else:
        text = to_markdown([negotiation])
    return CopiedRecord("negotiation", text)

"""The record model: one negotiation, its parties, participants, issues, rounds and sources.

Pure pydantic, no Textual, no disk. Types are strict (TOML already gives dates as dates and
integers as integers, so nothing needs coercing), and unknown keys are kept in each record's
``model_extra`` so that a load followed by a save never drops what a person wrote.
References between records are by id; `tui.core.checks` verifies them.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        min_length=1,
        max_length=64,
        description="A portable id: lowercase letters, digits and single hyphens.",
    ),
]
# A count or a number in a sequence. One annotation holds both bounds: a `Field(ge=0)` added
# to an annotated 64-bit integer was silently overridden by the annotation's lower bound.
Count = Annotated[int, Field(ge=0, le=INT64_MAX)]

NegotiationStatus = Literal["planned", "ongoing", "concluded", "suspended", "collapsed"]
IssueStatus = Literal[
    "open", "discussed", "framework", "agreed", "paused", "deferred", "resolved", "dropped"
]
PartyRole = Literal["side", "host", "mediator", "observer", "other"]
RoundKind = Literal["round", "leaders-meeting", "working-level", "call"]
EventKind = Literal[
    "call", "tariff", "export-control", "deadline", "statement", "visit", "agreement", "other"
]


class Record(BaseModel):
    """Base of every record: strict types, unknown keys kept, no NaN or infinity."""

    model_config = ConfigDict(
        strict=True,
        extra="allow",
        allow_inf_nan=False,
        validate_assignment=False,
        populate_by_name=True,
        # Validators are built on first use, in the loader's thread, not while the app starts.
        defer_build=True,
    )

    def unknown_keys(self) -> list[str]:
        """Keys in the file that the schema does not know; kept and written back."""
        return sorted(self.model_extra or {})


class Party(Record):
    """A side at the table (or a host, mediator or observer)."""

    id: Slug
    name: str = Field(min_length=1)
    short_name: str = ""
    role: PartyRole = "side"


class Participant(Record):
    """A person who took part, with the name in its original script where known."""

    id: Slug
    name: str = Field(min_length=1)
    name_original: str = Field(default="", description="Name in the original script, e.g. 何立峰.")
    party: Slug
    role: str = ""
    organisation: str = ""
    notes: str = ""
    sources: list[Slug] = Field(default_factory=list)


class Position(Record):
    """One party's stated position on an issue."""

    party: Slug
    text: str = Field(min_length=1)
    sources: list[Slug] = Field(default_factory=list)


class Issue(Record):
    """A subject under negotiation, with each side's position and any deadline."""

    id: Slug
    title: str = Field(min_length=1)
    status: IssueStatus = "open"
    summary: str = ""
    deadline: datetime.date | None = None
    tags: list[str] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    sources: list[Slug] = Field(default_factory=list)


class Quote(Record):
    """Words said by a participant, verbatim, with where they were reported."""

    speaker: Slug
    date: datetime.date
    text: str = Field(min_length=1)
    context: str = ""
    translated: bool = False
    source: Slug | None = None


class Round(Record):
    """One meeting of the negotiation: who met where, what they discussed, what came of it."""

    id: Slug
    number: Count
    title: str = ""
    kind: RoundKind = "round"
    start: datetime.date
    end: datetime.date | None = None
    city: str = ""
    country: str = ""
    venue: str = ""
    occasion: str = ""
    duration_minutes: Count | None = None
    duration_note: str = ""
    participants: list[Slug] = Field(default_factory=list)
    issues: list[Slug] = Field(default_factory=list)
    summary: str = ""
    outcome: str = ""
    quotes: list[Quote] = Field(default_factory=list)
    sources: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Round:
        if self.end is not None and self.end < self.start:
            raise ValueError("the round ends before it starts")
        return self

    @property
    def last_day(self) -> datetime.date:
        """The day the round ended (its start for a one-day meeting)."""
        return self.end or self.start


class Event(Record):
    """A dated happening outside the rounds: a call, a tariff change, a deadline."""

    id: Slug
    date: datetime.date
    kind: EventKind = "other"
    title: str = Field(min_length=1)
    summary: str = ""
    participants: list[Slug] = Field(default_factory=list)
    issues: list[Slug] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    sources: list[Slug] = Field(default_factory=list)


class TariffLevel(Record):
    """A tariff level one party applies to another's goods, from a date on."""

    date: datetime.date
    imposer: Slug
    target: Slug
    rate_percent: float = Field(ge=0, le=10_000)
    measure: str = Field(min_length=1)
    headline: bool = Field(
        default=False, description="True for the aggregate level quoted by officials and press."
    )
    note: str = ""
    sources: list[Slug] = Field(default_factory=list)


class Source(Record):
    """A published report a record rests on."""

    id: Slug
    outlet: str = Field(min_length=1)
    title: str = ""
    url: str = ""
    date: datetime.date | None = None
    language: str = ""
    note: str = ""


class Negotiation(Record):
    """One negotiation: everything a single TOML file holds."""

    schema_version: Literal[1] = Field(alias="schema")
    id: Slug
    title: str = Field(min_length=1)
    status: NegotiationStatus = "ongoing"
    summary: str = ""
    tags: list[str] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    participants: list[Participant] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    rounds: list[Round] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    tariffs: list[TariffLevel] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)

    def rounds_in_order(self) -> list[Round]:
        """Rounds by date, then number: the order a reader follows the talks in."""
        return sorted(self.rounds, key=lambda r: (r.start, r.number))

    def to_toml_data(self) -> dict[str, Any]:
        """The plain data written to disk: aliases, defaults only where they were written,
        unknown keys kept."""
        return as_written(
            self, self.model_dump(by_alias=True, exclude_defaults=True, exclude_none=True)
        )

    def to_json_data(self) -> dict[str, Any]:
        """Like `to_toml_data`, with dates as ISO strings for JSON."""
        data = self.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
        return as_written(self, data)

    def party_name(self, party_id: str) -> str:
        """A party's display name, or its id if it is not declared."""
        for party in self.parties:
            if party.id == party_id:
                return party.short_name or party.name
        return party_id


def as_written(record: BaseModel, data: dict[str, Any]) -> dict[str, Any]:
    """`data`, a dump of `record` without defaults, with the defaults its file gave put back.

    A save then keeps ``status = "ongoing"`` where a person wrote it instead of changing that
    line too; a default nobody wrote stays out, and so does an empty one (``""``, ``[]``). The
    dump itself is left to pydantic: a Python serializer per record made a save twice as slow.
    """
    fields = type(record).model_fields
    given = [
        name
        for name in record.model_fields_set
        if name in fields
        and (fields[name].alias or name) not in data
        and getattr(record, name) not in (None, "", [])
    ]
    for name, field in fields.items():
        value, key = getattr(record, name), field.alias or name
        if isinstance(value, BaseModel) and isinstance(data.get(key), dict):
            as_written(value, data[key])
        elif isinstance(value, list) and isinstance(data.get(key), list):
            for item, dumped in zip(value, data[key], strict=False):
                if isinstance(item, BaseModel) and isinstance(dumped, dict):
                    as_written(item, dumped)
    if given:  # put back in the order of the fields, as the file had them
        dumped = dict(data)
        data.clear()
        for name, field in fields.items():
            key = field.alias or name
            if key in dumped:
                data[key] = dumped.pop(key)
            elif name in given:
                default = getattr(record, name)
                data[key] = default.model_dump() if isinstance(default, BaseModel) else default
        data.update(dumped)  # unknown keys, after the known ones as pydantic puts them
    return data


def negotiation_json_schema() -> dict[str, Any]:
    """The JSON Schema of one record file, for editors that validate TOML against it."""
    schema = Negotiation.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "negotiations record file"
    return schema

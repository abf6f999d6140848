"""Dates as people write them ("10–11 May 2025", "14 Sep – 2 Oct 2025"), and tariff levels."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.model import Negotiation, TariffLevel


def long_date(day: datetime.date) -> str:
    """``10 May 2025``."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: datetime.date) -> str:
    """``10 May 2025`` with a three-letter month, for narrow columns."""
    return f"{day.day} {day:%b %Y}"


def date_range(start: datetime.date, end: datetime.date | None, *, short: bool = False) -> str:
    """A compact span: the shared month and year are written once."""
    month = "%b" if short else "%B"
    if end is None or end == start:
        return short_date(start) if short else long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:{month} %Y}"
    if start.year == end.year:
        return f"{start.day} {start:{month}} – {end.day} {end:{month} %Y}"
    return f"{start.day} {start:{month} %Y} – {end.day} {end:{month} %Y}"


def days_from(today: datetime.date, day: datetime.date) -> str:
    """``in 12 days``, ``today``, ``3 days ago``."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def tariff_line(negotiation: Negotiation, level: TariffLevel) -> str:
    """``9 April 2025 · United States on China: 145% · reciprocal tariff``."""
    who = f"{negotiation.party_name(level.imposer)} on {negotiation.party_name(level.target)}"
    return f"{long_date(level.date)} · {who}: {level.rate_percent:g}% · {level.measure}"

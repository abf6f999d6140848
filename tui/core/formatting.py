"""Dates as people write them ("10–11 May 2025", "14 Sep – 2 Oct 2025"), round names and
tariff levels."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.model import Negotiation, Round, TariffLevel


# English month names whatever the locale (`strftime` follows it), and five times quicker.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
SHORT_MONTHS = tuple(month[:3] for month in MONTHS)


def round_name(round_: Round, prefix: str = "Round ") -> str:
    """ "Round 3 · Stockholm", or "Round 3" for a round with neither city nor title yet."""
    place = round_.city or round_.title
    return f"{prefix}{round_.number} · {place}" if place else f"{prefix}{round_.number}"


def long_date(day: datetime.date) -> str:
    """``10 May 2025``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: datetime.date) -> str:
    """``10 May 2025`` with a three-letter month, for narrow columns."""
    return f"{day.day} {SHORT_MONTHS[day.month - 1]} {day.year}"


def date_range(start: datetime.date, end: datetime.date | None, *, short: bool = False) -> str:
    """A compact span: the shared month and year are written once."""
    months = SHORT_MONTHS if short else MONTHS
    if end is None or end == start:
        return short_date(start) if short else long_date(start)
    end_month = f"{months[end.month - 1]} {end.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end_month}"
    dash = "–" if short else " – "  # "30 May–1 Jun 2025" fits a list's column
    if start.year == end.year:
        return f"{start.day} {months[start.month - 1]}{dash}{end.day} {end_month}"
    return f"{start.day} {months[start.month - 1]} {start.year}{dash}{end.day} {end_month}"


def days_from(today: datetime.date, day: datetime.date) -> str:
    """``in 12 days``, ``today``, ``3 days ago``; far off, ``in 5 months``, ``26 years ago``."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {span(delta)}" if delta > 0 else f"{span(-delta)} ago"


def span(days: int) -> str:
    """A number of days as people count them: days for two months, then months, then years
    (``9473 days`` means little; ``26 years`` does)."""
    if days < 60:
        return f"{days} day{'s' * (days != 1)}"
    if days < 730:
        return f"{round(days / 30.44)} months"
    return f"{round(days / 365.25)} years"


def tariff_line(negotiation: Negotiation, level: TariffLevel) -> str:
    """``9 April 2025 · United States on China: 145% · reciprocal tariff``."""
    who = f"{negotiation.party_name(level.imposer)} on {negotiation.party_name(level.target)}"
    return f"{long_date(level.date)} · {who}: {level.rate_percent:g}% · {level.measure}"

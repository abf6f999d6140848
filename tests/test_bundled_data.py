"""The bundled 2025 US–China records: valid, complete, and faithful to the reports they cite."""

from __future__ import annotations

import pytest

from tui.core.collection import load_default
from tui.core.model import Negotiation


@pytest.fixture(scope="module")
def talks() -> Negotiation:
    dataset = load_default()
    assert dataset.problems == [], [p.format() for p in dataset.problems]
    [negotiation] = dataset.negotiations
    return negotiation


def test_six_meetings_in_order(talks: Negotiation) -> None:
    rounds = talks.rounds_in_order()
    assert [r.city for r in rounds] == [
        "Geneva", "London", "Stockholm", "Madrid", "Kuala Lumpur", "Busan",
    ]  # fmt: skip
    assert [r.number for r in rounds] == [1, 2, 3, 4, 5, 6]
    assert rounds[-1].kind == "leaders-meeting"
    assert str(rounds[4].start) == "2025-10-25"


def test_people_and_original_names(talks: Negotiation) -> None:
    people = {p.name: p for p in talks.participants}
    assert people["He Lifeng"].name_original == "何立峰"
    assert people["He Lifeng"].party == "cn"
    assert people["Scott Bessent"].party == "us"
    assert "Trade Representative" in people["Jamieson Greer"].role


def test_every_record_cites_a_source(talks: Negotiation) -> None:
    cited: list[list[str]] = [r.sources for r in talks.rounds]
    cited += [i.sources for i in talks.issues] + [e.sources for e in talks.events]
    cited += [t.sources for t in talks.tariffs]
    assert all(cited)
    for round_ in talks.rounds:
        for quote in round_.quotes:
            assert quote.source, quote


def test_the_kuala_lumpur_round_and_the_headline_tariffs_are_recorded(talks: Negotiation) -> None:
    kuala_lumpur = next(r for r in talks.rounds if r.city == "Kuala Lumpur")
    quotes = " ".join(q.text for q in kuala_lumpur.quotes)
    assert (
        "We're getting to a point where we have something we can present to the leaders" in quotes
    )
    assert "we talked about rare earths" in quotes
    assert "ASEAN" in kuala_lumpur.occasion
    assert {"he-lifeng", "scott-bessent", "jamieson-greer"} <= set(kuala_lumpur.participants)
    deadlines = [e for e in talks.events if e.kind == "deadline"]
    assert any(str(e.date) == "2025-11-10" for e in deadlines)
    headline = {(t.imposer, t.rate_percent) for t in talks.tariffs if t.headline}
    assert {("us", 145.0), ("cn", 125.0), ("us", 30.0), ("cn", 10.0)} <= headline
    # A figure claimed in a post is recorded, but is no level the chart steps to.
    claims = [t for t in talks.tariffs if "not a new rate" in t.note]
    assert claims and not any(t.headline for t in claims)


def test_issues_cover_the_agenda(talks: Negotiation) -> None:
    titles = " ".join(i.title.lower() for i in talks.issues)
    for word in ("rare-earth", "truce", "fentanyl", "tiktok", "port", "soybean"):
        assert word in titles, word

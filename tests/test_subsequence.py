"""The command palette's first cut finds exactly the labels Textual's matcher would score."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.fuzzy import Matcher

from tui.core.subsequence import SubsequenceFinder

LABELS = [
    "Round 1 · Geneva — US–China talks",
    "Round 2 · London — US–China talks",
    "He Lifeng 何立峰 — US–China talks",
    "Genève rounds\nwith a line break",
    "TikTok divestiture",
    "GENERAL [tariff] ^-\\ review",
]

# Letters that matter to regular expressions, case, line breaks and non-Latin scripts.
alphabet = st.sampled_from(list("aegnvlorudt ·—-^]\\[何立GEÉé\n")) | st.characters()


def matched_by_textual(labels: list[str], query: str) -> set[int]:
    matcher = Matcher(query)
    return {i for i, label in enumerate(labels) if matcher.match(label) > 0}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet, max_size=30), max_size=12), st.text(alphabet, max_size=6))
def test_finds_the_labels_the_matcher_scores(labels: list[str], query: str) -> None:
    found = SubsequenceFinder(labels).find(query, limit=len(labels) + 1)
    assert len(found) == len(set(found))
    if query and "\n" not in query:
        assert set(found) == matched_by_textual(labels, query)


def test_whole_substrings_come_first_and_the_limit_holds() -> None:
    finder = SubsequenceFinder(LABELS)
    assert finder.find("gen", 10) == [0, 3, 5]  # all hold "gen" as written, case aside
    assert finder.find("ge", 10)[:3] == [0, 3, 5]
    assert finder.find("rlt", 10) == [1, 5]  # letters in order, not together
    assert finder.find("r", 2) == [0, 1]
    assert finder.find("[tariff] ^-\\", 10) == [5]
    assert finder.find("", 10) == []


def test_a_line_break_in_a_label_does_not_shift_the_others() -> None:
    finder = SubsequenceFinder(LABELS)
    assert finder.find("with a line", 10) == [3]
    assert finder.find("tiktok", 10) == [4]

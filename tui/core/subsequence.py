"""Which of many labels hold a query's letters in order: the command palette's first cut.

Textual's fuzzy matcher scores one label at a time in Python (30 µs or more each); a thousand
negotiations have fifty thousand record labels, half a second per keystroke. Every label the
matcher can score holds the query's letters in order, case aside, so one regular expression
over all labels joined (run in C) finds those first, and only a screenful of them is scored.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence


def _subsequence_pattern(query: str) -> re.Pattern[str]:
    """The letters of `query` in order within one line, tried from line starts only.

    Each step skips, possessively, to the next occurrence of its letter: the earliest
    occurrences are the ones to take, so nothing is ever retried and a line costs its length.
    """
    parts = ["^"]
    for letter in query:
        in_class = re.escape(letter) if letter not in "]\\^-" else "\\" + letter
        parts.append(f"[^\\n{in_class}]*+{re.escape(letter)}")
    return re.compile("".join(parts), re.MULTILINE)


class SubsequenceFinder:
    """Labels searched at once for a query's letters in order (case-insensitively)."""

    def __init__(self, labels: Sequence[str]) -> None:
        lines = [label.lower().replace("\n", " ") for label in labels]
        self._text = "\n".join(lines)
        self._starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
        self._lines = lines

    def find(self, query: str, limit: int) -> list[int]:
        """Up to `limit` label positions holding `query`: whole substrings first, in order."""
        query = query.lower()
        if not query or "\n" in query:
            return []
        whole: list[int] = []
        spread: list[int] = []
        for match in _subsequence_pattern(query).finditer(self._text):
            line = bisect.bisect_right(self._starts, match.start()) - 1
            (whole if query in self._lines[line] else spread).append(line)
            if len(whole) >= limit:
                break
        return (whole + spread)[:limit]

"""Showing a result: the field that best explains the match, cut around it, with highlights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.links import Ref
from tui.core.search.documents import Document, GroupKind, quote_ref
from tui.core.search.folding import fold, term_pattern
from tui.core.text import visible


@dataclass(frozen=True, slots=True)
class Hit:
    """One result as shown: the record, the field that matched, a snippet with highlights."""

    ref: Ref
    kind: GroupKind
    label: str
    negotiation_title: str
    field: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]  # (start, end) in `snippet`


def _folded_with_map(text: str) -> tuple[str, list[int] | None]:
    """`text` folded, and for each folded character the index of its original character.

    The map is None when folding kept every character in place (ASCII text, and most other
    text); only text where folding changed lengths is mapped character by character.
    """
    folded = fold(text)
    if len(folded) == len(text):
        return folded, None
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = fold(char)
        out.append(piece)
        origin.extend([index] * len(piece))
    return "".join(out), origin


def _match_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Where the terms start words of `text` (or occur anywhere, for CJK), as original offsets."""
    folded, origin = _folded_with_map(text)
    spans = []
    for term in terms:
        for match in term_pattern(term).finditer(folded):
            if origin is None:
                spans.append((match.start(), match.end()))
            else:
                spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    return sorted(spans)


SCAN_CHARS = 20_000  # how far into a long field a snippet looks for the match


def make_hit(kind: GroupKind, document: Document, terms: Sequence[str], width: int = 90) -> Hit:
    """The field that best shows why `document` matched, cut around the first match.

    Only the start of a very long field is searched for the snippet, and only the snippet is
    measured for highlights, so the work per result is bounded whatever the record holds.
    """
    best: tuple[str, str] | None = None
    best_count = 0
    for name, text in document.fields:
        folded = fold(text[:SCAN_CHARS])
        count = sum(1 for term in terms if term in folded)
        if count > best_count:
            best, best_count = (name, text), count
            if count == len(terms):
                break
    if best is None:  # a literal-only match (or one past the scanned start): the first field
        best = document.fields[0] if document.fields else ("", "")
    name, text = best
    lead = 6  # characters of context kept before the first match
    spans = _match_spans(text[:SCAN_CHARS], terms) if best_count else []
    start = max(spans[0][0] - lead, 0) if spans else 0
    if len(text) <= width:  # a short field is shown whole, not cut in front of the match
        start = 0
    piece = text[start : start + width * 2]
    prefix = "…" if start > 0 else ""
    snippet = prefix + visible(piece, one_line=True)
    highlights = []
    for span_start, span_end in _match_spans(piece, terms) if spans else []:
        before = prefix + visible(piece[:span_start], one_line=True)
        inside = visible(piece[span_start:span_end], one_line=True)
        highlights.append((len(before), len(before) + len(inside)))
    return Hit(
        quote_ref(document.ref) if kind == "quote" else document.ref,
        kind,
        document.label,
        document.negotiation_title,
        name,
        snippet,
        tuple(h for h in highlights if h[1] <= len(snippet)),
    )

"""How text is compared: folded (no case, no accents, plain punctuation) and split into words."""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 12  # more words than this narrow nothing, and cost time on every keystroke

WORD_RE = re.compile(r"\w+")
CJK_RE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]")
_COMBINING_RE = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0903"
    "\u093a-\u094f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u3099\u309a\ufe20-\ufe2f]"
)
_PUNCTUATION = (
    ("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'),
    ("–", "-"), ("—", "-"), ("\u2010", "-"), ("\u2011", "-"),
)  # fmt: skip


def fold(text: str) -> str:
    """Text as the index sees it: no case, no accents, plain punctuation."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    plain = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", folded))
    for fancy, simple in _PUNCTUATION:  # `str.translate` with a table is five times slower
        if fancy in plain:
            plain = plain.replace(fancy, simple)
    return plain


# Words by C string methods: every ASCII byte that is not a letter, digit or ``_`` (what
# `WORD_RE` matches in ASCII) becomes a space, and the text is split there. Indexing spends most
# of its time finding words; this takes about two thirds of the regular expression's time.
# Bytes of other characters are kept: a piece holding any is split again by `WORD_RE`, which
# knows which of them are letters (an ASCII byte never occurs inside another character's).
_ASCII_NON_WORD_TO_SPACE = bytes(
    byte if byte >= 0x80 or chr(byte).isalnum() or chr(byte) == "_" else 0x20 for byte in range(256)
)


def words(folded: str) -> set[str]:
    """The index words of folded text; CJK words also by every suffix (substring search)."""
    # (A lone surrogate, which no record holds, is let through: it is no word character.)
    data = folded.encode("utf-8", "surrogatepass").translate(_ASCII_NON_WORD_TO_SPACE)
    found = set(data.decode("utf-8", "surrogatepass").split())
    if folded.isascii():
        return found
    pieces = [piece for piece in found if not piece.isascii()]
    found.difference_update(pieces)
    for piece in pieces:
        for word in WORD_RE.findall(piece):
            found.add(word)
            if CJK_RE.search(word):
                found.update(word[i:] for i in range(1, len(word)))
    return found


def term_pattern(term: str) -> re.Pattern[str]:
    """Where a query word matches: at the start of a word, or anywhere inside CJK text."""
    if CJK_RE.search(term):
        return re.compile(re.escape(term))
    return re.compile(r"(?<!\w)" + re.escape(term))


def parse_query(query: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(words, literal chunks, cut) of a query: chunks holding punctuation must occur as typed."""
    folded = fold(query[:MAX_QUERY_CHARS])
    terms = tuple(dict.fromkeys(WORD_RE.findall(folded)))
    literals = tuple(chunk for chunk in dict.fromkeys(folded.split()) if WORD_RE.sub("", chunk))
    cut = (
        len(query) > MAX_QUERY_CHARS
        or len(terms) > MAX_QUERY_WORDS
        or len(literals) > MAX_QUERY_WORDS
    )
    return terms[:MAX_QUERY_WORDS], literals[:MAX_QUERY_WORDS], cut

"""Which documents contain which words, as bitmaps.

A set of documents is a Python integer whose bit *i* is set when document *i* is in the set:
union, intersection and counting are then single C operations over a few kilobytes, however
many documents match, and the ids are decoded lazily, only as far as the screen needs them.
Words found in many documents keep a bitmap; rarer words keep a short list of ids. The sets
for one- and two-letter prefixes (the first keystrokes of every query, and the largest sets)
are prepared once, in the background, after the index is built.

After that, documents added (an edit, a file changed since the index was cached) bring what was
prepared up to date instead of discarding it: otherwise the first keystroke after an edit would
pay for preparing the whole index again. A removed document only leaves a mark in `removed`;
every search starts from the documents still there.
"""

from __future__ import annotations

import bisect
import collections
import operator
import re
from array import array
from collections.abc import Iterable, Iterator, MutableSequence
from itertools import repeat
from typing import Any

from tui.core.search.folding import words

_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]
_NONZERO_RUN = re.compile(rb"[^\x00]+")
_CACHE_SIZE = 256
BITMAP_MIN_DOCUMENTS = 48  # words in at least this many documents keep a bitmap
SPARSE_IDS_PER_DOCUMENT = 32  # fewer ids than one in this many documents: set one at a time


def bitmap_of(ids: Iterable[int], *, ascending: bool = False) -> int:
    """The bitmap with the bits of `ids` set (`ascending`: in increasing order, as postings are).

    Many ids (a common word's) are set without a Python loop over them, which took most of
    the time `prepare` takes: a byte per document is set to 1 (in C), then every eighth byte,
    from the first, second… eighth, is read as one number whose bytes are 0 or 1, shifted to
    its bit and joined in. That reads a byte for every document up to the highest id: for a
    few ids far in (an edited document's) a loop over the ids is quicker.
    """
    ids = ids if isinstance(ids, list | array) else list(ids)
    if not ids:
        return 0
    highest = ids[-1] if ascending else max(ids)
    if len(ids) * SPARSE_IDS_PER_DOCUMENT < highest:
        data = bytearray(highest // 8 + 1)
        for doc_id in ids:
            data[doc_id >> 3] |= 1 << (doc_id & 7)
        return int.from_bytes(data, "little")
    marks = bytearray((highest // 8 + 1) * 8)
    collections.deque(map(operator.setitem, repeat(marks), ids, repeat(1)), 0)
    bitmap = 0
    for bit in range(8):
        bitmap |= int.from_bytes(marks[bit::8], "little") << bit
    return bitmap


def iter_ids(bitmap: int) -> Iterator[int]:
    """The ids in a bitmap, in increasing order, decoded as they are asked for."""
    data = bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")
    bits = _BITS
    for run in _NONZERO_RUN.finditer(data):
        offset = run.start() * 8
        for byte in run.group():
            for bit in bits[byte]:
                yield offset + bit
            offset += 8


# Where a document comes from: its negotiation's id and its place in that negotiation's plan
# (see `documents.plan_of`). The text itself is rebuilt from the records when it is shown.
Slot = tuple[str, int]


class GroupIndex:
    """The inverted index of one group of documents (rounds, participants…)."""

    def __init__(self) -> None:
        self.slots: list[Slot | None] = []
        self.labels: list[str] = []  # folded labels, for ranking names and titles first
        self.postings: dict[str, MutableSequence[int]] = {}  # lists, or arrays from the cache
        self.removed = 0  # bitmap of documents taken out by an edit
        self._vocabulary: list[str] | None = None
        self._word_bitmaps: dict[str, int] = {}
        self._short_prefixes: dict[str, int] = {}
        self._cache: dict[str, int] = {}
        self._deletes: dict[str, list[str]] | None = None
        # Added since what was prepared was last brought up to date (see `catch_up`).
        self._pending: list[tuple[int, set[str]]] = []
        self._new_words: list[str] = []

    # --- building -----------------------------------------------------------------------

    def add(self, slot: Slot, folded: str, folded_label: str) -> None:
        doc_id = len(self.slots)
        self.slots.append(slot)
        self.labels.append(folded_label)
        postings = self.postings
        doc_words = words(folded)
        # While the index is first built nothing is prepared yet: nothing to keep up to date.
        tracking = self._prepared_anything()
        for word in doc_words:
            found = postings.get(word)
            if found is None:
                postings[word] = [doc_id]
                if tracking:
                    self._new_words.append(word)
            else:
                found.append(doc_id)
        if tracking:
            self._pending.append((doc_id, doc_words))

    def remove_all(self, doc_ids: list[int]) -> None:
        for doc_id in doc_ids:
            self.slots[doc_id] = None
        self.removed |= bitmap_of(doc_ids)

    def _prepared_anything(self) -> bool:
        return bool(
            self._vocabulary is not None
            or self._deletes is not None
            or self._short_prefixes
            or self._word_bitmaps
            or self._cache
        )

    def catch_up(self) -> None:
        """Bring what was prepared up to date with the documents added since.

        Costs in proportion to what was added, not to the size of the index.
        """
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        new_words, self._new_words = self._new_words, []
        if self._vocabulary is not None:
            if len(new_words) > 256:
                self._vocabulary = sorted(self.postings)
            else:
                for word in new_words:
                    bisect.insort(self._vocabulary, word)
        if self._deletes is not None:
            add_deletes(self._deletes, new_words)
        self._cache.clear()
        word_bitmaps = self._word_bitmaps
        by_word: dict[str, list[int]] = {}
        by_prefix: dict[str, list[int]] = {}
        for doc_id, doc_words in pending:
            for word in doc_words:
                if word in word_bitmaps:
                    by_word.setdefault(word, []).append(doc_id)
            if self._short_prefixes:
                for prefix in {w[:2] for w in doc_words} | {w[:1] for w in doc_words}:
                    by_prefix.setdefault(prefix, []).append(doc_id)
        for word, ids in by_word.items():
            word_bitmaps[word] |= bitmap_of(ids)
        short = self._short_prefixes
        for prefix, ids in by_prefix.items():
            short[prefix] = short.get(prefix, 0) | bitmap_of(ids)

    @property
    def vocabulary(self) -> list[str]:
        self.catch_up()
        if self._vocabulary is None:
            self._vocabulary = sorted(self.postings)
        return self._vocabulary

    def prepare(self) -> None:
        """Precompute the one- and two-letter prefix sets and the close-spelling table."""
        self.catch_up()  # the word list and spellings it reuses include every document
        by_two: dict[str, list[str]] = {}
        for word in self.vocabulary:
            by_two.setdefault(word[:2], []).append(word)
        short: dict[str, int] = {}
        for prefix, group in by_two.items():
            short[prefix] = self._union(group)
        for prefix, bitmap in list(short.items()):
            first = prefix[:1]
            short[first] = short.get(first, 0) | bitmap
        self._short_prefixes = short
        self.prepare_fuzzy()

    def state(self) -> tuple[Any, ...]:
        """A copy for the cache, with what `prepare` worked out (postings as compact arrays).

        The sorted word list and the bitmaps of common words go too: worked out again after a
        warm start, they would make the first keystrokes of each new prefix slow.
        """
        self.catch_up()
        return (
            list(self.slots),
            list(self.labels),
            {word: array("i", ids) for word, ids in self.postings.items()},
            self.removed,
            dict(self._short_prefixes),
            # The lists too: an edit adds spellings to the live ones while the copy is saved.
            {k: list(words) for k, words in self._deletes.items()}
            if self._deletes is not None
            else None,
            list(self.vocabulary),
            dict(self._word_bitmaps),
        )

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> GroupIndex:
        group = cls()
        slots, labels, postings, removed, short_prefixes, deletes, vocabulary, bitmaps = state
        if len(slots) != len(labels) or len(vocabulary) != len(postings):
            raise ValueError("a damaged index")
        group.slots, group.labels, group.postings, group.removed = slots, labels, postings, removed
        group._short_prefixes, group._deletes = short_prefixes, deletes
        group._vocabulary, group._word_bitmaps = vocabulary, bitmaps
        return group

    # --- looking up ---------------------------------------------------------------------

    def _word_bitmap(self, word: str) -> int:
        cached = self._word_bitmaps.get(word)
        if cached is not None:
            return cached
        bitmap = bitmap_of(self.postings.get(word, ()), ascending=True)
        if len(self.postings.get(word, ())) >= BITMAP_MIN_DOCUMENTS:
            self._word_bitmaps[word] = bitmap
        return bitmap

    def _union(self, group: Iterable[str]) -> int:
        """Documents containing any of these words."""
        result = 0
        rare: list[int] = []
        postings = self.postings
        for word in group:
            ids = postings[word]
            if len(ids) >= BITMAP_MIN_DOCUMENTS:
                result |= self._word_bitmap(word)
            else:
                rare.extend(ids)
        return result | bitmap_of(rare) if rare else result

    def exact(self, term: str) -> int:
        """Documents containing `term` as a whole word."""
        self.catch_up()
        return self._word_bitmap(term) if term in self.postings else 0

    def prefixed(self, term: str) -> int:
        """Documents with a word starting with `term`."""
        self.catch_up()
        found = self._short_prefixes.get(term)
        if found is not None:
            return found
        found = self._cache.get(term)
        if found is not None:
            return found
        vocabulary = self.vocabulary
        start = bisect.bisect_left(vocabulary, term)
        end = bisect.bisect_left(vocabulary, term + "\U0010ffff", start)
        found = self._union(vocabulary[start:end])
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[term] = found
        return found

    def any_of(self, group: Iterable[str]) -> int:
        """Documents containing any of these whole words (for close spellings)."""
        self.catch_up()
        return self._union(w for w in group if w in self.postings)

    def all_documents(self) -> int:
        return ((1 << len(self.slots)) - 1) & ~self.removed

    # --- close spellings ----------------------------------------------------------------

    def prepare_fuzzy(self) -> None:
        """Build the table of one-deletion variants that `near` looks words up in."""
        if self._deletes is not None:
            return
        deletes: dict[str, list[str]] = {}
        add_deletes(deletes, self.postings)
        self._deletes = deletes

    def near(self, term: str) -> list[str]:
        """Words one edit (or one transposition) away from `term`."""
        if len(term) < 3:
            return []
        self.catch_up()
        self.prepare_fuzzy()
        assert self._deletes is not None
        candidates: set[str] = set()
        for variant in {term[:i] + term[i + 1 :] for i in range(len(term))} | {term}:
            candidates.update(self._deletes.get(variant, ()))
        candidates.discard(term)
        return sorted(candidates)


def add_deletes(deletes: dict[str, list[str]], new_words: Iterable[str]) -> None:
    """Enter each word under itself and under every spelling with one letter left out."""
    for word in new_words:
        if 3 <= len(word) <= 30 and word.isalpha():
            for variant in {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}:
                deletes.setdefault(variant, []).append(word)

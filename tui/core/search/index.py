"""The search index over all loaded negotiations, and what a query finds."""

from __future__ import annotations

import bisect
import itertools
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tui.core.formatting import MONTHS
from tui.core.links import Ref
from tui.core.model import Negotiation
from tui.core.search.documents import (
    GROUPS,
    Document,
    DocumentBuilder,
    Entry,
    GroupKind,
    documents_of,
    plan_of,
    quote_ref,
)
from tui.core.search.folding import WORD_RE, fold, parse_query, term_pattern
from tui.core.search.hits import Hit, make_hit
from tui.core.search.postings import GroupIndex, bitmap_of, iter_ids

_BUILT_KEPT = 2048  # documents kept built: a few screens of results
# A month as people shorten it in a date ("30 oct") matches the month's name as a whole word.
_MONTH_NAMES = {fold(name[:3]): fold(name) for name in MONTHS} | {"sept": "september"}
# Exact matches checked for names first; more: a word too common to rank by. People are
# looked for by name (a name shared by hundreds still lists them first); other groups less so,
# and checking thousands of labels in each would slow every keystroke.
_NAMED_AT_MOST: dict[GroupKind, int] = {"participant": 2048}
_NAMED_AT_MOST_OTHERWISE = 256


class GroupResult:
    """The documents of one group that matched: exact matches first, then the rest.

    Held as bitmaps; ids are decoded only as far as someone asks for them.
    """

    def __init__(self, kind: GroupKind, parts: Sequence[int] = ()) -> None:
        self.kind = kind
        self.parts = [p for p in parts if p]
        self.count = sum(p.bit_count() for p in self.parts)
        self._ids: list[int] = []
        self._pending = itertools.chain.from_iterable(iter_ids(p) for p in self.parts)

    def id_at(self, position: int) -> int:
        while len(self._ids) <= position:
            self._ids.append(next(self._pending))
        return self._ids[position]

    @property
    def ids(self) -> list[int]:
        """All ids, in order (decodes the rest)."""
        self._ids.extend(self._pending)
        return self._ids


@dataclass(slots=True)
class SearchResults:
    """What a query found, grouped; rows become `Hit`s only when asked for."""

    query: str
    terms: tuple[str, ...]
    groups: list[GroupResult]
    fuzzy: tuple[str, ...] = ()  # words tried because a query word matched nothing
    truncated: bool = False
    index: SearchIndex | None = None
    _offsets: list[int] = field(default_factory=list)
    _total: int = 0

    def __post_init__(self) -> None:
        self._offsets = list(itertools.accumulate((g.count for g in self.groups), initial=0))[:-1]
        self._total = sum(g.count for g in self.groups)

    def __len__(self) -> int:
        return self._total

    def counts(self) -> dict[GroupKind, int]:
        return {g.kind: g.count for g in self.groups if g.count}

    def locate(self, row: int) -> tuple[GroupKind, int]:
        """(group, document id) of the row-th result."""
        position = bisect.bisect_right(self._offsets, row) - 1
        while self.groups[position].count == 0:  # empty groups share an offset
            position += 1
        group = self.groups[position]
        return group.kind, group.id_at(row - self._offsets[position])

    def document(self, row: int) -> tuple[GroupKind, Document]:
        """The row-th result's group and document, without working out a snippet."""
        assert self.index is not None
        kind, doc_id = self.locate(row)
        return kind, self.index.document(kind, doc_id)

    def label(self, row: int) -> tuple[GroupKind, str, str]:
        """The row-th result's group, label and negotiation title, without building its text."""
        assert self.index is not None
        kind, doc_id = self.locate(row)
        return kind, *self.index.label(kind, doc_id)

    def ref(self, row: int) -> Ref:
        """The row-th result's record (a quote's is its round or event), without its text."""
        assert self.index is not None
        kind, doc_id = self.locate(row)
        ref = self.index.ref(kind, doc_id)
        return quote_ref(ref) if kind == "quote" else ref

    def hit(self, row: int) -> Hit:
        """The row-th result, with its snippet and highlights."""
        kind, document = self.document(row)
        return make_hit(kind, document, self.terms + self.fuzzy)

    def refs(self) -> Iterator[Ref]:
        """Every result's record, in order (quotes lead to their round or event)."""
        assert self.index is not None
        for group in self.groups:
            for doc_id in group.ids:
                yield quote_ref(self.index.ref(group.kind, doc_id))


class SearchIndex:
    """All documents of all loaded negotiations; one negotiation is re-indexed after an edit.

    The index keeps words and where each document comes from, not the documents' text: a
    document is rebuilt from the records when a result is shown, which keeps the index small
    enough to cache on disk and load at once (see `tui.core.cache`).
    """

    def __init__(self) -> None:
        self._groups: dict[GroupKind, GroupIndex] = {kind: GroupIndex() for kind in GROUPS}
        self._by_negotiation: dict[str, list[tuple[GroupKind, int]]] | None = {}
        self._negotiations: dict[str, Negotiation] = {}
        self._plans: dict[str, tuple[DocumentBuilder, list[Entry]]] = {}
        self._built: dict[tuple[GroupKind, int], Document] = {}
        self._unplanned: list[str] | None = None  # see `plan_ahead`

    @classmethod
    def build(
        cls, negotiations: Iterable[Negotiation], *, first_ids: dict[GroupKind, int] | None = None
    ) -> SearchIndex:
        """The index of `negotiations`.

        With `first_ids`, each group's documents are numbered from there, the ids before left
        empty: the index of the second part of a collection, to be joined to the first's
        (see `tui.core.search.parallel`).
        """
        index = cls()
        for kind, first in (first_ids or {}).items():
            index._groups[kind].slots = [None] * first
            index._groups[kind].labels = [""] * first
        for negotiation in negotiations:
            index.add_negotiation(negotiation)
        return index

    @staticmethod
    def document_counts(negotiations: Iterable[Negotiation]) -> dict[GroupKind, int]:
        """How many documents of each group these negotiations make."""
        counts = dict.fromkeys(GROUPS, 0)
        for negotiation in negotiations:
            for kind, _, _ in plan_of(negotiation):
                counts[kind] += 1
        return counts

    def state(self) -> dict[str, Any]:
        """A copy of what the index holds, for the cache (postings as compact arrays)."""
        return {kind: group.state() for kind, group in self._groups.items()}

    @classmethod
    def from_state(cls, state: dict[str, Any], negotiations: Iterable[Negotiation]) -> SearchIndex:
        """The index `state` describes, over these (unchanged) negotiations."""
        index = cls()
        index._negotiations = {n.id: n for n in negotiations}
        for kind in GROUPS:
            group = index._groups[kind] = GroupIndex.from_state(state[kind])
            unknown = {
                slot[0] for slot in group.slots if slot is not None
            } - index._negotiations.keys()
            if unknown:
                raise KeyError(sorted(unknown)[0])
        index._by_negotiation = None  # worked out from the slots at the first edit
        return index

    @classmethod
    def patched(
        cls,
        state: dict[str, Any],
        kept: Iterable[Negotiation],
        added: Iterable[Negotiation],
    ) -> SearchIndex:
        """The index `state` describes, brought up to date with a changed collection.

        `kept` are the negotiations the index was built from that are unchanged; documents of
        any other negotiation are removed, and those of `added` (new or changed) indexed after
        the rest. Costs what the change costs to index, not what the collection costs.
        """
        index = cls()
        index._negotiations = {n.id: n for n in kept}
        for kind in GROUPS:
            group = index._groups[kind] = GroupIndex.from_state(state[kind])
            group.remove_all(
                [
                    doc_id
                    for doc_id, slot in enumerate(group.slots)
                    if slot is not None and slot[0] not in index._negotiations
                ]
            )
        index._by_negotiation = None
        for negotiation in added:
            index.add_negotiation(negotiation)
        index.catch_up()
        return index

    def removed_fraction(self) -> float:
        """The share of documents that were removed but still take room in the index."""
        slots = sum(len(g.slots) for g in self._groups.values())
        removed = sum(g.removed.bit_count() for g in self._groups.values())
        return removed / slots if slots else 0.0

    def catch_up(self) -> None:
        """Bring what `prepare` worked out up to date with documents added since."""
        for group in self._groups.values():
            group.catch_up()

    def prepare(self) -> None:
        """Precompute what the first keystrokes and misspelt words need (see `GroupIndex`)."""
        for group in self._groups.values():
            group.prepare()

    def add_negotiation(self, negotiation: Negotiation) -> None:
        nid = negotiation.id
        self._negotiations[nid] = negotiation
        entries = self._documents_by_negotiation().setdefault(nid, [])
        builder = DocumentBuilder(negotiation)
        for ordinal, entry in enumerate(plan_of(negotiation)):
            kind = entry[0]
            group = self._groups[kind]
            entries.append((kind, len(group.slots)))
            group.add((nid, ordinal), *builder.folded(entry))

    def _documents_by_negotiation(self) -> dict[str, list[tuple[GroupKind, int]]]:
        """Each negotiation's documents (needed only to re-index one after an edit)."""
        if self._by_negotiation is None:
            found: dict[str, list[tuple[GroupKind, int]]] = {}
            for kind, group in self._groups.items():
                for doc_id, slot in enumerate(group.slots):
                    if slot is not None:
                        found.setdefault(slot[0], []).append((kind, doc_id))
            self._by_negotiation = found
        return self._by_negotiation

    def remove_negotiation(self, negotiation_id: str) -> None:
        self._negotiations.pop(negotiation_id, None)
        self._plans.pop(negotiation_id, None)
        self._built.clear()
        by_kind: dict[GroupKind, list[int]] = {}
        for kind, doc_id in self._documents_by_negotiation().pop(negotiation_id, []):
            by_kind.setdefault(kind, []).append(doc_id)
        for kind, doc_ids in by_kind.items():
            self._groups[kind].remove_all(doc_ids)

    def replace_negotiation(self, negotiation: Negotiation) -> None:
        """Re-index one negotiation after an edit; the others are not touched."""
        self.remove_negotiation(negotiation.id)
        self.add_negotiation(negotiation)

    def _entry(self, kind: GroupKind, doc_id: int) -> tuple[DocumentBuilder, Entry]:
        slot = self._groups[kind].slots[doc_id]
        assert slot is not None
        nid, ordinal = slot
        plan = self._plans.get(nid)
        if plan is None:
            plan = self._plan(nid)
        builder, entries = plan
        return builder, entries[ordinal]

    def _plan(self, negotiation_id: str) -> tuple[DocumentBuilder, list[Entry]]:
        negotiation = self._negotiations[negotiation_id]
        plan = self._plans[negotiation_id] = (DocumentBuilder(negotiation), plan_of(negotiation))
        return plan

    def plan_ahead(self, until: float) -> bool:
        """Work out the plans of negotiations not shown yet, until `time.perf_counter()` reaches
        `until`; True while some are left.

        A result is labelled from its negotiation's plan, made when a result of that
        negotiation is first shown: a key whose results come from dozens of negotiations
        not shown before would wait milliseconds for their plans. Made ahead, a slice at a time
        while the user pauses, they are ready. A negotiation edited meanwhile is planned from
        its new records (an edit drops its plan; it is made again when needed).
        """
        if self._unplanned is None:
            self._documents_by_negotiation()  # what a search listing one negotiation first reads
            self._unplanned = list(reversed(self._negotiations))  # taken from the end
        unplanned = self._unplanned
        while unplanned:
            negotiation_id = unplanned.pop()
            if negotiation_id in self._negotiations and negotiation_id not in self._plans:
                self._plan(negotiation_id)
            if time.perf_counter() >= until:
                break
        return bool(unplanned)

    def document(self, kind: GroupKind, doc_id: int) -> Document:
        """A document with its text, rebuilt from the records (the last few are kept)."""
        document = self._built.get((kind, doc_id))
        if document is None:
            builder, entry = self._entry(kind, doc_id)
            document = builder.build(entry)
            if len(self._built) >= _BUILT_KEPT:
                self._built.pop(next(iter(self._built)))
            self._built[(kind, doc_id)] = document
        return document

    def label(self, kind: GroupKind, doc_id: int) -> tuple[str, str]:
        """A document's label and its negotiation's title, without building its text."""
        document = self._built.get((kind, doc_id))
        if document is not None:
            return document.label, document.negotiation_title
        builder, entry = self._entry(kind, doc_id)
        return builder.label(entry), builder.negotiation.title

    def ref(self, kind: GroupKind, doc_id: int) -> Ref:
        """Where a document leads, without building its text."""
        builder, entry = self._entry(kind, doc_id)
        return builder.ref_of(entry)

    def __len__(self) -> int:
        return sum(g.all_documents().bit_count() for g in self._groups.values())

    @staticmethod
    def is_quick(query: str) -> bool:
        """True when `query` is answered from the index alone, without reading documents.

        Queries with punctuation (checked literally) or without any word read the text of
        their candidates; the browser runs those off the UI thread.
        """
        terms, literals, _ = parse_query(query)
        return bool(terms) and not literals

    def search(self, query: str, first: str | None = None) -> SearchResults:
        """Documents containing every word of `query`, grouped, exact matches first.

        With `first`, a negotiation id, that negotiation's results come before the others'
        in each group (the one the user is reading).
        """
        return self.begin_search(query, first).finish()

    def begin_search(self, query: str, first: str | None = None) -> PendingSearch:
        """The part of a search the index answers alone (quick: call it on the UI thread).

        What is left, `PendingSearch.finish`, reads the text of candidates for chunks with
        punctuation; it touches nothing an edit changes, so it may run in another thread.
        """
        terms, literals, truncated = parse_query(query)
        groups = self._groups
        for group in groups.values():
            group.catch_up()
        # A word that starts no word anywhere is replaced by the words one edit away from it.
        unmatched = [
            t for t in terms if not any(g.prefixed(t) & g.all_documents() for g in groups.values())
        ]
        tried: set[str] = set()
        candidates: list[_Candidates] = []
        for kind in GROUPS:
            group = groups[kind]
            near = {t: group.near(t) if t.isalpha() and len(t) >= 4 else [] for t in unmatched}
            tried.update(w for found in near.values() for w in found)
            candidates.append(self._candidates(kind, group, terms, literals, near))
        reader = _Reader(self) if literals and any(c.found for c in candidates) else None
        preferred = self.documents_of(first) if first is not None else {}
        return PendingSearch(
            query,
            terms,
            literals,
            truncated,
            tuple(sorted(tried)),
            candidates,
            reader,
            self,
            preferred,
        )

    def documents_of(self, negotiation_id: str) -> dict[GroupKind, int]:
        """The documents of one negotiation, as a bitmap per group."""
        by_kind: dict[GroupKind, list[int]] = {}
        for kind, doc_id in self._documents_by_negotiation().get(negotiation_id, ()):
            by_kind.setdefault(kind, []).append(doc_id)
        return {kind: bitmap_of(ids) for kind, ids in by_kind.items()}

    def _candidates(
        self,
        kind: GroupKind,
        group: GroupIndex,
        terms: Sequence[str],
        literals: Sequence[str],
        near: dict[str, list[str]],
    ) -> _Candidates:
        """A group's documents holding every word, and those holding each as a whole word."""
        if not group.slots or (not terms and not literals):
            return _Candidates(kind, 0, None, group.labels)
        found = group.all_documents()
        for term in terms:
            found &= group.any_of(near[term]) if term in near else group.prefixed(term)
            if not found:
                return _Candidates(kind, 0, None, group.labels)
        exact = None
        if terms and not near:
            exact = found
            for term in terms:
                whole = group.exact(term)
                if (month := _MONTH_NAMES.get(term)) is not None:  # "oct" is October, whole
                    whole |= group.exact(month)
                exact &= whole
        return _Candidates(kind, found, exact, group.labels)


@dataclass(slots=True)
class _Candidates:
    """One group's documents matching the words of a query, before chunks are checked."""

    kind: GroupKind
    found: int
    exact: int | None  # those holding every word whole, when no word was replaced
    labels: list[str]  # the group's folded labels (only ever appended to)


class _Reader:
    """Document text for a search running beside the UI: reads the records as they were when
    the search began, through its own copies, so an edit meanwhile changes nothing it reads."""

    def __init__(self, index: SearchIndex) -> None:
        self._slots = {kind: list(group.slots) for kind, group in index._groups.items()}
        self._negotiations = dict(index._negotiations)
        self._plans: dict[str, tuple[DocumentBuilder, list[Entry]]] = {}

    def folded(self, kind: GroupKind, doc_id: int) -> str:
        slot = self._slots[kind][doc_id]
        if slot is None:
            return ""
        negotiation_id, ordinal = slot
        plan = self._plans.get(negotiation_id)
        if plan is None:
            negotiation = self._negotiations[negotiation_id]
            plan = self._plans[negotiation_id] = (
                DocumentBuilder(negotiation),
                plan_of(negotiation),
            )
        builder, entries = plan
        return builder.build(entries[ordinal]).folded


@dataclass(slots=True)
class PendingSearch:
    """A search the index has answered, less the check of chunks with punctuation."""

    query: str
    terms: tuple[str, ...]
    literals: tuple[str, ...]
    truncated: bool
    tried: tuple[str, ...]
    candidates: list[_Candidates]
    reader: _Reader | None
    index: SearchIndex
    preferred: dict[GroupKind, int]  # documents listed first in each group (see `search`)

    def finish(self) -> SearchResults:
        """Check the chunks against the candidates' text, and rank: exact matches first.

        A group whose names or titles hold every word comes before the others ("he lifeng"
        lists the person before the rounds that mention him); within a group, the preferred
        negotiation's documents come first.
        """
        if not self.terms and not self.literals:
            return SearchResults(self.query, (), [], truncated=self.truncated, index=self.index)
        ranked = [(c.kind, self._ranked(c)) for c in self.candidates]
        named = [kind for kind, parts in ranked if len(parts) == 3 and parts[0]]
        results = [
            GroupResult(kind, self._preferred_first(kind, parts))
            for kind, parts in sorted(ranked, key=lambda found: found[0] not in named)
        ]
        fuzzy = self.tried if any(r.count for r in results) else ()
        return SearchResults(
            self.query, self.terms, results, fuzzy=fuzzy, truncated=self.truncated, index=self.index
        )

    def _preferred_first(self, kind: GroupKind, parts: list[int]) -> list[int]:
        """`parts` with the preferred documents of each taken out and put before all."""
        preferred = self.preferred.get(kind, 0)
        if not preferred:
            return parts
        return [part & preferred for part in parts] + [part & ~preferred for part in parts]

    def _ranked(self, candidates: _Candidates) -> list[int]:
        """The bitmaps of a group's results: exact matches first, then prefix matches."""
        found = candidates.found
        if self.literals and found:
            assert self.reader is not None
            folded = self.reader.folded
            kind = candidates.kind
            found = bitmap_of(
                i
                for i in iter_ids(found)
                if all(literal in folded(kind, i) for literal in self.literals)
            )
        if candidates.exact is not None and found:
            exact = found & candidates.exact
            rest = found & ~exact
            limit = _NAMED_AT_MOST.get(candidates.kind, _NAMED_AT_MOST_OTHERWISE)
            named = _named(candidates.labels, exact, self.terms, limit) if exact else 0
            return [named, exact & ~named, rest]
        return [found] if found else []


def _named(labels: list[str], exact: int, terms: Sequence[str], limit: int) -> int:
    """Of the exact matches, those whose name or title holds every word: they come first."""
    if exact.bit_count() > limit:  # a common word: ranking by name is not worth it
        return 0
    if all(len(term) == 1 and term.isascii() for term in terms):
        return 0  # nearly every name holds a given letter: ranking by it orders nothing
    ids = list(iter_ids(exact))
    for term in terms:  # a word at a time: most queries are one word, and most labels lack it
        ids = [doc_id for doc_id in ids if term in labels[doc_id]]
    return bitmap_of(ids)


def naive_search(negotiations: Iterable[Negotiation], query: str) -> list[Ref]:
    """The same question answered by rescanning every record: the benchmark's baseline."""
    terms, _, _ = parse_query(query)
    patterns = [term_pattern(t) for t in terms if WORD_RE.fullmatch(t)]
    found = []
    for negotiation in negotiations:
        for _, document in documents_of(negotiation):
            if all(p.search(document.folded) for p in patterns):
                found.append(document.ref)
    return found

"""The matcher: accents, case, CJK, several words, ranking, fuzzy, literal punctuation."""

from __future__ import annotations

import array
import datetime
import pickle
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import MINIMAL
from tui.core.collection import load_default, load_path
from tui.core.formatting import date_range, long_date, short_date
from tui.core.links import Ref
from tui.core.model import Negotiation
from tui.core.search import (
    MAX_QUERY_CHARS,
    Document,
    PendingSearch,
    SearchIndex,
    fold,
    folding,
    make_hit,
    naive_search,
    postings,
)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(load_default().negotiations)


def labels(index: SearchIndex, query: str, kind: str | None = None) -> list[str]:
    results = index.search(query)
    hits = [results.hit(i) for i in range(len(results))]
    return [h.label for h in hits if kind is None or h.kind == kind]


def test_a_result_s_label_and_record_alone_are_what_its_hit_shows() -> None:
    """Rows painted before their snippet show `label`, and the preview opens `ref`: both are
    worked out without the record's text."""
    results = SearchIndex.build(load_default().negotiations).search("a")
    labels = [results.label(row) for row in range(len(results))]  # before any text is built
    assert {kind for kind, _, _ in labels} >= {"round", "participant", "quote", "event", "source"}
    hits = [results.hit(row) for row in range(len(results))]
    assert labels == [(hit.kind, hit.label, hit.negotiation_title) for hit in hits]
    assert [results.ref(row) for row in range(len(results))] == [hit.ref for hit in hits]


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_words_are_what_the_word_pattern_finds(text: str) -> None:
    """Plain ASCII text is split by string methods; the words are the pattern's all the same."""
    assert folding.words(text) == set(re.findall(r"\w+", text))


def _words_by_pattern(text: str) -> set[str]:
    """What `folding.words` finds, worked out the slow, plain way."""
    found = set(re.findall(r"\w+", text))
    for word in [w for w in found if folding.CJK_RE.search(w)]:
        found.update(word[i:] for i in range(1, len(word)))
    return found


@given(st.text())
def test_any_text_has_the_pattern_s_words_and_its_cjk_words_suffixes(text: str) -> None:
    assert folding.words(fold(text)) == _words_by_pattern(fold(text))


@pytest.mark.parametrize(
    "text",
    [
        "王文涛、李成钢。何立峰（副总理）",  # CJK punctuation splits CJK words
        "«tarifs» — “fentanyl” … 50 % · 24 %",
        "naïve café ²³ x²",  # digits that are not ASCII are word characters
        "abc中文def ghi\u3000jkl\xa0mno\u2028pqr",  # spaces that are not ASCII
        "Ｆｕｌｌｗｉｄｔｈ ﬁnance",
        "abc \ud800 déf",  # a lone surrogate (no record holds one) is no word character
    ],
)
def test_words_of_mixed_scripts_are_the_pattern_s(text: str) -> None:
    assert folding.words(fold(text)) == _words_by_pattern(fold(text))


@given(st.dates(), st.dates())
def test_dates_have_the_month_names_strftime_writes_in_the_c_locale(
    start: datetime.date, end: datetime.date
) -> None:
    """Written from a table of English names (quicker than strftime, whatever the locale)."""
    assert long_date(start) == f"{start.day} {start:%B} {start.year}"
    assert short_date(start) == f"{start.day} {start:%b} {start.year}"
    if start < end:
        assert date_range(start, end).endswith(f"{end.day} {end:%B} {end.year}")
        assert date_range(start, end, short=True).endswith(f"{end.day} {end:%b} {end.year}")
        if start.year != end.year:
            assert date_range(start, end).startswith(f"{start.day} {start:%B} {start.year} – ")


def test_fold_removes_case_and_accents() -> None:
    assert fold("BESSENT") == "bessent"
    assert fold("José Manuel Albares") == "jose manuel albares"
    assert fold("Straße") == "strasse"
    assert fold("何立峰") == "何立峰"
    assert fold("rare\u2011earth “quote” – dash") == 'rare-earth "quote" - dash'


@pytest.mark.parametrize("query", ["Bessent", "BESSENT", "bessent", "BeSsEnT"])
def test_case_insensitive(index: SearchIndex, query: str) -> None:
    assert "Scott Bessent" in labels(index, query, "participant")


def test_accent_insensitive(index: SearchIndex) -> None:
    assert "José Manuel Albares" in labels(index, "jose albares", "participant")
    assert "José Manuel Albares" in labels(index, "JOSÉ", "participant")
    assert labels(index, "malaysia") == labels(index, "Malaysia") == labels(index, "MALAYSIA")


def test_original_script_finds_the_person(index: SearchIndex) -> None:
    assert labels(index, "何立峰", "participant") == ["He Lifeng 何立峰"]
    assert labels(index, "立峰", "participant") == ["He Lifeng 何立峰"]  # a substring of CJK


def test_prefixes_match_while_typing(index: SearchIndex) -> None:
    for prefix in ("b", "be", "bes", "bess", "besse", "bessen"):
        assert "Scott Bessent" in labels(index, prefix, "participant"), prefix


def test_several_words_narrow(index: SearchIndex) -> None:
    rounds = labels(index, "rare earth october", "round")
    assert "Round 5 · Kuala Lumpur" in rounds
    assert "Round 1 · Geneva" not in rounds
    assert len(index.search("rare earth october")) < len(index.search("rare earth"))
    assert len(index.search("rare earth")) <= len(index.search("rare"))


def test_results_are_grouped_and_counted(index: SearchIndex) -> None:
    results = index.search("bessent")
    kinds = [results.hit(i).kind for i in range(len(results))]
    # Groups whose names hold the words first (the person), then the rest; each group whole.
    runs = [
        kind for position, kind in enumerate(kinds) if position == 0 or kinds[position - 1] != kind
    ]
    assert runs[0] == "participant" and len(runs) == len(set(runs))
    assert sum(results.counts().values()) == len(results)
    assert results.counts()["quote"] >= 5
    assert next(g.kind for g in index.search("geneva").groups if g.count) == "round"


def test_the_negotiation_being_read_comes_first(records: Path) -> None:
    second = MINIMAL.replace('id = "talks"', 'id = "other"').replace("Test talks", "Other talks")
    (records / "other.toml").write_text(second)
    index = SearchIndex.build(load_path(records).negotiations)
    for first in ("other", "talks"):
        results = index.search("geneva", first)
        owners = list(dict.fromkeys(ref.negotiation for ref in results.refs()))
        assert owners == [first, ({"other", "talks"} - {first}).pop()]


def test_exact_word_ranks_before_prefix(tmp_path: object) -> None:
    data = tomllib.loads(MINIMAL)
    data["participants"] = [
        {"id": "a", "name": "Tradeoff Person", "party": "us"},
        {"id": "b", "name": "Trade Person", "party": "us"},
    ]
    index = SearchIndex.build([Negotiation.model_validate(data)])
    results = index.search("trade")
    people = [
        results.hit(i).label for i in range(len(results)) if results.hit(i).kind == "participant"
    ]
    assert people == ["Trade Person", "Tradeoff Person"]


def test_fuzzy_only_when_nothing_matches(index: SearchIndex) -> None:
    results = index.search("bessnet")
    assert results.fuzzy == ("bessent",)
    assert "Scott Bessent" in [results.hit(i).label for i in range(len(results))]
    assert index.search("bessent").fuzzy == ()
    assert index.search("geneva 145").fuzzy == ()


def test_matches_are_highlighted_in_the_snippet(index: SearchIndex) -> None:
    results = index.search("lancaster")
    hit = results.hit(0)
    assert hit.label == "Round 2 · London"
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "Lancaster"


@pytest.mark.parametrize(
    "query", ["(a+)+$", "[", "\\", "[/]", "[@click=app.quit]", ".*", "\x00\x1b[31m"]
)
def test_queries_are_plain_text(index: SearchIndex, query: str) -> None:
    results = index.search(query)
    for i in range(min(len(results), 20)):
        assert fold(query.split(maxsplit=1)[0]) in fold(
            "\n".join(t for _, t in index.document(*results.locate(i)).fields)
        )


def test_punctuation_must_match_literally(index: SearchIndex) -> None:
    bracketed = labels(index, "[Trump]")
    assert bracketed == ["Jamieson Greer, 29 July 2025"]


def test_a_huge_query_is_cut_and_answered() -> None:
    index = SearchIndex.build([Negotiation.model_validate(tomllib.loads(MINIMAL))])
    results = index.search("geneva " * 2_000_000)
    assert results.truncated
    assert results.terms == ("geneva",)
    assert len(results) >= 1
    assert MAX_QUERY_CHARS < 14_000_000


def test_index_agrees_with_a_naive_scan(index: SearchIndex) -> None:
    negotiations = load_default().negotiations
    for query in ("bessent", "rare earth", "geneva", "何立峰", "tariff truce november"):
        results = index.search(query)
        found = {(r.kind, r.id) for r in results.refs()}
        naive = {(r.kind, r.id.split("#")[0]) for r in naive_search(negotiations, query)}
        assert found == naive, query


def test_replacing_a_negotiation_updates_the_index() -> None:
    negotiation = Negotiation.model_validate(tomllib.loads(MINIMAL))
    index = SearchIndex.build([negotiation])
    assert index.search("geneva").counts()["round"] == 1
    rounds = [r.model_copy(update={"city": "Lausanne", "summary": ""}) for r in negotiation.rounds]
    index.replace_negotiation(negotiation.model_copy(update={"rounds": rounds}))
    assert "round" not in index.search("geneva").counts()
    assert index.search("lausanne").counts()["round"] == 2
    assert len(index) == len(SearchIndex.build([negotiation]))


def _several_negotiations(count: int) -> list[Negotiation]:
    negotiation = Negotiation.model_validate(tomllib.loads(MINIMAL))
    return [
        negotiation.model_copy(update={"id": f"talks-{n}", "title": f"Talks number {n}"})
        for n in range(count)
    ]


def test_plans_made_ahead_are_the_plans_made_when_needed() -> None:
    negotiations = _several_negotiations(6)
    ahead, lazy = SearchIndex.build(negotiations), SearchIndex.build(negotiations)
    slices = 0
    while ahead.plan_ahead(until=0.0):  # a time already past: one negotiation a slice
        slices += 1
        assert len(ahead._plans) == slices
    assert slices == 5 and len(ahead._plans) == 6
    assert not ahead.plan_ahead(until=float("inf"))  # nothing left
    assert not lazy._plans
    for query in ["geneva", "talks", "a"]:
        found_ahead, found_lazy = ahead.search(query), lazy.search(query)
        assert [found_ahead.label(r) for r in range(len(found_ahead))] == [
            found_lazy.label(r) for r in range(len(found_lazy))
        ]
        assert [found_ahead.hit(r) for r in range(len(found_ahead))] == [
            found_lazy.hit(r) for r in range(len(found_lazy))
        ]


def test_a_negotiation_edited_while_plans_are_made_ahead_shows_its_edit() -> None:
    negotiations = _several_negotiations(4)
    index = SearchIndex.build(negotiations)
    assert index.plan_ahead(until=0.0)  # the first is planned
    for edited in (negotiations[0], negotiations[3]):  # one planned already, one not yet
        index.replace_negotiation(edited.model_copy(update={"title": f"Renamed {edited.id}"}))
    while index.plan_ahead(until=0.0):
        pass
    for negotiation_id in ("talks-0", "talks-3"):
        results = index.search(f"renamed {negotiation_id}")
        assert len(results) == 1
        assert results.label(0)[2] == f"Renamed {negotiation_id}"


EDIT_QUERIES = ["y", "g", "yv", "ge", "yverdon", "yverdn", "geneva", "genva", "bessent", "何"]


def _hit_sets(index: SearchIndex) -> list[list[str]]:
    """The hits of each of `EDIT_QUERIES`, in no particular order (edited documents come last)."""
    found = []
    for query in EDIT_QUERIES:
        results = index.search(query)
        found.append(
            sorted(f"{h.ref} {h.field} {h.snippet}" for h in map(results.hit, range(len(results))))
        )
    return found


def test_an_edit_keeps_what_was_prepared_up_to_date() -> None:
    """After an edit the prepared prefix sets and spellings are brought up to date, not thrown
    away (preparing them again would fall on the next keystroke), and answer as a new index."""
    negotiations = [
        *load_default().negotiations,
        Negotiation.model_validate(tomllib.loads(MINIMAL)),
    ]
    index = SearchIndex.build(negotiations)
    index.prepare()
    prepared = index._groups["round"]
    short_prefixes = prepared._short_prefixes
    assert "yv" not in short_prefixes
    edited = negotiations[-1]
    rounds = [r.model_copy(update={"city": "Yverdon"}) for r in edited.rounds]
    edited = edited.model_copy(update={"rounds": rounds})
    index.replace_negotiation(edited)
    assert prepared.prefixed("yv") & prepared.all_documents()
    assert prepared._short_prefixes is short_prefixes and "yv" in short_prefixes
    fresh = SearchIndex.build([*negotiations[:-1], edited])
    fresh.prepare()
    assert _hit_sets(index) == _hit_sets(fresh)
    assert "yverdon" in index.search("yverdn").fuzzy


def test_an_edit_keeps_common_words_bitmaps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The documents an edit adds are added to the bitmaps of their common words, which stay
    right (and are saved with the index) instead of being worked out again while typing."""
    monkeypatch.setattr(postings, "BITMAP_MIN_DOCUMENTS", 2)
    negotiations = load_default().negotiations
    index = SearchIndex.build(negotiations)
    index.prepare()
    before = {kind: dict(group._word_bitmaps) for kind, group in index._groups.items()}
    index.replace_negotiation(negotiations[0])
    index.catch_up()
    for kind, group in index._groups.items():
        assert group._word_bitmaps.keys() == before[kind].keys()
        for word, bitmap in group._word_bitmaps.items():
            assert bitmap == postings.bitmap_of(group.postings[word]), word
    assert index._groups["round"]._word_bitmaps != before["round"]  # the new ids are in


def test_preparing_again_after_an_edit_keeps_the_edit() -> None:
    negotiation = Negotiation.model_validate(tomllib.loads(MINIMAL))
    index = SearchIndex.build([negotiation])
    index.prepare()
    index.search("gen")
    rounds = [r.model_copy(update={"city": "Yverdon"}) for r in negotiation.rounds]
    index.replace_negotiation(negotiation.model_copy(update={"rounds": rounds}))
    index.prepare()
    assert index.search("yv").counts()["round"] == 2
    assert "yverdon" in index.search("yvedon").fuzzy


def test_a_saved_state_does_not_change_with_later_edits() -> None:
    negotiation = Negotiation.model_validate(tomllib.loads(MINIMAL))
    index = SearchIndex.build([negotiation])
    index.prepare()
    state = index.state()
    saved = repr(state)
    rounds = [r.model_copy(update={"city": "Genevb"}) for r in negotiation.rounds]
    index.replace_negotiation(negotiation.model_copy(update={"rounds": rounds}))
    index.catch_up()
    assert repr(state) == saved


def test_a_cached_index_keeps_what_the_first_keystrokes_need(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sorted words and common words' bitmaps are saved: not worked out while typing."""
    monkeypatch.setattr(postings, "BITMAP_MIN_DOCUMENTS", 2)
    negotiations = load_default().negotiations
    index = SearchIndex.build(negotiations)
    index.prepare()
    restored = SearchIndex.from_state(pickle.loads(pickle.dumps(index.state())), negotiations)
    for kind, group in restored._groups.items():
        original = index._groups[kind]
        assert group._vocabulary == sorted(original.postings)
        assert group._word_bitmaps == original._word_bitmaps
    assert any(group._word_bitmaps for group in restored._groups.values())


def test_rounds_are_found_by_who_attended(index: SearchIndex) -> None:
    rounds = labels(index, "bessent", "round")
    assert "Round 4 · Madrid" in rounds
    attended = [
        r
        for n in load_default().negotiations
        for r in n.rounds
        if "scott-bessent" in r.participants
    ]
    assert len(rounds) == len(attended)


def test_names_rank_first_among_exact_matches(index: SearchIndex) -> None:
    assert labels(index, "bessent", "participant")[0] == "Scott Bessent"
    assert labels(index, "greer", "participant")[0] == "Jamieson Greer"


def test_a_huge_field_keeps_each_result_cheap() -> None:
    data = tomllib.loads(MINIMAL)
    data["rounds"][0]["summary"] = "sit " * 250_000  # 1 MB
    index = SearchIndex.build([Negotiation.model_validate(data)])
    results = index.search("s")
    hit = next(results.hit(i) for i in range(len(results)) if results.hit(i).field == "summary")
    assert len(hit.snippet) <= 200
    assert hit.highlights and hit.snippet[hit.highlights[0][0] : hit.highlights[0][1]] == "s"


def test_a_short_field_is_shown_whole_not_cut_before_the_match() -> None:
    document = Document(
        Ref("round", "talks", "r1#0"),
        "Li He, 10 May 2025",
        "Talks",
        (("quote", "We agreed."), ("round", "Round 1 · Geneva")),
        fold("We agreed.\nRound 1 · Geneva"),
        fold("Li He, 10 May 2025"),
    )
    hit = make_hit("quote", document, ("geneva",))
    assert (hit.field, hit.snippet) == ("round", "Round 1 · Geneva")
    long_text = "x " * 200 + "Geneva"
    long_document = Document(
        Ref("round", "talks", "r1"), "R", "T", (("summary", long_text),), fold(long_text), "r"
    )
    assert make_hit("round", long_document, ("geneva",)).snippet.startswith("…")


def test_a_search_finished_in_a_thread_is_unmoved_by_edits_and_reads_meanwhile() -> None:
    """The app finishes searches with punctuation in a thread, while the UI goes on painting
    results and applying edits. Run both at once, switching threads as often as Python can:
    every finished search must match the one answered serially when it began."""
    import sys  # noqa: PLC0415
    import threading  # noqa: PLC0415

    negotiations = _several_negotiations(40)
    index = SearchIndex.build(negotiations)
    query = "2025-05"  # a hyphen: checked literally against each candidate's text
    expected: list[list[tuple[str, int, list[int]]]] = []
    failures: list[BaseException] = []
    finished: list[list[tuple[str, int, list[int]]]] = []

    def finish(pending: PendingSearch) -> None:
        try:
            results = pending.finish()
            finished.append([(r.kind, r.count, r.ids) for r in results.groups])
        except BaseException as error:  # collected, then reported
            failures.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for turn in range(12):
            expected.append([(r.kind, r.count, r.ids) for r in index.search(query).groups])
            # Each negotiation's Geneva round, and its quote dated in May.
            assert sum(count for _, count, _ in expected[-1]) == 80
            pending = index.begin_search(query)
            thread = threading.Thread(target=finish, args=(pending,))
            thread.start()
            while thread.is_alive():
                victim = negotiations[turn % len(negotiations)]
                index.replace_negotiation(victim.model_copy(update={"summary": f"edit {turn}"}))
                index.replace_negotiation(victim)
                shown = index.search("talks")
                for row in range(min(len(shown), 50)):
                    shown.hit(row)
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not failures, failures[0]
    assert finished == expected


def test_dates_are_found_as_written_and_as_iso(records: Path) -> None:
    """A round's last day, a quote's date and an event's date: in words and in ISO form."""
    index = SearchIndex.build(load_path(records).negotiations)

    def found(query: str) -> set[tuple[str, str]]:
        return {(ref.kind, ref.id) for ref in index.search(query).refs()}

    assert found("2025-05-11") == {("round", "geneva")}  # the last day; its quote leads there
    assert ("round", "geneva") in found("11 may")
    assert found("2025-06") == {("round", "london")}


def test_a_round_is_found_by_an_attendee_name_in_the_original_script(records: Path) -> None:
    index = SearchIndex.build(load_path(records).negotiations)
    rounds = {ref.id for ref in index.search("立峰").refs() if ref.kind == "round"}
    assert rounds == {"geneva"}


def test_a_month_shortened_as_in_a_date_ranks_like_the_month_written_out(
    index: SearchIndex,
) -> None:
    """ "30 oct" is 30 October: the records of that day come first, not those that only hold
    a 30 and a word starting "oct"."""
    for query in ("30 oct", "oct 30", "30 october"):
        results = index.search(query)
        rounds = [
            label for kind, label, _ in map(results.label, range(len(results))) if kind == "round"
        ]
        assert rounds[0] == "Round 6 · Busan", query
    results = index.search("10 nov 2025")
    kind, label, _ = results.label(0)
    assert kind == "event" and "10 November" in label


def test_names_rank_first_even_among_many_exact_matches() -> None:
    """A name held by hundreds of people's records still lists those people first."""
    data = tomllib.loads(MINIMAL)
    person = data["participants"][1]  # He Lifeng 何立峰
    rounds = [
        dict(data["rounds"][1], id=f"r{i}", number=10 + i, summary="何立峰 spoke")
        for i in range(600)
    ]
    data["rounds"] = data["rounds"] + rounds
    data["participants"] = data["participants"] + [
        dict(person, id=f"p{i}", name=f"Person {i}") for i in range(400)
    ]
    index = SearchIndex.build([Negotiation.model_validate(data)])
    results = index.search("何立峰")
    assert results.counts()["round"] > 500 and results.counts()["participant"] > 256
    assert results.label(0)[0] == "participant"


@given(
    st.one_of(
        st.lists(st.integers(min_value=0, max_value=5000)),  # mostly few, far apart
        st.lists(st.integers(min_value=0, max_value=300), min_size=40),  # many, close together
    )
)
def test_a_bitmap_has_exactly_the_bits_of_its_ids(ids: list[int]) -> None:
    bitmap = postings.bitmap_of(ids)
    assert bitmap == sum(1 << doc_id for doc_id in set(ids))
    assert list(postings.iter_ids(bitmap)) == sorted(set(ids))
    assert postings.bitmap_of(array.array("i", ids)) == postings.bitmap_of(iter(ids)) == bitmap

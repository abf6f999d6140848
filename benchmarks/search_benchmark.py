"""Search speed per keystroke on a large dataset, next to a naive rescan, in one run.

    python benchmarks/search_benchmark.py [--negotiations 1000] [--rounds 20]

Each query is typed one character at a time. A keystroke's time covers what the browser does
for it: the search, the per-group counts, and the rows of the first screen of results with
their snippets and highlights. The naive baseline answers the same keystrokes by rescanning
every record (folding the text of each and matching the words), as a program without an index
would; it is measured on the same machine in the same run.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.dataset import generate
from tui.core.search import SearchIndex, naive_search

QUERIES = [
    "bessent", "rare earth october", "geneva", "tariff truce", "he lifeng", "何立峰",
    "soybean purchases", "kuala lumpur", "fentanyl", "port fees", "bessnet", "semiconductor controls",
]  # fmt: skip
SCREEN_ROWS = 30


def keystrokes(query: str) -> list[str]:
    return [query[:i] for i in range(1, len(query) + 1)]


def indexed_keystroke(index: SearchIndex, text: str) -> int:
    results = index.search(text)
    results.counts()
    for row in range(min(SCREEN_ROWS, len(results))):
        results.hit(row)
    return len(results)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--negotiations", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--naive-every", type=int, default=3, help="time the naive scan on every Nth keystroke"
    )
    options = parser.parse_args()

    started = time.perf_counter()
    negotiations = generate(options.negotiations, options.rounds)
    rounds = sum(len(n.rounds) for n in negotiations)
    print(
        f"dataset: {len(negotiations)} negotiations, {rounds} rounds, generated in {time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    index = SearchIndex.build(negotiations)
    built = time.perf_counter() - started
    index.prepare()
    gc.freeze()  # as the app does once its records are loaded
    print(f"index: {len(index)} documents, built in {built:.2f} s "
          f"(+ {time.perf_counter() - started - built:.2f} s in the background for short prefixes and close spellings)")  # fmt: skip

    indexed: list[float] = []
    naive: list[float] = []
    paired: list[tuple[float, float]] = []
    for query in QUERIES:
        for number, text in enumerate(keystrokes(query)):
            began = time.perf_counter()
            found = indexed_keystroke(index, text)
            took = time.perf_counter() - began
            indexed.append(took)
            if number % options.naive_every == 0:
                began = time.perf_counter()
                naive_found = len(naive_search(negotiations, text))
                naive_took = time.perf_counter() - began
                naive.append(naive_took)
                paired.append((took, naive_took))
                if naive_found == 0 and found and not index.search(text).fuzzy:
                    print(f"  warning: {text!r} found by the index ({found}) but not by the scan")
        print(f"  {query!r}: {len(query)} keystrokes, {found} results for the full query")

    def row(name: str, values: list[float]) -> str:
        return (
            f"{name:<22} {len(values):>5} {statistics.median(values) * 1000:>10.2f} "
            f"{percentile(values, 0.95) * 1000:>10.2f} {max(values) * 1000:>10.2f}"
        )

    print()
    print(f"{'per keystroke':<22} {'n':>5} {'median ms':>10} {'p95 ms':>10} {'max ms':>10}")
    print(row("index", indexed))
    print(row("naive scan", naive))
    ratios = [n / i for i, n in paired]
    print()
    print(f"speed-up on the same keystrokes: median {statistics.median(ratios):,.0f}x, "
          f"slowest-index-keystroke vs naive median {statistics.median(naive) / max(indexed):,.0f}x")  # fmt: skip
    target = percentile(indexed, 0.95) * 1000
    print(
        f"target p95 < 10 ms: {'met' if target < 10 else 'NOT met'} ({target:.2f} ms); "
        f"target >= 10x naive: {'met' if statistics.median(ratios) >= 10 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()

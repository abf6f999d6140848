"""Scale: the app on a thousand negotiations, next to baselines measured in the same run.

    python benchmarks/scale_benchmark.py [--negotiations 1000] [--rounds 20] [--data DIR]

Prints, for a generated dataset of 1,000 negotiation files (~20,000 rounds, ~40 MB):

- first painted frame: the app launched as a user launches it (in a pseudo-terminal, 120x40),
  on the bundled records and on the large dataset, next to a bare Textual app (Header, Static,
  Footer) launched the same way. The app's first frame is its layout with "Loading…"; the time
  until the records themselves are on screen (warm cache) is printed after it;
- fully loaded and searchable: loading every file and building (or reading) the search index,
  cold (empty cache), warm (files unchanged) and with one file edited since the cache was made,
  next to the floor: the fastest TOML parser available plus model validation of the same
  files, in-process. For the cold start, the time until the records alone are loaded and
  checked is printed too: what indexing adds is the difference;
- keystroke to painted frame in the app: moving through the 20,000-row all-rounds list, and
  typing search queries, next to a key that updates a Static in the bare app. "First frame" is
  the first write after the key (the moved cursor, the new results); "settled" is the last
  write before the screen stays still (the detail of the record under the cursor too);
- saving one edited record in the large dataset, next to the same save in a one-file dataset;
- a one-letter search right after one negotiation was edited (and re-indexed, as the app does
  it), next to the same search before the edit;
- peak memory (RSS) of the app with the large dataset loaded and indexed.

Every timing is a median of several runs; a measure and its baseline take turns, run by run;
each load runs in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gc  # noqa: E402

import rtoml  # noqa: E402

from benchmarks.dataset import write  # noqa: E402
from benchmarks.terminal import Terminal  # noqa: E402
from tui.core.cache import RecordCache  # noqa: E402
from tui.core.collection import load_path, load_sources  # noqa: E402
from tui.core.loading import (  # noqa: E402
    discover_record_sources,
)
from tui.core.model import Negotiation  # noqa: E402
from tui.core.paths import bundled_data_dir  # noqa: E402
from tui.core.saving import save_record_file  # noqa: E402
from tui.core.search.parallel import IndexBuilder  # noqa: E402

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    BINDINGS = [("j", "move", "Move")]
    moves = 0

    def compose(self):
        yield Header()
        yield Static("bare-first-frame")
        yield Footer()

    def action_move(self):
        self.moves += 1
        self.query_one(Static).update(f"moved {self.moves}")

Bare().run()
"""
SEARCHES = ["tariff truce", "geneva", "bessent", "rare earth"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _environment(cache: Path, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(home),
        "NEGOTIATIONS_CACHE_DIR": str(cache),
        "NEGOTIATIONS_CONFIG_DIR": str(home / "config"),
        "NEGOTIATIONS_DATA_DIR": str(home / "data"),
    }


def first_paint(argv: list[str], marker: bytes, env: dict[str, str]) -> float:
    terminal = Terminal(argv, env)
    try:
        return terminal.wait_for(marker)
    finally:
        terminal.close()


# --- loading, each run in a fresh interpreter ------------------------------------------------


def measure_in_child(what: str, data: Path, cache: Path) -> float:
    return child_times(what, data, cache)["seconds"]


def child_times(what: str, data: Path, cache: Path) -> dict[str, float]:
    """A load in a fresh interpreter: {"seconds": until searchable, "loaded": until loaded}."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", what, "--data", str(data), "--cache", str(cache)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    times = json.loads(output.strip().splitlines()[-1])
    return {name: float(seconds) for name, seconds in times.items()}


def child(what: str, data: Path, cache: Path) -> None:
    """One load, timed, in this fresh interpreter; prints {"seconds": ...}."""

    sources = discover_record_sources(data)
    started = time.perf_counter()
    if what == "floor":
        gc.disable()
        for source in sources:
            Negotiation.model_validate(rtoml.loads(source.path.read_text(encoding="utf-8")))
    else:
        records = RecordCache(cache)
        builder = IndexBuilder(sources)  # as the app does: indexing starts while files load
        dataset = load_sources(sources, data, known=records, each=builder.add)
        loaded = time.perf_counter() - started
        builder.loaded(dataset.files)
        found = records.index(dataset.files)
        index = builder.build(dataset.files) if found is None else found.index
        builder.cancel()
        assert index is not None
        state = index.state() if found is None or found.patched else None
        assert index.search("tariff")  # searchable
        seconds = time.perf_counter() - started
        records.remember(dataset.files, state)  # after the clock: the app does it after showing
        print(json.dumps({"seconds": seconds, "loaded": loaded}))
        return
    print(json.dumps({"seconds": time.perf_counter() - started}))


# --- saving -----------------------------------------------------------------------------------


def save_times(folders: list[Path], negotiation_id: str, runs: int = 15) -> list[list[float]]:
    """Seconds per save of one edited record, for each folder, the saves taking turns."""
    records = []
    for folder in folders:
        dataset = load_path(folder)
        records.append(next(f for f in dataset.files if f.negotiation.id == negotiation_id))
    times: list[list[float]] = [[] for _ in folders]
    for run in range(runs):
        for position, record in enumerate(records):
            negotiation = record.negotiation
            first = negotiation.rounds[0].model_copy(update={"summary": f"Edited {run}."})
            edited = negotiation.model_copy(update={"rounds": [first, *negotiation.rounds[1:]]})
            started = time.perf_counter()
            records[position] = save_record_file(record, edited)
            times[position].append(time.perf_counter() - started)
    return times


# --- searching after an edit -------------------------------------------------------------------


def search_after_edit(data: Path, cache: Path, runs: int = 7) -> dict[str, float]:
    """Median seconds: a one-letter query; re-indexing one edited negotiation as the app does
    (`replace_negotiation`, then `catch_up`); the same query right after."""
    records = RecordCache(cache)
    dataset = load_sources(discover_record_sources(data), data, known=records)
    found = records.index(dataset.files)
    assert found is not None
    index = found.index
    negotiation = dataset.files[len(dataset.files) // 2].negotiation
    times: dict[str, list[float]] = {"before": [], "reindex": [], "after": []}
    for run in range(runs):
        started = time.perf_counter()
        index.search("t")
        times["before"].append(time.perf_counter() - started)
        edited = negotiation.model_copy(update={"title": f"Edited {run}"})
        started = time.perf_counter()
        index.replace_negotiation(edited)
        index.catch_up()
        times["reindex"].append(time.perf_counter() - started)
        started = time.perf_counter()
        index.search("t")
        times["after"].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


# --- the report -------------------------------------------------------------------------------


def median(measure: Callable[[], float], runs: int) -> float:
    return statistics.median(measure() for _ in range(runs))


def interleaved(measures: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    """The median of each measure, the measures taking turns run by run.

    A measure and its baseline then see the same machine: a shared machine's load drifts over
    minutes, and measuring one after the other would turn the drift into a ratio.
    """
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--negotiations", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--data", type=Path, help="use (or create) the large dataset here")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.data, options.cache)
        return

    work = Path(tempfile.mkdtemp(prefix="negotiations-scale-"))
    try:
        data = options.data or work / "large"
        if not data.is_dir() or not any(data.glob("*.toml")):
            print(f"Writing {options.negotiations} negotiations to {data}…", file=sys.stderr)
            write(data, count=options.negotiations, rounds=options.rounds)
        files = sorted(data.glob("*.toml"))
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        runs = options.runs
        print(f"Dataset: {len(files)} files, {megabytes:.0f} MB; medians of {runs} runs.\n")

        # First painted frame.
        home = work / "home"
        home.mkdir(exist_ok=True)
        bare_script = work / "bare.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        app = [sys.executable, "-m", "tui"]
        env = _environment(work / "paint-cache", home)
        paints = interleaved(
            {
                "bare": lambda: first_paint([sys.executable, str(bare_script)], b"bare-first", env),
                "bundled": lambda: first_paint(
                    [*app, str(bundled_data_dir())], b"negotiations", env
                ),
                "large": lambda: first_paint([*app, str(data)], b"negotiations", env),
            },
            runs,
        )
        bare, bundled, large = paints["bare"], paints["bundled"], paints["large"]

        # Fully loaded and searchable.
        def cold_run() -> dict[str, float]:
            shutil.rmtree(work / "cold-cache", ignore_errors=True)
            return child_times("app", data, work / "cold-cache")

        measure_in_child("app", data, work / "warm-cache")  # fills the cache
        changed = work / "changed"  # the same files, one of them edited since
        shutil.copytree(data, changed)
        edited = sorted(changed.glob("*.toml"))[len(files) // 2]
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace('summary = "', 'summary = "Edited. ', 1), encoding="utf-8")

        def changed_run() -> float:
            # Each run starts from the cache as the unchanged files left it.
            shutil.rmtree(work / "changed-cache", ignore_errors=True)
            shutil.copytree(work / "warm-cache", work / "changed-cache")
            return measure_in_child("app", changed, work / "changed-cache")

        loads = interleaved(
            {
                "floor": lambda: measure_in_child("floor", data, work / "unused"),
                "warm": lambda: measure_in_child("app", data, work / "warm-cache"),
                "changed": changed_run,
            },
            runs,
        )
        floor, warm, one_changed = loads["floor"], loads["warm"], loads["changed"]
        cold_runs = [cold_run() for _ in range(min(runs, 3))]
        cold = statistics.median(times["seconds"] for times in cold_runs)
        cold_loaded = statistics.median(times["loaded"] for times in cold_runs)

        # After the first frame: the records themselves on screen (warm cache, no target).
        warm_env = _environment(work / "warm-cache", home)
        bundled_records = median(
            lambda: first_paint([*app, str(bundled_data_dir())], b"Geneva", warm_env), runs
        )
        large_records = median(
            lambda: first_paint([*app, str(data)], b"o to switch", warm_env), runs
        )

        # Keystrokes, and memory, in the running app (warm cache).
        terminal = Terminal([*app, str(data)], _environment(work / "warm-cache", home))
        try:
            terminal.wait_for(b"negotiations")
            terminal.wait_for(b"o to switch")  # records on screen
            terminal.wait_until_idle()  # loaded, indexed, cached: nothing left in the background
            mark = len(terminal.output)
            os.write(terminal.master, b"a")
            terminal.wait_for(
                b"20,000" if options.rounds * options.negotiations == 20_000 else b"All rounds",
                start=mark,
            )
            moves = [terminal.key_latency(b"j") for _ in range(100)]
            moves += [terminal.key_latency(b"k") for _ in range(20)]
            moves += [terminal.key_latency(b"G"), terminal.key_latency(b"g")] * 5
            os.write(terminal.master, b"/")
            terminal.wait_until_idle()
            typing = []
            for query in SEARCHES:
                for character in query:
                    typing.append(terminal.key_latency(character.encode()))
                for _ in query:
                    typing.append(terminal.key_latency(b"\x7f"))  # backspace
            memory = terminal.peak_memory_kib()
        finally:
            terminal.close()
        bare_terminal = Terminal([sys.executable, str(bare_script)], env)
        try:
            bare_terminal.wait_for(b"bare-first")
            bare_terminal.wait_until_idle()
            bare_moves = [bare_terminal.key_latency(b"j") for _ in range(60)]
        finally:
            bare_terminal.close()

        # Searching right after an edit, in-process (the index as a warm start reads it).
        edit_times = search_after_edit(data, work / "warm-cache")

        # Saving one record.
        chosen = files[len(files) // 2]
        negotiation_id = load_path(chosen).negotiations[0].id
        single = work / "single"
        single.mkdir()
        shutil.copy2(chosen, single / chosen.name)
        large_saves, single_saves = save_times([data, single], negotiation_id)
        save_large = statistics.median(large_saves)
        save_single = statistics.median(single_saves)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ms = 1000.0
    print("| measure | app | baseline | ratio | target |")
    print("|---|---|---|---|---|")
    print(
        f"| first frame, bundled records | {bundled * ms:.0f} ms | bare app {bare * ms:.0f} ms | {bundled / bare:.2f}x | ≤ 1.2x |"
    )
    print(
        f"| first frame, {len(files)} files | {large * ms:.0f} ms | bare app {bare * ms:.0f} ms | {large / bare:.2f}x | ≤ 1.5x |"
    )
    print(
        f"| records on screen, bundled (warm cache) | {bundled_records * ms:.0f} ms | bare app {bare * ms:.0f} ms | {bundled_records / bare:.2f}x | (none) |"
    )
    print(
        f"| records on screen, {len(files)} files (warm cache) | {large_records * ms:.0f} ms | bare app {bare * ms:.0f} ms | {large_records / bare:.2f}x | (none) |"
    )
    print(
        f"| loaded + searchable, cold | {cold:.2f} s | parse + validate floor {floor:.2f} s | {cold / floor:.2f}x | ≤ 1.3x |"
    )
    print(
        f"| of which records loaded and checked, cold | {cold_loaded:.2f} s | parse + validate floor {floor:.2f} s | {cold_loaded / floor:.2f}x | (none) |"
    )
    print(
        f"| loaded + searchable, warm | {warm:.2f} s | parse + validate floor {floor:.2f} s | {warm / floor:.2f}x | < 1x |"
    )
    print(
        f"| loaded + searchable, one file changed | {one_changed:.2f} s | parse + validate floor {floor:.2f} s | {one_changed / floor:.2f}x | (none) |"
    )
    print(
        f"| save one record, {len(files)} files | {save_large * ms:.1f} ms | one-file dataset {save_single * ms:.1f} ms | {save_large / save_single:.2f}x | ≤ 1.2x |"
    )
    print(
        f"| search `t` right after an edit (in-process) | {edit_times['after'] * ms:.1f} ms | before the edit {edit_times['before'] * ms:.1f} ms | {edit_times['after'] / edit_times['before']:.2f}x | (none) |"
    )
    print(
        f"| re-indexing the edited negotiation (in-process) | {edit_times['reindex'] * ms:.1f} ms | | | (none) |"
    )
    print()
    print("| keystroke to painted frame | n | first frame p50 | p95 | settled p50 | p95 |")
    print("|---|---|---|---|---|---|")
    for name, values in (
        ("all rounds list (20,000 rows): j/k/g/G", moves),
        ("search: typing and deleting queries", typing),
        ("bare app: a key updating a Static", bare_moves),
    ):
        first = [f for f, _ in values]
        settled = [s for _, s in values]
        print(
            f"| {name} | {len(values)} | {percentile(first, 0.5) * ms:.1f} ms "
            f"| {percentile(first, 0.95) * ms:.1f} ms | {percentile(settled, 0.5) * ms:.1f} ms "
            f"| {percentile(settled, 0.95) * ms:.1f} ms |"
        )
    print(
        f"\nPeak memory (VmHWM) of the app with the large dataset loaded and indexed: {memory / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    main()

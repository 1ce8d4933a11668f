"""Time to render the reports of a 20-journey run, and how big they are.

Usage:
    .venv/bin/python benchmarks/bench_report.py          # sample: 20 journeys x 2 devices x 5 steps
    .venv/bin/python benchmarks/bench_report.py RUN_DIR  # a saved run folder

Target: report.html in under 1 s, and under a few MB.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from selfshop.models.results import Run
from selfshop.report import write_reports
from selfshop.report.compare import compare
from selfshop.report.html import render_html
from selfshop.report.junit import render_junit
from selfshop.report.markdown import render_summary
from selfshop.store.runfolder import load_run

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "factories"))
from sample_runs import sample_run

ROUNDS = 5


def median_ms(work: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench(run: Run, run_dir: Path, previous: Run | None) -> None:
    comparison = compare(run, previous) if previous else None
    steps = sum(len(j.steps) for j in run.journeys)
    print(
        f"run: {len(run.journeys)} journey results, {steps} steps, "
        f"{len(run.fix_first)} ranked findings"
    )
    print(f"report.html render: {median_ms(lambda: render_html(run, run_dir, comparison)):7.1f} ms")
    print(f"junit.xml render:   {median_ms(lambda: render_junit(run)):7.1f} ms")
    print(f"summary.md render:  {median_ms(lambda: render_summary(run, comparison)):7.1f} ms")
    written = {}
    total = median_ms(lambda: written.update(write_reports(run, run_dir, previous)))
    print(f"write_reports (all, incl. index): {total:7.1f} ms")
    for name, path in sorted(written.items()):
        print(f"  {name:>6}: {path.stat().st_size / 1024:8.1f} KiB  {path.name}")


def main() -> None:
    if len(sys.argv) > 1:
        run_dir = Path(sys.argv[1])
        run = load_run(run_dir)
        if run is None:
            sys.exit(f"{run_dir}: no readable run.json")
        bench(run, run_dir, None)
        return
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "weekly-storefront-audit"
        previous = sample_run(
            root / "previous",
            journeys=20,
            steps=5,
            seed=1,
            score_shift=4,
            run_id="previous",
            started_at="2026-11-15T07:00:00+00:00",
        )
        run = sample_run(root / "current", journeys=20, steps=5)
        bench(run, root / "current", previous)


if __name__ == "__main__":
    main()

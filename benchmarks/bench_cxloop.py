"""The CX team's loop: the dashboard of a folder with 50 runs x 10 journeys, and writing one
run to the history on SQLite and on PostgreSQL (a throwaway cluster, when the server is
installed: `make postgres`).

Usage:
    .venv/bin/python benchmarks/bench_cxloop.py [--keep DIR]   # DIR: keep the sample folder

Targets: the dashboard renders in under 1 s; a history write takes under 50 ms per run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from selfshop.models.results import GoalLine, Run
from selfshop.report.index import render_index
from selfshop.store.sql import SqlHistory, dispose_engines

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "factories"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "servers"))
from postgres_cluster import ClusterUnavailable, postgres_cluster
from sample_runs import sample_run

RUNS, JOURNEYS = 50, 5  # x 2 devices = 10 journeys per run
GOALS = [
    GoalLine(id="overall", target=85, by="2027-12-31", milestones=[(75, "2026-09-30")]),
    GoalLine(id="inclusion", target=90, by="2027-06-30", milestones=[(80, "2026-10-31")]),
]


def sample_folder(root: Path) -> list[tuple[Run, Path]]:
    """RUNS weekly runs of one audit, scores drifting, in root/<audit>/<stamp>/."""
    start = datetime(2025, 12, 1, 7, tzinfo=UTC)
    made = []
    for week in range(RUNS):
        moment = start + timedelta(weeks=week)
        stamp = moment.strftime("%Y-%m-%dT%H-%M-%SZ")
        run_dir = root / "weekly-storefront-audit" / stamp
        shift = 6 * ((week % 9) - 4) / 4 - (15 if week == RUNS - 1 else 0)
        run = sample_run(
            run_dir, journeys=JOURNEYS, steps=3, findings_per_step=1, seed=week,
            run_id=f"weekly-{stamp}", started_at=moment.isoformat(), score_shift=shift,
        )  # fmt: skip
        run.goals = GOALS
        (run_dir / "run.json").write_text(run.model_dump_json(), encoding="utf-8")
        made.append((run, run_dir))
    return made


def time_writes(history: SqlHistory, runs: list[tuple[Run, Path]]) -> list[float]:
    history.runs()  # migrations done before timing
    times = []
    for run, run_dir in runs:
        began = time.perf_counter()
        history.record(run, run_dir)
        times.append((time.perf_counter() - began) * 1000)
    return times


def report(name: str, times: list[float], target: float, unit: str = "ms") -> None:
    median = statistics.median(times)
    verdict = "ok" if median < target else "OVER TARGET"
    spread = f"median {median:.1f} {unit}, max {max(times):.1f} {unit}"
    print(f"{name}: {spread} (target < {target:g}) {verdict}")


def main() -> None:
    keep = Path(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == "--keep" else None
    root = keep or Path(tempfile.mkdtemp(prefix="bench-cxloop-"))
    runs = sample_folder(root)
    report("history write, SQLite", time_writes(SqlHistory(root / "history.sqlite"), runs), 50)
    renders = []
    for _ in range(5):
        began = time.perf_counter()
        html = render_index(root)
        renders.append(time.perf_counter() - began)
    (root / "index.html").write_text(html, encoding="utf-8")
    report(f"dashboard, {RUNS} runs x {JOURNEYS * 2} journeys", renders, 1, "s")
    print(f"dashboard: {len(html.encode()) / 1024:.0f} KiB, {root / 'index.html'}")
    try:
        with postgres_cluster() as url:
            shared = SqlHistory(url, base_dir=root)
            report("history write, PostgreSQL", time_writes(shared, runs), 50)
            dispose_engines()
    except ClusterUnavailable as error:
        print(f"history write, PostgreSQL: not measured ({error})")


if __name__ == "__main__":
    main()

"""Ten journey walks with --workers 1 and --workers 2: wall time, CPU and peak memory of the
whole process tree, interleaved rounds (issue 17: two workers must not be slower than one, and
the memory an extra worker costs is reported).

Usage:
    .venv/bin/python benchmarks/bench_workers.py              # 3 rounds
    .venv/bin/python benchmarks/bench_workers.py --rounds 5

The ten walks are the demo audit's five journeys on desktop and mobile, against the polished
demo shop served from this process; `selfshop run` runs as a subprocess, measured as in
bench_peers.py (CPU and PSS of every process in its tree, sampled from /proc).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from bench_peers import Usage, bench_env, demo_shop, loadavg, measure, selfshop, spread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from selfshop.demo.audit import demo_audit_file

    print(f"load average at start: {loadavg()}")
    runs: dict[int, list[Usage]] = {1: [], 2: []}
    with demo_shop() as base, tempfile.TemporaryDirectory() as tmp:
        env = bench_env(Path(tmp) / "pycache")

        def command(workers: int) -> list[str]:
            out = str(Path(tmp) / f"reports-{workers}")
            audit = str(demo_audit_file())
            flags = ["--base-url", base, "--out", out, "--json", "--workers", str(workers)]
            return [*selfshop(), "run", audit, *flags]

        measure(command(1), env)  # warm the disk and bytecode caches
        for round_ in range(args.rounds):
            order = (1, 2) if round_ % 2 == 0 else (2, 1)
            for workers in order:
                runs[workers].append(measure(command(workers), env))
            one, two = runs[1][-1], runs[2][-1]
            print(
                f"round {round_ + 1}: --workers 1 {one.wall:.1f} s {one.pss:.0f} MB | "
                f"--workers 2 {two.wall:.1f} s {two.pss:.0f} MB",
                flush=True,
            )
    print(f"load average at end:   {loadavg()}")
    for workers, usages in runs.items():
        print(f"--workers {workers}: wall {spread([u.wall for u in usages], ' s')}")
        print(f"             CPU  {spread([u.cpu for u in usages], ' s')}")
        print(f"             PSS  {spread([u.pss for u in usages], ' MB', 0)}")
    wall = {w: statistics.median(u.wall for u in usages) for w, usages in runs.items()}
    pss = {w: statistics.median(u.pss for u in usages) for w, usages in runs.items()}
    print(f"two workers / one, wall: {wall[2] / wall[1]:.2f}x (must be <= 1.0)")
    print(f"peak memory per extra worker: {pss[2] - pss[1]:.0f} MB")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()

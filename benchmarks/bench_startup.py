"""Time `selfshop --help` start-up (target: median under 0.3 s over 10 runs).

Run: .venv/bin/python benchmarks/bench_startup.py [--runs 10] [--imports]
With --imports it also lists the slowest modules imported by `selfshop --help` (-X importtime),
to find what should be imported lazily (Playwright must never be among them).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 0.3


def command() -> list[str]:
    script = Path(sys.executable).with_name("selfshop")
    return [str(script)] if script.exists() else [sys.executable, "-m", "selfshop"]


def time_help(runs: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([*command(), "--help"], capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return walls, cpus


def slowest_imports(limit: int = 15) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the slowest imports of `selfshop --help`."""
    code = "import sys; sys.argv = ['selfshop', '--help']; from selfshop.cli import main; main()"
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                            capture_output=True, text=True, check=False)  # fmt: skip
    rows = []
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            rows.append((int(match.group(1)), match.group(3)))
    return sorted(rows, reverse=True)[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--imports", action="store_true")
    args = parser.parse_args()
    subprocess.run([*command(), "--help"], capture_output=True, check=True)  # warm the disk cache
    walls, cpus = time_help(args.runs)
    median = statistics.median(walls)
    verdict = "meets" if median < TARGET_SECONDS else "MISSES"
    print(f"selfshop --help over {args.runs} runs")
    print(f"  wall: median {median:.3f}s, best {min(walls):.3f}s, worst {max(walls):.3f}s")
    print(f"  CPU (user+sys): median {statistics.median(cpus):.3f}s")
    print(f"  load average while measuring: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"  {verdict} the {TARGET_SECONDS} s target")
    if args.imports:
        print("slowest imports (cumulative):")
        for micros, module in slowest_imports():
            print(f"  {micros / 1000:7.1f} ms  {module}")
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv=['selfshop','--help'];"
         "from selfshop.cli import app\ntry: app()\nexcept SystemExit: pass\n"
         "print(any(m.startswith('playwright') for m in sys.modules), file=sys.stderr)"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    print(f"  playwright imported by --help: {loaded.stderr.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()

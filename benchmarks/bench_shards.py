"""The demo audit as 1, 2 and 4 shards on this machine: wall time and peak memory of each shard
(the selfshop process with its Playwright driver and Chromium), and the time to merge.

Usage:
    .venv/bin/python benchmarks/bench_shards.py            # 1, 2 and 4 shards
    .venv/bin/python benchmarks/bench_shards.py 1 3        # the shard counts you choose

Shards of one count run at once, as CI machines would, but here they share this machine's
cores: on a machine with fewer cores than shards the wall time per shard grows. Memory is the
peak of the sum of resident memory over each shard's process tree, sampled every 0.2 s from
/proc (Linux only).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from selfshop.demo import DEMO_SECRETS
from selfshop.demo.server import running_demo

ROOT = Path(__file__).resolve().parents[1]
AUDIT = ROOT / "src" / "selfshop" / "demo" / "project" / "audits" / "demo.yaml"
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    returncode: int


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    tree, total_kb, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):
            total_kb += int((Path("/proc") / str(current) / "statm").read_text().split()[1])
        todo += tree.get(current, [])
    return total_kb * PAGE_KB / 1024


def measured(command: list[str]) -> Measured:
    """Run a command to its end; its wall time and the peak memory of its process tree."""
    env = {**os.environ, **DEMO_SECRETS}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        sys.stderr.write(process.stderr.read().decode() if process.stderr else "")
    return Measured(seconds, peak, process.returncode)


def shards(count: int, base_url: str, out: Path) -> list[Measured]:
    """`count` shards of the demo audit, all at once."""
    results: list[Measured | None] = [None] * count

    def one(index: int) -> None:
        command = [sys.executable, "-m", "selfshop", "run", str(AUDIT), "--base-url", base_url]
        command += ["--out", str(out), "--shard", f"{index + 1}/{count}"]
        results[index] = measured(command)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r for r in results if r is not None]


def main(counts: list[int]) -> None:
    with running_demo() as urls, tempfile.TemporaryDirectory() as scratch:
        print(f"demo audit {AUDIT.name}, flawed shop, {os.cpu_count()} CPUs")
        for count in counts:
            out = Path(scratch) / f"shards-{count}"
            started = time.perf_counter()
            runs = shards(count, urls.flawed, out)
            wall = time.perf_counter() - started
            merge = measured(
                [sys.executable, "-m", "selfshop", "merge", str(out), "--out", str(out / "merged")]
            )
            per_shard = ", ".join(
                f"{r.seconds:.1f} s / {r.peak_mb:.0f} MB (exit {r.returncode})" for r in runs
            )
            print(
                f"{count} shard(s): all done in {wall:.1f} s; per shard {per_shard}; "
                f"merge {merge.seconds:.1f} s (exit {merge.returncode}, {merge.peak_mb:.0f} MB)"
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1, 2, 4])

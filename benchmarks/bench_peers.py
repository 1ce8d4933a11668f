"""selfshop against the bare script a user could write instead (issue 17): wall time, CPU and
peak memory of the whole process tree, interleaved rounds.

Usage:
    .venv/bin/python benchmarks/bench_peers.py               # 7 rounds, the demo checkout
    .venv/bin/python benchmarks/bench_peers.py --rounds 9
    .venv/bin/python benchmarks/bench_peers.py --without reflow,clipped-text,layout-overflow

--without drops checks from the demo's standards: what their evidence costs (a check no
standard configures is not gathered for), to weigh a check's worth against its time.

Each round runs, as subprocesses and in alternating order, benchmarks/bare_checkout.py (the
demo shop's 7-step guest checkout with Playwright, axe-core and a full-page screenshot per
step, desktop) and `selfshop run` of the same journey with the demo's standards (every check
they configure, every default report). Both walk the same demo shop, served from this process.

Measured for each run's whole process tree (Python, Playwright's driver, every Chromium
process), sampled from /proc every 50 ms while it runs:
- CPU: user + system time of every process seen in the tree (its last sample), so processes
  that are never reaped by the root (Chromium's helpers) are counted too;
- peak PSS: the largest sum over the tree of each process's Pss (/proc/PID/smaps_rollup),
  shared pages split between their users so Chromium's processes are not counted over and over.
Printed: medians and min-max of each, the ratios (selfshop / bare) of each round's pair, and
the load average at start and end (a loaded machine widens every figure; compare ratios).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_S = 0.05
TARGETS = {"wall": 1.2, "cpu": 1.2, "pss": 1.1}


@dataclass
class Usage:
    wall: float  # seconds
    cpu: float  # seconds, the whole tree
    pss: float  # MB, peak over the tree


def _stat(pid: int) -> tuple[int, str, float] | None:
    """(parent pid, start time, CPU seconds) of a process, from /proc/PID/stat."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the name: state ppid ... utime(12) stime(13) ... starttime(20), counted from state.
    return int(fields[1]), fields[19], (int(fields[11]) + int(fields[12])) / TICKS


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[tuple[int, str, float]]:
    """(pid, start time, CPU seconds) of root and all its descendants."""
    stats: dict[int, tuple[int, str, float]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            found = _stat(int(entry))
            if found is not None:
                stats[int(entry)] = found
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in stats.items():
        children.setdefault(ppid, []).append(pid)
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        if pid in stats:
            tree.append((pid, stats[pid][1], stats[pid][2]))
        stack.extend(children.get(pid, []))
    return tree


def measure(command: list[str], env: dict[str, str] | None = None) -> Usage:
    """Run a command to its end, sampling its process tree's CPU and PSS."""
    # stderr to a file, not a pipe: a full pipe would stall the run.
    with tempfile.TemporaryFile("w+") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        cpu: dict[tuple[int, str], float] = {}  # (pid, start time): CPU seconds last seen
        peak_kb = 0
        while process.poll() is None:
            tree = _tree(process.pid)
            for pid, start, seconds in tree:
                cpu[(pid, start)] = seconds
            peak_kb = max(peak_kb, sum(_pss_kb(pid) for pid, _, _ in tree))
            time.sleep(SAMPLE_S)
        wall = time.perf_counter() - started
        if process.returncode not in (0, 1):  # 1: selfshop's gate failed, still a full run
            errors.seek(0)
            raise SystemExit(f"{command[:3]} exited {process.returncode}:\n{errors.read()[-2000:]}")
    return Usage(wall=wall, cpu=sum(cpu.values()), pss=peak_kb / 1024)


def selfshop() -> list[str]:
    script = Path(sys.executable).with_name("selfshop")
    return [str(script)] if script.exists() else [sys.executable, "-m", "selfshop"]


def checkout_audit(folder: Path, base: str, without: frozenset[str] = frozenset()) -> Path:
    """An audit of the demo's guest checkout on desktop, with the demo's standards (copied
    beside it: an audit's files live in its project folder), less the checks `without` names."""
    from selfshop.demo.audit import demo_audit_file

    project = demo_audit_file().parent.parent
    shutil.copy(project / "journeys" / "guest-checkout.yaml", folder / "checkout-journey.yaml")
    write_standards(project / "standards.yaml", folder / "standards.yaml", without)
    audit = folder / "checkout.yaml"
    audit.write_text(
        "name: Checkout bench\n"
        f"base_url: {base}\n"
        "journeys: [checkout-journey.yaml]\n"
        "devices: [desktop]\n"
        "standards: standards.yaml\n"
        "output: reports\n"
        "block: ['https://pay.example-psp.test/**']\n",
        encoding="utf-8",
    )
    return audit


def write_standards(source: Path, target: Path, without: frozenset[str]) -> None:
    """The demo's standards, each standard's checks less those named in `without`."""
    import yaml

    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    known = {_check_id(entry) for standard in data["standards"] for entry in standard["checks"]}
    if without - known:
        raise SystemExit(f"--without: the demo's standards have no check {sorted(without - known)}")
    for standard in data["standards"]:
        standard["checks"] = [c for c in standard["checks"] if _check_id(c) not in without]
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def add_without(parser: argparse.ArgumentParser) -> None:
    """The --without option (bench_peers and stage_times): check ids, comma-separated."""
    parser.add_argument(
        "--without",
        type=lambda value: frozenset(c.strip() for c in value.split(",") if c.strip()),
        default=frozenset(),
        help="checks to drop from the demo's standards, comma-separated",
    )


def _check_id(entry: object) -> str:
    """A check entry's id: a bare id, or {id: ...} / {check-id: {params}}."""
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict):
        return str(entry.get("id", next(iter(entry), "")))
    return ""


@contextmanager
def demo_shop() -> Iterator[str]:
    from selfshop.demo.server import running_demo

    with running_demo() as urls:
        yield urls.polished


def bench_env(pycache: Path) -> dict[str, str]:
    """The demo's secrets, and Python's bytecode cached as on a user's machine (in a folder of
    the bench's own: an environment that forbids writing bytecode would recompile every module
    at every start, a cost no user pays)."""
    from selfshop.demo import DEMO_SECRETS

    env = {**DEMO_SECRETS, **os.environ, "PYTHONPYCACHEPREFIX": str(pycache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def spread(values: list[float], unit: str, digits: int = 2) -> str:
    return (
        f"median {statistics.median(values):.{digits}f}{unit}  "
        f"(min {min(values):.{digits}f}, max {max(values):.{digits}f})"
    )


def loadavg() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    add_without(parser)
    args = parser.parse_args()
    without: frozenset[str] = args.without
    print(f"load average at start: {loadavg()}")
    if without:
        print(f"selfshop runs without the checks {', '.join(sorted(without))}")
    bare: list[Usage] = []
    ours: list[Usage] = []
    with demo_shop() as base, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = bench_env(folder / "pycache")
        audit = checkout_audit(folder, base, without)
        bare_command = [sys.executable, str(HERE / "bare_checkout.py"), base, str(folder)]
        ours_command = [*selfshop(), "run", str(audit), "--workers", "1", "--json"]
        measure(bare_command, env)  # warm the disk and bytecode caches
        measure(ours_command, env)
        for round_ in range(args.rounds):
            pair = [(bare, bare_command), (ours, ours_command)]
            for results, command in pair if round_ % 2 == 0 else reversed(pair):
                results.append(measure(command, env))
            print(
                f"round {round_ + 1}: bare {bare[-1].wall:.2f} s {bare[-1].cpu:.2f} s CPU "
                f"{bare[-1].pss:.0f} MB | selfshop {ours[-1].wall:.2f} s {ours[-1].cpu:.2f} s "
                f"CPU {ours[-1].pss:.0f} MB",
                flush=True,
            )
    print(f"load average at end:   {loadavg()}")
    for name, unit in (("wall", " s"), ("cpu", " s"), ("pss", " MB")):
        mine = [getattr(u, name) for u in ours]
        theirs = [getattr(u, name) for u in bare]
        ratios = [m / t for m, t in zip(mine, theirs, strict=True)]
        print(f"{name:4} bare     {spread(theirs, unit)}")
        print(f"{name:4} selfshop {spread(mine, unit)}")
        print(
            f"{name:4} ratio    {spread(ratios, 'x')}; of medians "
            f"{statistics.median(mine) / statistics.median(theirs):.2f}x "
            f"(target <= {TARGETS[name]}x)"
        )


if __name__ == "__main__":
    main()

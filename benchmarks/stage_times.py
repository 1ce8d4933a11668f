"""Where one `selfshop run` spends its time, stage by stage: the table to read before making the
common path cheaper (issue 17), and after, to see what moved.

Usage:
    .venv/bin/python benchmarks/stage_times.py                 # bench_peers' checkout, 5 runs
    .venv/bin/python benchmarks/stage_times.py --rounds 9
    .venv/bin/python benchmarks/stage_times.py --without reflow,clipped-text,layout-overflow

It walks the same journey as bench_peers.py (the demo's 7-step guest checkout, desktop, the
demo's standards less the checks --without names) in a child process that wraps selfshop's
stage functions with timers, and prints each stage's median wall time, the Python process's
CPU in it and how often it ran; the whole run's row is the Python process's wall and CPU.
Stages overlap (a step's gathering holds its gatherers; judging runs while Chromium closes), so
the rows do not add up to the whole. A stage that no longer exists under its name is an error:
rename it here when the code moves.
"""

from __future__ import annotations

import argparse
import atexit
import functools
import importlib
import inspect
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# (module, attribute, stage name): what is timed. "Class.method" names a method.
STAGES = [
    ("selfshop.pipeline", "_walk", "walk (browser up to closed)"),
    ("selfshop.walk.automated", "_browser", "launch Chromium"),
    ("selfshop.walk.automated", "JourneyWalker._walk_steps", "walk the steps"),
    ("selfshop.walk.automated", "perform", "actions (probe included)"),
    ("selfshop.walk.automated", "JourneyWalker._note_control", "control probe"),
    ("selfshop.walk.capture", "StepGatherer.page_met", "page met mid-step"),
    ("selfshop.walk.capture", "StepGatherer._attempt", "gather"),
    ("selfshop.walk.automated", "_close", "close Chromium"),
    ("selfshop.pipeline", "judged", "judge"),
    ("selfshop.pipeline", "publish", "publish (run.json, reports, history)"),
]
PRE_WALK = "start-up, imports, loading"
WHOLE = "whole run, to the exit handlers"


class Timers:
    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def add(self, name: str, wall: float, cpu: float) -> None:
        self.wall[name] += wall
        self.cpu[name] += cpu
        self.calls[name] += 1

    def timed(self, function: Callable[..., Any], name: Callable[..., str]) -> Callable[..., Any]:
        """The function, timed under the stage name name(*args) gives."""
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def timed_async(*args: Any, **kwargs: Any) -> Any:
                wall, cpu = time.perf_counter(), time.process_time()
                try:
                    return await function(*args, **kwargs)
                finally:
                    self.add(name(*args), time.perf_counter() - wall, time.process_time() - cpu)

            return timed_async

        @functools.wraps(function)
        def timed_sync(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(name(*args), time.perf_counter() - wall, time.process_time() - cpu)

        return timed_sync


def _stage_name(label: str) -> Callable[..., str]:
    if label == "gather":  # StepGatherer._attempt(self, evidence, kind, gather): by kind
        return lambda *args: f"gather {args[2].value}"
    return lambda *args: label


def _install(timers: Timers) -> None:
    for module_name, attribute, label in STAGES:
        module = importlib.import_module(module_name)
        owner: Any = module
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        if not hasattr(owner, name):
            sys.exit(f"stage_times: {module_name}.{attribute} is gone; update STAGES")
        setattr(owner, name, timers.timed(getattr(owner, name), _stage_name(label)))


def child(argv: list[str], out: Path) -> None:
    """Run the selfshop CLI with every stage timed; the times go to `out` at exit."""
    started = time.perf_counter() - _since_process_start()
    timers = Timers()
    _install(timers)
    pipeline: Any = importlib.import_module("selfshop.pipeline")
    walk = pipeline._walk

    def walk_noting_start(*args: Any, **kwargs: Any) -> Any:
        timers.add(PRE_WALK, time.perf_counter() - started, time.process_time())
        return walk(*args, **kwargs)

    pipeline._walk = walk_noting_start

    def save() -> None:
        timers.add(WHOLE, time.perf_counter() - started, time.process_time())
        table = {k: [timers.wall[k], timers.cpu[k], timers.calls[k]] for k in timers.wall}
        out.write_text(json.dumps(table), encoding="utf-8")

    atexit.register(save)
    from selfshop.cli import main

    sys.argv = ["selfshop", *argv]
    main()


def _since_process_start() -> float:
    """Seconds since this process started (Linux /proc; 0 elsewhere)."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        boot_uptime = float(Path("/proc/uptime").read_text().split()[0])
        return boot_uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def main() -> None:
    sys.path.insert(0, str(HERE))
    import bench_peers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    bench_peers.add_without(parser)
    args = parser.parse_args()
    without: frozenset[str] = args.without
    runs: list[dict[str, list[float]]] = []
    with bench_peers.demo_shop() as base, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = bench_peers.bench_env(folder / "pycache")
        audit = bench_peers.checkout_audit(folder, base, without)
        command = [sys.executable, __file__, "--child", str(folder / "times.json"), "--"]
        command += ["run", str(audit), "--workers", "1", "--json"]
        for round_number in range(args.rounds + 1):  # the first warms the caches: not counted
            done = subprocess.run(command, env=env, capture_output=True, check=False)
            if done.returncode not in (0, 1):
                sys.exit(f"stage_times: selfshop run failed:\n{done.stderr.decode()[-2000:]}")
            if round_number:
                runs.append(json.loads((folder / "times.json").read_text(encoding="utf-8")))
            print(f"  run {round_number + 1} of {args.rounds + 1}", file=sys.stderr)
    _print(runs)


def _print(runs: list[dict[str, list[float]]]) -> None:
    names = sorted({k for run in runs for k in run}, key=lambda k: -_median(runs, k, 0))
    print(f"median of {len(runs)} runs (load average {os.getloadavg()[0]:.1f})")
    print(f"{'stage':44} {'wall s':>7} {'CPU s':>6} {'calls':>5}")
    for name in names:
        cpu = "" if name == PRE_WALK else f"{_median(runs, name, 1):6.3f}"
        calls = int(_median(runs, name, 2))
        print(f"{name:44} {_median(runs, name, 0):7.3f} {cpu:>6} {calls:5d}")


def _median(runs: list[dict[str, list[float]]], name: str, column: int) -> float:
    return statistics.median(run[name][column] for run in runs if name in run)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[4:], Path(sys.argv[2]))
    else:
        main()

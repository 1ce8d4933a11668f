"""What each customer lens costs: the demo shop's guest checkout (polished variant) walked
plainly and through each lens, each walk timed on its own, medians of --rounds rounds.

Usage:
    .venv/bin/python benchmarks/bench_lenses.py              # 5 rounds
    .venv/bin/python benchmarks/bench_lenses.py --rounds 7 --journey sign-in

Prints each lens's median walk time (the walk's own, from its browser context opening to
closing; Chromium's start is left out) and its ratio to the plain walk of the same journey, with
the targets (keyboard <= 2x, the others <= 1.3x). slow-3g is slow by design: its throttled
network and CPU are what it measures, so its ratio is the customer's wait, not selfshop's work.
Every walk gathers the evidence the demo's standards need, as `selfshop demo` does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from selfshop.aio import run_sync
from selfshop.demo import DEMO_SECRETS
from selfshop.demo.audit import demo_audit_file
from selfshop.demo.server import running_demo
from selfshop.load.files import load_audit
from selfshop.models.journey import Lens
from selfshop.pipeline import evidence_for
from selfshop.walk.automated import walk_all
from selfshop.walk.capture import WalkPlan, WalkSettings

TARGETS = {Lens.keyboard: 2.0}
DEFAULT_TARGET = 1.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--journey", default="guest-checkout")
    args = parser.parse_args()
    for name, value in DEMO_SECRETS.items():
        os.environ.setdefault(name, value)
    with running_demo() as urls, tempfile.TemporaryDirectory() as scratch:
        loaded = load_audit(demo_audit_file(), base_url=urls.polished)
        item = next(j for j in loaded.journeys if j.journey.id == args.journey)
        settings = WalkSettings(
            base_url=urls.polished,
            run_dir=Path(scratch),
            needed=evidence_for(loaded),
            timeouts=loaded.audit.timeouts,
            block=loaded.audit.block,
        )
        lenses: list[Lens | None] = [None, *Lens]
        times: dict[Lens | None, list[float]] = {lens: [] for lens in lenses}
        for round_no in range(args.rounds):
            for lens in lenses:  # interleaved, so machine load falls on every lens alike
                plan = WalkPlan(item.journey, "desktop", item.path.parent, lens)
                (walk,) = run_sync(walk_all([plan], settings))
                # The walk's own time, from its browser context opening to closing: Chromium's
                # start, the same for every lens, is left out.
                times[lens].append(walk.duration_ms / 1000)
                print(f"  round {round_no + 1}: {plan.key} {times[lens][-1]:.2f} s", flush=True)
                if not walk.completed:
                    failed = [s.error for s in walk.steps if s.error]
                    print(f"  round {round_no + 1}: {plan.key} did not complete: {failed[:1]}")
    plain = statistics.median(times[None])
    print(f"{args.journey} on desktop, polished demo, medians of {args.rounds} rounds")
    print(f"{'lens':<16}{'median s':>10}{'ratio':>8}{'target':>8}  within")
    print(f"{'plain':<16}{plain:>10.2f}{1.0:>8.2f}")
    for lens in Lens:
        median = statistics.median(times[lens])
        target = TARGETS.get(lens, DEFAULT_TARGET)
        ratio = median / plain
        within = (
            "yes"
            if ratio <= target
            else ("n/a (throttled by design)" if lens is Lens.slow_3g else "NO")
        )
        print(f"{lens.value:<16}{median:>10.2f}{ratio:>8.2f}{target:>8.1f}  {within}")


if __name__ == "__main__":
    main()

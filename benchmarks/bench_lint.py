"""Time `selfshop lint` over 1,000 generated journey files (target: under 2 s on this machine).

Run: .venv/bin/python benchmarks/bench_lint.py [--files 1000] [--runs 3] [--profile]
Prints the best and median wall time of the whole command (start-up included); with --profile
it also prints where the time goes inside one in-process lint run (cProfile, top 25).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 2.0

STANDARDS = """\
organisation: Bench Outfitters
charter: { locked: [safety] }
standards:
  - { id: safety, title: Safety, weight: 5, checks: [https] }
  - { id: courtesy, title: Courtesy, weight: 3 }
"""

FRAGMENT = """\
params: { email: null }
steps:
  - name: Sign in
    do:
      - fill: { label: Email, value: "${vars.email}" }
      - fill: { label: Password, value: "${secret:SHOP_PASSWORD}" }
      - click: { role: button, name: Sign in }
"""

JOURNEY = """\
# yaml-language-server: $schema=../schemas/journey.schema.json
id: journey-{n}
title: Buy product {n} as a returning customer
persona: A returning customer on a phone, in a hurry
channel: web
start: /products/{n}
device: mobile
budget: {{ seconds: 45, actions: 14 }}
vars: {{ size: M }}
steps:
  - use: fragments/sign-in.yaml
    with: {{ email: "shopper{n}@example.com" }}
  - name: Find the product
    intent: I want product {n} in my size
    do:
      - fill: {{ placeholder: Search, value: "product {n}" }}
      - press: {{ key: Enter }}
      - click: {{ role: link, name: Product {n} }}
      - expect: {{ url: /products/{n} }}
    ask: Was the product easy to find?
  - name: Choose a size
    do:
      - select: {{ label: Size, option: "${{vars.size}}" }}
      - click: {{ role: button, name: Add to basket }}
      - expect: {{ text: Added to your basket }}
  - name: Check the basket
    do:
      - click: {{ role: link, name: Basket }}
      - expect: {{ count: {{ role: listitem, at_least: 1 }} }}
    checks:
      required-phrases: {{ phrases: ["thank you"] }}
  - name: Pay
    intent: I want to pay quickly and safely
    do:
      - fill: {{ label: Card number, value: "${{secret:TEST_CARD}}" }}
      - fill: {{ label: Email, value: "${{env:SHOPPER_EMAIL}}" }}
      - check: {{ label: I accept the terms }}
      - click: {{ role: button, name: Pay now }}
      - wait_for: {{ url: /thanks }}
    ask: Did you feel your card details were safe?
  - name: Read the confirmation
    do:
      - expect: {{ visible: {{ role: heading, name: Thank you }} }}
      - expect: {{ title: Order confirmed }}
"""


def generate(folder: Path, count: int) -> Path:
    journeys = folder / "journeys"
    (journeys / "fragments").mkdir(parents=True)
    (folder / "standards.yaml").write_text(STANDARDS)
    (journeys / "fragments" / "sign-in.yaml").write_text(FRAGMENT)
    for n in range(count):
        (journeys / f"journey-{n:04d}.yaml").write_text(JOURNEY.format(n=n))
    return journeys


def time_command(folder: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run (CPU is steadier when other work shares the box)."""
    env = {**os.environ, "SHOP_PASSWORD": "x", "TEST_CARD": "4242", "SHOPPER_EMAIL": "a@b.c"}
    selfshop = Path(sys.executable).with_name("selfshop")
    command = [str(selfshop)] if selfshop.exists() else [sys.executable, "-m", "selfshop"]
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run([*command, "lint", "journeys"], cwd=folder, env=env,
                                capture_output=True, text=True, check=False)  # fmt: skip
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if result.returncode != 0:
            sys.exit(f"lint failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return walls, cpus


def profile(folder: Path) -> None:
    from selfshop.project.lint import lint_paths

    os.chdir(folder)
    env = {"SHOP_PASSWORD": "x", "TEST_CARD": "4242", "SHOPPER_EMAIL": "a@b.c"}
    profiler = cProfile.Profile()
    profiler.enable()
    lint_paths([folder / "journeys"], env=env)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="selfshop-bench-") as temp:
        folder = Path(temp)
        generate(folder, args.files)
        size = sum(p.stat().st_size for p in (folder / "journeys").glob("*.yaml"))
        times, cpus = time_command(folder, args.runs)
        best, median = min(times), statistics.median(times)
        verdict = "meets" if median < TARGET_SECONDS else "MISSES"
        print(
            f"selfshop lint over {args.files} journey files ({size / 1024:.0f} KiB, 6 steps each)"
        )
        print(f"  runs: {', '.join(f'{t:.2f}s' for t in times)}")
        print(f"  CPU time (user+sys): median {statistics.median(cpus):.2f}s")
        print(f"  load average while measuring: {os.getloadavg()[0]:.1f} (2 cores)")
        print(
            f"  best {best:.2f}s, median {median:.2f}s: {verdict} the {TARGET_SECONDS:.0f} s target"
        )
        print(f"  per file: {median / args.files * 1000:.2f} ms")
        if args.profile:
            profile(folder)


if __name__ == "__main__":
    main()

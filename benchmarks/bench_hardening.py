"""How long the hardening proofs take: one audit of every fault of the hostile fixture site, and
the seeded corpus of broken files through lint and run (in this process).

Usage:
    .venv/bin/python benchmarks/bench_hardening.py

Targets: the fault audit ends well inside its watchdog bound (printed); the corpus under 60 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "sites"))

from broken_files import copy_examples, try_corpus
from fault_site import FAULTS, fault_project, serve_faults

from selfshop.demo import DEMO_SECRETS
from selfshop.load.files import load_audit
from selfshop.pipeline import audit_bound_s, plans_for, run_audit
from selfshop.walk.capture import WalkSettings

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 2


def fault_audit(folder: Path) -> None:
    with serve_faults() as base:
        loaded = load_audit(fault_project(folder, base))
        settings = WalkSettings(base, folder, timeouts=loaded.audit.timeouts, workers=WORKERS)
        bound = audit_bound_s(plans_for(loaded), settings)
        started = time.perf_counter()
        outcome = run_audit(loaded, workers=WORKERS, progress=False)
        took = time.perf_counter() - started
    failed = sum(1 for j in outcome.run.journeys if j.steps[0].evidence.status.value == "failed")
    print(
        f"fault audit: {len(FAULTS)} faults, {WORKERS} workers, {took:.1f} s "
        f"(watchdog bound {bound:.0f} s); {failed} first steps failed, "
        f"{len(FAULTS) - failed} passed with findings"
    )


def corpus(folder: Path) -> None:
    copy_examples(ROOT, folder)
    os.environ.update(DEMO_SECRETS)
    os.chdir(folder)
    started = time.perf_counter()
    result = try_corpus(folder, seed=12, size=500)
    took = time.perf_counter() - started
    print(
        f"fuzz corpus: {result.broken} broken files in {result.attempts} attempts, lint and run "
        f"each, {took:.1f} s; {len(result.failures)} improper refusals"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as faults, tempfile.TemporaryDirectory() as files:
        fault_audit(Path(faults))
        corpus(Path(files))


if __name__ == "__main__":
    main()

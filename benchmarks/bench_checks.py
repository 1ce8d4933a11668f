"""Median time to run every check on one step's evidence (axe itself is gathering, not here).

Usage:
    .venv/bin/python benchmarks/bench_checks.py                 # the saved evidence samples
    .venv/bin/python benchmarks/bench_checks.py path/to/run.json  # every step of a saved run

Target: under 50 ms per step.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from selfshop.judge.checks import check_step
from selfshop.models import Journey, Standards, StepEvidence
from selfshop.models.results import Run

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "fixtures" / "evidence"
ROUNDS = 20


def default_standards() -> Standards:
    ids = ["safety", "courtesy", "inclusion", "show", "efficiency"]
    return Standards.model_validate(
        {
            "organisation": "Bench",
            "voice": {
                "forbidden": ["per our policy", "unfortunately"],
                "required": {"Confirmation": ["thank you"]},
            },
            "standards": [{"id": s, "title": s} for s in ids],
        }
    )


def steps_from(path: Path | None) -> list[tuple[StepEvidence, Journey | None]]:
    if path is None:
        return [
            (StepEvidence.model_validate_json(p.read_text()), None)
            for p in sorted(SAMPLES.glob("*.json"))
        ]
    run = Run.model_validate_json(path.read_text())
    return [(s.evidence, j.definition) for j in run.journeys for s in j.steps]


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    standards = default_standards()
    steps = steps_from(path)
    for evidence, journey in steps:  # load each language's dictionary once, on other text
        warm = evidence.model_copy(update={"text": evidence.text + "\nA warm-up line of text."})
        check_step(warm, journey, standards)
    first = []
    for evidence, journey in steps:  # each text seen for the first time, as in a real audit
        start = time.perf_counter()
        check_step(evidence, journey, standards)
        first.append((time.perf_counter() - start) * 1000)
    timings = []
    for _ in range(ROUNDS):
        for evidence, journey in steps:
            start = time.perf_counter()
            check_step(evidence, journey, standards)
            timings.append((time.perf_counter() - start) * 1000)
    print(f"steps: {len(steps)}  rounds: {ROUNDS}  source: {path or SAMPLES}")
    print(
        f"first pass (uncached text): median {statistics.median(first):.2f} ms per step; "
        f"max {max(first):.2f} ms"
    )
    print(
        f"repeated: median {statistics.median(timings):.2f} ms per step; "
        f"p95 {statistics.quantiles(timings, n=20)[-1]:.2f} ms; max {max(timings):.2f} ms"
    )


if __name__ == "__main__":
    main()

"""Retries: a failed step is tried again (`retries:` in the audit or the journey), its failed
tries are kept as evidence, and a step that passed only when tried again is marked flaky."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from selfshop.models.evidence import StepStatus

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from small_project import write_project

from selfshop.store.runfolder import read_run

pytestmark = pytest.mark.browser

FLAKY_SITE = Path(__file__).parents[1] / "fixtures" / "sites" / "flaky"
SELFSHOP_RUN = [sys.executable, "-m", "selfshop", "run"]
JOURNEY = """\
id: ready
title: Reach the ready page
start: /index.html
{retries}steps:
  - name: Open the ready page
    do:
      - goto: /ready.html
      - expect: {{ text: All set }}
"""


def walk(root: Path, site: str, *, audit_retries: str = "", journey_retries: str = "") -> Path:
    """Run an audit of the journey on the flaky site; the run folder."""
    journey = JOURNEY.format(retries=journey_retries)
    audit = write_project(
        root, {"ready": journey}, "timeouts: { action_ms: 1500 }\n" + audit_retries
    )
    done = subprocess.run(
        [*SELFSHOP_RUN, str(audit), "--base-url", site, "--json", "--out", str(root / "out")],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert done.returncode in (0, 1), done.stderr
    (run,) = json.loads(done.stdout)["runs"]
    return Path(run["run_dir"])


def test_without_retries_the_first_failure_stands(
    tmp_path: Path, serve_dir: Callable[[Path], str]
) -> None:
    run = read_run(walk(tmp_path, serve_dir(FLAKY_SITE)))
    (step,) = run.journeys[0].steps
    assert step.evidence.status is StepStatus.failed
    assert step.evidence.attempts == []


def test_a_step_that_passes_when_tried_again_is_flaky_and_says_so(
    tmp_path: Path, serve_dir: Callable[[Path], str]
) -> None:
    run_dir = walk(tmp_path, serve_dir(FLAKY_SITE), audit_retries="retries: 2\n")
    run = read_run(run_dir)
    (step,) = run.journeys[0].steps
    evidence = step.evidence
    assert evidence.status is StepStatus.passed and evidence.flaky
    (attempt,) = evidence.attempts  # passed on the second try: one failed try kept
    assert attempt.attempt == 1 and attempt.error and "All set" in attempt.error
    assert attempt.url and attempt.url.endswith("/ready.html")
    assert attempt.screenshot and (run_dir / attempt.screenshot).is_file()
    assert evidence.screenshot and (run_dir / evidence.screenshot).is_file()
    assert attempt.screenshot != evidence.screenshot
    flaky = [f for f in step.findings if f.message.startswith("Flaky:")]
    assert len(flaky) == 1 and "failed 1 time before it passed" in flaky[0].message
    assert "Flaky: the Open the ready page step" in (run_dir / "report.html").read_text()


def test_a_journey_sets_its_own_retries(tmp_path: Path, serve_dir: Callable[[Path], str]) -> None:
    run_dir = walk(
        tmp_path,
        serve_dir(FLAKY_SITE),
        audit_retries="retries: 0\n",
        journey_retries="retries: 1\n",
    )
    (step,) = read_run(run_dir).journeys[0].steps
    assert step.evidence.flaky

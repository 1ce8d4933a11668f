"""Playwright traces (`trace:` in the audit): kept for walks that failed (or all), named on
their steps and linked from the report with the command that opens them; never for a journey
that types a secret."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from selfshop.store.runfolder import read_run

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from small_project import write_project

pytestmark = pytest.mark.browser

RUN = [sys.executable, "-m", "selfshop", "run"]
SITE = Path(__file__).parents[1] / "fixtures" / "sites" / "flaky"
FAILS = """\
id: fails
title: Reach the ready page at once
start: /index.html
steps:
  - name: Arrive
    do:
      - expect: { text: Flaky shop }
  - name: Open the ready page
    do:
      - goto: /ready.html
      - expect: { text: All set }
"""
PASSES = """\
id: passes
title: Arrive at the shop
start: /index.html
steps:
  - name: Arrive
    do:
      - expect: { text: Flaky shop }
"""
SECRET = """\
id: secret
title: Type a secret and fail
start: /index.html
steps:
  - name: Type
    do:
      - goto: /ready.html
      - fill: { css: "#nowhere", value: "${secret:TRACE_SECRET}" }
"""


def walk(root: Path, site: str, journeys: dict[str, str], trace: str) -> Path:
    audit = write_project(root, journeys, f"trace: {trace}\ntimeouts: {{ action_ms: 1500 }}\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "selfshop",
            "run",
            str(audit),
            "--base-url",
            site,
            "--json",
            "--out",
            str(root / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "TRACE_SECRET": "s3cr3t-value-42", "COLUMNS": "200"},
    )
    assert done.returncode in (0, 1), done.stderr
    return Path(json.loads(done.stdout)["runs"][0]["run_dir"])


def test_a_failed_walk_keeps_its_trace_and_the_report_says_how_to_open_it(
    tmp_path: Path, serve_dir: Callable[[Path], str]
) -> None:
    run_dir = walk(tmp_path, serve_dir(SITE), {"fails": FAILS, "passes": PASSES}, "on-failure")
    run = read_run(run_dir)
    failed = {j.journey_id: j for j in run.journeys}["fails"]
    arrive, ready = failed.steps
    assert arrive.evidence.trace is None  # named on the step that failed
    trace = ready.evidence.trace
    assert trace is not None and trace.endswith("trace.zip")
    with zipfile.ZipFile(run_dir / trace) as archive:
        names = archive.namelist()
    assert any(name.endswith(".trace") for name in names)
    assert f"playwright show-trace {trace}" in (run_dir / "report.html").read_text()
    passed = {j.journey_id: j for j in run.journeys}["passes"]
    assert all(s.evidence.trace is None for s in passed.steps)
    assert len(list(run_dir.rglob("trace.zip"))) == 1  # the passing walk's was not kept


def test_always_keeps_every_walks_trace(tmp_path: Path, serve_dir: Callable[[Path], str]) -> None:
    run_dir = walk(tmp_path, serve_dir(SITE), {"passes": PASSES}, "always")
    (step,) = read_run(run_dir).journeys[0].steps
    assert step.evidence.trace and (run_dir / step.evidence.trace).is_file()


def test_off_keeps_none(tmp_path: Path, serve_dir: Callable[[Path], str]) -> None:
    run_dir = walk(tmp_path, serve_dir(SITE), {"fails": FAILS}, "off")
    assert not list(run_dir.rglob("trace.zip"))


def test_a_journey_that_types_a_secret_is_never_traced(
    tmp_path: Path, serve_dir: Callable[[Path], str]
) -> None:
    run_dir = walk(tmp_path, serve_dir(SITE), {"secret": SECRET}, "always")
    (step,) = read_run(run_dir).journeys[0].steps
    assert step.evidence.status == "failed" and step.evidence.trace is None
    assert not list(run_dir.rglob("trace.zip"))
    for file in run_dir.rglob("*"):
        if file.is_file():
            assert b"s3cr3t-value-42" not in file.read_bytes()

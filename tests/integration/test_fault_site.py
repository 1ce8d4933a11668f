"""Every fault of the hostile fixture site walked in ONE audit: the audit ends, its reports are
written, and each fault is a finding on the step that met it."""

from __future__ import annotations

import re
import sys
import threading
from pathlib import Path

import pytest

from selfshop.load.files import load_audit
from selfshop.models.results import Run, StepResult
from selfshop.pipeline import RunOutcome, audit_bound_s, plans_for, run_audit
from selfshop.walk.capture import WalkSettings

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from fault_site import FAULTS, fault_project, serve_faults

pytestmark = pytest.mark.browser

# A message that says a time limit ran out: a page that never finished, a step that was stopped.
OUT_OF_TIME = r"within \d+(\.\d+)? s|took longer than \d+"

# What the step that met each fault must say: its error, or one of its findings
# ("check-id: message"), matched as a regular expression.
EXPECTED: dict[str, str] = {
    "server-error": r"answered HTTP 500",
    "not-found": r"http-errors: .*HTTP 404",
    "basic-auth": r"http-errors: .*HTTP 401",
    "redirect-loop": r"TOO_MANY_REDIRECTS",
    "off-origin": r"tried to leave the site for http://localhost:",
    "slow-drip": OUT_OF_TIME,
    "mid-close": OUT_OF_TIME + r"|ERR_",
    "empty-response": r"ERR_EMPTY_RESPONSE",
    "never": OUT_OF_TIME,
    "broken-gzip": OUT_OF_TIME + r"|DECODING",
    "broken-encoding": r"placeholder-text: .*could not decode",
    "busy": OUT_OF_TIME,
    "huge-dom": OUT_OF_TIME,
    # Weighed when it arrives in time; on a busy machine it may not even finish loading.
    "twenty-mb": r"page-weight: This step downloads|" + OUT_OF_TIME,
    "console-flood": r"console-errors: The page logged an error",
    "script-error": r"console-errors: A script on the page crashed",
    "dialogs": r"console-errors: The page popped up a dialog box",
    "dialog-flood": r"console-errors: The page popped up a dialog box",
    "popup": r"console-errors: The page opened a new window",
    "download": r"console-errors: The page started a download",
    "download-navigation": r"started a download instead of showing a page",
    "cookie-flood": r"cookie-flags: The site set \d+ cookies",
    "self-navigation": r"http-errors: .*HTTP 404",
    "late-element": r"Could not find text 'Continue'",
    "broken-image": r"broken-resources: ",
    "crash": r"The page crashed",
}


def said(step: StepResult) -> str:
    """The step's error and its findings, one a line."""
    lines = [step.evidence.error or ""]
    lines += [f"{c.check_id}: {f.message}" for c in step.checks for f in c.findings]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    root = tmp_path_factory.mktemp("faults")
    outcome: list[RunOutcome] = []
    with serve_faults() as base:
        loaded = load_audit(fault_project(root, base))
        settings = WalkSettings(base, root, timeouts=loaded.audit.timeouts, workers=2)
        bound = audit_bound_s(plans_for(loaded), settings)
        walker = threading.Thread(
            target=lambda: outcome.append(run_audit(loaded, workers=2, progress=False)),
            daemon=True,
        )
        walker.start()
        walker.join(bound + 60)  # the watchdog's promise, with time to judge and write reports
        assert not walker.is_alive(), f"the audit outlived its bound of {bound:g} s"
    (done,) = outcome
    return done.run, done.run_dir


def test_the_fault_site_has_at_least_25_kinds_of_fault() -> None:
    assert len(FAULTS) >= 25
    assert set(EXPECTED) == set(FAULTS)


def test_one_audit_of_every_fault_ends_with_its_reports_written(
    fault_run: tuple[Run, Path],
) -> None:
    run, run_dir = fault_run
    assert not run.interrupted
    assert sorted(j.journey_id for j in run.journeys) == sorted(FAULTS)
    for journey in run.journeys:
        assert len(journey.steps) == 2, journey.journey_id
    assert (run_dir / "report.html").is_file()
    assert (run_dir / "run.json").is_file()


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_is_a_finding_on_the_step_that_met_it(
    fault_run: tuple[Run, Path], fault: str
) -> None:
    run, _ = fault_run
    (journey,) = [j for j in run.journeys if j.journey_id == fault]
    met = journey.steps[0]
    assert re.search(EXPECTED[fault], said(met)), said(met)
    if met.evidence.status.value == "failed":  # the journey moved on: nothing after it ran
        assert journey.steps[1].evidence.status.value == "not_reached"

"""The truth table: every defect planted in the flawed demo shop is found by its check, on its
step, and the polished shop is something to be proud of. Real Chromium, real demo audit."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from selfshop.demo import DEMO_SECRETS
from selfshop.demo.defects import Defect, load_defects
from selfshop.demo.server import running_demo
from selfshop.models.results import JourneyResult, Run, Severity, StepResult, Verdict

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DEMO_AUDIT = ROOT / "audits" / "demo.yaml"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    """The demo audit walked once against each variant of the shop."""
    from selfshop.load import load_audit
    from selfshop.pipeline import run_audit

    loaded = load_audit(DEMO_AUDIT, env={**os.environ, **DEMO_SECRETS})
    out = tmp_path_factory.mktemp("truth-table")
    with running_demo() as urls:
        yield {
            variant: run_audit(
                loaded, base_url=base_url, run_name=variant, progress=False, output_dir=out
            ).run
            for variant, base_url in (("polished", urls.polished), ("flawed", urls.flawed))
        }


def _journey(run: Run, journey_id: str, device: str) -> JourneyResult:
    found = [j for j in run.journeys if j.journey_id == journey_id and j.device == device]
    assert found, f"{journey_id}@{device} was not walked"
    return found[0]


def _step(journey: JourneyResult, name: str) -> StepResult:
    found = [s for s in journey.steps if s.evidence.step_name == name]
    assert found, f"{journey.key} has no step {name!r}"
    return found[0]


def _cases() -> list[tuple[Defect, str]]:
    return [(d, str(device.value)) for d in load_defects() for device in d.devices]


@pytest.mark.parametrize(
    ("defect", "device"), _cases(), ids=[f"{d.id}@{dev}" for d, dev in _cases()]
)
def test_every_planted_defect_is_found_by_its_check_on_its_step(
    runs: dict[str, Run], defect: Defect, device: str
) -> None:
    assert defect.journey and defect.step, f"{defect.id} names no journey step"
    step = _step(_journey(runs["flawed"], defect.journey, device), defect.step)
    findings = [
        f for f in step.findings if f.check_id == defect.check and f.severity is not Severity.info
    ]
    if defect.check == "accessibility" and defect.axe_rule:
        findings = [f for f in findings if f.key == f"accessibility:{defect.axe_rule}"]
    errors = [c.error for c in step.checks if c.check_id == defect.check and c.error]
    assert findings, (
        f"{defect.id}: {defect.check} found nothing on {defect.journey}@{device} "
        f"'{defect.step}' (step {step.evidence.status}; check errors: {errors}; "
        f"found there: {sorted({f.check_id for f in step.findings})})"
    )


def test_the_polished_shop_is_proud_with_nothing_above_minor(runs: dict[str, Run]) -> None:
    polished = runs["polished"]
    assert polished.journeys
    for journey in polished.journeys:
        assert journey.verdict is Verdict.proud, (journey.key, journey.reasons)
        serious = [
            f"{s.evidence.step_name}: {f.check_id}: {f.message}"
            for s in journey.steps
            for f in s.findings
            if f.severity.rank > Severity.minor.rank
        ]
        assert serious == [], journey.key


def test_the_flawed_checkout_is_redesign_and_says_why(runs: dict[str, Run]) -> None:
    planted = [d for d in load_defects() if d.journey == "guest-checkout"]
    for device in ("desktop", "mobile"):
        checkout = _journey(runs["flawed"], "guest-checkout", device)
        assert checkout.verdict is Verdict.redesign
        reasons = " ".join(checkout.reasons)
        # the keyboard trap on "Add to basket" blocks the journey, and the verdict says so
        assert "Blocked at the Add it to the basket step" in reasons
        assert "'Add to basket' cannot be reached with the keyboard" in reasons
        # and the reasons quote findings of the planted defects' checks
        planted_checks = {d.check for d in planted} | {c for d in planted for c in d.also}
        named = [
            f.message.rstrip(".")
            for s in checkout.steps
            for f in s.findings
            if f.check_id in planted_checks and f.message.rstrip(".") in reasons
        ]
        assert len(set(named)) >= 3, checkout.reasons


def test_no_flawed_journey_is_proud(runs: dict[str, Run]) -> None:
    for journey in runs["flawed"].journeys:
        assert journey.verdict is not Verdict.proud, (journey.key, journey.reasons)

"""The truth table: every defect planted in the flawed demo shop is found by its check, on its
step, and the polished shop is something to be proud of. Real Chromium, the real demo audit, run
by `selfshop demo` from the installed wheel (so the wheel is shown to carry everything it needs)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from selfshop.demo.defects import Defect, load_defects
from selfshop.models.results import JourneyResult, Run, Severity, StepResult, Verdict
from selfshop.store.runfolder import latest_run_dir, read_run

if TYPE_CHECKING:
    from tests.conftest import InstalledWheel

pytestmark = pytest.mark.browser


@dataclass
class Demo:
    """What `selfshop demo` did: its exit code, what it printed, and the two runs it saved."""

    returncode: int
    output: str
    runs: dict[str, Run]
    out: Path


@pytest.fixture(scope="module")
def demo(installed_wheel: InstalledWheel) -> Demo:
    """`selfshop demo` run once, as a newcomer runs it: from the installed wheel, outside the
    source tree, with no DEMO_ variables — the demo audit against both variants."""
    out = installed_wheel.home / "truth-table"
    out.mkdir()
    wheel = replace(
        installed_wheel,
        env={k: v for k, v in installed_wheel.env.items() if not k.startswith("DEMO_")}
        | {"COLUMNS": "200"},
    )
    done = wheel.run("selfshop", "demo", "--out", str(out), cwd=out)
    runs = {}
    for variant in ("polished", "flawed"):
        folder = latest_run_dir(out / f"demo-shop-{variant}")
        if folder is not None:
            runs[variant] = read_run(folder)
    return Demo(done.returncode, done.stdout + done.stderr, runs, out)


@pytest.fixture(scope="module")
def runs(demo: Demo) -> dict[str, Run]:
    assert set(demo.runs) == {"polished", "flawed"}, demo.output
    return demo.runs


def test_the_demo_command_audits_both_variants_and_says_where_the_reports_are(
    demo: Demo,
) -> None:
    assert demo.returncode == 0, demo.output  # the flawed variant failing its gate is the point
    assert "Traceback" not in demo.output
    for variant, run in demo.runs.items():
        assert run.audit == f"Demo shop ({variant})"
        assert not run.interrupted
    assert demo.runs["polished"].gate.passed and not demo.runs["flawed"].gate.passed
    assert demo.output.count("report.html") >= 2
    for variant in demo.runs:
        folder = demo.out / f"demo-shop-{variant}" / "latest"
        html = (folder / "report.html").read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html  # the wheel carries the report templates
        assert list((folder / "artefacts").rglob("*.png"))  # and the walk really happened


def _journey(run: Run, journey_id: str, device: str, lens: str | None = None) -> JourneyResult:
    found = [
        j
        for j in run.journeys
        if j.journey_id == journey_id and j.device == device and j.lens == lens
    ]
    assert found, f"{journey_id}@{device} ({lens or 'plain'}) was not walked"
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
    lens = defect.lens.value if defect.lens else None
    step = _step(_journey(runs["flawed"], defect.journey, device, lens), defect.step)
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


def test_the_missing_alt_text_finding_shows_the_image_it_is_about(runs: dict[str, Run]) -> None:
    gifts = _step(_journey(runs["flawed"], "guest-checkout", "desktop"), "Find a gift under £30")
    (finding,) = [f for f in gifts.findings if f.key == "accessibility:image-alt"]
    assert finding.evidence.box is not None and finding.evidence.crop is not None
    assert finding.evidence.crop.startswith("artefacts/")

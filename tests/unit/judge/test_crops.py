"""Findings that name a place on the page get a crop of the step's screenshot."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from selfshop.judge.crops import PADDING_CSS, crop_findings, share_crops
from selfshop.models.evidence import Box, StepEvidence
from selfshop.models.results import (
    CheckResult,
    Finding,
    FindingEvidence,
    JourneyResult,
    RankedFinding,
    Severity,
    StepResult,
)

RED = (220, 0, 0)


def _finding(key: str, box: Box | None) -> Finding:
    return Finding(
        check_id="accessibility",
        standard="inclusion",
        severity=Severity.major,
        message="Images must have alternative text.",
        evidence=FindingEvidence(box=box),
        key=key,
    )


def _run_dir_with_screenshot(tmp_path: Path) -> Path:
    """A 400×300 CSS px page shot at pixel ratio 2, with a red 50×40 element at (100, 80)."""
    shot = Image.new("RGB", (800, 600), (255, 255, 255))
    shot.paste(RED, (200, 160, 300, 240))
    (tmp_path / "artefacts").mkdir()
    shot.save(tmp_path / "artefacts" / "step.png")
    return tmp_path


def _journey(*findings: Finding) -> JourneyResult:
    evidence = StepEvidence(
        journey_id="j",
        step_index=0,
        step_name="Gifts",
        screenshot="artefacts/step.png",
        pixel_ratio=2,
    )
    checks = [CheckResult(check_id="accessibility", standard="inclusion", findings=list(findings))]
    return JourneyResult(
        journey_id="j", title="J", steps=[StepResult(evidence=evidence, checks=checks)]
    )


def test_a_finding_with_a_box_gets_a_crop_of_that_place(tmp_path: Path) -> None:
    run_dir = _run_dir_with_screenshot(tmp_path)
    finding = _finding("a:img", Box(x=100, y=80, width=50, height=40))
    crop_findings([_journey(finding)], run_dir)
    assert finding.evidence.crop is not None
    with Image.open(run_dir / finding.evidence.crop) as crop:
        assert crop.size == ((50 + 2 * PADDING_CSS) * 2, (40 + 2 * PADDING_CSS) * 2)
        middle = crop.convert("RGB").getpixel((crop.width // 2, crop.height // 2))
        corner = crop.convert("RGB").getpixel((2, 2))
    assert middle == RED and corner == (255, 255, 255)


def test_no_crop_off_the_screenshot_or_without_a_box(tmp_path: Path) -> None:
    run_dir = _run_dir_with_screenshot(tmp_path)
    off = _finding("a:off", Box(x=2000, y=2000, width=10, height=10))
    nowhere = _finding("a:none", None)
    crop_findings([_journey(off, nowhere)], run_dir)
    assert off.evidence.crop is None and nowhere.evidence.crop is None
    assert sorted(p.name for p in (run_dir / "artefacts").iterdir()) == ["step.png"]


def test_the_fix_first_entry_shows_the_same_crop(tmp_path: Path) -> None:
    run_dir = _run_dir_with_screenshot(tmp_path)
    on_step = _finding("a:img", Box(x=100, y=80, width=50, height=40))
    journey = _journey(on_step)
    crop_findings([journey], run_dir)
    ranked = [RankedFinding(finding=_finding("a:img", None), priority=4)]
    share_crops(ranked, [journey])
    assert ranked[0].finding.evidence.crop == on_step.evidence.crop

"""Cut out the part of a step's screenshot a finding is about, so the report can show it.

Checks stay pure (they only name a box on the page); this runs after judging, where the
screenshots are at hand. Boxes are in CSS pixels; screenshots in device pixels.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

from PIL import Image

from selfshop.models.evidence import Box, StepEvidence
from selfshop.models.results import Finding, JourneyResult, RankedFinding
from selfshop.store.atomic import write_bytes

PADDING_CSS = 12  # a little of what surrounds the element, so a reader recognises the place
MAX_WIDTH_PX = 480  # crops are shown small beside the finding's words


def crop_findings(journeys: Iterable[JourneyResult], run_dir: Path) -> None:
    """Give every finding that names a box on a screenshotted step a crop of that box."""
    for journey in journeys:
        for step in journey.steps:
            wanted = [f for f in step.findings if f.evidence.box and not f.evidence.crop]
            if wanted and step.evidence.screenshot:
                _crop_step(step.evidence, wanted, run_dir)


def share_crops(ranked: Iterable[RankedFinding], journeys: Iterable[JourneyResult]) -> None:
    """A fix-first entry shows the crop of the same finding on its step."""
    crops = {
        f.key: f.evidence.crop
        for journey in journeys
        for step in journey.steps
        for f in step.findings
        if f.evidence.crop
    }
    for item in ranked:
        if not item.finding.evidence.crop:
            item.finding.evidence.crop = crops.get(item.finding.key)


def _crop_step(evidence: StepEvidence, findings: list[Finding], run_dir: Path) -> None:
    assert evidence.screenshot is not None
    try:
        shot = Image.open(run_dir / evidence.screenshot)
    except OSError:
        return  # a missing or unreadable screenshot: the finding keeps its words
    with shot:
        made: dict[str, str | None] = {}
        for finding in findings:
            assert finding.evidence.box is not None
            box = finding.evidence.box
            name = _crop_name(evidence.screenshot, box)
            if name not in made:
                made[name] = _save(shot, box, evidence.pixel_ratio or 1.0, run_dir / name, name)
            finding.evidence.crop = made[name]


def _crop_name(screenshot: str, box: Box) -> str:
    digest = hashlib.sha1(f"{box.x:.0f},{box.y:.0f},{box.width:.0f},{box.height:.0f}".encode())
    return f"{screenshot.removesuffix('.png')}.crop-{digest.hexdigest()[:10]}.png"


def _save(shot: Image.Image, box: Box, ratio: float, path: Path, name: str) -> str | None:
    left = max(0, round((box.x - PADDING_CSS) * ratio))
    top = max(0, round((box.y - PADDING_CSS) * ratio))
    right = min(shot.width, round((box.x + box.width + PADDING_CSS) * ratio))
    bottom = min(shot.height, round((box.y + box.height + PADDING_CSS) * ratio))
    if right - left < 2 or bottom - top < 2:
        return None  # off the screenshot: nothing to show
    crop = shot.crop((left, top, right, bottom))
    if crop.width > MAX_WIDTH_PX:
        crop = crop.resize((MAX_WIDTH_PX, max(1, crop.height * MAX_WIDTH_PX // crop.width)))
    out = BytesIO()
    crop.convert("RGB").save(out, format="PNG", optimize=True)
    write_bytes(path, out.getvalue())
    return name

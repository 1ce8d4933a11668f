"""Guided walks reported honestly: a person is compared with the machine's own view, and a
walk report carries no CI gate."""

from __future__ import annotations

import re
from pathlib import Path

from selfshop.models.evidence import GuidedRating
from selfshop.models.results import CheckResult, Run, Walker
from selfshop.report.html import render_html
from selfshop.report.markdown import render_summary


def _rated_one(run: Run) -> None:
    """The first step: the checks give courtesy 100, the leader rates it 1; blended, 50."""
    step = run.journeys[0].steps[0]
    step.checks = [
        CheckResult(check_id="copy-tone", standard="courtesy", score=1.0),
        CheckResult(check_id="guided", standard="courtesy", score=0.0),
    ]
    step.standard_scores = {**step.standard_scores, "courtesy": 50.0}
    step.evidence.guided = [
        GuidedRating(auditor="Lee", walked_at="2026-11-21T09:00:00", ratings={"courtesy": 1})
    ]


def test_a_rating_is_compared_with_the_machines_own_score_not_the_blend(
    run: Run, run_dir: Path
) -> None:
    _rated_one(run)
    html = render_html(run, run_dir)
    assert re.search(r"The checks call Courtesy proud \(100\), but Lee rated it 1/5", html)


def test_a_guided_walk_report_has_no_ci_gate(run: Run, run_dir: Path) -> None:
    walk = run.model_copy(update={"walker": Walker(auditor="Lee")})
    assert "CI gate" not in render_html(walk, run_dir)
    assert "Gate:" not in render_summary(walk)
    assert "no CI gate" in render_summary(walk)
    assert "CI gate" in render_html(run, run_dir)  # an audit run keeps it


def test_a_leaders_photos_and_files_sit_beside_their_rating(run: Run, run_dir: Path) -> None:
    artefacts = run_dir / "artefacts"
    artefacts.mkdir(exist_ok=True)
    (artefacts / "guided-step1-photo-1.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    (artefacts / "guided-step1-photo-2.heic").write_bytes(b"\x00\x00\x00\x18ftypheic")
    _rated_one(run)
    run.journeys[0].steps[0].evidence.guided[0].attachments = [
        "artefacts/guided-step1-photo-1.jpg",
        "artefacts/guided-step1-photo-2.heic",
        "artefacts/guided-step1-gone.png",
    ]
    html = render_html(run, run_dir)
    boxes = re.findall(r'<div class="guided">.*?</div>', html, flags=re.S)
    (rating,) = [box for box in boxes if "Lee" in box]
    assert "Courtesy 1/5" in rating  # the photos are in the rating's own box
    assert re.search(r'<img src="data:image/jpeg;base64,[^"]+" alt="Photo taken by Lee', rating)
    assert '<a href="artefacts/guided-step1-photo-2.heic">guided-step1-photo-2.heic</a>' in rating
    assert "guided-step1-gone.png (not in the run folder)" in rating

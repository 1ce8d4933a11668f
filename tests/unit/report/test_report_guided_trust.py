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

"""What the walker's cheap paths must still see: barriers inside frames (a card form, a
newsletter), a page that changed without a new document, and a control the page replaced
between being found and being used.

One audit through the real pipeline, real Chromium, pages of tests/fixtures/sites/frames served
on 127.0.0.1. (Each frame is tested by Playwright in its own right, whatever its origin; on
127.0.0.1 Chromium's local-network checks refuse a frame from another port, so both frames are
the site's own here.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from selfshop.load.files import inline_audit
from selfshop.models.audit import Audit
from selfshop.models.evidence import AxeNode, StepEvidence, StepStatus
from selfshop.models.journey import Journey
from selfshop.models.results import JourneyResult
from selfshop.pipeline import run_audit

pytestmark = pytest.mark.browser

PAGES = Path(__file__).parents[1] / "fixtures" / "sites" / "frames"
STANDARDS = Path(__file__).parents[2] / "standards.yaml"


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory, serve_dir_module: Any) -> JourneyResult:
    base_url = serve_dir_module(PAGES)
    journey = Journey.model_validate(
        {
            "id": "pay",
            "title": "Pay",
            "start": "/index.html",
            "steps": [
                {"name": "Open the payment page", "do": [{"expect": {"title": "Pay"}}]},
                {"name": "Look again", "do": [{"expect": {"title": "Pay"}}]},
                {"name": "Show offers", "do": [{"click": {"role": "button", "name": "Show"}}]},
                {
                    "name": "Confirm",
                    "do": [
                        {"click": {"role": "button", "name": "Confirm"}},
                        {"expect": {"text": "Order confirmed"}},
                    ],
                },
            ],
        }
    )
    audit = Audit.model_validate({"name": "frames", "base_url": base_url, "journeys": ["inline"]})
    out = tmp_path_factory.mktemp("frames")
    loaded = inline_audit(audit, [journey], STANDARDS, out)
    (result,) = run_audit(loaded, workers=1, progress=False, output_dir=out).run.journeys
    return result


def nodes_in_frames(evidence: StepEvidence) -> dict[str, list[AxeNode]]:
    """axe's nodes found in frames, by rule id."""
    return {
        v.id: [n for n in v.nodes if n.frame is not None]
        for v in evidence.axe or []
        if any(n.frame is not None for n in v.nodes)
    }


def test_axe_finds_barriers_inside_frames_and_names_the_frame(
    walked: JourneyResult,
) -> None:

    found = nodes_in_frames(walked.steps[0].evidence)
    (card,) = found["label"]
    assert card.frame == "Card details"
    assert card.target[0] == "#card" and card.target[-1] == "input"
    assert card.box is not None and 280 <= card.box.width <= 290  # where its frame is
    (image,) = found["image-alt"]
    assert image.frame == "newsletter"


def test_axe_findings_carry_the_w3c_act_rules_axe_says_they_implement(
    walked: JourneyResult,
) -> None:
    act = {f.key: f.act_rules for f in walked.steps[0].findings if f.check_id == "accessibility"}
    assert act["accessibility:label"] == ["e086e5"]
    assert act["accessibility:image-alt"] == ["23a2a8"]


def test_a_finding_in_a_frame_says_which_frame(walked: JourneyResult) -> None:
    messages = [f.message for f in walked.steps[0].findings if f.check_id == "accessibility"]
    assert any("in the frame 'Card details'" in m for m in messages), messages


def test_a_page_that_changed_in_place_is_measured_again(walked: JourneyResult) -> None:
    unchanged, widened = walked.steps[1].evidence, walked.steps[2].evidence
    assert unchanged.reflow is not None and not unchanged.reflow.overflows
    # The click added a 900 px banner to the same document: at 320 px it scrolls sideways.
    assert widened.reflow is not None and widened.reflow.overflows
    assert widened.reflow.scroll_width >= 900


def test_a_control_replaced_after_it_was_found_is_still_used(walked: JourneyResult) -> None:
    confirm = walked.steps[3].evidence
    assert confirm.status is StepStatus.passed, confirm.error
    assert [a.ok for a in confirm.actions] == [True, True]

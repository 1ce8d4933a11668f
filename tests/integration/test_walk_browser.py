"""The automated walker in real Chromium against fixture pages on 127.0.0.1.

One walk of many small journeys (two at a time) serves most tests, to keep browser time small:
every action kind, every failure kind, dialogs and pop-ups, blocking, keyboard evidence, secret
masking and concurrency.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pydantic import SecretStr

from selfshop.aio import run_sync
from selfshop.models.audit import Timeouts
from selfshop.models.evidence import EvidenceKind, StepEvidence, StepStatus
from selfshop.models.journey import Journey
from selfshop.walk import JourneyWalk
from selfshop.walk.automated import walk_all
from selfshop.walk.capture import WalkPlan, WalkSettings

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from walk_fixture_server import SHOP, serve

pytestmark = pytest.mark.browser

CARD = "4242424242424242"
MASK_RGB = (255, 0, 255)


def journey(journey_id: str, *steps: dict[str, Any], start: str = "/index.html") -> Journey:
    return Journey.model_validate(
        {
            "id": journey_id,
            "title": journey_id.replace("-", " "),
            "start": start,
            "steps": list(steps),
        }
    )


def step(name: str, *actions: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "do": list(actions)}


JOURNEYS = [
    journey(
        "every-action",
        step(
            "Find gifts",
            {"click": {"role": "link", "name": "Gifts", "exact": True}},
            {"expect": {"url": "/gifts.html"}},
            {"expect": {"title": "Gifts"}},
            {"expect": {"count": {"css": "li.gift", "equals": 3}}},
        ),
        step(
            "Choose",
            {"select": {"label": "Size", "option": "Large"}},
            {"expect": {"text": "Size l"}},
            {"check": {"label": "Gift wrap"}},
            {"expect": {"text": "Wrapped"}},
            {"uncheck": {"label": "Gift wrap"}},
            {"expect": {"text": "Not wrapped"}},
            {"hover": {"text": "Hover for more"}},
            {"expect": {"visible": {"text": "Free delivery"}}},
            {"fill": {"placeholder": "Search gifts", "value": "mug"}},
            {"press": {"placeholder": "Search gifts", "key": "Enter"}},
            {"expect": {"text": "Searched mug"}},
            {"upload": {"label": "Photo", "files": ["photo.txt"]}},
            {"expect": {"text": "Photo photo.txt"}},
            {"scroll": {"to": "bottom"}},
            {"scroll": {"testid": "footer"}},
            {"wait_for": {"title": "Small print"}},
            {"wait_for": {"seconds": 0.1}},
            {"expect": {"hidden": {"text": "No such banner"}}},
        ),
        step(
            "Pay",
            {"goto": "/checkout.html"},
            {"fill": {"label": "Email", "value": "shopper@example.com"}},
            {"fill": {"label": "Card number", "value": SecretStr(CARD)}},
            {"click": {"role": "button", "name": "Pay now"}},
            {"expect": {"text": "Thank you"}},
        ),
    ),
    journey(
        "missing-element",
        step("Look for a button", {"click": {"role": "button", "name": "Does not exist"}}),
        step("Afterwards", {"expect": {"text": "Welcome"}}),
    ),
    journey(
        "server-error",
        step(
            "Open the broken page",
            {"click": {"role": "link", "name": "Broken page"}},
            {"expect": {"text": "Welcome"}},
        ),
        step("Afterwards", {"expect": {"text": "Welcome"}}),
    ),
    journey(
        "off-origin",
        step(
            "Follow the partner link",
            {"click": {"role": "link", "name": "Partner offers"}},
            {"expect": {"url": "/landed"}},
        ),
    ),
    journey(
        "dialog",
        step(
            "Read the sale news",
            {"click": {"role": "button", "name": "Sale news"}},
            {"expect": {"text": "Welcome"}},
        ),
    ),
    journey(
        "popup",
        step(
            "Open a new window",
            {"click": {"role": "link", "name": "Gifts in a new window"}},
            {"click": {"role": "button", "name": "Open gifts window"}},
            {"expect": {"title": "Fixture shop"}},
        ),
        step(
            "Carry on",
            {"click": {"role": "link", "name": "Checkout"}},
            {"expect": {"text": "Pay as a guest"}},
        ),
    ),
    journey(
        "mouse-only",
        step(
            "Use the offer",
            {"click": {"text": "Mouse only offer"}},
            {"click": {"role": "button", "name": "Apply voucher"}},
            {"click": {"role": "button", "name": "Pay now"}},
        ),
        start="/checkout.html",
    ),
]


@dataclass
class Concurrency:
    """Counts journeys walking at once (a WalkListener)."""

    active: int = 0
    most: int = 0
    order: list[str] = field(default_factory=list)

    def journey_started(self, walk: JourneyWalk) -> None:
        self.active += 1
        self.most = max(self.most, self.active)
        self.order.append(walk.journey.id)

    def step_finished(self, walk: JourneyWalk, evidence: StepEvidence) -> None:
        pass

    def journey_finished(self, walk: JourneyWalk) -> None:
        self.active -= 1


@dataclass
class Walked:
    walks: dict[str, JourneyWalk]
    run_dir: Path
    concurrency: Concurrency
    away_hits: list[str]

    def steps(self, journey_id: str) -> list[StepEvidence]:
        return self.walks[journey_id].steps


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walked]:
    run_dir = tmp_path_factory.mktemp("run")
    with serve() as (away, away_hits), serve(away_url=away) as (base, _):
        settings = WalkSettings(
            base_url=base,
            run_dir=run_dir,
            timeouts=Timeouts(action_ms=2_000, navigation_ms=5_000, step_ms=20_000),
            block=["**/logo.png"],
            workers=2,
        )
        plans = [WalkPlan(j, "desktop", SHOP) for j in JOURNEYS]
        concurrency = Concurrency()
        walks = run_sync(walk_all(plans, settings, listener=concurrency))
        yield Walked({w.journey.id: w for w in walks}, run_dir, concurrency, away_hits)


def test_every_action_kind_works(walked: Walked) -> None:
    steps = walked.steps("every-action")
    assert [s.status for s in steps] == [StepStatus.passed] * 3, [s.error for s in steps]
    kinds = {a.kind for s in steps for a in s.actions}
    assert kinds == {
        "goto",
        "click",
        "fill",
        "select",
        "check",
        "uncheck",
        "press",
        "hover",
        "upload",
        "scroll",
        "wait_for",
        "expect",
    }
    assert all(a.ok for s in steps for a in s.actions)
    assert steps[0].url is not None and steps[0].url.endswith("/gifts.html")
    assert steps[0].title == "Gifts under 30 pounds"


def test_every_kind_of_evidence_is_gathered(walked: Walked) -> None:
    pay = walked.steps("every-action")[2]
    assert set(pay.gathered) == set(EvidenceKind) - {
        EvidenceKind.guided,
        EvidenceKind.lens,
    }  # lens: lens walks only
    assert pay.status_code == 200
    assert "Thank you for your order" in pay.text
    assert pay.lang == "en"
    assert {i.accessible_name for i in pay.inputs} >= {"Email", "Card number"}
    assert pay.timings.ttfb_ms is not None and pay.timings.felt_ms is not None
    assert pay.axe is not None
    assert pay.reflow is not None and pay.reflow.viewport_width == 320
    assert pay.screenshot and (walked.run_dir / pay.screenshot).is_file()
    assert pay.thumbnail and (walked.run_dir / pay.thumbnail).read_bytes()[:2] == b"\xff\xd8"
    home = walked.steps("dialog")[0]
    assert any(c.level == "error" and "fixture console error" in c.text for c in home.console)
    assert any(i.alt == "" for i in home.images)


def test_a_missing_element_fails_the_step_and_later_steps_are_not_reached(walked: Walked) -> None:
    first, second = walked.steps("missing-element")
    assert first.status is StepStatus.failed
    assert first.error == "Could not find button 'Does not exist' on the page within 2 s."
    assert first.screenshot and (walked.run_dir / first.screenshot).is_file()
    assert second.status is StepStatus.not_reached


def test_a_server_error_on_the_page_fails_the_step(walked: Walked) -> None:
    first, second = walked.steps("server-error")
    assert first.status is StepStatus.failed
    assert first.error is not None and "HTTP 500" in first.error
    assert first.status_code == 500
    assert second.status is StepStatus.not_reached


def test_a_redirect_off_the_site_is_blocked_and_recorded(walked: Walked) -> None:
    (only,) = walked.steps("off-origin")
    assert only.status is StepStatus.failed
    assert only.error is not None and "tried to leave the site" in only.error
    assert [b.reason for b in only.blocked if b.url.endswith("/landed")] == [
        "off-origin navigation"
    ]
    assert walked.away_hits == [], "the other origin must never be asked"


def test_requests_matching_block_patterns_are_refused(walked: Walked) -> None:
    home = walked.steps("dialog")[0]
    assert any(
        b.url.endswith("/logo.png") and b.reason == "blocked by audit pattern" for b in home.blocked
    )


def test_an_alert_is_answered_and_recorded_without_failing_the_step(walked: Walked) -> None:
    (only,) = walked.steps("dialog")
    assert only.status is StepStatus.passed
    assert [c.text for c in only.console if c.level == "dialog"] == ["alert: Our sale starts soon"]


def test_popups_are_recorded_and_the_walk_stays_on_its_page(walked: Walked) -> None:
    first, second = walked.steps("popup")
    assert first.status is StepStatus.passed, first.error
    # A window can open a moment after the click: it is noted in the step that sees it.
    popups = [c.text for s in (first, second) for c in s.console if c.level == "popup"]
    assert len(popups) == 2 and all("gifts.html" in text for text in popups)
    assert second.status is StepStatus.passed, second.error
    assert second.url is not None and second.url.endswith("/checkout.html")


def test_keyboard_evidence_tells_which_used_controls_tab_reaches(walked: Walked) -> None:
    (only,) = walked.steps("mouse-only")
    used = {c.accessible_name: c for c in only.controls if c.used}
    assert used["Mouse only offer"].keyboard_reachable is False
    assert used["Mouse only offer"].focus_visible is None
    assert used["Pay now"].keyboard_reachable is True
    assert used["Pay now"].focus_visible is True
    assert used["Apply voucher"].keyboard_reachable is True
    assert used["Apply voucher"].focus_visible is False, "its outline is removed"


def test_secret_values_are_masked_in_screenshots_and_never_recorded(walked: Walked) -> None:
    pay = walked.steps("every-action")[2]
    field, echoed = sorted(pay.masked, key=lambda box: box.y)  # the card field; the echo below
    assert echoed.y > field.y
    assert pay.screenshot is not None
    with Image.open(walked.run_dir / pay.screenshot) as image:
        rgb = image.convert("RGB")
        inside = [
            rgb.getpixel((int(box.x + box.width * fx), int(box.y + box.height * fy)))
            for box in (field, echoed)
            for fx in (0.1, 0.5, 0.9)
            for fy in (0.2, 0.5, 0.8)
        ]
    assert inside == [MASK_RGB] * len(inside)
    fill = next(a for a in pay.actions if "Card number" in a.description)
    assert CARD not in fill.description and "••••••" in fill.description
    everything = json.dumps(
        [s.model_dump(mode="json") for w in walked.walks.values() for s in w.steps]
    )
    assert CARD not in everything


def test_the_unmasked_screenshot_area_is_not_mask_coloured(walked: Walked) -> None:
    """The mask check above means something only if other pixels are not the mask colour."""
    pay = walked.steps("every-action")[2]
    assert pay.screenshot is not None
    with Image.open(io.BytesIO((walked.run_dir / pay.screenshot).read_bytes())) as image:
        assert image.convert("RGB").getpixel((2, 2)) != MASK_RGB


def test_journeys_walk_two_at_a_time_and_come_back_in_order(walked: Walked) -> None:
    assert walked.concurrency.most == 2
    assert walked.concurrency.active == 0
    assert list(walked.walks) == [j.id for j in JOURNEYS]
    assert all(w.duration_ms > 0 for w in walked.walks.values())


def test_a_slow_page_or_a_long_step_times_out_as_a_failed_step(tmp_path: Path) -> None:
    slow = journey(
        "slow", step("Open the slow page", {"expect": {"text": "Finally"}}), start="/slow"
    )
    long = journey(
        "long",
        step("Dawdle", {"wait_for": {"seconds": 5}}),
        step("Afterwards", {"expect": {"text": "Welcome"}}),
    )
    with serve() as (base, _):
        settings = WalkSettings(
            base_url=base,
            run_dir=tmp_path,
            needed={EvidenceKind.page},
            timeouts=Timeouts(action_ms=1_000, navigation_ms=2_500, step_ms=3_000),
            workers=2,
        )
        plans = [WalkPlan(slow, "mobile", SHOP), WalkPlan(long, "desktop", SHOP)]
        slow_walk, long_walk = run_sync(walk_all(plans, settings))
    (only,) = slow_walk.steps
    assert only.status is StepStatus.failed
    assert only.error is not None
    assert only.error.startswith(f"The page {base}/slow ") and "within 2.5 s" in only.error, (
        only.error
    )
    assert only.gathered == [EvidenceKind.page, EvidenceKind.screenshot], only.error
    assert only.device == "mobile"
    dawdle, afterwards = long_walk.steps
    assert dawdle.status is StepStatus.failed
    assert dawdle.error == "The step took longer than 3 s and was stopped."
    assert afterwards.status is StepStatus.not_reached

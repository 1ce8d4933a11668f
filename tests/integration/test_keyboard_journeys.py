"""Keyboard journeys in real Chromium against fixture pages on 127.0.0.1 (fixtures/sites/keys):
a key pressed on a control or a pointer rested on it counts as using it, `expect: {focused: ...}`
says what has focus, and a step that did not move the customer on names the cause it can see.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from selfshop.aio import run_sync
from selfshop.judge.checks import REGISTRY, PlannedCheck, run_check
from selfshop.models import Standards
from selfshop.models.audit import Timeouts
from selfshop.models.evidence import EvidenceKind, StepEvidence, StepStatus
from selfshop.models.journey import Journey
from selfshop.walk.automated import walk_all
from selfshop.walk.capture import WalkPlan, WalkSettings

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from walk_fixture_server import serve

pytestmark = pytest.mark.browser

KEYS = Path(__file__).parents[1] / "fixtures" / "sites" / "keys"


def journey(journey_id: str, *actions: dict[str, Any]) -> Journey:
    return Journey.model_validate(
        {
            "id": journey_id,
            "title": journey_id.replace("-", " "),
            "start": "/home.html",
            "steps": [{"name": "Use the keyboard", "do": list(actions)}],
        }
    )


JOURNEYS = [
    journey(
        "press-and-hover",
        {"hover": {"role": "button", "name": "Help"}},
        {"expect": {"visible": {"text": "We deliver in three days"}}},
        {"press": {"role": "link", "name": "Music", "key": "Enter"}},
        {"expect": {"url": "/music.html"}},
    ),
    journey(
        "focus-moves-to-the-menu",
        {"click": {"role": "button", "name": "Open menu"}},
        {"expect": {"focused": {"role": "menuitem", "name": "Gifts"}}},
        {"expect": {"focused": {"role": "menuitem"}}},
    ),
    journey(
        "focus-elsewhere",
        {"click": {"role": "button", "name": "Open menu"}},
        {"expect": {"focused": {"role": "button", "name": "Open menu"}}},
    ),
    journey(
        "focus-lost",
        {"click": {"role": "button", "name": "Close notice"}},
        {"expect": {"focused": {"role": "button", "name": "Open menu"}}},
    ),
    journey(
        "link-blurs-itself",
        {"press": {"role": "link", "name": "Books", "key": "Enter"}},
        {"expect": {"url": "/books.html"}},
    ),
    journey(
        "link-sends-focus-away",
        {"press": {"role": "link", "name": "Films", "key": "Enter"}},
        {"expect": {"url": "/films.html"}},
    ),
    journey(
        "not-focusable",
        {"press": {"text": "Add to basket", "key": "Enter"}},
        {"expect": {"url": "/music.html"}},
    ),
    journey(
        "enter-with-nothing-focused",
        {"click": {"role": "button", "name": "Close notice"}},
        {"press": {"key": "Enter"}},
        {"expect": {"url": "/music.html"}},
    ),
    journey("covered", {"click": {"role": "button", "name": "Subscribe"}}),
    journey("disabled", {"click": {"role": "button", "name": "Pay now"}}),
]


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, StepEvidence]]:
    with serve(KEYS) as (base, _):
        settings = WalkSettings(
            base_url=base,
            run_dir=tmp_path_factory.mktemp("keys-run"),
            needed={EvidenceKind.page, EvidenceKind.controls, EvidenceKind.keyboard},
            timeouts=Timeouts(action_ms=3_000, navigation_ms=5_000, step_ms=20_000),
            workers=2,
        )
        walks = run_sync(walk_all([WalkPlan(j, "desktop", KEYS) for j in JOURNEYS], settings))
        yield {w.journey.id: w.steps[0] for w in walks}


def judge(check_id: str, evidence: StepEvidence) -> tuple[str, float | None, list[str]]:
    spec = REGISTRY.get(check_id)
    assert spec is not None
    standards = Standards.model_validate(
        {"organisation": "Keyboard shop", "standards": [{"id": "inclusion", "title": "Inclusion"}]}
    )
    result = run_check(
        PlannedCheck(check_id, spec.standard, {}), {}, evidence, None, None, standards
    )
    return result.status, result.score, [f.message for f in result.findings]


def test_a_key_pressed_on_a_control_and_a_hover_count_as_using_it(
    walked: dict[str, StepEvidence],
) -> None:
    step = walked["press-and-hover"]
    assert step.status is StepStatus.passed, step.error
    used = {c.accessible_name: c for c in step.controls if c.used}
    assert set(used) == {"Help", "Music"}
    assert used["Music"].keyboard_reachable is True
    assert used["Help"].keyboard_reachable is True
    status, score, findings = judge("keyboard", step)
    assert (status, score, findings) == ("scored", 1.0, [])
    status, _, _ = judge("focus-visible", step)
    assert status == "scored", "focus visibility is judged on the controls the keys used"


def test_expect_focused_passes_when_focus_is_on_the_named_element(
    walked: dict[str, StepEvidence],
) -> None:
    step = walked["focus-moves-to-the-menu"]
    assert step.status is StepStatus.passed, step.error
    assert [a.description for a in step.actions[1:]] == [
        "expect keyboard focus on menuitem 'Gifts'",
        "expect keyboard focus on a menuitem",
    ]


def test_expect_focused_says_what_has_focus_instead(walked: dict[str, StepEvidence]) -> None:
    step = walked["focus-elsewhere"]
    assert step.status is StepStatus.failed
    assert step.error == (
        "Expected keyboard focus on button 'Open menu', but it was on menuitem 'Gifts' "
        "(waited 3 s)."
    )


def test_expect_focused_says_when_focus_was_lost(walked: dict[str, StepEvidence]) -> None:
    step = walked["focus-lost"]
    assert step.error == (
        "Expected keyboard focus on button 'Open menu', but it was on the page body: "
        "focus was lost (waited 3 s)."
    )


def test_a_page_that_stayed_put_names_a_link_that_blurs_itself(
    walked: dict[str, StepEvidence],
) -> None:
    step = walked["link-blurs-itself"]
    assert step.status is StepStatus.failed
    assert step.error is not None
    assert step.error.startswith("Expected to be at http://127.0.0.1:")
    assert step.error.endswith(
        "/home.html: the link 'Books' removes focus on focus (onfocus=\"blur()\")."
    )
    assert step.actions[0].ok and step.actions[0].notice is not None


def test_a_link_that_sends_focus_elsewhere_is_named_with_where_it_went(
    walked: dict[str, StepEvidence],
) -> None:
    error = walked["link-sends-focus-away"].error
    assert error is not None
    assert error.endswith(
        "/home.html: the link 'Films' moves focus to searchbox 'Search' on focus "
        "(onfocus=\"document.getElementById('search').focus()\")."
    )


def test_a_key_pressed_on_something_that_cannot_take_focus_says_so(
    walked: dict[str, StepEvidence],
) -> None:
    error = walked["not-focusable"].error
    assert error is not None
    assert error.endswith(
        ": the <div> 'Add to basket' cannot take keyboard focus (no tabindex), so the key went "
        "to the page body: focus was lost."
    )


def test_enter_pressed_with_nothing_focused_is_named(walked: dict[str, StepEvidence]) -> None:
    error = walked["enter-with-nothing-focused"].error
    assert error is not None
    assert error.endswith(
        "/home.html: Enter was pressed with nothing focused, so it went to the page body: "
        "focus was lost."
    )


def test_a_click_taken_by_an_element_lying_over_the_control_names_it(
    walked: dict[str, StepEvidence],
) -> None:
    assert walked["covered"].error == (
        "Could not click button 'Subscribe' within 3 s: "
        "the <div id=\"cookie-wall\"> 'We use cookies' lies over it and takes the click."
    )


def test_a_disabled_control_is_named_as_disabled(walked: dict[str, StepEvidence]) -> None:
    assert walked["disabled"].error == (
        "Could not click button 'Pay now' within 3 s: the button 'Pay now' is disabled."
    )

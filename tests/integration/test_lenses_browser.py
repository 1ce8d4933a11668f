"""Customer lenses in real Chromium against fixture pages on 127.0.0.1: for each lens a page its
customer gets through and a page where they are stuck, lose content or wait too long."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from selfshop.aio import run_sync
from selfshop.judge.checks import PlannedCheck, run_check
from selfshop.models.evidence import EvidenceKind, StepEvidence, StepStatus
from selfshop.models.journey import Journey, Lens
from selfshop.models.results import CheckResult, Severity
from selfshop.models.standards import Standards
from selfshop.walk import JourneyWalk
from selfshop.walk.automated import walk_all
from selfshop.walk.capture import WalkPlan, WalkSettings

pytestmark = pytest.mark.browser

PAGES = Path(__file__).parents[1] / "fixtures" / "lenses"
BIG_SCRIPT_BYTES = 250_000  # five seconds and more on the slow-3g lens's 50 kB/s


def journey(journey_id: str, start: str, *actions: dict[str, Any], seconds: float = 0) -> Journey:
    data: dict[str, Any] = {
        "id": journey_id,
        "title": journey_id,
        "start": start,
        "steps": [{"name": "Do it", "do": list(actions)}],
    }
    if seconds:
        data["budget"] = {"seconds": seconds}
    return Journey.model_validate(data)


ORDER = [
    {"fill": {"label": "Name", "value": "Sam"}},
    {"select": {"label": "Size", "option": "Large"}},
    {"check": {"label": "Gift wrap"}},
    {"click": {"role": "button", "name": "Place order"}},
    {"expect": {"text": "Ordered Large for Sam wrapped"}},
    {"click": {"role": "link", "name": "Finish"}},
    {"expect": {"url": "/done.html"}},
]
PAY = [
    {"fill": {"label": "Card number", "value": "4242"}},
    {"click": {"text": "Pay now"}},
    {"expect": {"url": "/done.html"}},
]
RADIO = [
    {"check": {"label": "Collect in store"}},
    {"click": {"role": "button", "name": "Continue"}},
    {"expect": {"text": "Chosen: pickup"}},
]
SHOW = [
    {"click": {"role": "button", "name": "Show details"}},
    {"expect": {"text": "Ten percent off"}},
    {"click": {"role": "link", "name": "Continue"}},
    {"expect": {"url": "/done.html"}},
]
ADD = {"click": {"role": "button", "name": "Add to basket"}}
LOOK = [{"expect": {"visible": {"role": "heading"}}}]

K, R, Z = Lens.keyboard, Lens.screen_reader, Lens.zoom_400
M, C, S = Lens.reduced_motion, Lens.forced_colours, Lens.slow_3g
WALKS: list[tuple[Journey, Lens | None]] = [
    (journey("kb-pass", "/keyboard-pass.html", *ORDER), K),
    (journey("kb-div", "/keyboard-div.html", ADD), K),
    (journey("kb-div", "/keyboard-div.html", ADD), None),
    (journey("kb-blur", "/keyboard-blur.html", {"click": {"role": "link", "name": "Gifts"}}), K),
    (journey("kb-trap", "/keyboard-trap.html", {"fill": {"label": "Search", "value": "tea"}},
             {"click": {"role": "link", "name": "Continue"}}), K),
    (journey("kb-nokey", "/keyboard-nokey.html", {"click": {"role": "button", "name": "Check out"}},
             {"expect": {"url": "/done.html"}}), K),
    (journey("kb-lost", "/keyboard-lost.html", *SHOW), K),
    (journey("kb-radio", "/keyboard-radio.html", *RADIO), K),
    (journey("sr-pass", "/reader-pass.html", *PAY), R),
    (journey("sr-fail", "/reader-fail.html", *PAY), R),
    (journey("sr-fail", "/reader-fail.html", *PAY), None),
    (journey("zoom-pass", "/zoom-pass.html", *LOOK), Z),
    (journey("zoom-fail", "/zoom-fail.html", *LOOK), Z),
    (journey("zoom-csp", "/zoom-csp.html", *LOOK), Z),
    (journey("zoom-csp", "/zoom-csp.html", *LOOK), None),
    (journey("motion-pass", "/motion-pass.html", *LOOK), M),
    (journey("motion-fail", "/motion-fail.html", *LOOK), M),
    (journey("colours-pass", "/colours-pass.html", *LOOK), C),
    (journey("colours-fail", "/colours-fail.html", *LOOK), C),
    (journey("slow-pass", "/done.html", *LOOK, seconds=5), S),
    (journey("slow-fail", "/heavy.html", *LOOK, seconds=5), S),
    (journey("slow-fail", "/heavy.html", *LOOK, seconds=5), None),
]  # fmt: skip


@dataclass
class Walked:
    walks: dict[tuple[str, str | None], JourneyWalk]

    def step(self, journey_id: str, lens: Lens | None) -> StepEvidence:
        return self.walks[(journey_id, lens.value if lens else None)].steps[0]


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory, serve_dir_module: Any) -> Walked:
    site = tmp_path_factory.mktemp("lens-site")
    for page in PAGES.iterdir():
        (site / page.name).write_bytes(page.read_bytes())
    # A page that waits for a big script: quick on broadband, slow on a slow phone connection.
    (site / "big.js").write_text("// " + "x" * BIG_SCRIPT_BYTES + "\n", encoding="utf-8")
    (site / "heavy.html").write_text(
        '<!doctype html><html lang="en"><head><title>Heavy</title><script src="big.js"></script>'
        "</head><body><main><h1>Heavy</h1></main></body></html>",
        encoding="utf-8",
    )
    base = serve_dir_module(site)
    plans = [WalkPlan(j, "desktop", site, lens) for j, lens in WALKS]
    settings = WalkSettings(
        base_url=base,
        run_dir=tmp_path_factory.mktemp("lens-run"),
        needed={EvidenceKind.screenshot, EvidenceKind.timings, EvidenceKind.console},
        workers=2,
    )
    walks = run_sync(walk_all(plans, settings))
    return Walked({(w.journey.id, w.lens): w for w in walks})


def _notes(step: StepEvidence) -> str:
    return " ".join(note.message for note in step.lens_notes)


def test_a_keyboard_customer_completes_a_form_with_tab_typing_arrows_space_and_enter(
    walked: Walked,
) -> None:
    step = walked.step("kb-pass", K)
    assert step.status is StepStatus.passed, step.error
    assert step.lens == "keyboard" and step.lens_notes == []


def test_a_radio_button_is_chosen_with_the_arrow_keys_once_tab_reaches_its_group(
    walked: Walked,
) -> None:
    step = walked.step("kb-radio", K)
    assert step.status is StepStatus.passed, step.error


def test_a_div_button_stops_the_keyboard_customer_and_says_why(walked: Walked) -> None:
    step = walked.step("kb-div", K)
    assert step.status is StepStatus.failed
    assert step.error is not None
    assert "stuck at button 'Add to basket'" in step.error
    assert 'a <div role="button"> with a click handler, not reachable by Tab' in step.error
    assert walked.step("kb-div", None).status is StepStatus.passed  # a mouse gets through


def test_focus_thrown_away_by_a_script_is_named(walked: Walked) -> None:
    step = walked.step("kb-blur", K)
    assert step.status is StepStatus.failed
    assert "moves focus away as soon as it arrives" in (step.error or "")


def test_a_focus_trap_is_named_with_the_controls_it_loops_round(walked: Walked) -> None:
    step = walked.step("kb-trap", K)
    assert step.status is StepStatus.failed
    assert "focus is trapped" in (step.error or "")
    assert "'Go'" in (step.error or "") and "'Search'" in (step.error or "")


def test_a_custom_button_that_ignores_enter_is_named(walked: Walked) -> None:
    step = walked.step("kb-nokey", K)
    assert step.status is StepStatus.failed
    assert "pressing Enter on it does nothing" in (step.error or "")


def test_focus_that_falls_to_the_page_between_actions_is_noted_but_not_blocking(
    walked: Walked,
) -> None:
    step = walked.step("kb-lost", K)
    assert step.status is StepStatus.passed, step.error
    assert [note.kind for note in step.lens_notes] == ["focus-lost"]
    assert "After using button 'Show details', keyboard focus fell back" in _notes(step)
    assert walked.step("kb-pass", K).lens_notes == []  # focus kept: nothing to say


def test_a_screen_reader_customer_finds_real_controls_and_the_page_is_announced(
    walked: Walked,
) -> None:
    step = walked.step("sr-pass", R)
    assert step.status is StepStatus.passed, step.error
    assert step.announced is not None and 'heading "Done"' in step.announced


def test_a_control_found_only_by_its_text_stops_the_screen_reader_customer(
    walked: Walked,
) -> None:
    step = walked.step("sr-fail", R)
    assert step.status is StepStatus.failed
    assert "announced as plain text 'Pay now'" in (step.error or "")
    assert walked.step("sr-fail", None).status is StepStatus.passed


@pytest.mark.parametrize(
    ("lens", "page", "said"),
    [
        (Z, "zoom", "scroll sideways"),
        (Z, "zoom", "'Free delivery on orders over thirty pounds.' is cut off"),
        (M, "motion", "'Half price lanterns' keeps moving"),
        (M, "motion", "'Use code WINTER for ten percent off.' is shown to other customers but not"),
        (C, "colours", "'In stock' is shown to other customers but not"),
        (C, "colours", "'Order today for delivery tomorrow.' is shown to other customers"),
    ],
)
def test_what_each_lens_loses_is_noted_and_its_passing_page_is_clean(
    walked: Walked, lens: Lens, page: str, said: str
) -> None:
    failing, passing = walked.step(f"{page}-fail", lens), walked.step(f"{page}-pass", lens)
    assert said in _notes(failing)
    assert passing.lens_notes == [], _notes(passing)
    assert EvidenceKind.lens in passing.gathered


def test_text_spacing_is_applied_even_where_the_page_refuses_inline_styles(
    walked: Walked,
) -> None:
    step = walked.step("zoom-csp", Z)
    assert "'Fits in sixteen' is cut off" in _notes(step)
    assert [e for e in step.console if e.level == "error"] == []  # no refused <style>
    assert walked.step("zoom-csp", None).lens_notes == []  # the plain walk has no lens


def test_the_slow_phone_feels_the_heavy_page_and_broadband_does_not(walked: Walked) -> None:
    slow, fast = walked.step("slow-fail", S), walked.step("slow-fail", None)
    light = walked.step("slow-pass", S)
    assert slow.timings.felt_ms is not None and fast.timings.felt_ms is not None
    assert light.timings.felt_ms is not None
    budget_ms = 5_000
    assert slow.timings.felt_ms > budget_ms > fast.timings.felt_ms
    assert light.timings.felt_ms < budget_ms


def _judged(step: StepEvidence) -> CheckResult:
    standards = Standards.model_validate(
        {"organisation": "Acme", "standards": [{"id": "inclusion", "title": "Inclusion"}]}
    )
    return run_check(PlannedCheck("lens", "inclusion", {}), {}, step, None, None, standards)


def test_the_lens_check_turns_notes_into_findings_in_the_customers_words(
    walked: Walked,
) -> None:
    stuck = _judged(walked.step("kb-div", K))
    assert stuck.score == 0.0
    assert [f.severity for f in stuck.findings] == [Severity.blocker]
    assert "stuck at button 'Add to basket'" in stuck.findings[0].message
    zoomed = _judged(walked.step("zoom-fail", Z))
    assert zoomed.score is not None and zoomed.score < 1
    assert {f.severity for f in zoomed.findings} == {Severity.major}
    assert _judged(walked.step("zoom-pass", Z)).score == 1.0
    assert _judged(walked.step("kb-div", None)).score is None  # a plain walk: not applicable

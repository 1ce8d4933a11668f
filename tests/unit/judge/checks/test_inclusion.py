"""Inclusion checks on saved evidence: axe, language, names, keyboard, focus, reflow, targets."""

from __future__ import annotations

from selfshop.models.evidence import Box, ControlRecord, EvidenceKind
from selfshop.models.results import CheckStatus, Severity

from .conftest import RunOne, load_evidence


def test_accessibility_clean(run_one: RunOne) -> None:
    result = run_one("accessibility", load_evidence("polished_gifts"))
    assert result.score == 1 and result.findings == []


def test_accessibility_weights_by_impact_and_blocks_on_used_controls(run_one: RunOne) -> None:
    result = run_one("accessibility", load_evidence("flawed_pay"))
    by_rule = {f.key: f for f in result.findings}
    # the critical violation sits on the Pay control this step clicked: a blocker that names it
    # (axe wrote its target 'body > div:nth-child(2)', the walker the element's CSS path;
    # the element is the same)
    pay = by_rule["accessibility:button-name"]
    assert pay.severity is Severity.blocker and pay.wcag_barrier
    assert pay.message.startswith("The button this step used fails: Buttons must have")
    assert by_rule["accessibility:color-contrast"].severity is Severity.major
    # a best-practice rule (no WCAG A/AA tag) is minor, not a barrier, and costs little
    assert by_rule["accessibility:region"].severity is Severity.minor
    assert not by_rule["accessibility:region"].wcag_barrier
    assert "WCAG 4.1.2" in by_rule["accessibility:button-name"].references
    assert "(2 places)" in by_rule["accessibility:color-contrast"].message
    assert result.score is not None
    assert abs(result.score - (1 - 0.4 - 0.25 - 0.02)) < 1e-9


def test_a_best_practice_rule_on_the_used_control_is_never_above_minor(run_one: RunOne) -> None:
    evidence = load_evidence("flawed_pay")
    assert evidence.axe is not None
    label_title_only = evidence.axe[0].model_copy(
        update={"id": "label-title-only", "impact": "serious", "tags": ["best-practice"]}
    )
    result = run_one("accessibility", evidence.model_copy(update={"axe": [label_title_only]}))
    assert [f.severity for f in result.findings] == [Severity.minor]
    assert not result.findings[0].wcag_barrier


def test_a_used_control_on_another_page_is_not_the_one_axe_judged(run_one: RunOne) -> None:
    evidence = load_evidence("flawed_pay")
    elsewhere = [
        c.model_copy(update={"page_url": "http://shop.example.test/basket"})
        for c in evidence.controls
    ]
    result = run_one("accessibility", evidence.model_copy(update={"controls": elsewhere}))
    assert Severity.blocker not in {f.severity for f in result.findings}


def test_accessibility_serious_off_the_path_is_only_major(run_one: RunOne) -> None:
    evidence = load_evidence("flawed_pay", actions=[], controls=[])
    result = run_one("accessibility", evidence)
    assert Severity.blocker not in {f.severity for f in result.findings}


def test_accessibility_ignore_rules(run_one: RunOne) -> None:
    result = run_one(
        "accessibility",
        load_evidence("flawed_pay"),
        {"ignore": ["button-name", "color-contrast", "region"]},
    )
    assert result.score == 1


def test_accessibility_without_axe_is_an_error(run_one: RunOne) -> None:
    result = run_one("accessibility", load_evidence("polished_gifts", axe=None))
    assert result.status is CheckStatus.error
    assert "axe-core did not run" in (result.error or "")


def test_accessibility_not_gathered_is_an_error(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts", gathered=[EvidenceKind.page])
    result = run_one("accessibility", evidence)
    assert result.status is CheckStatus.error
    assert "axe" in (result.error or "")


def test_document_language(run_one: RunOne) -> None:
    assert run_one("document-language", load_evidence("polished_gifts")).score == 1
    missing = run_one("document-language", load_evidence("flawed_pay"))
    assert missing.score == 0 and missing.findings[0].severity is Severity.major
    assert "WCAG 3.1.1" in missing.findings[0].references
    bad = run_one("document-language", load_evidence("polished_gifts", lang="english!"))
    assert bad.findings[0].severity is Severity.minor
    wrong = run_one("document-language", load_evidence("german_page"), {"expected": "en"})
    assert wrong.score == 0.5


def test_accessible_names(run_one: RunOne) -> None:
    assert run_one("accessible-names", load_evidence("polished_gifts")).score == 1
    result = run_one("accessible-names", load_evidence("flawed_pay"))
    by_selector = {f.evidence.selector: f.severity for f in result.findings}
    assert by_selector == {"div.pay": Severity.major, "input#card": Severity.minor}
    assert result.score is not None and result.score < 0.5


def test_an_unnamed_control_names_the_w3c_act_rule_of_its_kind(run_one: RunOne) -> None:
    box = {"width": 80, "height": 30}
    unnamed = [
        ControlRecord(selector="body > button:nth-of-type(1)", role="button", **box),
        ControlRecord(selector="body > a:nth-of-type(1)", role="link", **box),
        ControlRecord(selector="details > summary:nth-of-type(1)", role="button", **box),
        ControlRecord(selector="form > input:nth-of-type(1)", role="textbox", **box),
        ControlRecord(selector="body > div:nth-of-type(2)", role="tab", **box),
    ]
    result = run_one("accessible-names", load_evidence("polished_gifts", controls=unnamed))
    rules = {(f.evidence.selector or "").rsplit(" ", 1)[-1]: f.act_rules for f in result.findings}
    assert rules == {
        "button:nth-of-type(1)": ["97a4e1"],
        "a:nth-of-type(1)": ["c487ae"],
        "summary:nth-of-type(1)": ["2t702h"],
        "input:nth-of-type(1)": ["e086e5"],
        "div:nth-of-type(2)": [],  # no ACT rule asks a tab for a name
    }


def test_accessible_names_no_controls_is_not_applicable(run_one: RunOne) -> None:
    result = run_one("accessible-names", load_evidence("empty_page"))
    assert result.status is CheckStatus.not_applicable


def test_keyboard_unreachable_used_control_is_a_blocker(run_one: RunOne) -> None:
    assert run_one("keyboard", load_evidence("polished_gifts")).score == 1
    result = run_one("keyboard", load_evidence("flawed_pay"))
    assert result.score == 0
    assert [f.severity for f in result.findings] == [Severity.blocker]
    assert result.findings[0].evidence.selector == "div.pay"
    softened = run_one("keyboard", load_evidence("flawed_pay"), {"severity": "major"})
    assert [f.severity for f in softened.findings] == [Severity.major]


def test_keyboard_untested_controls_not_applicable(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts", controls=[ControlRecord(selector="a", used=True)])
    assert run_one("keyboard", evidence).status is CheckStatus.not_applicable


def test_focus_visible(run_one: RunOne) -> None:
    assert run_one("focus-visible", load_evidence("polished_gifts")).score == 1
    result = run_one("focus-visible", load_evidence("flawed_pay"))
    assert result.score == 0
    assert [f.message for f in result.findings] == [
        "When these have keyboard focus, nothing shows it: the button."
    ]
    assert result.findings[0].evidence.selector == "div.pay"


def test_reflow(run_one: RunOne) -> None:
    assert run_one("reflow", load_evidence("polished_gifts")).score == 1
    result = run_one("reflow", load_evidence("flawed_pay"))
    assert result.score == 0 and "720 px" in result.findings[0].message
    missing = run_one("reflow", load_evidence("polished_gifts", reflow=None))
    assert missing.status is CheckStatus.error


def test_touch_targets_wcag_2_5_8_on_every_device_2_5_5_on_phones(run_one: RunOne) -> None:
    for device in ("desktop", "mobile"):
        polished = run_one("touch-targets", load_evidence("polished_gifts", device=device))
        assert polished.score == 1, device
    flawed = run_one("touch-targets", load_evidence("flawed_pay"))
    by_selector = {f.evidence.selector: f.severity for f in flawed.findings}
    # 20x20 is under WCAG 2.5.8's 24 px; 300x30 under 2.5.5's 44; the unused link in a
    # sentence is exempt from 2.5.8, and no advice is given on links the step did not use
    assert by_selector == {"div.pay": Severity.major, "input#card": Severity.minor}
    desktop = run_one("touch-targets", load_evidence("flawed_pay", device="desktop"))
    assert {f.evidence.selector: f.severity for f in desktop.findings} == {
        "div.pay": Severity.major
    }


def test_touch_targets_exceptions_of_wcag_2_5_8(run_one: RunOne) -> None:
    """A checkbox the browser draws at its own size, a link in a sentence, a small button with
    nothing near it: not WCAG failures; advice on a phone, nothing on a desktop."""
    evidence = load_evidence("flawed_pay", device="desktop")
    tiny = {"width": 13.0, "height": 13.0, "used": False}
    evidence.controls = [
        ControlRecord(selector="#agree", role="checkbox", browser_sized=True, **tiny),
        ControlRecord(selector="p > a", role="link", in_sentence=True, **{**tiny, "used": True}),
        ControlRecord(
            selector="#alone", role="button", box=Box(x=200, y=200, width=13, height=13), **tiny
        ),
    ]
    assert run_one("touch-targets", evidence).findings == []
    evidence.device = "mobile"
    found = run_one("touch-targets", evidence).findings
    assert {f.severity for f in found} == {Severity.minor}
    assert {f.message.split("(")[-1] for f in found} == {
        "it has the browser's own size).",
        "it sits in a line of text).",
        "nothing else is within reach).",
    }
    assert not any(f.wcag_barrier for f in found)

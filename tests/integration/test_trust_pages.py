"""Pages from sites we did not build: what selfshop must find on them, and what it must leave
alone. One audit through the real pipeline (real Chromium, pages served on 127.0.0.1), one
journey per fixture page in tests/fixtures/sites/trust."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from selfshop.load.files import inline_audit
from selfshop.models.audit import Audit
from selfshop.models.journey import Journey
from selfshop.models.results import Finding, JourneyResult, Severity, Verdict
from selfshop.pipeline import run_audit

pytestmark = pytest.mark.browser

PAGES = Path(__file__).parents[1] / "fixtures" / "sites" / "trust"
STANDARDS = Path(__file__).parents[2] / "standards.yaml"

OPEN = [{"name": "Open the page", "do": []}]
JOURNEYS: dict[str, dict[str, Any]] = {
    "placeholder": {},
    "django-404": {},
    "hidden-trace": {},
    "rails": {},
    "laravel": {},
    "express": {},
    "spring": {},
    "aspnet": {},
    "php": {},
    "doubled": {},
    "csrf": {},
    "radio-password": {},
    "radio-label": {"device": "mobile"},
    "spaced": {"device": "mobile"},
    "small-icons": {},
    "targets-exempt": {},
    "heading-invalid": {},
    "address-unlabelled": {
        "steps": [
            {
                "name": "Give the delivery address",
                "do": [
                    {"fill": {"testid": "line1", "value": "1 High Street"}},
                    {"click": {"role": "button", "name": "Continue to payment"}},
                ],
            }
        ]
    },
    "address-form": {
        "steps": [
            {
                "name": "Give the delivery address",
                "do": [{"click": {"role": "button", "name": "Continue to payment"}}],
            }
        ]
    },
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, serve_dir_module: Any) -> dict[str, Any]:
    base_url = serve_dir_module(PAGES)
    journeys = [
        Journey.model_validate(
            {"id": name, "title": name, "start": f"/{name}.html", "steps": OPEN, **extra}
        )
        for name, extra in JOURNEYS.items()
    ]
    audit = Audit.model_validate({"name": "trust", "base_url": base_url, "journeys": ["inline"]})
    out = tmp_path_factory.mktemp("trust")
    loaded = inline_audit(audit, journeys, STANDARDS, out)
    run = run_audit(loaded, workers=2, progress=False, output_dir=out).run
    return {journey.journey_id: journey for journey in run.journeys}


def findings(result: JourneyResult, check_id: str) -> list[Finding]:
    return [f for step in result.steps for f in step.findings if f.check_id == check_id]


def test_a_developer_placeholder_page_is_found_and_never_proud(results: dict[str, Any]) -> None:
    found = findings(results["placeholder"], "placeholder-text")
    assert [f.severity for f in found] == [Severity.blocker]
    assert "developer's placeholder page" in found[0].message
    assert "needs implementing" in found[0].message
    assert results["placeholder"].verdict is Verdict.redesign


@pytest.mark.parametrize(
    ("page", "stack"),
    [
        ("django-404", "Django"),
        ("rails", "Ruby on Rails"),
        ("laravel", "Laravel"),
        ("express", "Express"),
        ("spring", "Spring"),
        ("aspnet", "ASP.NET"),
        ("php", "PHP"),
    ],
)
def test_framework_debug_and_error_pages_are_found(
    results: dict[str, Any], page: str, stack: str
) -> None:
    found = findings(results[page], "debug-page")
    blockers = [f for f in found if f.severity is Severity.blocker]
    assert len(blockers) == 1, [f.message for f in found]
    assert blockers[0].message.startswith(f"The site shows {stack}'s debug or error page on the")
    assert results[page].verdict is Verdict.redesign


def test_a_stack_trace_hidden_in_the_page_and_a_version_are_found(
    results: dict[str, Any],
) -> None:
    found = {f.severity: f for f in findings(results["hidden-trace"], "debug-page")}
    assert "a Python stack trace hidden in the page" in found[Severity.major].message
    assert "Werkzeug/2.3.7" in found[Severity.minor].message


def test_the_asp_net_yellow_screen_also_leaks_its_version(results: dict[str, Any]) -> None:
    found = findings(results["aspnet"], "debug-page")
    assert any(f.severity is Severity.minor and "version" in f.message for f in found)


def test_a_doubled_word_is_found(results: dict[str, Any]) -> None:
    found = findings(results["doubled"], "doubled-words")
    assert [f.severity for f in found] == [Severity.minor]
    assert "to to" in found[0].message


def test_a_form_refused_only_by_the_browser_bubble_is_a_blocker_that_says_so(
    results: dict[str, Any],
) -> None:
    result = results["address-form"]
    found = [f for f in findings(result, "completion") if f.severity is Severity.blocker]
    assert len(found) == 1
    assert "the browser would not send the form" in found[0].message
    assert "'Address line 1'" in found[0].message and "(and 1 more)" in found[0].message
    assert "fill" in found[0].message.lower()  # the bubble's own words, whatever the locale
    assert ".." not in found[0].message
    assert result.verdict is Verdict.redesign


@pytest.mark.parametrize(
    ("page", "check_id"),
    [
        ("csrf", "cookie-flags"),  # a CSRF cookie is script-readable by design
        ("radio-password", "insecure-credentials"),  # a radio is not a password field
        ("radio-label", "touch-targets"),  # a 13 px radio in a 280x48 label: the label is hit
        # links in a sentence and checkboxes the browser draws at its own size (WCAG 2.5.8)
        ("targets-exempt", "touch-targets"),
        ("heading-invalid", "copy-tone"),  # 'invalid' in an ordinary heading blames nobody
        ("heading-invalid", "debug-page"),
        ("doubled", "debug-page"),
    ],
)
def test_pages_that_must_stay_clean(results: dict[str, Any], page: str, check_id: str) -> None:
    found = [f for f in findings(results[page], check_id) if f.severity is not Severity.info]
    assert found == []


def test_small_targets_spaced_24_px_apart_are_not_a_wcag_failure(results: dict[str, Any]) -> None:
    found = findings(results["spaced"], "touch-targets")
    assert found, "the 20 px buttons are still small to tap (WCAG 2.5.5, AAA)"
    assert {f.severity for f in found} == {Severity.minor}
    assert not any(f.wcag_barrier for f in found)


def test_tiny_styled_buttons_fail_wcag_2_5_8_on_a_desktop_too(results: dict[str, Any]) -> None:
    found = findings(results["small-icons"], "touch-targets")
    assert sorted(f.message for f in found) == [
        "The button 'One fewer' is 16×16 px: too small to hit reliably.",
        "The button 'One more' is 16×16 px: too small to hit reliably.",
    ]
    assert {f.severity for f in found} == {Severity.major}
    assert results["small-icons"].verdict is not Verdict.proud


def test_the_page_a_step_acted_on_is_judged_too_and_named(results: dict[str, Any]) -> None:
    result = results["address-unlabelled"]
    (step,) = result.steps
    assert step.evidence.title == "Payment – Fixture Shop"  # where the step ended
    (met,) = step.evidence.pages_met
    assert met.title == "Delivery address – Fixture Shop"
    found = [f for f in findings(result, "accessibility") if f.page is not None]
    label = next(f for f in found if f.key == "accessibility:label")
    assert label.page is not None and "address-unlabelled.html" in label.page
    # the step typed into that very field: a blocker that names it
    assert label.severity is Severity.blocker
    assert label.message.startswith(
        "On the page it acted on, \u201cDelivery address – Fixture Shop\u201d: The textbox"
    )
    assert result.verdict is Verdict.redesign

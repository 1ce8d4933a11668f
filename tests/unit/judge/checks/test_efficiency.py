"""Efficiency checks on saved evidence: completion, time, vitals, weight, length, redirects."""

from __future__ import annotations

from selfshop.models import Journey
from selfshop.models.evidence import RequestRecord, Timings
from selfshop.models.results import CheckStatus, Severity

from .conftest import RunOne, load_evidence


def journey(**budget: float) -> Journey:
    return Journey.model_validate(
        {
            "id": "guest-checkout",
            "title": "Buy a gift",
            "start": "/",
            "budget": budget,
            "steps": [
                {"name": "Find a gift", "do": [{"click": {"role": "link", "name": "Gifts"}}]},
                {
                    "name": "Pay",
                    "do": [
                        {"fill": {"label": "Email", "value": "a@b.c"}},
                        {"fill": {"label": "Name", "value": "Jo"}},
                        {"select": {"label": "Country", "option": "UK"}},
                        {"click": {"role": "button", "name": "Pay now"}},
                        {"expect": {"text": "Thank you"}},
                    ],
                },
            ],
        }
    )


def test_completion_passed_failed_unreached(run_one: RunOne) -> None:
    assert run_one("completion", load_evidence("polished_gifts")).score == 1
    failed = run_one("completion", load_evidence("failed_step"))
    assert failed.score == 0
    assert failed.findings[0].severity is Severity.blocker
    assert failed.findings[0].message == (
        "Blocked: the Pay step failed: button 'Pay now' never appeared."
    )
    unreached = run_one("completion", load_evidence("unreached_step"))
    assert unreached.findings[0].severity is Severity.blocker
    assert "never reached" in unreached.findings[0].message


def test_completion_keys_differ_per_journey(run_one: RunOne) -> None:
    a = run_one("completion", load_evidence("failed_step"))
    b = run_one("completion", load_evidence("failed_step", journey_id="refund"))
    assert a.findings[0].key != b.findings[0].key


def test_other_checks_do_not_apply_to_unreached_steps(run_one: RunOne) -> None:
    result = run_one("copy-tone", load_evidence("unreached_step"))
    assert result.status is CheckStatus.not_applicable


def test_step_time_budget_from_param_journey_and_default(run_one: RunOne) -> None:
    quick = load_evidence("polished_gifts")  # 1.1 s
    assert run_one("step-time", quick).score == 1
    slow = load_evidence("flawed_pay")  # 14 s
    assert run_one("step-time", slow).findings[0].severity is Severity.minor  # default 10 s
    over = run_one("step-time", slow, {"max_seconds": 4})
    assert over.findings[0].severity is Severity.major and over.score == 0
    shared = run_one(
        "step-time", slow.model_copy(update={"step_index": 1}), journey=journey(seconds=20)
    )
    assert "10.0 s (the journey's budget shared by steps)" in shared.findings[0].message


def test_step_time_not_measured(run_one: RunOne) -> None:
    result = run_one("step-time", load_evidence("polished_gifts", timings=Timings()))
    assert result.status is CheckStatus.not_applicable


def test_lcp_and_cls(run_one: RunOne) -> None:
    assert run_one("lcp", load_evidence("polished_gifts")).score == 1
    assert run_one("cls", load_evidence("polished_gifts")).score == 1
    lcp = run_one("lcp", load_evidence("flawed_pay"))
    assert lcp.findings[0].severity is Severity.major and lcp.score is not None
    assert 0 < lcp.score < 0.5
    middling = run_one("lcp", load_evidence("polished_gifts", timings=Timings(lcp_ms=3250)))
    assert middling.score == 0.75 and middling.findings[0].severity is Severity.minor
    cls = run_one("cls", load_evidence("flawed_pay"))
    assert cls.findings[0].severity is Severity.major


def test_page_weight(run_one: RunOne) -> None:
    assert run_one("page-weight", load_evidence("polished_gifts")).score == 1
    heavy = load_evidence("polished_gifts")
    heavy.requests = [RequestRecord(url=f"https://s.test/{i}", bytes=50_000) for i in range(100)]
    result = run_one("page-weight", heavy)
    assert result.findings[0].severity is Severity.major  # 4,883 KB: over twice 2,000 KB
    assert "100 requests" in result.findings[0].message


def test_journey_length_on_last_step_only(run_one: RunOne) -> None:
    last = load_evidence("polished_gifts", step_index=1)
    first = load_evidence("polished_gifts", step_index=0)
    tight = journey(actions=2, fields=2)
    assert run_one("journey-length", first, journey=tight).status is CheckStatus.not_applicable
    result = run_one("journey-length", last, journey=tight)
    messages = [f.message for f in result.findings]
    assert "The journey takes 5 actions; its budget is 2." in messages
    assert "The journey takes 3 form fields; its budget is 2." in messages
    assert result.score == 0.4
    roomy = run_one("journey-length", last, journey=journey(actions=12))
    assert roomy.score == 1 and roomy.findings == []
    assert run_one("journey-length", last, journey=journey()).status is CheckStatus.not_applicable


def test_redirects(run_one: RunOne) -> None:
    assert run_one("redirects", load_evidence("polished_gifts")).score == 1
    result = run_one("redirects", load_evidence("flawed_pay"))
    assert result.score == 0.5
    assert "redirected 3 times" in result.findings[0].message
    assert "4111" not in (result.findings[0].evidence.excerpt or "")


def test_completion_says_why_a_step_was_not_reached(run_one: RunOne) -> None:
    interrupted = load_evidence("unreached_step", error="The run was interrupted before this step.")
    finding = run_one("completion", interrupted).findings[0]
    assert finding.message == (
        "Blocked: the Confirmation step was never reached: "
        "The run was interrupted before this step."
    )

"""Scoring: the step × standard matrix, verdicts with reasons, fix-first, judge and rejudge."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import SecretStr

from selfshop.judge.scoring import judge, rank_findings, rejudge, score_journey
from selfshop.models import Journey, Standards, StepEvidence, StepStatus
from selfshop.models.evidence import GuidedRating
from selfshop.models.results import (
    AUTOMATED,
    CheckResult,
    CheckStatus,
    Finding,
    JourneyResult,
    Run,
    Severity,
    StepResult,
    Verdict,
    Walker,
)

EVIDENCE = Path(__file__).parents[2] / "fixtures" / "evidence"
IDS = ["safety", "courtesy", "inclusion", "show", "efficiency"]


def standards(weights: dict[str, float] | None = None, **extra: object) -> Standards:
    weights = weights or {}
    return Standards.model_validate(
        {
            "organisation": "Acme",
            "standards": [{"id": s, "title": s.title(), "weight": weights.get(s, 1)} for s in IDS],
            **extra,
        }
    )


def result(
    check_id: str, standard: str, score: float | None, weight: float = 1, *findings: Finding
) -> CheckResult:
    status = CheckStatus.scored if score is not None else CheckStatus.not_applicable
    return CheckResult(
        check_id=check_id,
        standard=standard,
        score=score,
        weight=weight,
        status=status,
        findings=list(findings),
    )


def finding(
    check_id: str, standard: str, severity: Severity, message: str, key: str = ""
) -> Finding:
    return Finding(
        check_id=check_id,
        standard=standard,
        severity=severity,
        message=message,
        key=key or f"{check_id}:{message}",
    )


def step(index: int, name: str, *checks: CheckResult) -> StepResult:
    evidence = StepEvidence(journey_id="j", step_index=index, step_name=name)
    return StepResult(evidence=evidence, checks=list(checks))


def journey(*steps: StepResult) -> JourneyResult:
    return JourneyResult(journey_id="j", title="J", steps=list(steps))


def test_step_by_standard_matrix_is_a_weighted_mean_without_not_applicable() -> None:
    scored = score_journey(
        journey(
            step(
                0,
                "Home",
                result("a", "safety", 1.0, 3),
                result("b", "safety", 0.0, 1),
                result("c", "safety", None),  # not applicable: left out
                result("d", "show", 0.5),
            )
        ),
        standards(),
    )
    home = scored.steps[0]
    assert home.standard_scores == {
        "safety": 75.0,
        "courtesy": None,
        "inclusion": None,
        "show": 50.0,
        "efficiency": None,
    }
    assert home.score == 62.5


def test_standard_weights_shape_the_step_and_journey_score() -> None:
    heavy_safety = standards({"safety": 3})
    scored = score_journey(
        journey(step(0, "Home", result("a", "safety", 1.0), result("d", "show", 0.5))), heavy_safety
    )
    assert scored.steps[0].score == 87.5
    assert scored.uncapped_score == 87.5
    # show 50 is below the redesign line: the score shown beside "redesign" is below it too
    assert scored.verdict is Verdict.redesign and scored.score == 59
    assert scored.standard_scores["safety"] == 100.0


def test_journey_scores_average_steps_and_keep_the_weakest() -> None:
    scored = score_journey(
        journey(
            step(0, "Home", result("a", "show", 1.0)),
            step(1, "Basket", result("a", "show", 0.9)),
            step(2, "Pay", result("a", "show", 0.3)),
        ),
        standards(),
    )
    assert scored.standard_scores["show"] == 73.33
    assert scored.weakest_step == 2
    assert scored.verdict is Verdict.redesign
    assert any("The Pay step scores 30, below the redesign line of 60" in r for r in scored.reasons)


def test_proud_and_middle_bands() -> None:
    proud = score_journey(journey(step(0, "Home", result("a", "show", 0.9))), standards())
    assert proud.verdict is Verdict.proud
    assert proud.reasons == [
        "Proud: 90 overall, at or above the proud line of 85, with no blockers."
    ]
    assert proud.steps[0].verdict is Verdict.proud
    middle = score_journey(
        journey(
            step(
                0,
                "Home",
                result("a", "show", 0.7, 1, finding("a", "show", Severity.minor, "A small thing")),
            )
        ),
        standards(),
    )
    assert middle.verdict is Verdict.middle
    assert middle.reasons == [
        "Not proud yet: 70 overall, below the proud line of 85. Findings: A small thing."
    ]


def test_thresholds_come_from_the_standards() -> None:
    lenient = standards(verdict={"proud": 60, "redesign": 20})
    scored = score_journey(journey(step(0, "Home", result("a", "show", 0.7))), lenient)
    assert scored.verdict is Verdict.proud


def test_a_blocker_forces_redesign_and_is_named() -> None:
    blocked = finding(
        "completion",
        "efficiency",
        Severity.blocker,
        "Blocked: the Pay step failed: button 'Pay now' never appeared.",
    )
    scored = score_journey(
        journey(
            step(0, "Home", result("a", "show", 1.0)),
            step(1, "Pay", result("completion", "efficiency", 1.0, 1, blocked)),
        ),
        standards(),
    )
    # never "Redesign · 100": the blocker caps the score below the redesign line, and the
    # reasons say what it would be without it
    assert scored.uncapped_score == 100 and scored.score == 59
    assert scored.verdict is Verdict.redesign
    assert "Without the blocker it would score 100" in scored.reasons[-1]
    assert scored.reasons[0] == "Blocked: the Pay step failed: button 'Pay now' never appeared"
    assert scored.steps[1].verdict is Verdict.redesign
    assert scored.steps[0].verdict is Verdict.proud


def test_other_blockers_say_where() -> None:
    stuck = finding("keyboard", "inclusion", Severity.blocker, "The button cannot be tabbed to.")
    scored = score_journey(
        journey(step(0, "Pay", result("keyboard", "inclusion", 0.9, 1, stuck))), standards()
    )
    assert scored.reasons[0] == "Blocked at the Pay step: The button cannot be tabbed to"


def test_a_standard_below_the_line_names_its_findings() -> None:
    alt = finding("accessibility", "inclusion", Severity.major, "Images have no text alternative")
    scored = score_journey(
        journey(
            step(
                0,
                "Home",
                result("a", "show", 1.0),
                result("b", "safety", 1.0),
                result("c", "courtesy", 1.0),
                result("e", "efficiency", 1.0),
                result("accessibility", "inclusion", 0.42, 1, alt),
            )
        ),
        standards(),
    )
    assert scored.uncapped_score is not None and scored.uncapped_score > 85
    assert scored.verdict is Verdict.redesign and scored.score == 59
    assert (
        "Below the redesign line: inclusion 42. Findings: Images have no text alternative."
        in scored.reasons
    )


def test_nothing_scored_is_middle_not_proud() -> None:
    scored = score_journey(journey(step(0, "Home", result("a", "show", None))), standards())
    assert scored.score is None and scored.verdict is Verdict.middle


def test_fix_first_merges_by_key_and_ranks_major_before_minor_then_steps_and_weight() -> None:
    def minor(k: str) -> Finding:
        return finding("x", "show", Severity.minor, f"minor {k}", key="x:same")

    major_safety = finding("y", "safety", Severity.major, "major safety", key="y:one")
    major_show = finding("z", "show", Severity.major, "major show", key="z:one")
    info = finding("i", "show", Severity.info, "just so you know", key="i:one")
    scored = score_journey(
        journey(
            step(0, "A", result("x", "show", 0.9, 1, minor("a"), info)),
            step(
                1,
                "B",
                result("x", "show", 0.9, 1, minor("b")),
                result("z", "show", 0.5, 1, major_show),
            ),
            step(
                2,
                "C",
                result("x", "show", 0.9, 1, minor("c")),
                result("y", "safety", 0.5, 1, major_safety),
            ),
        ),
        standards({"safety": 3}),
    )
    ranked = [(r.finding.key, r.priority, len(r.steps)) for r in scored.fix_first]
    # a minor finding met on three steps still comes after every major one
    assert ranked == [("y:one", 12.0, 1), ("z:one", 4.0, 1), ("x:same", 6.0, 3)]
    assert [str(p) for p in scored.fix_first[2].steps] == [
        "j@desktop#0",
        "j@desktop#1",
        "j@desktop#2",
    ]


def test_a_blocker_outranks_a_minor_finding_met_on_every_step() -> None:
    everywhere = finding("h", "safety", Severity.minor, "No Referrer-Policy", key="h:referrer")
    stuck = finding("k", "inclusion", Severity.blocker, "Pay is mouse-only", key="k:pay")
    steps = [step(i, f"S{i}", result("h", "safety", 0.5, 1, everywhere)) for i in range(20)]
    steps.append(step(20, "Pay", result("k", "inclusion", 0.0, 1, stuck)))
    scored = score_journey(journey(*steps), standards({"safety": 5, "inclusion": 1}))
    assert scored.fix_first[1].priority > scored.fix_first[0].priority
    assert [r.finding.key for r in scored.fix_first] == ["k:pay", "h:referrer"]


def test_what_customers_see_outranks_hygiene_they_never_see() -> None:
    header = finding("h", "safety", Severity.major, "No CSP header", key="h:csp")
    header.unseen = True
    lorem = finding("p", "show", Severity.minor, "Lorem ipsum on the page", key="p:lorem")
    steps = [step(i, f"S{i}", result("h", "safety", 0.5, 1, header)) for i in range(10)]
    steps.append(step(10, "Gift", result("p", "show", 0.8, 1, lorem)))
    scored = score_journey(journey(*steps), standards({"safety": 5, "show": 1}))
    assert [r.finding.key for r in scored.fix_first] == ["p:lorem", "h:csp"]


def test_run_fix_first_counts_journeys() -> None:
    shared = finding("h", "safety", Severity.major, "No HSTS", key="h:hsts")
    one = score_journey(journey(step(0, "A", result("h", "safety", 0.5, 1, shared))), standards())
    other = one.model_copy(update={"journey_id": "k"})
    ranked = rank_findings([one, other], standards())
    assert ranked[0].journeys == ["j@desktop", "k@desktop"]
    assert ranked[0].priority == 8.0


@dataclass
class Walk:
    """The fields of selfshop.walk.JourneyWalk that judge() reads."""

    journey: Journey
    device: str
    steps: list[StepEvidence] = field(default_factory=list)
    walker: Walker = AUTOMATED
    duration_ms: float = 0.0
    lens: str | None = None


def _load(name: str, **changes: object) -> StepEvidence:
    evidence = StepEvidence.model_validate_json((EVIDENCE / f"{name}.json").read_text())
    return evidence.model_copy(update=changes)


CHECKOUT = Journey.model_validate(
    {
        "id": "guest-checkout",
        "title": "Buy a gift",
        "start": "/",
        "budget": {"seconds": 30, "actions": 12},
        "steps": [
            {"name": "Find a gift", "do": [{"click": {"role": "link", "name": "Gifts"}}]},
            {"name": "Basket"},
            {
                "name": "Pay",
                "do": [{"fill": {"label": "Card", "value": SecretStr("4111111111111111")}}],
            },
            {"name": "Confirmation"},
        ],
    }
)


def test_judge_polished_and_flawed_walks() -> None:
    polished = Walk(
        CHECKOUT,
        "desktop",
        [
            _load("polished_gifts", step_index=i, step_name=s.name)
            for i, s in enumerate(CHECKOUT.steps)
        ],
    )
    flawed = Walk(
        CHECKOUT,
        "mobile",
        [
            _load("polished_gifts", step_index=0, device="mobile"),
            _load("flawed_pay", step_index=1, step_name="Basket"),
            _load("failed_step", step_index=2),
            _load("unreached_step", step_index=3),
        ],
        duration_ms=5000,
    )
    results, fix_first = judge([polished, flawed], standards())
    good, bad = results
    assert good.verdict is Verdict.proud, good.reasons
    assert good.definition == CHECKOUT
    assert bad.verdict is Verdict.redesign
    assert bad.key == "guest-checkout@mobile" and bad.duration_ms == 5000
    assert "Blocked: the Pay step failed: button 'Pay now' never appeared" in bad.reasons
    assert any("never reached" in r for r in bad.reasons)
    assert fix_first[0].finding.severity is Severity.blocker
    assert [s.verdict for s in bad.steps][2:] == [Verdict.redesign, Verdict.redesign]


def test_rejudge_a_saved_run_offline_with_new_standards() -> None:
    walk = Walk(
        CHECKOUT,
        "desktop",
        [
            _load("polished_gifts", step_index=i, step_name=s.name)
            for i, s in enumerate(CHECKOUT.steps)
        ],
    )
    results, fix_first = judge([walk], standards())
    run = Run(
        run_id="r1",
        audit="weekly",
        started_at="2026-11-22T07:00:00Z",
        journeys=results,
        fix_first=fix_first,
    )
    saved = Run.model_validate_json(run.model_dump_json())
    assert "4111111111111111" not in run.model_dump_json()  # the definition masks secrets
    strict = standards(voice={"forbidden": ["wool scarf"]}, verdict={"proud": 99, "redesign": 50})
    again = rejudge(saved, strict)
    assert again.proud_threshold == 99
    assert again.journeys[0].verdict is Verdict.middle
    assert any(r.finding.check_id == "forbidden-phrases" for r in again.fix_first)
    same = rejudge(saved, standards())
    assert same.journeys[0].score == results[0].score
    assert same.journeys[0].verdict is results[0].verdict


def test_a_blocked_journey_still_says_how_far_from_proud_the_rest_is() -> None:
    stuck = finding("keyboard", "inclusion", Severity.blocker, "The button cannot be tabbed to.")
    lorem = finding("placeholder-text", "show", Severity.major, "The page shows placeholder Latin")
    scored = score_journey(
        journey(
            step(0, "Home", result("placeholder-text", "show", 0.7, 1, lorem)),
            step(1, "Pay", result("keyboard", "inclusion", 0.75, 1, stuck)),
        ),
        standards(),
    )
    assert scored.verdict is Verdict.redesign
    assert scored.reasons == [
        "Blocked at the Pay step: The button cannot be tabbed to",
        "Not proud even without the blocker: 72 overall, below the proud line of 85. "
        "Findings: The page shows placeholder Latin.",
    ]


def test_a_step_the_customer_never_got_through_scores_zero_everywhere() -> None:
    perfect = [result(f"c-{s}", s, 1.0) for s in IDS]
    done = step(0, "Home", *perfect)
    stuck = step(1, "Pay", *perfect)
    stuck.evidence.status = StepStatus.failed
    never = step(2, "Thanks")
    never.evidence.status = StepStatus.not_reached
    scored = score_journey(journey(done, stuck, never), standards())
    assert [s.score for s in scored.steps] == [100.0, 0.0, 0.0]
    assert scored.score is not None and round(scored.score, 1) == 33.3
    assert scored.verdict is Verdict.redesign


def barrier(severity: Severity, message: str) -> Finding:
    return finding("accessibility", "inclusion", severity, message).model_copy(
        update={"wcag_barrier": True}
    )


def test_a_wcag_barrier_keeps_a_high_scoring_page_from_proud_and_says_so_first() -> None:
    unlabelled = barrier(Severity.major, "Form elements must have labels")
    checks = [result("a", "show", 1.0), result("b", "safety", 1.0)]
    axe = result("accessibility", "inclusion", 0.75, 1, unlabelled)
    scored = score_journey(journey(step(0, "Add to basket", *checks, axe)), standards())
    assert scored.uncapped_score is not None and scored.uncapped_score > 85
    assert scored.verdict is Verdict.middle and scored.score == 84
    assert scored.steps[0].verdict is Verdict.middle and scored.steps[0].score == 84
    assert scored.reasons[0].startswith("Not proud: a barrier under WCAG A/AA.")
    assert "Form elements must have labels" in scored.reasons[0]


def test_a_minor_wcag_barrier_also_keeps_it_from_proud_but_best_practice_does_not() -> None:
    def verdict_with(found: Finding) -> Verdict:
        checks = result("accessibility", "inclusion", 0.98, 1, found)
        return score_journey(journey(step(0, "Home", checks)), standards()).verdict

    assert verdict_with(barrier(Severity.minor, "Zooming is disabled")) is Verdict.middle
    advice = finding("accessibility", "inclusion", Severity.minor, "Content is not in landmarks")
    assert verdict_with(advice) is Verdict.proud


def test_a_journey_the_run_stopped_before_its_end_has_no_score() -> None:
    from selfshop.models.evidence import INTERRUPTED_STEP

    unwalked = step(1, "Pay")
    unwalked.evidence.status = StepStatus.not_reached
    unwalked.evidence.error = INTERRUPTED_STEP
    scored = score_journey(
        journey(step(0, "Home", result("a", "show", 1.0)), unwalked), standards()
    )
    assert scored.cut_short and scored.score is None
    assert scored.reasons == [
        "Not finished: the run was stopped before this journey was walked to its end, "
        "so it has no score."
    ]


def _guided_walk(ratings: dict[str, int | None], *, same_page: bool) -> Walk:
    rating = GuidedRating(auditor="Lee", walked_at="2026-11-21T09:00:00", ratings=ratings)
    steps = [
        _load(
            "polished_gifts",
            step_index=i,
            step_name=s.name,
            url="http://shop.example.test/" + ("" if same_page else f"page-{i}"),
            guided=[rating],
        )
        for i, s in enumerate(CHECKOUT.steps)
    ]
    return Walk(CHECKOUT, "desktop", steps, walker=Walker(auditor="Lee"))


def test_a_guided_walk_that_never_left_the_first_page_is_not_proud() -> None:
    (result,), _ = judge([_guided_walk({s: 5 for s in IDS}, same_page=True)], standards())
    assert result.verdict is Verdict.middle
    assert result.reasons[0] == (
        "Not proud: The Basket step was captured on the same page as the Find a gift step: "
        "it may never have been walked."
    )
    (moved,), _ = judge([_guided_walk({s: 5 for s in IDS}, same_page=False)], standards())
    assert moved.verdict is Verdict.proud, moved.reasons


def test_a_guided_step_left_unrated_is_not_rated_not_proud() -> None:
    (result,), _ = judge([_guided_walk({s: None for s in IDS}, same_page=False)], standards())
    assert result.verdict is Verdict.middle
    assert "Not rated: nobody rated the Find a gift step." in result.reasons
    assert result.steps[0].verdict is Verdict.middle

"""Efficiency: customers get what they came for quickly, with as little effort as possible."""

from __future__ import annotations

from pydantic import Field

from selfshop.judge.checks._util import clamp, short
from selfshop.judge.checks.registry import CheckContext, CheckParams, Outcome, check
from selfshop.judge.checks.safety import mask_url
from selfshop.models.evidence import EvidenceKind, StepEvidence, StepStatus
from selfshop.models.journey import Lens
from selfshop.models.results import Finding, Severity

E = EvidenceKind
STANDARD = "efficiency"
SLOW_LENS = Lens.slow_3g.value


@check(
    "completion",
    standard=STANDARD,
    title="The customer could complete the step",
    params=CheckParams,
    always=True,
)
def completion(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Runs on every step whatever standards.yaml lists. A step whose action, expectation or
    navigation failed, or that was never reached because an earlier step failed, is a blocker:
    a journey a customer cannot finish is never proud. A completed step is shown as passed but
    weighs nothing: finishing a step is the least a customer expects, so only a failure moves
    the score (and a leader's rating of a phone call is not diluted by it). A step a guided
    walker skipped is not scored. A step whose form the browser itself refused to send (its own
    "Please fill out this field." bubble, and nothing else) did not get the customer through
    either: a blocker that says which field and what the bubble said. A step that passed only
    when tried again (`retries:`) is flaky: a minor finding says so, with the first try's error."""
    journey = ctx.journey.id if ctx.journey else evidence.journey_id
    subject = f"{journey} {evidence.step_name}"
    if evidence.status is StepStatus.passed and evidence.refused:
        return Outcome(0.0, [_refused(evidence, subject, ctx)])
    if evidence.flaky:
        return Outcome(1.0, [_flaky(evidence, ctx, subject)], weight=0.0)
    if evidence.status is StepStatus.passed:
        return Outcome(1.0, weight=0.0)
    if evidence.status is StepStatus.skipped:
        return Outcome.not_applicable("the walker skipped this step")
    if evidence.status is StepStatus.failed:
        why = f": {short(evidence.error, 200).rstrip('.')}" if evidence.error else ""
        message = f"the {evidence.step_name} step failed{why}"
        fix = "Make this step work for customers; the evidence shows where it stopped."
    else:
        why = (evidence.error or "an earlier step failed").rstrip(".")
        message = f"the {evidence.step_name} step was never reached: {short(why, 200)}"
        fix = "Fix the earlier step that failed."
    finding = ctx.finding(
        Severity.blocker, f"Blocked: {message}.", subject=subject, fix=fix, url=evidence.url
    )
    return Outcome(0.0, [finding])


def _refused(evidence: StepEvidence, subject: str, ctx: CheckContext) -> Finding:
    first = evidence.refused[0]
    field = f"'{short(first.name, 40)}'" if first.name else "a field"
    bubble = short(first.message, 80).rstrip(".")
    said = f": \u201c{bubble}\u201d" if bubble else ""
    more = f" (and {len(evidence.refused) - 1} more)" if len(evidence.refused) > 1 else ""
    return ctx.finding(
        Severity.blocker,
        f"Blocked: at the {evidence.step_name} step the browser would not send the form. Only "
        f"its own bubble at {field}{more} said why{said}.",
        subject=f"{subject} refused",
        fix="Say on the page, beside the field, what is missing and how to put it right "
        "(and check the journey fills every required field).",
        selector=first.selector,
        url=evidence.url,
    )


def _flaky(evidence: StepEvidence, ctx: CheckContext, subject: str) -> Finding:
    """A step that failed before it passed: customers meet the failure too, so it is said."""
    tries = len(evidence.attempts)
    first = evidence.attempts[0].error or "no reason given"
    return ctx.finding(
        Severity.minor,
        f"Flaky: the {evidence.step_name} step failed {tries} time{'s' if tries > 1 else ''} "
        f"before it passed (first: {short(first.rstrip('.'), 200)}).",
        subject=f"{subject} flaky",
        fix="Find why it fails at times; the failed tries' screenshots are in the evidence.",
        url=evidence.url,
    )


class StepTimeParams(CheckParams):
    max_seconds: float | None = Field(
        None, gt=0, description="This step's budget; default: the journey's budget shared by steps"
    )
    default_seconds: float = Field(
        10, gt=0, description="Budget when neither the step nor the journey sets one"
    )


@check(
    "step-time",
    standard=STANDARD,
    title="The step takes no longer than its time budget",
    needs=[E.timings],
    params=StepTimeParams,
)
def step_time(evidence: StepEvidence, params: StepTimeParams, ctx: CheckContext) -> Outcome:
    """Time as the customer felt it (from their first action to the page settling) against the
    step's budget: the `max_seconds` parameter, else the journey's `budget.seconds` shared
    equally by its steps, else `default_seconds`. Over budget is minor; over twice the budget
    major. The score falls from 1 at the budget to 0 at three times it. An action that worked
    but opened a page slower than the action time limit (and within the navigation limit) is
    slowness, not failure: a minor finding naming it."""
    felt = evidence.timings.felt_ms
    if felt is None:
        return Outcome.not_applicable("the step's time was not measured")
    budget_s, source = _budget(params, ctx)
    budget_ms = budget_s * 1000
    slow = _slow_pages(evidence, ctx)
    if felt <= budget_ms:
        return Outcome(1.0 if not slow else 0.75, slow)
    ratio = felt / budget_ms
    finding = ctx.finding(
        Severity.major if ratio > 2 else Severity.minor,
        f"This step took {felt / 1000:.1f} s; its budget is {budget_s:.1f} s ({source}).",
        subject="time",
        fix="Make the slowest part faster: the timings and network evidence show where time went.",
    )
    return Outcome(clamp(1 - (ratio - 1) / 2), [finding, *slow])


def _slow_pages(evidence: StepEvidence, ctx: CheckContext) -> list[Finding]:
    """Actions that worked but opened a page slower than the action time limit."""
    return [
        ctx.finding(
            Severity.minor,
            f"After the customer did {action.description}, the next page took "
            f"{action.navigation_ms / 1000:.1f} s to load.",
            subject=f"slow page {action.description}",
            fix="Make that page answer and load faster (see the timings and network evidence).",
        )
        for action in evidence.actions
        if action.navigation_ms is not None
    ]


def _budget(params: StepTimeParams, ctx: CheckContext) -> tuple[float, str]:
    if params.max_seconds is not None:
        return params.max_seconds, "set for this step"
    journey = ctx.journey
    if journey is not None and journey.budget.seconds:
        return journey.budget.seconds / len(journey.steps), "the journey's budget shared by steps"
    return params.default_seconds, "the default"


class VitalParams(CheckParams):
    good: float = Field(description="At or below this: good")
    poor: float = Field(description="Above this: poor")


class LcpParams(VitalParams):
    good: float = Field(2500, gt=0, description="Good LCP in ms (web.dev: 2500)")
    poor: float = Field(4000, gt=0, description="Poor LCP in ms (web.dev: 4000)")


class ClsParams(VitalParams):
    good: float = Field(0.1, gt=0, description="Good CLS (web.dev: 0.1)")
    poor: float = Field(0.25, gt=0, description="Poor CLS (web.dev: 0.25)")


def _vital(value: float, params: VitalParams) -> tuple[float, Severity | None]:
    """1 when good; 0.5 at the poor line; 0 at twice the poor line."""
    if value <= params.good:
        return 1.0, None
    if value <= params.poor:
        return 1 - 0.5 * (value - params.good) / (params.poor - params.good), Severity.minor
    return clamp(0.5 - 0.5 * (value - params.poor) / params.poor), Severity.major


@check(
    "lcp",
    standard=STANDARD,
    title="The main content appears quickly (Largest Contentful Paint)",
    needs=[E.timings],
    params=LcpParams,
    references=["web.dev/lcp"],
)
def lcp(evidence: StepEvidence, params: LcpParams, ctx: CheckContext) -> Outcome:
    """How long until the biggest thing on the page is painted. At or under 2.5 s is good; up
    to 4 s needs improvement (minor); beyond is poor (major). Not on a slow-3g lens walk: these
    lines are drawn for ordinary connections, and the journey's budget judges the slow phone's
    time there (step-time)."""
    value = evidence.timings.lcp_ms
    if evidence.lens == SLOW_LENS:
        return Outcome.not_applicable("a slow-3g walk: its time is judged against the budget")
    if value is None:
        return Outcome.not_applicable("LCP was not measured (no page load in this step)")
    score, severity = _vital(value, params)
    if severity is None:
        return Outcome(score)
    return Outcome(
        score,
        [
            ctx.finding(
                severity,
                f"The main content took {value / 1000:.1f} s to appear "
                f"(good is {params.good / 1000:g} s).",
                subject="lcp",
                fix="Send less before the main content: smaller images, fewer blocking scripts.",
                references=["web.dev/lcp"],
            )
        ],
    )


@check(
    "cls",
    standard=STANDARD,
    title="The page does not jump around while loading (Cumulative Layout Shift)",
    needs=[E.timings],
    params=ClsParams,
    references=["web.dev/cls"],
)
def cls(evidence: StepEvidence, params: ClsParams, ctx: CheckContext) -> Outcome:
    """How much the page moved under the customer's eyes and fingers. At or under 0.1 is good;
    up to 0.25 needs improvement (minor); beyond is poor (major): customers tap the wrong
    thing."""
    value = evidence.timings.cls
    if value is None:
        return Outcome.not_applicable("layout shift was not measured")
    score, severity = _vital(value, params)
    if severity is None:
        return Outcome(score)
    return Outcome(
        score,
        [
            ctx.finding(
                severity,
                f"The page jumps around while loading (layout shift {value:.2f}; "
                f"good is {params.good:g}).",
                subject="cls",
                fix="Reserve space for images, adverts and late content "
                "(width and height attributes).",
                references=["web.dev/cls"],
            )
        ],
    )


class PageWeightParams(CheckParams):
    max_kb: float = Field(2000, gt=0, description="Most kilobytes a step may download")
    max_requests: int = Field(80, gt=0, description="Most requests a step may make")


@check(
    "page-weight",
    standard=STANDARD,
    title="The step downloads a modest amount",
    needs=[E.network],
    params=PageWeightParams,
    references=["web.dev/total-byte-weight"],
)
def page_weight(evidence: StepEvidence, params: PageWeightParams, ctx: CheckContext) -> Outcome:
    """Bytes and requests the step downloaded, against `max_kb` and `max_requests`: heavy pages
    are slow and costly on a phone plan. Over a limit is minor; over twice a limit major."""
    total_kb = sum(r.bytes for r in evidence.requests) / 1024
    count = len(evidence.requests)
    ratios = {"kb": total_kb / params.max_kb, "requests": count / params.max_requests}
    worst = max(ratios.values())
    if worst <= 1:
        return Outcome(1.0)
    finding = ctx.finding(
        Severity.major if worst > 2 else Severity.minor,
        f"This step downloads {total_kb:,.0f} KB in {count} requests (budget "
        f"{params.max_kb:,.0f} KB, {params.max_requests} requests).",
        subject="weight",
        fix="Compress images, drop unused scripts and fonts, and cache what repeats.",
        references=["web.dev/total-byte-weight"],
    )
    return Outcome(clamp(1 - (worst - 1) / 2), [finding])


class JourneyLengthParams(CheckParams):
    max_actions: int | None = Field(
        None, gt=0, description="Overrides the journey's budget.actions"
    )
    max_fields: int | None = Field(None, gt=0, description="Overrides the journey's budget.fields")


FIELD_ACTIONS = ("fill", "select", "check", "uncheck", "upload")


@check(
    "journey-length",
    standard=STANDARD,
    title="The journey needs no more actions and form fields than its budget",
    params=JourneyLengthParams,
)
def journey_length(
    evidence: StepEvidence, params: JourneyLengthParams, ctx: CheckContext
) -> Outcome:
    """Counts the journey's customer actions (expectations and waits are not actions) and the
    form fields it fills, against the journey's `budget.actions` and `budget.fields` (or this
    check's parameters). It is scored once, on the journey's last step, so a long journey is
    counted once. Over budget is minor; over by half again or more, major."""
    journey = ctx.journey
    if journey is None or not ctx.is_last_step:
        return Outcome.not_applicable("journey length is scored on the journey's last step")
    limits = {
        "actions": (journey.action_count(), params.max_actions or journey.budget.actions),
        "form fields": (
            sum(1 for s in journey.steps for a in s.do if a.kind in FIELD_ACTIONS),
            params.max_fields or journey.budget.fields,
        ),
    }
    ratios = {k: used / limit for k, (used, limit) in limits.items() if limit}
    if not ratios:
        return Outcome.not_applicable("the journey sets no action or field budget")
    findings = [
        ctx.finding(
            Severity.major if ratio >= 1.5 else Severity.minor,
            f"The journey takes {limits[kind][0]} {kind}; its budget is {limits[kind][1]}.",
            subject=f"{journey.id} {kind}",
            fix=f"Remove {kind} the customer does not need: fewer steps, fewer questions.",
        )
        for kind, ratio in ratios.items()
        if ratio > 1
    ]
    worst = max(ratios.values())
    return Outcome(1.0 if worst <= 1 else clamp(1 / worst), findings)


class RedirectsParams(CheckParams):
    allowed: int = Field(1, ge=0, description="Redirects accepted before each one counts")


@check(
    "redirects",
    standard=STANDARD,
    title="No chains of redirects",
    needs=[E.page],
    params=RedirectsParams,
    references=["web.dev/redirects"],
)
def redirects(evidence: StepEvidence, params: RedirectsParams, ctx: CheckContext) -> Outcome:
    """Every redirect is another round trip before the customer sees anything. One (http to
    https, say) is accepted; each one beyond `allowed` costs a quarter; three or more extra is
    major."""
    extra = len(evidence.redirects) - params.allowed
    if extra <= 0:
        return Outcome(1.0)
    chain = " → ".join(mask_url(u) for u in [*evidence.redirects, evidence.url or ""] if u)
    finding = ctx.finding(
        Severity.major if extra >= 3 else Severity.minor,
        f"The customer was redirected {len(evidence.redirects)} times before the page appeared.",
        subject="redirects",
        fix="Link straight to the final address.",
        excerpt=short(chain, 300),
        references=["web.dev/redirects"],
    )
    return Outcome(clamp(1 - 0.25 * extra), [finding])

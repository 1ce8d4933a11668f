"""Inclusion: everyone can complete every journey, whatever their ability or device."""

from __future__ import annotations

import math
import re

from pydantic import Field

from selfshop.judge.checks._util import clamp, short
from selfshop.judge.checks.registry import (
    CheckContext,
    CheckParams,
    MissingEvidence,
    Outcome,
    check,
)
from selfshop.judge.checks.severity import axe_cost, axe_severity, is_axe_barrier
from selfshop.models.evidence import AxeViolation, Box, ControlRecord, EvidenceKind, StepEvidence
from selfshop.models.results import Finding, Severity

E = EvidenceKind
STANDARD = "inclusion"


class AccessibilityParams(CheckParams):
    ignore: list[str] = Field(default_factory=list, description="axe rule ids to leave out")


@check(
    "accessibility",
    standard=STANDARD,
    title="No accessibility violations found by axe-core",
    needs=[E.axe],
    uses=[E.controls],  # which controls the step used, when recorded
    params=AccessibilityParams,
    references=["WCAG 2.2", "axe-core rules"],
)
def accessibility(
    evidence: StepEvidence, params: AccessibilityParams, ctx: CheckContext
) -> Outcome:
    """Runs on axe-core's results for the page and every frame in it (a finding in a frame
    names the frame: a payment provider's card form is met by the customer all the same):
    axe's default rules and meta-refresh-no-exceptions (a page that refreshes itself after any
    delay, AAA advice). A
    rule that tests a WCAG A/AA criterion is a barrier: critical or serious ones are major and
    cost 0.4 or 0.25, moderate and minor ones are minor and cost 0.1 or 0.05, and any barrier
    keeps the page from proud. A critical or
    serious barrier on the very control this step used (the same element, not a look-alike
    selector) is a blocker, and the finding names that control. Best-practice rules (no A/AA
    tag) are never above minor and cost 0.02. An axe rule that one of selfshop's own checks
    judges more exactly is left to that check when the standards also run it:
    avoid-inline-spacing to text-spacing (which measures against WCAG 1.4.12's thresholds),
    meta-viewport to zoom (which reads the values as browsers do). Each finding carries the
    W3C ACT rules axe-core says its rule implements."""
    if evidence.axe is None:
        raise MissingEvidence("axe-core did not run on this page")
    used = _used_on_this_page(evidence)
    findings = []
    cost = 0.0
    judged_elsewhere = _judged_by_own_checks(ctx)
    for violation in evidence.axe:
        if violation.id in params.ignore or violation.id in judged_elsewhere:
            continue
        impact = (violation.impact or "moderate").lower()
        barrier = is_axe_barrier(violation.tags)
        cost += axe_cost(impact, barrier=barrier)
        findings.append(_axe_finding(violation, impact, barrier, used, ctx))
    return Outcome(clamp(1 - cost), findings)


# axe rules that one of selfshop's own checks judges more exactly, by that check's id.
AXE_RULES_JUDGED_BY = {"avoid-inline-spacing": "text-spacing", "meta-viewport": "zoom"}


def _judged_by_own_checks(ctx: CheckContext) -> set[str]:
    """The axe rules whose own check these standards also run."""
    configured = {ref.id for standard in ctx.standards.standards for ref in standard.checks}
    return {rule for rule, own in AXE_RULES_JUDGED_BY.items() if own in configured}


def _used_on_this_page(evidence: StepEvidence) -> dict[str, ControlRecord]:
    """The controls this step used on the page axe judged, by CSS path."""
    return {
        c.selector: c
        for c in evidence.controls
        if c.used and (c.page_url is None or c.page_url == evidence.url)
    }


def _axe_finding(
    violation: AxeViolation,
    impact: str,
    barrier: bool,
    used: dict[str, ControlRecord],
    ctx: CheckContext,
) -> Finding:
    hit = next((n for n in violation.nodes if n.path and n.path in used), None)
    severity = axe_severity(impact, barrier=barrier, on_used_control=hit is not None)
    node = hit or (violation.nodes[0] if violation.nodes else None)
    count = len(violation.nodes)
    where = f" ({count} places)" if count > 1 else ""
    frame = f", in the frame {node.frame!r}" if node and node.frame else ""
    message = (
        f"{(violation.help or violation.description or violation.id).rstrip('.')}{where}{frame}."
    )
    if severity is Severity.blocker and hit is not None and hit.path is not None:
        message = f"The {_describe(used[hit.path])} this step used fails: {message}"
    references = wcag_references(violation.tags)
    if violation.help_url:
        references.append(violation.help_url)
    return ctx.finding(
        severity,
        message,
        subject=violation.id,
        fix=(node.summary if node and node.summary else violation.description) or "",
        selector=", ".join(node.target) if node else None,
        excerpt=short(node.html, 200) if node else None,
        references=references,
        box=node.box if node else None,
        barrier=barrier,
        act_rules=violation.act_ids,
    )


def wcag_references(tags: list[str]) -> list[str]:
    """axe tags such as 'wcag111' as 'WCAG 1.1.1'."""
    refs = []
    for tag in tags:
        match = re.fullmatch(r"wcag(\d)(\d)(\d+)", tag)
        if match:
            refs.append("WCAG " + ".".join(match.groups()))
    return refs


class DocumentLanguageParams(CheckParams):
    expected: str | None = Field(None, description="The language the page should declare, e.g. en")


LANG_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


@check(
    "document-language",
    standard=STANDARD,
    title="The page says which language it is in",
    needs=[E.page],
    params=DocumentLanguageParams,
    references=["WCAG 3.1.1"],
    act_rules=["b5c3f8", "bf051a"],
)
def document_language(
    evidence: StepEvidence, params: DocumentLanguageParams, ctx: CheckContext
) -> Outcome:
    """Screen readers choose their voice and pronunciation from the page's lang attribute; a
    page without one is read in the wrong accent or gibberish (major). A malformed value, or
    one different from the `expected` parameter, is minor."""
    lang = (evidence.lang or "").strip()
    if not lang:
        return Outcome(
            0.0,
            [
                ctx.finding(
                    Severity.major,
                    "The page does not say which language it is in, so screen readers may "
                    "mispronounce it.",
                    subject="missing",
                    fix='Add lang="en" (or the right language) to the <html> element.',
                    selector="html",
                    references=["WCAG 3.1.1"],
                    act_rules=["b5c3f8"],
                )
            ],
        )
    if not LANG_TAG.match(lang):
        return Outcome(
            0.5,
            [
                ctx.finding(
                    Severity.minor,
                    f"The page's language '{short(lang, 20)}' is not a valid language code.",
                    subject="malformed",
                    fix="Use a language code such as en, en-GB or fr.",
                    selector="html",
                    references=["WCAG 3.1.1"],
                    act_rules=["bf051a"],
                )
            ],
        )
    expected = (params.expected or "").lower()
    if expected and lang.lower().split("-")[0] != expected.split("-")[0]:
        return Outcome(
            0.5,
            [
                ctx.finding(
                    Severity.minor,
                    f"The page says it is in '{short(lang, 20)}', "
                    f"but it should be '{params.expected}'.",
                    subject="unexpected",
                    fix="Set the lang attribute to the language the page is written in.",
                    selector="html",
                    references=["WCAG 3.1.1"],
                    act_rules=[],
                )
            ],
        )
    return Outcome(1.0)


# The W3C ACT rule asking for a name, by the role of the unnamed control; any other role that
# takes input is a form field.
NAMING_RULES = {"button": "97a4e1", "link": "c487ae", "menuitem": "m6b1q3"}
FIELD_NAMING_RULE = "e086e5"
SUMMARY_NAMING_RULE = "2t702h"  # a <summary>, whatever role it is given
FIELD_ROLES = frozenset(
    {
        "checkbox",
        "combobox",
        "listbox",
        "menuitemcheckbox",
        "menuitemradio",
        "radio",
        "searchbox",
        "slider",
        "spinbutton",
        "switch",
        "textbox",
    }
)


def _naming_rules(role: str | None, selector: str) -> list[str]:
    """The ACT rule an unnamed control of this role fails ('email field': a form field); the
    element's tag is the last step of its CSS path."""
    if selector.rsplit(">", 1)[-1].strip().startswith("summary"):
        return [SUMMARY_NAMING_RULE]
    if role in NAMING_RULES:
        return [NAMING_RULES[role]]
    if role and (role in FIELD_ROLES or role.endswith(" field")):
        return [FIELD_NAMING_RULE]
    return []


class AccessibleNamesParams(CheckParams):
    pass


@check(
    "accessible-names",
    standard=STANDARD,
    title="Every control and form field has a name",
    needs=[E.controls, E.page],
    params=AccessibleNamesParams,
    references=["WCAG 4.1.2", "WCAG 1.3.1", "WCAG 3.3.2"],
    act_rules=[*sorted(set(NAMING_RULES.values())), FIELD_NAMING_RULE, SUMMARY_NAMING_RULE],
)
def accessible_names(
    evidence: StepEvidence, params: AccessibleNamesParams, ctx: CheckContext
) -> Outcome:
    """Buttons, links and form fields need a name that assistive technology can announce ("Pay
    now", "Email"). A control without one is a silent mystery to a screen-reader user: major
    when this step used it, minor otherwise."""
    controls = [c for c in evidence.controls if not _hidden(c)]
    unnamed: list[tuple[str, str | None, bool]] = [
        (c.selector, c.role, c.used) for c in controls if not (c.accessible_name or "").strip()
    ]
    known = {c.selector for c in controls}
    fields = [f for f in evidence.inputs if f.type not in ("hidden", "submit", "button", "reset")]
    unnamed += [
        (f.selector, f"{f.type} field", False)
        for f in fields
        if f.selector not in known and not (f.accessible_name or "").strip()
    ]
    total = len(controls) + len([f for f in fields if f.selector not in known])
    if total == 0:
        return Outcome.not_applicable("the page has no controls")
    findings = [
        ctx.finding(
            Severity.major if used else Severity.minor,
            f"A {role or 'control'} has no name a screen reader can announce.",
            subject=selector,
            fix="Give it visible text, a <label>, or an aria-label that says what it does.",
            selector=selector,
            references=["WCAG 4.1.2"],
            act_rules=_naming_rules(role, selector),
        )
        for selector, role, used in unnamed
    ]
    cost = sum(1.0 if f.severity is Severity.major else 0.5 for f in findings)
    return Outcome(clamp(1 - cost / total * 2), findings)


def _hidden(control: ControlRecord) -> bool:
    return control.width == 0 or control.height == 0


class KeyboardParams(CheckParams):
    severity: Severity = Field(
        Severity.blocker, description="Severity when a control the step used cannot be tabbed to"
    )


@check(
    "keyboard",
    standard=STANDARD,
    title="Every control the journey used can be reached with the Tab key",
    needs=[E.keyboard],
    params=KeyboardParams,
    references=["WCAG 2.1.1"],
)
def keyboard(evidence: StepEvidence, params: KeyboardParams, ctx: CheckContext) -> Outcome:
    """Customers who cannot use a mouse move with the Tab key. Every control this step used must
    be reachable by Tab; one that is not means a keyboard user cannot finish the journey, which
    is a blocker by default (the `severity` parameter can soften it)."""
    used = [c for c in evidence.controls if c.used and c.keyboard_reachable is not None]
    if not used:
        return Outcome.not_applicable("this step used no controls that were tested")
    stuck = [c for c in used if not c.keyboard_reachable]
    findings = [
        ctx.finding(
            params.severity,
            f"The {_describe(c)} cannot be reached with the keyboard (Tab), so keyboard users "
            "cannot do this step.",
            subject=c.accessible_name or c.selector,
            fix='Use a real <button>, <a href> or form control, or add tabindex="0" and key '
            "handlers.",
            selector=c.selector,
            references=["WCAG 2.1.1"],
            box=c.box,
        )
        for c in stuck
    ]
    return Outcome(1 - len(stuck) / len(used), findings)


@check(
    "focus-visible",
    standard=STANDARD,
    title="Keyboard focus can be seen",
    needs=[E.keyboard],
    params=CheckParams,
    references=["WCAG 2.4.7"],
)
def focus_visible(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """When a control this step used has keyboard focus, something must show it (an outline or
    a change of colour); otherwise a keyboard user cannot tell where they are. Major. The
    controls of one step are reported together: one style rule is usually the cause, so the
    fix-first list counts it once per step rather than once per control."""
    used = [c for c in evidence.controls if c.used and c.focus_visible is not None]
    if not used:
        return Outcome.not_applicable("this step used no controls that were tested")
    hidden = [c for c in used if not c.focus_visible]
    if not hidden:
        return Outcome(1.0)
    names = ", ".join(_describe(c) for c in hidden[:4])
    more = f" and {len(hidden) - 4} more" if len(hidden) > 4 else ""
    finding = ctx.finding(
        Severity.major,
        f"When these have keyboard focus, nothing shows it: the {names}{more}.",
        subject="focus-hidden",
        fix="Do not remove the focus outline; style :focus-visible clearly instead.",
        selector=", ".join(c.selector for c in hidden),
        references=["WCAG 2.4.7"],
        box=hidden[0].box,
    )
    return Outcome(1 - len(hidden) / len(used), [finding])


def _describe(control: ControlRecord) -> str:
    name = f" '{short(control.accessible_name, 40)}'" if control.accessible_name else ""
    return f"{control.role or 'control'}{name}"


class ReflowParams(CheckParams):
    tolerance_px: int = Field(2, ge=0, description="Extra width allowed before it counts")


@check(
    "reflow",
    standard=STANDARD,
    title="The page fits a 320 px wide screen without sideways scrolling",
    needs=[E.reflow],
    params=ReflowParams,
    references=["WCAG 1.4.10"],
)
def reflow(evidence: StepEvidence, params: ReflowParams, ctx: CheckContext) -> Outcome:
    """At 320 CSS pixels wide (a small phone, or 400% zoom on a desktop) the content must reflow
    into one column: a customer should not have to scroll sideways to read. Major. As WCAG
    1.4.10 allows, content that needs two-dimensional layout may stick out: video, canvas,
    images, maps and diagrams, data tables, and what scrolls inside an element that fits."""
    if evidence.reflow is None:
        raise MissingEvidence("the page was not measured at 320 px")
    measured = evidence.reflow
    extra = measured.scroll_width - measured.viewport_width
    if not measured.overflows and extra <= params.tolerance_px:
        return Outcome(1.0)
    if measured.causes == [] and measured.exempt:
        return Outcome(1.0)  # only two-dimensional content sticks out: WCAG's exception
    culprits = (
        f" (what sticks out: {short(', '.join(measured.causes), 120)})" if measured.causes else ""
    )
    return Outcome(
        0.0,
        [
            ctx.finding(
                Severity.major,
                f"At {measured.viewport_width} px wide the page is {measured.scroll_width} px "
                f"wide, so customers on small screens or zoomed in must scroll "
                f"sideways{culprits}.",
                subject="320",
                fix="Let content wrap: avoid fixed widths; use max-width: 100% and flexible "
                "layouts.",
                references=["WCAG 1.4.10"],
            )
        ],
    )


@check(
    "clipped-text",
    standard=STANDARD,
    title="Text stays whole when customers zoom to 200 %",
    needs=[E.reflow],
    params=CheckParams,
    references=["WCAG 1.4.4"],
    act_rules=["59br37"],
)
def clipped_text(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Customers with low vision zoom to 200 %. Text in a box of fixed size that hides what
    overflows it (overflow hidden or clip) is then cut off, and they cannot read the rest.
    The page is laid out as at 200 % zoom (half the viewport) and each text is compared with
    its box; text wholly outside a box is hidden by design and not judged, and a box followed
    by a link is taken to lead to the full text. Minor, and a WCAG 1.4.4 (level AA) barrier:
    one finding per box."""
    if evidence.reflow is None:
        raise MissingEvidence("the page was not measured zoomed")
    clipped = evidence.reflow.clipped_text
    if clipped is None:
        return Outcome.not_applicable("the page was not measured at 200 % zoom")
    boxes = {s.detail: s for s in reversed(clipped)}  # the first text cut off in each box
    findings = [
        ctx.finding(
            Severity.minor,
            f"Zoomed to 200 %, the text '{short(s.text, 40)}' is cut off by its box, so "
            "customers who enlarge text cannot read all of it.",
            subject=box,
            fix="Let the box grow with its text (min-height instead of height), or let it "
            "scroll (overflow: auto).",
            selector=box,
            excerpt=s.text,
            references=["WCAG 1.4.4"],
        )
        for box, s in reversed(boxes.items())
    ]
    return Outcome(clamp(1 - 0.25 * len(findings)), findings)


class TouchTargetsParams(CheckParams):
    min_px: float = Field(24, description="Smallest target (WCAG 2.5.8, AA): below is major")
    comfortable_px: float = Field(
        44, description="Comfortable target on a phone (WCAG 2.5.5, AAA): minor"
    )


@check(
    "touch-targets",
    standard=STANDARD,
    title="Controls are big enough to hit, with a finger or a mouse",
    needs=[E.controls],
    params=TouchTargetsParams,
    references=["WCAG 2.5.8", "WCAG 2.5.5"],
)
def touch_targets(evidence: StepEvidence, params: TouchTargetsParams, ctx: CheckContext) -> Outcome:
    """Controls smaller than 24 by 24 CSS px are major on every device (WCAG 2.5.8, which is
    not only about phones: a tremor or a trackpad misses small targets too). On the mobile
    device, controls under 44 by 44 are also minor (WCAG 2.5.5). The target is what a finger
    or pointer can hit: a radio button or checkbox with a larger label is measured by its
    label. WCAG 2.5.8's exceptions hold, each making an undersized control only advice on a
    phone and nothing on a desktop: spacing (its 24 px circle touches no other control, nor
    another undersized control's circle), a link inside a sentence, and a control the browser
    draws at its own size because no page style changed it. Links the step did not use are
    judged by WCAG 2.5.8 only, without the phone's advice."""
    mobile = evidence.device == "mobile"
    sized = [c for c in evidence.controls if c.width and c.height]
    if not sized:
        return Outcome.not_applicable("no sized controls were recorded")
    findings: list[Finding] = []
    for control in sized:
        smallest = min(control.width or 0, control.height or 0)
        limit = params.comfortable_px if mobile else params.min_px
        if smallest >= limit:
            continue
        undersized = smallest < params.min_px
        why_allowed = _exception(control, evidence.controls, params.min_px) if undersized else None
        tiny = undersized and why_allowed is None
        # Advice (2.5.5) is for controls the journey used and for the page's own buttons and
        # fields: every small text link in a menu or footer would drown it out.
        unused_link = not control.used and (control.role or "") == "link"
        if not tiny and (not mobile or unused_link):
            continue
        findings.append(_target_finding(control, tiny, why_allowed, params, ctx))
    cost = sum(1.0 if f.severity is Severity.major else 0.25 for f in findings)
    return Outcome(clamp(1 - cost / len(sized) * 2), findings)


def _exception(control: ControlRecord, controls: list[ControlRecord], min_px: float) -> str | None:
    """Which of WCAG 2.5.8's exceptions lets an undersized control be, in words; or None."""
    if control.in_sentence:
        return "it sits in a line of text"
    if control.browser_sized:
        return "it has the browser's own size"
    if _spaced(control, controls, min_px):
        return "nothing else is within reach"
    return None


def _target_finding(
    control: ControlRecord,
    tiny: bool,
    why_allowed: str | None,
    params: TouchTargetsParams,
    ctx: CheckContext,
) -> Finding:
    size = f"{control.width:.0f}×{control.height:.0f} px"
    if tiny:
        message = f"The {_describe(control)} is {size}: too small to hit reliably."
    else:
        allowed = f" ({why_allowed})" if why_allowed else ""
        message = f"The {_describe(control)} is {size}: small to tap{allowed}."
    return ctx.finding(
        Severity.major if tiny else Severity.minor,
        message,
        subject=control.accessible_name or control.selector,
        fix=f"Make it at least {params.comfortable_px:g}×{params.comfortable_px:g} px "
        f"(padding counts), or at least {params.min_px:g}×{params.min_px:g} px with space "
        "around it.",
        selector=control.selector,
        references=["WCAG 2.5.8" if tiny else "WCAG 2.5.5"],
        box=control.box,
    )


def _spaced(control: ControlRecord, controls: list[ControlRecord], diameter: float) -> bool:
    """WCAG 2.5.8's spacing exception: a circle of `diameter` centred on this control meets no
    other control, nor the circle of another undersized one. Unknown places: not spaced."""
    box = control.box
    if box is None:
        return False
    centre = (box.x + box.width / 2, box.y + box.height / 2)
    radius = diameter / 2
    for other in controls:
        place = other.box
        if other is control or place is None or place == box or _contains(place, box):
            continue
        if _distance_to_box(centre, place) < radius:
            return False
        undersized = min(place.width, place.height) < diameter
        other_centre = (place.x + place.width / 2, place.y + place.height / 2)
        if undersized and math.dist(centre, other_centre) < diameter:
            return False
    return True


def _contains(outer: Box, inner: Box) -> bool:
    return (
        outer.x <= inner.x
        and outer.y <= inner.y
        and outer.x + outer.width >= inner.x + inner.width
        and outer.y + outer.height >= inner.y + inner.height
    )


def _distance_to_box(point: tuple[float, float], box: Box) -> float:
    dx = max(box.x - point[0], 0.0, point[0] - (box.x + box.width))
    dy = max(box.y - point[1], 0.0, point[1] - (box.y + box.height))
    return math.hypot(dx, dy)

"""What the HTML report shows, worked out from a Run: plain data the template only lays out.

Every string here may come from the audited site; the template escapes all of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from selfshop.models.evidence import GuidedRating
from selfshop.models.results import (
    Finding,
    JourneyResult,
    Place,
    RankedFinding,
    Run,
    Severity,
    StepResult,
    Verdict,
    act_rule_url,
)
from selfshop.report.attachments import AttachmentView, attachment_views
from selfshop.report.compare import Comparison
from selfshop.report.images import ImageSource
from selfshop.report.plain import element_name, plain

VERDICT_WORDS = {
    Verdict.proud: "Proud",
    Verdict.middle: "Not proud yet",
    Verdict.redesign: "Redesign",
}
VERDICT_SYMBOLS = {Verdict.proud: "✓", Verdict.middle: "~", Verdict.redesign: "✗"}
FIX_FIRST_LIMIT = 50  # the ranked list is for acting on: the top 50 is plenty
FIX_FIRST_SHOWN = 10  # shown open; the rest of the list is folded away
TOP_FIXES = 3  # on the first screen


def when(iso: str | None) -> str:
    """'22 Nov 2026, 07:00 UTC' from an ISO date-time; the raw text if it is not one."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    zone = moment.strftime(" %Z") if moment.tzinfo else ""
    return moment.strftime("%d %b %Y, %H:%M") + zone


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{score:.0f}"


@dataclass(frozen=True)
class Badge:
    verdict: str  # css class suffix: proud / middle / redesign
    words: str
    symbol: str

    @classmethod
    def of(cls, verdict: Verdict) -> Badge:
        return cls(verdict.value, VERDICT_WORDS[verdict], VERDICT_SYMBOLS[verdict])


@dataclass(frozen=True)
class HeatCell:
    text: str
    band: str  # proud / middle / redesign / na
    standard: str
    disagreement: bool = False


@dataclass(frozen=True)
class HeatRow:
    anchor: str
    label: str
    cells: list[HeatCell]
    score: HeatCell
    weakest: bool


@dataclass(frozen=True)
class FindingView:
    severity: str
    standard: str
    message: str  # in plain words (selfshop.report.plain)
    fix: str
    element: str | None  # as a person would name it: 'the button “Pay now”'
    selector: str | None  # the CSS path: for engineers, folded away
    excerpt: str | None
    url: str | None
    references: list[str]  # WCAG criteria and the like; web links are in rule_url
    rule: str | None  # the rule's id (axe's or the check's), kept for engineers
    rule_url: str | None
    crop: str | None
    act_rules: list[tuple[str, str]] = field(default_factory=list)  # (ACT rule id, its page)


@dataclass(frozen=True)
class GuidedView:
    auditor: str
    walked_at: str
    ratings: list[tuple[str, str]]  # (standard title, "2/5" or "n/a")
    notes: str
    blocker: bool
    attachments: list[AttachmentView] = field(default_factory=list)  # photos, files


def show_trace_command(trace: str) -> str:
    """The command that opens a walk's Playwright trace, run from the run folder."""
    return f"playwright show-trace {trace}"


@dataclass
class StepView:
    anchor: str
    number: int
    name: str
    intent: str | None
    badge: Badge
    score: str
    status: str
    error: str | None
    reasons: list[str]
    thumb: str | None
    shot: str | None
    url: str | None
    title: str | None
    timings: list[tuple[str, str]]
    actions: list[tuple[str, str, bool, str | None]]  # kind, description, ok, error
    console: list[tuple[str, str]]
    findings: list[FindingView]
    guided: list[GuidedView]
    disagreements: list[str]
    trace: str | None = None  # link to the Playwright trace of the walk
    trace_command: str | None = None  # how to open it, from the run folder


@dataclass
class JourneyView:
    anchor: str
    key: str
    title: str
    device: str
    channel: str
    persona: str | None
    walker: str
    badge: Badge
    score: str
    why: str
    duration: str
    change: str | None
    steps: list[StepView]
    heat: list[HeatRow]
    words: str = ""  # the verdict in customer words


@dataclass(frozen=True)
class WhereLink:
    label: str
    anchor: str
    journey: str = ""  # journey_id@device, to count the journeys a finding reaches


@dataclass(frozen=True)
class FixView:
    rank: int
    finding: FindingView
    where: list[WhereLink]
    status: str | None  # "new" / "still open" when there is a previous run
    worst: WhereLink | None = None  # where the worst instance of a repeated finding is

    @property
    def reach(self) -> str:
        """'on 1 step' / 'on 32 steps in 8 journeys': how many customers meet it."""
        steps = len(self.where)
        journeys = len({w.journey for w in self.where})
        text = f"on {steps} step{'s' if steps != 1 else ''}"
        return text + (f" in {journeys} journeys" if journeys > 1 else "")


@dataclass(frozen=True)
class TopFix:
    """One of the first screen's three things to fix: the finding with a picture of it."""

    fix: FixView
    picture: str | None  # the crop of the element, else the step's screenshot
    picture_is_crop: bool


@dataclass(frozen=True)
class OverviewRow:
    """One journey on one device in the first screen's standards × journeys heatmap."""

    anchor: str
    key: str  # journey_id@device
    title: str
    device: str
    badge: Badge
    words: str  # the verdict in customer words
    cells: list[HeatCell]
    score: HeatCell


@dataclass(frozen=True)
class ChangeRow:
    title: str
    device: str
    before: str
    now: str
    change: str
    direction: str  # up / down / same / new


@dataclass
class ComparisonView:
    previous_run_id: str
    previous_started_at: str
    rows: list[ChangeRow]
    removed: list[str]
    new: list[FixView]
    fixed: list[FixView]
    still_open: list[FixView]


@dataclass
class ReportView:
    page_title: str
    organisation: str
    audit: str
    run_id: str
    started_at: str
    finished_at: str
    base_url: str | None
    standards_version: str
    walker: str
    selfshop_version: str
    interrupted: bool
    proud_threshold: float
    redesign_threshold: float
    gate_passed: bool
    gate_reasons: list[str]
    standards: list[tuple[str, str]]  # (id, title)
    journeys: list[JourneyView]
    fix_first: list[FixView]
    fix_first_total: int
    comparison: ComparisonView | None
    disagreement_count: int = field(default=0)
    vision: str = ""
    top_fixes: list[TopFix] = field(default_factory=list)
    overview: list[OverviewRow] = field(default_factory=list)
    answer: str = ""

    @property
    def has_gate(self) -> bool:
        """Only an audit run has a CI gate: a guided walk is a person's view, gated by nobody."""
        return not self.walker.startswith("guided:")

    @property
    def fix_first_open(self) -> list[FixView]:
        return self.fix_first[:FIX_FIRST_SHOWN]

    @property
    def fix_first_folded(self) -> list[FixView]:
        return self.fix_first[FIX_FIRST_SHOWN:]

    @property
    def gate_line(self) -> str:
        """The CI gate in one line: engineers follow the fold for the reasons."""
        if self.gate_passed:
            return "CI gate: passed"
        count = len(self.gate_reasons)
        return f"CI gate: failed ({count} reason{'s' if count != 1 else ''})"


def build_view(run: Run, images: ImageSource, comparison: Comparison | None) -> ReportView:
    titles = {s.id: s.title for s in run.standards}
    builder = _ViewBuilder(run, images, titles, comparison)
    journeys = [builder.journey(number, j) for number, j in enumerate(run.journeys)]
    ranked = merge_twins(run.ranked_findings())
    fixes = [builder.fix(rank, r) for rank, r in enumerate(ranked[:FIX_FIRST_LIMIT], 1)]
    return ReportView(
        page_title=f"{run.audit} – selfshop report",
        organisation=run.organisation,
        audit=run.audit,
        run_id=run.run_id,
        started_at=when(run.started_at),
        finished_at=when(run.finished_at),
        base_url=run.base_url,
        standards_version=run.standards_version or "unknown",
        walker=str(run.walker),
        selfshop_version=run.selfshop_version,
        interrupted=run.interrupted,
        proud_threshold=run.proud_threshold,
        redesign_threshold=run.redesign_threshold,
        gate_passed=run.gate.passed,
        gate_reasons=run.gate.reasons,
        standards=[(s.id, s.title) for s in run.standards] or builder.standards_from_steps(),
        journeys=journeys,
        fix_first=fixes,
        fix_first_total=len(ranked),
        comparison=builder.comparison_view(),
        disagreement_count=sum(len(s.disagreements) for j in journeys for s in j.steps),
        vision=run.vision,
        answer=answer(run.journeys),
        top_fixes=[builder.top_fix(ranked[i], fixes[i]) for i in top_three(ranked[: len(fixes)])],
        overview=[
            builder.overview_row(j, view) for j, view in zip(run.journeys, journeys, strict=True)
        ],
    )


class _ViewBuilder:
    def __init__(
        self, run: Run, images: ImageSource, titles: dict[str, str], comparison: Comparison | None
    ) -> None:
        self.run = run
        self.images = images
        self.titles = titles
        self.comparison = comparison
        self.anchors: dict[str, str] = {}  # journey key -> anchor
        for number, journey in enumerate(run.journeys):
            self.anchors.setdefault(journey.key, f"j{number + 1}")
        self.journey_titles = {j.key: j.title for j in run.journeys}
        self.new_keys = (
            {r.finding.identity for r in comparison.new_findings} if comparison else set()
        )

    def standards_from_steps(self) -> list[tuple[str, str]]:
        ids: dict[str, None] = {}
        for journey in self.run.journeys:
            for step in journey.steps:
                ids.update(dict.fromkeys(step.standard_scores))
        return [(i, self.titles.get(i, i)) for i in ids]

    def band(self, score: float | None) -> str:
        return "na" if score is None else self.run.band(score).value

    def journey(self, number: int, journey: JourneyResult) -> JourneyView:
        anchor = self.anchors.get(journey.key, f"j{number + 1}")
        steps = [self.step(anchor, i, step) for i, step in enumerate(journey.steps)]
        change = None
        if self.comparison and journey.key in self.comparison.journeys:
            change = self.comparison.journeys[journey.key].describe()
        return JourneyView(
            anchor=anchor,
            key=journey.key,
            title=journey.title,
            device=journey.walked_as,
            channel=journey.channel,
            persona=journey.persona,
            walker=str(journey.walker),
            badge=Badge.of(journey.verdict),
            score=score_text(journey.score),
            why=self.why(journey),
            duration=f"{journey.duration_ms / 1000:.1f} s",
            change=change,
            steps=steps,
            heat=self.heat(journey, steps),
            words=customer_words(journey),
        )

    def why(self, journey: JourneyResult) -> str:
        """One sentence: the scorer's first reason, else the weakest moment and its top fix."""
        if journey.reasons:
            return journey.reasons[0]
        if not journey.steps:
            return "No steps were walked."
        index = journey.weakest_step
        if index is None or not 0 <= index < len(journey.steps):
            scores = [101.0 if s.score is None else s.score for s in journey.steps]
            index = scores.index(min(scores))
        weakest = journey.steps[index]
        name = weakest.evidence.step_name
        if journey.verdict is Verdict.proud:
            return (
                f"Every step meets the standards; the weakest is “{name}” "
                f"({score_text(weakest.score)})."
            )
        top = (
            journey.fix_first[0].finding.message
            if journey.fix_first
            else (weakest.findings[0].message if weakest.findings else "")
        )
        sentence = f"Weakest moment: step {index + 1}, “{name}” ({score_text(weakest.score)})."
        return f"{sentence} Fix first: {top}" if top else sentence

    def heat(self, journey: JourneyResult, steps: list[StepView]) -> list[HeatRow]:
        rows = []
        standards = [
            i
            for i, _ in (
                [(s.id, s.title) for s in self.run.standards] or self.standards_from_steps()
            )
        ]
        for index, (step, view) in enumerate(zip(journey.steps, steps, strict=True)):
            flagged = _disagreeing_standards(step, self.run)
            cells = [
                HeatCell(
                    score_text(step.standard_scores.get(s)),
                    self.band(step.standard_scores.get(s)),
                    self.titles.get(s, s),
                    s in flagged,
                )
                for s in standards
            ]
            rows.append(
                HeatRow(
                    anchor=view.anchor,
                    label=f"{index + 1}. {step.evidence.step_name}",
                    cells=cells,
                    score=HeatCell(score_text(step.score), self.band(step.score), "Step score"),
                    weakest=journey.weakest_step == index,
                )
            )
        return rows

    def step(self, journey_anchor: str, index: int, step: StepResult) -> StepView:
        evidence = step.evidence
        timings = [
            (label, f"{value:.0f} ms")
            for label, value in (
                ("Felt by the customer", evidence.timings.felt_ms),
                ("First byte", evidence.timings.ttfb_ms),
                ("Page loaded", evidence.timings.load_ms),
                ("Largest paint", evidence.timings.lcp_ms),
            )
            if value is not None
        ]
        if evidence.timings.cls is not None:
            timings.append(("Layout shift", f"{evidence.timings.cls:.3f}"))
        return StepView(
            anchor=f"{journey_anchor}-s{index + 1}",
            number=index + 1,
            name=evidence.step_name,
            intent=evidence.intent,
            badge=Badge.of(step.verdict),
            score=score_text(step.score),
            status=evidence.status.value.replace("_", " "),
            error=evidence.error,
            reasons=step.reasons,
            thumb=self.images.embed(evidence.thumbnail or evidence.screenshot),
            shot=self.images.link(evidence.screenshot),
            url=evidence.url,
            title=evidence.title,
            timings=timings,
            actions=[(a.kind, a.description, a.ok, a.error) for a in evidence.actions],
            console=[(c.level, c.text) for c in evidence.console[:20]],
            findings=[
                self.finding(f) for f in sorted(step.findings, key=lambda f: -f.severity.rank)
            ],
            guided=[self.guided(g) for g in evidence.guided],
            disagreements=_disagreements(step, self.run, self.titles),
            trace=self.images.link(evidence.trace),
            trace_command=show_trace_command(evidence.trace) if evidence.trace else None,
        )

    def finding(self, finding: Finding) -> FindingView:
        words = plain(finding)
        return FindingView(
            severity=finding.severity.value,
            standard=self.titles.get(finding.standard, finding.standard),
            message=words.message,
            fix=words.fix,
            element=element_name(finding.evidence.excerpt),
            selector=finding.evidence.selector,
            excerpt=finding.evidence.excerpt,
            url=finding.evidence.url,
            references=[r for r in finding.references if r != words.rule_url],
            rule=words.rule,
            rule_url=words.rule_url,
            crop=self.images.embed(finding.evidence.crop),
            act_rules=[(rule, act_rule_url(rule)) for rule in finding.act_rules],
        )

    def overview_row(self, journey: JourneyResult, view: JourneyView) -> OverviewRow:
        standards = [s for s, _ in self.standard_ids()]
        return OverviewRow(
            anchor=view.anchor,
            key=journey.key,
            title=journey.title,
            device=journey.device,
            badge=view.badge,
            words=view.words,
            cells=[
                HeatCell(
                    score_text(journey.standard_scores.get(s)),
                    self.band(journey.standard_scores.get(s)),
                    self.titles.get(s, s),
                )
                for s in standards
            ],
            score=HeatCell(view.score, self.band(journey.score), "Journey score"),
        )

    def standard_ids(self) -> list[tuple[str, str]]:
        return [(s.id, s.title) for s in self.run.standards] or self.standards_from_steps()

    def step_of(self, place: Place) -> StepResult | None:
        for journey in self.run.journeys:
            if journey.key == place.journey and place.step_index is not None:
                return next(
                    (s for s in journey.steps if s.evidence.step_index == place.step_index), None
                )
        return None

    def worst_place(self, ranked: RankedFinding) -> Place | None:
        """The first place where the finding was met at its worst (the group's severity)."""
        for place in ranked.places:
            step = self.step_of(place)
            if step is not None and any(
                f.identity == ranked.finding.identity and f.severity is ranked.finding.severity
                for f in step.findings
            ):
                return place
        return ranked.places[0] if ranked.places else None

    def top_fix(self, ranked: RankedFinding, fix: FixView) -> TopFix:
        crop = self.images.embed(ranked.finding.evidence.crop)
        if crop is not None:
            return TopFix(fix, crop, True)
        place = self.worst_place(ranked)
        step = self.step_of(place) if place else None
        shot = None
        if step is not None:
            shot = self.images.embed(step.evidence.thumbnail or step.evidence.screenshot)
        return TopFix(fix, shot, False)

    def guided(self, rating: GuidedRating) -> GuidedView:
        return GuidedView(
            auditor=rating.auditor,
            walked_at=when(rating.walked_at),
            ratings=[
                (self.titles.get(s, s), "n/a" if r is None else f"{r}/5")
                for s, r in rating.ratings.items()
            ],
            notes=rating.notes,
            blocker=rating.blocker,
            attachments=attachment_views(rating.attachments, self.images),
        )

    def where_link(self, place: Place) -> WhereLink:
        anchor = self.anchors.get(place.journey)
        title = self.journey_titles.get(place.journey, place.journey)
        label = f"{title} ({place.device})"
        if anchor is None:
            return WhereLink(label, "", place.journey)
        if place.step_index is not None:
            number = place.step_index + 1
            return WhereLink(f"{label}, step {number}", f"{anchor}-s{number}", place.journey)
        return WhereLink(label, anchor, place.journey)

    def where(self, ranked: RankedFinding) -> list[WhereLink]:
        return [self.where_link(place) for place in ranked.places]

    def fix(self, rank: int, ranked: RankedFinding) -> FixView:
        status = None
        if self.comparison is not None:
            status = "new" if ranked.finding.identity in self.new_keys else "still open"
        worst = self.worst_place(ranked)
        return FixView(
            rank=rank,
            finding=self.finding(ranked.finding),
            where=self.where(ranked),
            status=status,
            worst=self.where_link(worst) if worst is not None else None,
        )

    def comparison_view(self) -> ComparisonView | None:
        comparison = self.comparison
        if comparison is None:
            return None
        rows = []
        for journey in self.run.journeys:
            change = comparison.journeys.get(journey.key)
            if change is None:
                continue
            before = (
                "–"
                if change.is_new
                else (
                    f"{VERDICT_WORDS[change.previous_verdict]} {score_text(change.previous_score)}"
                    if change.previous_verdict
                    else score_text(change.previous_score)
                )
            )
            delta = change.delta
            direction = (
                "new"
                if change.is_new
                else ("same" if not delta else ("up" if delta > 0 else "down"))
            )
            rows.append(
                ChangeRow(
                    title=journey.title,
                    device=journey.device,
                    before=before,
                    now=f"{VERDICT_WORDS[journey.verdict]} {score_text(journey.score)}",
                    change=change.describe(),
                    direction=direction,
                )
            )
        return ComparisonView(
            previous_run_id=comparison.previous_run_id,
            previous_started_at=when(comparison.previous_started_at),
            rows=rows,
            removed=comparison.removed,
            new=[self.fix(i, r) for i, r in enumerate(comparison.new_findings, 1)],
            fixed=[self.fix_gone(i, r) for i, r in enumerate(comparison.fixed_findings, 1)],
            still_open=[self.fix(i, r) for i, r in enumerate(comparison.open_findings, 1)],
        )

    def fix_gone(self, rank: int, ranked: RankedFinding) -> FixView:
        """A fixed finding: it lived in the previous run, so its places are not linked."""
        where = [WhereLink(place.label, "", place.journey) for place in ranked.places]
        return FixView(rank=rank, finding=self.finding(ranked.finding), where=where, status="fixed")


def customer_words(journey: JourneyResult) -> str:
    """The verdict as a customer would feel it, in a few words."""
    stopped = next((s for s in journey.steps if s.evidence.error), None)
    if stopped is not None:
        return f"Customers are stopped at “{stopped.evidence.step_name}”"
    if any(r.finding.severity is Severity.blocker for r in journey.fix_first):
        return "Some customers cannot finish"
    return {
        Verdict.proud: "Customers get through well",
        Verdict.middle: "Customers get through, but not proudly",
        Verdict.redesign: "Customers have a poor time",
    }[journey.verdict]


def answer(journeys: list[JourneyResult]) -> str:
    """The first screen's one-sentence answer to "would we be proud?"."""
    if not journeys:
        return "Nothing was walked."
    count = len(journeys)
    proud = sum(j.verdict is Verdict.proud for j in journeys)
    redesign = sum(j.verdict is Verdict.redesign for j in journeys)
    if proud == count:
        return f"Yes: all {count} journeys make us proud."
    lead = "Not yet" if redesign == 0 else "No"
    parts = [f"{proud} of {count} journeys make us proud"]
    if redesign:
        parts.append(f"{redesign} need{'s' if redesign == 1 else ''} redesigning")
    return f"{lead}: {'; '.join(parts)}."


def top_three(ranked: list[RankedFinding]) -> list[int]:
    """Indexes of the first screen's three things to fix: the first-ranked finding of each of
    the first three standards the list reaches (three different problems, for three owners),
    filled in rank order when fewer standards have findings."""
    chosen: list[int] = []
    standards: set[str] = set()
    for index, item in enumerate(ranked):
        if item.finding.standard not in standards and len(chosen) < TOP_FIXES:
            chosen.append(index)
            standards.add(item.finding.standard)
    rest = [i for i in range(len(ranked)) if i not in chosen]
    return sorted(chosen + rest[: TOP_FIXES - len(chosen)])


def merge_twins(ranked: list[RankedFinding]) -> list[RankedFinding]:
    """One line per problem: two checks that flag the same WCAG criterion on the same element
    at the same places (axe's html-has-lang and a language check, say) are one thing to fix;
    the first-ranked wording is kept."""
    kept: list[RankedFinding] = []
    seen: set[tuple[object, ...]] = set()
    for item in ranked:
        finding = item.finding
        criteria = frozenset(r for r in finding.references if r.startswith("WCAG "))
        twin = (
            finding.standard,
            criteria,
            finding.evidence.selector,
            tuple(str(p) for p in item.places),
        )
        if criteria and twin in seen:
            continue
        seen.add(twin)
        kept.append(item)
    return kept


def _ratings(step: StepResult) -> list[tuple[GuidedRating, str, int]]:
    return [
        (g, standard, value)
        for g in step.evidence.guided
        for standard, value in g.ratings.items()
        if value is not None
    ]


def _disagreeing_standards(step: StepResult, run: Run) -> set[str]:
    machine = step.machine_scores()
    return {
        standard
        for _, standard, value in _ratings(step)
        if _conflicts(machine.get(standard), value, run)
    }


def _conflicts(score: float | None, rating: int, run: Run) -> bool:
    """The checks call it proud and a person rated it 1-2, or the checks say redesign and a
    person rated it 4-5."""
    if score is None:
        return False
    band = run.band(score)
    return (band is Verdict.proud and rating <= 2) or (band is Verdict.redesign and rating >= 4)


def _disagreements(step: StepResult, run: Run, titles: dict[str, str]) -> list[str]:
    """Where a person and the machine disagree: the machine's own score (before the person's
    rating was blended into it) against the rating."""
    notes = []
    machine = step.machine_scores()
    for rating, standard, value in _ratings(step):
        score = machine.get(standard)
        if not _conflicts(score, value, run) or score is None:
            continue
        checks_say = run.band(score).value  # proud or redesign: only those conflict
        notes.append(
            f"The checks call {titles.get(standard, standard)} {checks_say} "
            f"({score:.0f}), but {rating.auditor} rated it {value}/5."
        )
    for rating in step.evidence.guided:
        if rating.blocker and step.verdict is Verdict.proud:
            notes.append(
                f"The checks call this step proud, but {rating.auditor} said it stopped them."
            )
    return notes

"""Judgement: check results, scores, verdicts and the run that holds them (run.json)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema

from selfshop.models.common import DataModel
from selfshop.models.evidence import STOPPED_STEPS, Box, StepEvidence
from selfshop.models.journey import Channel, Journey
from selfshop.models.shard import ShardInfo
from selfshop.models.standards import Standards

RUN_SCHEMA_VERSION = 1


class Severity(StrEnum):
    blocker = "blocker"
    major = "major"
    minor = "minor"
    info = "info"

    @property
    def rank(self) -> int:
        return {"blocker": 8, "major": 4, "minor": 2, "info": 1}[self.value]


class Verdict(StrEnum):
    proud = "proud"
    middle = "middle"  # between the bands: not proud yet, no redesign needed
    redesign = "redesign"

    @property
    def rank(self) -> int:
        return {"redesign": 0, "middle": 1, "proud": 2}[self.value]

    @classmethod
    def of_score(cls, score: float, proud: float, redesign: float) -> Verdict:
        """The band a score falls in: proud at or above the proud line, redesign below the
        redesign line, middle between (blockers are the judge's business, not the band's)."""
        if score >= proud:
            return cls.proud
        if score < redesign:
            return cls.redesign
        return cls.middle


@dataclass(frozen=True)
class Walker:
    """Who walked a journey: the automated walker, or a person (guided) by name.

    Written in run.json as 'automated' or 'guided:<auditor>', as it always was."""

    auditor: str | None = None  # None: the automated walker

    @property
    def is_guided(self) -> bool:
        return self.auditor is not None

    @classmethod
    def parse(cls, text: object) -> Walker:
        if isinstance(text, Walker):
            return text
        kind, _, auditor = str(text).partition(":")
        return cls(auditor) if kind == "guided" else cls()

    def __str__(self) -> str:
        return f"guided:{self.auditor}" if self.auditor is not None else "automated"


WalkerField = Annotated[
    Walker,
    PlainValidator(Walker.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "description": "'automated' or 'guided:<auditor>'"}),
]
AUTOMATED = Walker()


class FindingEvidence(DataModel):
    selector: str | None = None
    excerpt: str | None = Field(None, description="Text from the site: untrusted")
    url: str | None = None
    crop: str | None = Field(None, description="Screenshot crop, relative to the run folder")
    box: Box | None = None


ACT_RULES_URL = "https://www.w3.org/WAI/standards-guidelines/act/rules/"


def act_rule_url(rule_id: str) -> str:
    """The W3C page of an ACT rule, by its id ('2ee8b8')."""
    return f"{ACT_RULES_URL}{rule_id}/"


class Finding(DataModel):
    check_id: str
    standard: str
    severity: Severity
    message: str = Field(description="Plain words a non-engineer understands")
    fix: str = ""
    evidence: FindingEvidence = Field(default_factory=FindingEvidence)
    references: list[str] = Field(default_factory=list, description="e.g. 'WCAG 1.1.1'")
    key: str = Field("", description="Stable identity across runs, for new/fixed comparisons")
    page: str | None = Field(
        None,
        description="The page it is about, when not the page the step ended on: title and address",
    )
    wcag_barrier: bool = Field(
        False,
        description="Fails a WCAG 2 level A or AA success criterion: the page cannot be proud",
    )
    unseen: bool = Field(
        False,
        description="Customers never meet it on the page (a missing header, a cookie flag): "
        "fixed after what they do meet",
    )
    act_rules: list[str] = Field(
        default_factory=list,
        description="W3C ACT rule ids the check implements, e.g. '2ee8b8' (see act_rule_url)",
    )

    @property
    def identity(self) -> str:
        """The finding's stable identity; checks set `key`, older runs may lack it."""
        return self.key or f"{self.check_id}|{self.standard}|{self.message}"


class CheckStatus(StrEnum):
    scored = "scored"
    not_applicable = "not_applicable"
    error = "error"  # evidence missing or the check itself failed: shown, never a crash


class CheckResult(DataModel):
    check_id: str
    standard: str
    status: CheckStatus = CheckStatus.scored
    score: float | None = Field(None, ge=0, le=1)
    weight: float = 1
    findings: list[Finding] = Field(default_factory=list)
    error: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    reason: str | None = Field(None, description="Why the check did not apply (not_applicable)")


class StepResult(DataModel):
    evidence: StepEvidence
    checks: list[CheckResult] = Field(default_factory=list)
    standard_scores: dict[str, float | None] = Field(
        default_factory=dict, description="Standard id -> 0-100 (None: nothing applied)"
    )
    score: float | None = Field(None, description="Capped so it agrees with the verdict")
    uncapped_score: float | None = Field(None, description="The checks' weighted mean, uncapped")
    verdict: Verdict = Verdict.redesign
    reasons: list[str] = Field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for c in self.checks for f in c.findings]

    def machine_scores(self) -> dict[str, float | None]:
        """Each standard's 0-100 score from the automated checks alone, before a person's
        ratings were blended in (what a leader's rating is compared with); a standard no
        person rated keeps its score."""
        blended = {c.standard for c in self.checks if c.check_id in PEOPLE_CHECKS}
        scores: dict[str, float | None] = dict(self.standard_scores)
        for standard in blended:
            pairs = [
                (c.score, c.weight)
                for c in self.checks
                if c.standard == standard
                and c.check_id not in PEOPLE_CHECKS
                and c.status is CheckStatus.scored
                and c.score is not None
            ]
            weight = sum(w for _, w in pairs)
            scores[standard] = (
                round(sum(v * w for v, w in pairs) / weight * 100, 2) if weight > 0 else None
            )
        return scores


# Results that carry a person's view rather than the machine's (selfshop.judge.checks.guided).
PEOPLE_CHECKS = frozenset({"guided", "measures"})


def walk_key(journey_id: str, device: str, lens: str | None = None) -> str:
    """One walk's key, in history and run.json: journey_id@device, and +lens for a lens walk."""
    return f"{journey_id}@{device}" + (f"+{lens}" if lens else "")


@dataclass(frozen=True)
class Place:
    """Where a finding was met: a journey on a device (journey_id@device), and which step.

    Written in run.json as 'journey_id@device#step_index' (0-based), as it always was."""

    journey: str  # journey_id@device
    step_index: int | None = None

    @classmethod
    def parse(cls, text: object) -> Place:
        if isinstance(text, Place):
            return text
        key, _, index = str(text).partition("#")
        return cls(key, int(index)) if index.isdigit() else cls(key)

    @property
    def device(self) -> str:
        return self.journey.rpartition("@")[2]

    @property
    def label(self) -> str:
        """For people: 'journey@device step 3' (steps counted from one)."""
        return (
            self.journey
            if self.step_index is None
            else f"{self.journey} step {self.step_index + 1}"
        )

    def __str__(self) -> str:
        return self.journey if self.step_index is None else f"{self.journey}#{self.step_index}"


PlaceField = Annotated[
    Place,
    PlainValidator(Place.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "description": "journey_id@device#step_index"}),
]


class RankedFinding(DataModel):
    finding: Finding
    priority: float
    journeys: list[str] = Field(default_factory=list, description="journey_id@device")
    steps: list[PlaceField] = Field(default_factory=list)

    @property
    def places(self) -> list[Place]:
        """Where it was met: its steps, else (older runs) its journeys."""
        return self.steps or [Place(key) for key in self.journeys]


class JourneyResult(DataModel):
    journey_id: str
    title: str
    channel: Channel = Channel.web
    device: str = "desktop"
    lens: str | None = Field(None, description="The customer lens walked; None: the plain walk")
    persona: str | None = None
    walker: WalkerField = AUTOMATED
    steps: list[StepResult] = Field(default_factory=list)
    standard_scores: dict[str, float | None] = Field(default_factory=dict)
    score: float | None = Field(None, description="Capped so it agrees with the verdict")
    uncapped_score: float | None = Field(None, description="The standards' weighted mean, uncapped")
    weakest_step: int | None = Field(None, description="Index of the lowest-scoring step")
    verdict: Verdict = Verdict.redesign
    reasons: list[str] = Field(default_factory=list)
    fix_first: list[RankedFinding] = Field(default_factory=list)
    duration_ms: float = 0
    definition: Journey | None = Field(
        None, description="The journey as walked (secrets masked), to re-judge without a browser"
    )

    @property
    def key(self) -> str:
        return walk_key(self.journey_id, self.device, self.lens)

    @property
    def walked_as(self) -> str:
        """The device, and the customer lens when one: 'desktop' or 'desktop, keyboard'."""
        return f"{self.device}, {self.lens}" if self.lens else self.device

    @property
    def cut_short(self) -> bool:
        """The run was stopped before this journey was walked to its end: it has no score."""
        return any(s.evidence.error in STOPPED_STEPS for s in self.steps)


class GateOutcome(DataModel):
    passed: bool = True
    reasons: list[str] = Field(default_factory=list)


class StandardSummary(DataModel):
    id: str
    title: str
    weight: float


class GoalLine(DataModel):
    """A goal of the charter as it stood when the run was made: drawn on the dashboard."""

    id: str = Field(description="'overall', or the standard's id")
    target: float
    by: str = Field(description="ISO date")
    milestones: list[tuple[float, str]] = Field(
        default_factory=list, description="(score, ISO date), earliest first"
    )


class Run(DataModel):
    schema_version: int = RUN_SCHEMA_VERSION
    run_id: str
    audit: str = Field(description="Audit name")
    audit_file: str | None = None
    base_url: str | None = None
    started_at: str
    finished_at: str | None = None
    interrupted: bool = False
    walker: WalkerField = AUTOMATED
    organisation: str = ""
    vision: str = Field("", description="The organisation's vision line, heading its reports")
    standards_version: str = Field("", description="Hash of the standards file used")
    standards: list[StandardSummary] = Field(default_factory=list)
    proud_threshold: float = 85
    redesign_threshold: float = 60
    goals: list[GoalLine] = Field(default_factory=list)
    journeys: list[JourneyResult] = Field(default_factory=list)
    fix_first: list[RankedFinding] = Field(default_factory=list)
    gate: GateOutcome = Field(default_factory=GateOutcome)
    selfshop_version: str = ""
    shard: ShardInfo | None = Field(
        None, description="Set on a shard's run: one share of an audit, to merge with the rest"
    )

    def band(self, score: float) -> Verdict:
        """The band a 0-100 score falls in, by the lines of the standards that judged this run."""
        return Verdict.of_score(score, self.proud_threshold, self.redesign_threshold)

    def judged_with(self, standards: Standards, version: str | None = None) -> Run:
        """This run's header naming the standards that judge it (and their version)."""
        update: dict[str, Any] = {
            "organisation": standards.organisation,
            "vision": standards.vision or "",
            "standards": [
                StandardSummary(id=s.id, title=s.title, weight=s.weight)
                for s in standards.standards
            ],
            "proud_threshold": standards.verdict.proud,
            "redesign_threshold": standards.verdict.redesign,
            "goals": [
                GoalLine(
                    id=goal_id,
                    target=goal.target,
                    by=goal.by.isoformat(),
                    milestones=[(m.score, m.by.isoformat()) for m in goal.milestones],
                )
                for goal_id, goal in standards.goals().items()
            ],
        }
        if version is not None:
            update["standards_version"] = version
        return self.model_copy(update=update)

    def ranked_findings(self) -> list[RankedFinding]:
        """The run's fix-first list, ranked again for runs saved without one."""
        return self.fix_first or rank(self.journeys, {s.id: s.weight for s in self.standards})


# --- fix first ------------------------------------------------------------------------------


@dataclass
class _Group:
    finding: Finding
    steps: set[Place] = field(default_factory=set)
    journeys: set[str] = field(default_factory=set)


def rank(journeys: Sequence[JourneyResult], weights: Mapping[str, float]) -> list[RankedFinding]:
    """Findings merged by key, in the order customers meet them: blockers first (a customer
    who cannot finish outranks a header missing on every page, however many pages that is),
    then what they see or use on the page, then hygiene they never see (`Finding.unseen`);
    within each, major before minor, then by steps touched × standard weight.

    Information is left out (nothing to fix). A blocker counts its standard's weight as at
    least 1: it stops customers whatever the standards' weights say. `weights` are the
    standards' weights by id (a standard not there counts 1).
    """
    groups: dict[str, _Group] = {}
    for journey in journeys:
        for step in journey.steps:
            for finding in step.findings:
                if finding.severity is Severity.info:
                    continue
                group = groups.setdefault(finding.identity, _Group(finding))
                if finding.severity.rank > group.finding.severity.rank:
                    group.finding = finding
                group.steps.add(Place(journey.key, step.evidence.step_index))
                group.journeys.add(journey.key)
    ranked = []
    for group in groups.values():
        weight = weights.get(group.finding.standard, 1.0)
        if group.finding.severity is Severity.blocker:
            weight = max(weight, 1.0)
        priority = group.finding.severity.rank * len(group.steps) * weight
        if priority <= 0:
            continue
        ranked.append(
            RankedFinding(
                finding=group.finding,
                priority=round(priority, 3),
                journeys=sorted(group.journeys),
                steps=sorted(group.steps, key=str),
            )
        )
    ranked.sort(
        key=lambda r: (
            r.finding.severity is not Severity.blocker,
            r.finding.unseen,
            -r.finding.severity.rank,
            -r.priority,
            r.finding.key,
        )
    )
    return ranked

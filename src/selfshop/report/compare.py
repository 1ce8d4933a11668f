"""What changed since the previous run of the same audit: scores, verdicts, findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from selfshop.models.results import JourneyResult, RankedFinding, Run, Verdict


@dataclass(frozen=True)
class JourneyChange:
    key: str  # journey_id@device
    score: float | None
    verdict: Verdict
    previous_score: float | None = None
    previous_verdict: Verdict | None = None
    is_new: bool = False  # not walked in the previous run

    @property
    def delta(self) -> float | None:
        if self.score is None or self.previous_score is None:
            return None
        return round(self.score - self.previous_score, 1)

    @property
    def verdict_changed(self) -> bool:
        return self.previous_verdict is not None and self.previous_verdict != self.verdict

    def describe(self) -> str:
        """Short words for a table cell: '+4.2', '-7.0 (was proud)', 'new', 'no change'."""
        if self.is_new:
            return "new"
        parts = []
        delta = self.delta
        if delta is not None:
            parts.append("no change" if delta == 0 else f"{delta:+.1f}")
        if self.verdict_changed and self.previous_verdict is not None:
            parts.append(f"(was {self.previous_verdict.value})")
        return " ".join(parts) or "no score"


@dataclass
class Comparison:
    previous_run_id: str
    previous_started_at: str
    journeys: dict[str, JourneyChange] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)  # journeys walked last time, not this time
    new_findings: list[RankedFinding] = field(default_factory=list)
    fixed_findings: list[RankedFinding] = field(default_factory=list)
    open_findings: list[RankedFinding] = field(default_factory=list)  # still open


def compare(run: Run, previous: Run) -> Comparison:
    before = {j.key: j for j in previous.journeys}
    comparison = Comparison(
        previous_run_id=previous.run_id, previous_started_at=previous.started_at
    )
    for journey in run.journeys:
        comparison.journeys[journey.key] = _change(journey, before.get(journey.key))
    walked = {j.key for j in run.journeys}
    comparison.removed = [key for key in before if key not in walked]

    now = {r.finding.identity: r for r in run.ranked_findings()}
    then = {r.finding.identity: r for r in previous.ranked_findings()}
    comparison.new_findings = [r for key, r in now.items() if key not in then]
    comparison.open_findings = [r for key, r in now.items() if key in then]
    # Gone only counts as fixed where we looked again: a journey not walked fixes nothing.
    comparison.fixed_findings = [
        r
        for key, r in then.items()
        if key not in now and (not r.journeys or walked.intersection(r.journeys))
    ]
    return comparison


def _change(journey: JourneyResult, previous: JourneyResult | None) -> JourneyChange:
    if previous is None:
        return JourneyChange(
            key=journey.key, score=journey.score, verdict=journey.verdict, is_new=True
        )
    return JourneyChange(
        key=journey.key,
        score=journey.score,
        verdict=journey.verdict,
        previous_score=previous.score,
        previous_verdict=previous.verdict,
    )

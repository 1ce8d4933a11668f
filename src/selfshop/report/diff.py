"""Two runs side by side: each journey's verdict and score, and findings new, fixed and
unchanged. The same comparison report.html shows against the previous run."""

from __future__ import annotations

from dataclasses import dataclass

from selfshop.models.results import RankedFinding, Run, Verdict
from selfshop.report.compare import Comparison, compare
from selfshop.report.view import VERDICT_WORDS, score_text, when


@dataclass(frozen=True)
class JourneyRow:
    key: str
    title: str
    before: str  # 'Proud 91', or 'not walked'
    after: str
    change: str  # '-38.5 (was proud)', 'new', 'not walked this time'
    verdict_before: str | None  # css class suffix: proud | middle | redesign
    verdict_after: str | None
    worse: bool


@dataclass(frozen=True)
class FindingRow:
    standard: str
    severity: str
    message: str
    where: str


@dataclass(frozen=True)
class RunDiff:
    before_id: str
    before_when: str
    after_id: str
    after_when: str
    audit: str
    journeys: list[JourneyRow]
    new: list[FindingRow]
    fixed: list[FindingRow]
    unchanged: list[FindingRow]


def _verdict_words(verdict: Verdict, score: float | None) -> str:
    return f"{VERDICT_WORDS[verdict]} {score_text(score)}"


def _finding(ranked: RankedFinding) -> FindingRow:
    places = ranked.places
    where = ", ".join(p.label for p in places[:3]) + (" …" if len(places) > 3 else "")
    finding = ranked.finding
    return FindingRow(finding.standard, finding.severity.value, finding.message, where)


def diff_runs(before: Run, after: Run) -> RunDiff:
    comparison: Comparison = compare(after, before)
    earlier = {j.key: j for j in before.journeys}
    rows = []
    for journey in after.journeys:
        change = comparison.journeys[journey.key]
        was = earlier.get(journey.key)
        rows.append(
            JourneyRow(
                key=journey.key,
                title=journey.title,
                before=_verdict_words(was.verdict, was.score) if was else "not walked",
                after=_verdict_words(journey.verdict, journey.score),
                change=change.describe(),
                verdict_before=was.verdict.value if was else None,
                verdict_after=journey.verdict.value,
                worse=was is not None and journey.verdict.rank < was.verdict.rank,
            )
        )
    for key in comparison.removed:
        was = earlier[key]
        rows.append(
            JourneyRow(
                key, was.title, _verdict_words(was.verdict, was.score), "not walked",
                "not walked this time", was.verdict.value, None, False,
            )
        )  # fmt: skip
    return RunDiff(
        before_id=before.run_id,
        before_when=when(before.started_at),
        after_id=after.run_id,
        after_when=when(after.started_at),
        audit=after.audit,
        journeys=rows,
        new=[_finding(r) for r in comparison.new_findings],
        fixed=[_finding(r) for r in comparison.fixed_findings],
        unchanged=[_finding(r) for r in comparison.open_findings],
    )


def render_diff_html(diff: RunDiff) -> str:
    from markupsafe import Markup

    from selfshop.report.html import environment, page_assets

    css, _, csp = page_assets()
    template = environment().get_template("diff.html.j2")
    return template.render(d=diff, css=Markup(css), csp=csp)

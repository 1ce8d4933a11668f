"""summary.md: a compact table of verdicts and the top fixes, for pull requests and CI summaries."""

from __future__ import annotations

import re

from selfshop.models.results import Run, Verdict
from selfshop.report.compare import Comparison
from selfshop.report.plain import plain
from selfshop.report.reporters import ReportInput
from selfshop.report.view import merge_twins, when

VERDICT_MARKS = {
    Verdict.proud: "🟢 proud",
    Verdict.middle: "🟡 middle",
    Verdict.redesign: "🔴 redesign",
}
TOP_FIXES = 5
GATE_REASONS_SHOWN = 10
# Characters Markdown (and GitHub's HTML pass) would read as syntax, and table cell breaks.
_SYNTAX = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str, limit: int = 300) -> str:
    """Untrusted text as literal Markdown: syntax escaped, on one line, at most `limit` long."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return _SYNTAX.sub(r"\\\1", flat)


def _score(score: float | None) -> str:
    return "–" if score is None else f"{score:.0f}"


def _header(run: Run) -> list[str]:
    lines = [f"## selfshop: {md(run.audit)} — {md(when(run.started_at))}", ""]
    if run.walker.is_guided:
        lines.append("A guided walk: a person's view, with no CI gate.")
    else:
        lines += _gate(run)
    details = [
        f"site {md(run.base_url)}" if run.base_url else "",
        f"standards {md(run.standards_version)}" if run.standards_version else "",
        f"walked by {md(str(run.walker))}",
    ]
    lines += ["", " · ".join(d for d in details if d)]
    if run.interrupted:
        lines += ["", "**This run was interrupted: some journeys were not walked.**"]
    return lines


def _gate(run: Run) -> list[str]:
    gate = "passed ✅" if run.gate.passed else "failed ❌"
    count = len(run.gate.reasons)
    lines = [
        f"**Gate: {gate}**"
        + ("" if run.gate.passed else f" ({count} reason{'s' if count != 1 else ''})")
    ]
    lines += [f"- {md(reason)}" for reason in run.gate.reasons[:GATE_REASONS_SHOWN]]
    if len(run.gate.reasons) > GATE_REASONS_SHOWN:
        lines.append(f"- … and {len(run.gate.reasons) - GATE_REASONS_SHOWN} more")
    return lines


def _table(run: Run, comparison: Comparison | None) -> list[str]:
    lines = [
        "",
        "| Journey | Device | Verdict | Score | Change |",
        "| --- | --- | --- | ---: | --- |",
    ]
    for journey in run.journeys:
        change = "–"
        if comparison is not None and journey.key in comparison.journeys:
            change = comparison.journeys[journey.key].describe()
        lines.append(
            f"| {md(journey.title)} | {md(journey.walked_as)} | "
            f"{VERDICT_MARKS[journey.verdict]} | {_score(journey.score)} | {md(change)} |"
        )
    return lines


def _fixes(run: Run, comparison: Comparison | None) -> list[str]:
    ranked = merge_twins(run.ranked_findings())
    if not ranked:
        return ["", "No findings: nothing to fix."]
    titles = {s.id: s.title for s in run.standards}
    lines = ["", f"### Fix first (top {min(TOP_FIXES, len(ranked))} of {len(ranked)})", ""]
    for number, item in enumerate(ranked[:TOP_FIXES], 1):
        finding = item.finding
        words = plain(finding)
        places = item.places
        where = ", ".join(md(p.label) for p in places[:3])
        if len(places) > 3:
            where += f" and {len(places) - 3} more"
        line = (
            f"{number}. **{finding.severity.value}** · "
            f"{md(titles.get(finding.standard, finding.standard))} — {md(words.message)}"
        )
        if words.fix:
            line += f" Fix: {md(words.fix, limit=160)}"
        if words.rule and words.rule != finding.check_id:  # axe's rule, kept for engineers
            line += f" (axe rule {md(words.rule, limit=60)})"
        if where:
            line += f" — on {len(places)} step{'s' if len(places) != 1 else ''}: {where}"
        lines.append(line)
    if comparison is not None:
        lines += [
            "",
            f"Since the last run: {len(comparison.new_findings)} new, "
            f"{len(comparison.fixed_findings)} fixed, "
            f"{len(comparison.open_findings)} still open.",
        ]
    return lines


def render_summary(run: Run, comparison: Comparison | None = None) -> str:
    lines = _header(run) + _table(run, comparison) + _fixes(run, comparison)
    lines += ["", f"Full report: report.html in the run folder (run {md(run.run_id)}).", ""]
    return "\n".join(lines)


def report(given: ReportInput) -> str:
    """The `md` format of the reporter contract (selfshop.report.reporters)."""
    return render_summary(given.run, given.comparison)

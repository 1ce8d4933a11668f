"""The words of an alert: what changed, for which journey, who owns it, and the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from selfshop.notify.rules import Alert

RULE_WORDS = {
    "verdict-worse": "verdict got worse",
    "score-drop": "score dropped",
    "gate-failed": "gate failed",
    "goal-off-track": "goal off track",
    "run-failed": "run failed",
}


@dataclass(frozen=True)
class Message:
    title: str
    body: str


def compose(audit: str, alerts: Sequence[Alert], report: str | None) -> Message:
    """One message for a group of alerts about one run of `audit`."""
    kinds = list(dict.fromkeys(RULE_WORDS[a.rule.value] for a in alerts))
    title = f"selfshop: {audit}: {', '.join(kinds)}"
    lines = [f"{audit}: {len(alerts)} change(s) need attention."]
    for group in _by_subject(alerts):
        first = group[0]
        owner = f" Owner: {first.owner.describe()}." if first.owner is not None else ""
        # One line per journey: "X went from proud to redesign (...); dropped 24.8 points (...)"
        rest = [a.what.removeprefix(a.lead).strip() for a in group[1:]]
        lines.append(f"- {'; '.join([first.what, *rest])}.{owner}")
    if report:
        lines.append(f"Report: {report}")
    return Message(title, "\n".join(lines))


def _by_subject(alerts: Sequence[Alert]) -> list[list[Alert]]:
    """Alerts about the same journey together, in order of first mention."""
    groups: dict[object, list[Alert]] = {}
    for index, alert in enumerate(alerts):
        key = (alert.subject, alert.lead) if alert.lead else index
        groups.setdefault(key, []).append(alert)
    return list(groups.values())

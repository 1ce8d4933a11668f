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
    for alert in alerts:
        owner = f" Owner: {alert.owner.describe()}." if alert.owner is not None else ""
        lines.append(f"- {alert.what}.{owner}")
    if report:
        lines.append(f"Report: {report}")
    return Message(title, "\n".join(lines))

"""How bad a barrier is, from what it does to a customer: written once, used by every check.

- A failure of a WCAG 2 success criterion at level A or AA is a *barrier*: it keeps the page
  from proud whatever its score (selfshop.judge.scoring). axe-core says which rules test A/AA
  criteria by its tags (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa); selfshop's own checks
  by the criteria they reference.
- A barrier axe rates critical or serious is at least major; moderate or minor, minor.
- A critical or serious barrier on the very control the step used is a blocker: a customer
  relying on assistive technology could not do the step.
- A best-practice rule (no A/AA tag) is never above minor, wherever it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from selfshop.models.results import Severity

# axe-core's tags for rules that test a WCAG 2.0/2.1/2.2 level A or AA success criterion.
AXE_WCAG_AA_TAGS = frozenset({"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"})

# WCAG 2.2 success criteria at level A and AA (4.1.1 is kept: older audits cite it).
_A_AA_CRITERIA = """
    1.1.1 1.2.1 1.2.2 1.2.3 1.2.4 1.2.5 1.3.1 1.3.2 1.3.3 1.3.4 1.3.5 1.4.1 1.4.2 1.4.3 1.4.4
    1.4.5 1.4.10 1.4.11 1.4.12 1.4.13 2.1.1 2.1.2 2.1.4 2.2.1 2.2.2 2.3.1 2.4.1 2.4.2 2.4.3
    2.4.4 2.4.5 2.4.6 2.4.7 2.4.11 2.5.1 2.5.2 2.5.3 2.5.4 2.5.7 2.5.8 3.1.1 3.1.2 3.2.1 3.2.2
    3.2.3 3.2.4 3.2.6 3.3.1 3.3.2 3.3.3 3.3.4 3.3.7 3.3.8 4.1.1 4.1.2 4.1.3
"""
WCAG_A_AA = frozenset(_A_AA_CRITERIA.split())

_CRITERION = re.compile(r"WCAG (\d\.\d\.\d+)")
SEVERE_IMPACTS = frozenset({"critical", "serious"})


def is_axe_barrier(tags: Iterable[str]) -> bool:
    """Does this axe rule test a WCAG A/AA success criterion (not only best practice)?"""
    return not AXE_WCAG_AA_TAGS.isdisjoint(tags)


def cites_wcag_a_aa(references: Iterable[str]) -> bool:
    """Does a finding cite a WCAG level A or AA success criterion ('WCAG 2.4.2')?"""
    return any(
        (match := _CRITERION.match(ref)) is not None and match.group(1) in WCAG_A_AA
        for ref in references
    )


def axe_severity(impact: str, *, barrier: bool, on_used_control: bool) -> Severity:
    """The severity of one axe rule's violation on one step."""
    if not barrier:
        return Severity.minor
    if impact in SEVERE_IMPACTS:
        return Severity.blocker if on_used_control else Severity.major
    return Severity.minor


def axe_cost(impact: str, *, barrier: bool) -> float:
    """What one violated rule takes off the accessibility score (0-1). Best-practice rules
    cost little: they are advice, and a page that meets WCAG must be able to be proud."""
    if not barrier:
        return 0.02
    return {"critical": 0.4, "serious": 0.25, "moderate": 0.1, "minor": 0.05}.get(impact, 0.1)

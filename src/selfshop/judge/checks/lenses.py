"""Lenses: what a customer walking the journey as a keyboard user, a screen-reader user, at 400 %
zoom, asking for less motion or in a forced-colours theme met (walk/lenses notes it)."""

from __future__ import annotations

from selfshop.judge.checks._util import short
from selfshop.judge.checks.registry import CheckContext, CheckParams, Outcome, check
from selfshop.models.evidence import EvidenceKind, LensNote, StepEvidence
from selfshop.models.results import Finding, Severity

E = EvidenceKind
STANDARD = "inclusion"

# The WCAG success criteria each kind of note fails.
REFERENCES = {
    "unreachable": ["WCAG 2.1.1", "WCAG 2.1.2"],
    "no-key-handler": ["WCAG 2.1.1"],
    "focus-lost": ["WCAG 2.4.3"],
    "not-announced": ["WCAG 4.1.2"],
    "scrolls-sideways": ["WCAG 1.4.10"],
    "clipped": ["WCAG 1.4.12"],
    "overlaps": ["WCAG 1.4.12"],
    "keeps-moving": ["WCAG 2.2.2", "WCAG 2.3.3"],
    "disappears": ["WCAG 1.3.1", "WCAG 1.4.11"],
}
FIXES = {
    "unreachable": "Make it a real <button> or <a href> (or give it tabindex=0 and key "
    "handlers), and never move focus away from where the customer put it.",
    "no-key-handler": "Use a <button>, or answer Enter and Space as a button does.",
    "focus-lost": "Keep focus on the control, or move it to what the action showed (tabindex=-1 "
    "and focus()), never leave it to fall to the page.",
    "not-announced": "Use a real control, or give it a role and an accessible name.",
    "scrolls-sideways": "Let the layout reflow to one column at 320 px; no fixed widths.",
    "clipped": "Let boxes grow with their text: no fixed heights with overflow hidden.",
    "overlaps": "Let boxes grow with their text instead of positioning them over each other.",
    "keeps-moving": "Stop or shorten the animation under @media (prefers-reduced-motion: reduce).",
    "disappears": "Keep the content under the preference: show it without the animation, and "
    "draw meaning with text or borders, not background colour alone.",
}
# Blocker notes fail the step too; the rest are major (each fails a WCAG A or AA criterion),
# but focus lost between actions, which costs the customer a trip from the top of the page.
MINOR = frozenset({"focus-lost"})
MAX_FINDINGS = 10
PENALTY = 0.25


@check(
    "lens",
    standard=STANDARD,
    title="Every customer lens gets through the step with nothing lost",
    params=CheckParams,
    uses=[E.lens],
    always=True,
)
def lens(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
    """Runs on every step of a lens walk (audit or journey `lenses:`), whatever standards.yaml
    lists. Each thing the lens's customer met is a finding in their words: a keyboard-only
    customer stuck at a control Tab cannot reach, that a script throws focus away from, inside
    a focus trap, or a custom control that ignores Enter (blocker), or whose focus falls back to
    the top of the page between two actions on the same page (minor); a screen-reader user who
    cannot find a control by role and name (blocker); at 400 % zoom (320 px, WCAG 1.4.12 text
    spacing) sideways scrolling, text cut off or overlapping (major); for a customer who asked
    for less motion, animations that run for ever or longer than 5 s, and content that is not
    shown to them (major); in a forced-colours theme, content that disappears (major). The
    slow-3g lens has no notes of its own: its steps' felt time is judged by step-time against
    the journey's budget. A plain walk's step: not applicable."""
    if evidence.lens is None:
        return Outcome.not_applicable("a plain walk, not a lens walk")
    notes = evidence.lens_notes
    if not notes:
        return Outcome(1.0)
    findings = [_finding(note, evidence, ctx) for note in notes[:MAX_FINDINGS]]
    if any(note.blocker for note in notes):
        return Outcome(0.0, findings)
    cost = sum(PENALTY / 2 if note.kind in MINOR else PENALTY for note in notes)
    return Outcome(max(0.0, 1 - cost), findings)


def _finding(note: LensNote, evidence: StepEvidence, ctx: CheckContext) -> Finding:
    severity = Severity.minor if note.kind in MINOR else Severity.major
    return ctx.finding(
        Severity.blocker if note.blocker else severity,
        short(note.message, 300),
        subject=f"{note.lens} {note.kind} {note.selector or note.message[:60]}",
        fix=FIXES.get(note.kind, ""),
        references=REFERENCES.get(note.kind, []),
        selector=note.selector,
        url=evidence.url,
    )

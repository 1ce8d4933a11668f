"""docs/checks.md, generated from the registry so the documentation never drifts from the code.

Regenerate with: python -m selfshop.judge.checks.docs docs/checks.md
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from selfshop.judge.checks import REGISTRY
from selfshop.judge.checks.registry import CheckSpec
from selfshop.models.results import act_rule_url
from selfshop.models.standards import DEFAULT_STANDARD_IDS
from selfshop.store.atomic import write_text

HEADER = """\
# Checks

<!-- Generated from the check registry by `python -m selfshop.judge.checks.docs docs/checks.md`.
     Do not edit by hand: a test fails when this file is out of date. -->

Every step of every journey is judged by small checks. Each check serves one service standard
by default, declares the evidence it needs, takes parameters with defaults, and gives a score
from 0 to 1 with findings. A finding has a severity — **blocker** (the journey cannot be proud),
**major**, **minor** or **info** — a message in plain words, a fix, the evidence it rests on and
references.

- A standard in `standards.yaml` that lists no `checks` runs every check of its default
  standard below; one that lists checks runs exactly those, with parameters if given:
  `checks: [https, {security-headers: {require: [csp, nosniff]}}]`.
- A journey step can set parameters for one step: `checks: {step-time: {max_seconds: 3}}`.
- Every check takes `weight` (default 1): how much it counts within its standard.
- A check that does not apply (no cookies, a desktop device for touch targets) is
  *not applicable* and left out of the score; missing evidence or a bug in a check gives
  *error*, shown in the report, never a crash.
- `completion` runs on every step: a failed or unreached step is a blocker, so its journey's
  verdict is **redesign**.

List them in a terminal with `selfshop checks`.
"""

GUIDED = """\
## Guided ratings

A person walking a journey in a guided walkthrough rates each step 1–5 per standard. Each rating
becomes a result of the check **guided** on that standard: 1 scores 0, 3 scores 50, 5 scores
100; several people's ratings are averaged. Its weight is `guided.weight` in standards.yaml
times the total weight of that standard's automated checks on the step, so the default
`guided: {weight: 1}` makes a leader's view count as much as all the automated checks
together. A rating of 1 is a **major** finding and a 2 a **minor** one, in the person's own
words (their notes), so what they disliked is in the fix-first list, not only in a score.
"This stopped me" is a **blocker** finding. A step's `measure` with a `target_max`
(minutes on hold, say) becomes the check **measures** on the measure's standard: the share of
measures within target, with a major finding for each one over it.
"""

SCORING = """\
## From checks to a verdict

The verdict is decided first, in this order, and the first reason given is the one that
decided it:

1. **redesign** when any step has a **blocker** (a failed or unreached step always has one; so
   does a critical or serious WCAG A/AA barrier on the very control a step used);
2. **redesign** when the overall score, any weighted standard's score, or any single step's
   score is below `verdict.redesign`;
3. **middle** (never proud) when any step has a **WCAG A/AA barrier**: a finding that fails a
   WCAG 2 level A or AA success criterion, whatever its score ("Not proud: a barrier under
   WCAG A/AA. Findings: …");
4. **proud** at or above `verdict.proud`; otherwise **middle**.

Steps get a verdict the same way from their own findings and score.

- **Step × standard** (0–100): the weighted mean of that standard's scored checks on the step.
  Checks that did not apply, or could not run, are left out.
- **Step**: the weighted mean of its standard scores, by the standards' `weight`s. A standard
  weighted 0 has no influence. A step that failed or was never reached scores 0 on every
  standard: it served the customer in nothing (its findings are still listed).
- **Journey**: each standard's mean over the steps, and their weighted mean overall. The weakest
  step is reported beside the average, so one terrible step is never averaged away.
- **The score agrees with the verdict.** The score shown is capped to its verdict's band: a
  redesign shows at most `verdict.redesign` − 1 and a middle at most `verdict.proud` − 1, so a
  report never says "Redesign · 92". The weighted mean before that cap is kept in `run.json`
  as `uncapped_score`, and the reasons say it ("Without the blocker it would score 92").
- **Reasons** say it in words and name the worst findings, for example
  "Blocked: the Pay step failed: button 'Pay now' never appeared" or
  "Below the redesign line: inclusion 42. Findings: …".
- **Fix first**: findings merged by their stable key across steps and journeys (one row per
  finding, naming its worst instance), blockers first, then ranked by severity (major 4,
  minor 2) × steps touched × the standard's weight. Information is not listed.
- A saved run can be re-scored without a browser: `selfshop report RUN_DIR --rejudge` (or
  `from selfshop import rejudge` and `rejudge(run, standards)` in Python).
"""

SEVERITY = """\
## Severity: what a barrier does to a customer

Written once (`selfshop.judge.checks.severity`) and used by every check:

- A failure of a WCAG 2 success criterion at level **A or AA** is a *barrier*. axe-core says
  which of its rules test A/AA criteria by their tags (`wcag2a`, `wcag2aa`, `wcag21a`,
  `wcag21aa`, `wcag22aa`); selfshop's own checks by the criteria they cite. A barrier keeps
  the page from proud, whatever its score.
- A barrier axe rates **critical or serious** is at least **major**; moderate or minor ones
  are **minor**.
- A critical or serious barrier on the **very control the step used** (the same element, found
  by its place in the page, not by how a selector is written) is a **blocker**, and the finding
  names that control: a customer relying on assistive technology could not do the step.
- A **best-practice** rule (no A/AA tag), and a AAA criterion, is never above **minor** and
  is not a barrier.
"""

EXTENDING = '''\
## Extending: your own checks

Organisations add checks without forking selfshop.

**Copy rules in standards.yaml.** Phrases your voice forbids, and phrases you expect at a
step (keyed by step name) or at the end of a journey (keyed by journey id), are read by
`forbidden-phrases` and `required-phrases`:

```yaml
voice:
  forbidden: ["unfortunately", "per our policy"]
  required:
    Confirmation: ["thank you"]
    guest-checkout: ["order number"]
```

**Python checks through an entry point.** Write a module that registers checks with the
`check` decorator and name it in your package's `selfshop.checks` entry-point group. The
entry point may also name a function, which selfshop calls with the registry.

```python
# acme_checks.py
from pydantic import Field

from selfshop.judge.checks import CheckContext, CheckParams, Outcome, check
from selfshop.models import EvidenceKind, Severity, StepEvidence


class BrandParams(CheckParams):
    brand: str = Field("Acme", description="The name every page must show")


@check("brand-name", standard="show", title="The brand is named on every page",
       needs=[EvidenceKind.page], params=BrandParams)
def brand_name(evidence: StepEvidence, params: BrandParams, ctx: CheckContext) -> Outcome:
    """Customers should always know whose page they are on."""
    if params.brand.lower() in evidence.text.lower():
        return Outcome(1.0)
    return Outcome(0.0, [ctx.finding(Severity.minor, f"The page never says {params.brand}.",
                                     subject="missing", fix="Show the brand in the header.")])
```

```toml
# pyproject.toml of your package
[project.entry-points."selfshop.checks"]
acme = "acme_checks"
```

After `pip install` of your package, `selfshop checks` lists `brand-name`; use it in
standards.yaml like any built-in (`checks: [brand-name]`). A check must be a pure function of
the evidence, and is shown only the evidence it declares: what it `needs`, and what it `uses`
when another check had it gathered. It returns `Outcome(score, findings)` or
`Outcome.not_applicable(reason)`, and raises `MissingEvidence` when evidence it needs is
absent. A check that reads something slow to load (a dictionary, a model) can name a function
that loads it, `@check(..., prepare=load_dictionary)`: a run calls it while the browser starts,
so judging does not wait for it. A plugin that fails to load stops selfshop with a message
naming it (exit 3).
'''


def render_markdown(specs: list[CheckSpec[Any]] | None = None) -> str:
    """The checks documentation: built-in checks unless ``specs`` are given."""
    chosen = specs if specs is not None else [s for s in REGISTRY.all() if s.source == "built-in"]
    order = {sid: i for i, sid in enumerate(DEFAULT_STANDARD_IDS)}
    chosen = sorted(chosen, key=lambda s: (order.get(s.standard, 99), s.standard, s.id))
    parts = [HEADER]
    current = None
    for spec in chosen:
        if spec.standard != current:
            current = spec.standard
            parts.append(f"## {current.capitalize()}\n")
        parts.append(_section(spec))
    parts += [GUIDED, SEVERITY, SCORING, EXTENDING]
    return "\n".join(parts)


def _section(spec: CheckSpec[Any]) -> str:
    needs = ", ".join(sorted(k.value for k in spec.needs)) or "nothing (the walk itself)"
    lines = [f"### `{spec.id}` — {spec.title}\n", spec.description, ""]
    lines.append(f"- Evidence needed: {needs}")
    if spec.uses:
        used = ", ".join(sorted(k.value for k in spec.uses))
        lines.append(f"- Also reads, when another check had it gathered: {used}")
    if spec.references:
        lines.append(f"- References: {', '.join(spec.references)}")
    if spec.act_rules:
        links = ", ".join(f"[{rule}]({act_rule_url(rule)})" for rule in spec.act_rules)
        lines.append(f"- Implements the W3C ACT rules: {links}")
    if spec.always:
        lines.append("- Runs on every step, whatever standards.yaml lists.")
    if spec.source != "built-in":
        lines.append(f"- From: `{spec.source}`")
    lines += ["", "| parameter | default | meaning |", "| --- | --- | --- |"]
    for name, default, meaning in spec.param_docs():
        lines.append(f"| `{name}` | `{_cell(default)}` | {_cell(meaning)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_markdown(path: Path) -> None:
    """Write the built-in checks' documentation atomically."""
    write_text(path, render_markdown())


if __name__ == "__main__":
    write_markdown(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/checks.md"))

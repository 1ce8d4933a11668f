"""results.sarif: every finding as a SARIF 2.1.0 result, for code hosts (GitHub code scanning,
GitLab, Azure DevOps) and any tool that reads SARIF.

One result per finding per step. Its location is the page: the page URL as the artifact, the
element (CSS selector) and the journey step as logical locations, the site's own text beside
it as the location's message. Rules come from the check registry (title, description,
standard, references); a check no longer registered (a plugin since removed) gets a rule with
its id alone. Level: blocker and major are errors, minor a warning, info a note.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from selfshop.models.results import Finding, JourneyResult, Run, Severity, StepResult
from selfshop.report.reporters import ReportInput

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/selfshop/selfshop"
LEVELS = {
    Severity.blocker: "error",
    Severity.major: "error",
    Severity.minor: "warning",
    Severity.info: "note",
}
# GitHub code scanning orders alerts by this number (0-10) when a rule gives one.
SECURITY_SEVERITY = {Severity.blocker: "9.0", Severity.major: "7.0", Severity.minor: "4.0"}


def report(given: ReportInput) -> str:
    return json.dumps(sarif_log(given.run), indent=2, ensure_ascii=False) + "\n"


def sarif_log(run: Run) -> dict[str, Any]:
    """The run as a SARIF log with one run."""
    occurrences = [
        (journey, index, step, finding)
        for journey in run.journeys
        for index, step in enumerate(journey.steps)
        for finding in step.findings
    ]
    rule_ids = sorted({finding.check_id for *_, finding in occurrences})
    rules = [_rule(check_id) for check_id in rule_ids]
    results = [
        _result(journey, index, step, finding, rule_ids.index(finding.check_id))
        for journey, index, step, finding in occurrences
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "selfshop",
                        "version": run.selfshop_version or "unknown",
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": f"{run.audit}/{run.run_id}"},
                "invocations": [_invocation(run)],
                "results": results,
            }
        ],
    }


def _rule(check_id: str) -> dict[str, Any]:
    from selfshop.judge.checks import REGISTRY

    spec = REGISTRY.get(check_id)
    if spec is None:
        return {"id": check_id}
    rule: dict[str, Any] = {
        "id": spec.id,
        "name": spec.id,
        "shortDescription": {"text": spec.title},
        "fullDescription": {"text": spec.description or spec.title},
        "properties": {"standard": spec.standard, "tags": [spec.standard, *spec.references]},
    }
    return rule


def _result(
    journey: JourneyResult, index: int, step: StepResult, finding: Finding, rule_index: int
) -> dict[str, Any]:
    place = f"{journey.key}#{index}"
    text = finding.message + (f" Fix: {finding.fix}" if finding.fix else "")
    result: dict[str, Any] = {
        "ruleId": finding.check_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [_location(journey, index, step, finding)],
        "partialFingerprints": {"selfshopFinding/v1": _fingerprint(finding, place)},
        "properties": {
            "standard": finding.standard,
            "severity": finding.severity.value,
            "journey": journey.key,
            "step": step.evidence.step_name,
            "references": finding.references,
            "actRules": finding.act_rules,
        },
    }
    if finding.severity in SECURITY_SEVERITY and finding.standard == "safety":
        result["properties"]["security-severity"] = SECURITY_SEVERITY[finding.severity]
    return result


def _location(
    journey: JourneyResult, index: int, step: StepResult, finding: Finding
) -> dict[str, Any]:
    """Where on the site: the page, the element, and the journey step it was met on."""
    location: dict[str, Any] = {}
    url = finding.evidence.url or step.evidence.url
    if url:
        location["physicalLocation"] = {"artifactLocation": {"uri": url}}
    logical = []
    if finding.evidence.selector:
        logical.append(
            {
                "name": finding.evidence.selector,
                "fullyQualifiedName": f"{url or journey.key} {finding.evidence.selector}",
                "kind": "element",
            }
        )
    logical.append(
        {
            "name": step.evidence.step_name,
            "fullyQualifiedName": f"{journey.key}#{index}",
            "kind": "step",
        }
    )
    location["logicalLocations"] = logical
    if finding.evidence.excerpt:
        location["message"] = {"text": finding.evidence.excerpt}
    return location


def _fingerprint(finding: Finding, place: str) -> str:
    """The same finding at the same step keeps one fingerprint from run to run."""
    return hashlib.sha256(f"{finding.identity}|{place}".encode()).hexdigest()[:32]


def _invocation(run: Run) -> dict[str, Any]:
    invocation: dict[str, Any] = {
        "executionSuccessful": not run.interrupted,
        "startTimeUtc": _utc(run.started_at),
    }
    if run.finished_at:
        invocation["endTimeUtc"] = _utc(run.finished_at)
    return invocation


def _utc(iso: str) -> str:
    """SARIF times are UTC with a Z: '2026-11-29T10:00:00Z'."""
    from selfshop.store.history import utc_sort_key

    return utc_sort_key(iso).replace("+00:00", "Z")

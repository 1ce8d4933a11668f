"""junit.xml: one test suite per journey@device, one test case per step, so CI shows it natively.

A step fails when its verdict is redesign or it has a blocker finding; a step never reached
(an earlier one failed) is skipped. A last case per suite carries the journey's own verdict.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from selfshop.models.evidence import StepStatus
from selfshop.models.results import Finding, JourneyResult, Run, Severity, StepResult, Verdict
from selfshop.report.reporters import ReportInput

# XML 1.0 cannot carry most control characters; site text sometimes has them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MESSAGE_LIMIT = 500


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _seconds(ms: float) -> str:
    return f"{max(ms, 0) / 1000:.3f}"


def _finding_line(finding: Finding) -> str:
    line = f"[{finding.severity.value}] {finding.standard}: {finding.message}"
    if finding.fix:
        line += f" Fix: {finding.fix}"
    if finding.evidence.excerpt:
        line += f" Evidence: {finding.evidence.excerpt!r}"
    return line


def _step_fails(step: StepResult) -> bool:
    return (
        step.verdict is Verdict.redesign
        or step.evidence.status is StepStatus.failed
        or any(f.severity is Severity.blocker for f in step.findings)
    )


def _classname(journey: JourneyResult) -> str:
    """selfshop.journey.device, and .lens for a lens walk (each walk its own class in CI)."""
    lens = f".{journey.lens}" if journey.lens else ""
    return f"selfshop.{journey.journey_id}.{journey.device}{lens}"


def _step_case(journey: JourneyResult, index: int, step: StepResult) -> tuple[ET.Element, str]:
    evidence = step.evidence
    case = ET.Element(
        "testcase",
        {
            "name": xml_text(f"{index + 1}. {evidence.step_name}"),
            "classname": xml_text(_classname(journey)),
            "time": _seconds(
                evidence.timings.felt_ms or sum(a.duration_ms for a in evidence.actions)
            ),
        },
    )
    score = "no score" if step.score is None else f"score {step.score:.1f}"
    if evidence.status is StepStatus.not_reached:
        ET.SubElement(case, "skipped", {"message": "not reached: an earlier step failed"})
        return case, "skipped"
    lines = [f"{step.verdict.value} ({score})"]
    lines += [evidence.error] if evidence.error else []
    lines += [_finding_line(f) for f in step.findings]
    outcome = "passed"
    if _step_fails(step):
        first = evidence.error or next((f.message for f in step.findings), step.verdict.value)
        failure = ET.SubElement(
            case,
            "failure",
            {
                "type": "blocker"
                if evidence.status is StepStatus.failed
                or any(f.severity is Severity.blocker for f in step.findings)
                else step.verdict.value,
                "message": xml_text(f"{step.verdict.value} ({score}): {first}"[:MESSAGE_LIMIT]),
            },
        )
        failure.text = xml_text("\n".join(lines))
        outcome = "failed"
    elif step.findings:
        ET.SubElement(case, "system-out").text = xml_text("\n".join(lines))
    return case, outcome


def _journey_case(journey: JourneyResult) -> tuple[ET.Element, bool]:
    case = ET.Element(
        "testcase",
        {
            "name": "Journey verdict",
            "classname": xml_text(_classname(journey)),
            "time": "0.000",
        },
    )
    score = "no score" if journey.score is None else f"score {journey.score:.1f}"
    summary = f"{journey.verdict.value} ({score})"
    reasons = "\n".join([summary, *journey.reasons])
    if journey.verdict is Verdict.redesign:
        failure = ET.SubElement(
            case, "failure", {"type": "redesign", "message": xml_text(summary[:MESSAGE_LIMIT])}
        )
        failure.text = xml_text(reasons)
        return case, True
    ET.SubElement(case, "system-out").text = xml_text(reasons)
    return case, False


def _timestamp(iso: str) -> dict[str, str]:
    """JUnit's timestamp is an xs:dateTime in UTC without offset; left out if unreadable."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return {}
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return {"timestamp": moment.strftime("%Y-%m-%dT%H:%M:%S")}


def _suite(journey: JourneyResult, timestamp: dict[str, str]) -> ET.Element:
    suite = ET.Element(
        "testsuite",
        {"name": xml_text(journey.key), **timestamp, "time": _seconds(journey.duration_ms)},
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("title", journey.title),
        ("verdict", journey.verdict.value),
        ("score", "" if journey.score is None else f"{journey.score:.1f}"),
        ("walker", str(journey.walker)),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": xml_text(value)})
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for index, step in enumerate(journey.steps):
        case, outcome = _step_case(journey, index, step)
        counts[outcome] += 1
        suite.append(case)
    case, failed = _journey_case(journey)
    suite.append(case)
    counts["failed" if failed else "passed"] += 1
    suite.set("tests", str(sum(counts.values())))
    suite.set("failures", str(counts["failed"]))
    suite.set("errors", "0")
    suite.set("skipped", str(counts["skipped"]))
    return suite


def render_junit(run: Run) -> str:
    root = ET.Element("testsuites", {"name": xml_text(f"selfshop: {run.audit}")})
    timestamp = _timestamp(run.started_at)
    for journey in run.journeys:
        root.append(_suite(journey, timestamp))
    # testsuites takes no 'skipped' attribute in the Jenkins/Ant schemas CI tools validate with
    for name in ("tests", "failures", "errors"):
        root.set(name, str(sum(int(s.get(name, "0")) for s in root)))
    root.set("time", _seconds(sum(j.duration_ms for j in run.journeys)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def report(given: ReportInput) -> str:
    """The `junit` format of the reporter contract (selfshop.report.reporters)."""
    return render_junit(given.run)

"""results.sarif: every finding of a run as a SARIF 2.1.0 result, valid against the official
schema (tests/fixtures/sarif, see its NOTICE), with the page, the element and the rule."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from selfshop.judge.checks import REGISTRY
from selfshop.judge.scoring import judge
from selfshop.load.files import load_standards
from selfshop.models import Journey, StepEvidence
from selfshop.models.results import Run, Severity
from selfshop.report import write_reports
from selfshop.report.sarif import sarif_log
from selfshop.walk import JourneyWalk

FIXTURES = Path(__file__).parents[2] / "fixtures"
SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
JOURNEY = Journey.model_validate(
    {
        "id": "checkout",
        "title": "Buy a gift",
        "start": "/",
        "steps": [
            {"name": "Basket", "do": [{"goto": "/basket"}]},
            {"name": "Pay", "do": [{"goto": "/pay"}]},
        ],
    }
)


def _evidence(name: str, index: int) -> StepEvidence:
    evidence = StepEvidence.model_validate_json(
        (FIXTURES / "evidence" / f"{name}.json").read_text()
    )
    return evidence.model_copy(
        update={
            "step_index": index,
            "step_name": JOURNEY.steps[index].name,
            "journey_id": "checkout",
        }
    )


@pytest.fixture(scope="module")
def run() -> Run:
    """A run of the flawed shop's basket and a failed payment step, judged by the demo's
    standards: findings of every kind, with selectors, excerpts and a blocker."""
    standards_file = resources.files("selfshop.demo").joinpath("project/standards.yaml")
    standards = load_standards(Path(str(standards_file)))
    walk = JourneyWalk(JOURNEY, "mobile", [_evidence("flawed_pay", 0), _evidence("failed_step", 1)])
    journeys, fix_first = judge([walk], standards)
    return Run(
        run_id="demo-1",
        audit="Demo shop",
        started_at="2026-11-29T10:00:00+00:00",
        finished_at="2026-11-29T10:01:30+00:00",
        journeys=journeys,
        fix_first=fix_first,
    )


def _validate(log: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_the_log_is_valid_sarif_2_1_0(run: Run) -> None:
    log = sarif_log(run)
    assert log["version"] == "2.1.0"
    _validate(log)


def test_an_empty_or_sample_run_is_valid_too(run: Run, tmp_path: Path) -> None:
    from sample_runs import sample_run

    _validate(sarif_log(Run(run_id="x", audit="Empty", started_at="2026-11-29T10:00:00Z")))
    _validate(sarif_log(sample_run(tmp_path / "run", journeys=3, steps=4)))


def test_every_finding_on_every_step_is_one_result_of_its_rule(run: Run) -> None:
    findings = [f for j in run.journeys for s in j.steps for f in s.findings]
    assert len(findings) > 5
    (sarif,) = sarif_log(run)["runs"]
    results, rules = sarif["results"], sarif["tool"]["driver"]["rules"]
    assert len(results) == len(findings)
    assert [r["ruleId"] for r in results] == [f.check_id for f in findings]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    for rule in rules:
        spec = REGISTRY.get(rule["id"])
        assert spec is not None
        assert rule["shortDescription"]["text"] == spec.title
        assert rule["properties"]["standard"] == spec.standard


def test_the_level_follows_the_severity(run: Run) -> None:
    findings = [f for j in run.journeys for s in j.steps for f in s.findings]
    (sarif,) = sarif_log(run)["runs"]
    levels = {"blocker": "error", "major": "error", "minor": "warning", "info": "note"}
    assert [r["level"] for r in sarif["results"]] == [levels[f.severity] for f in findings]
    assert {f.severity for f in findings} >= {Severity.blocker, Severity.major}


def test_a_result_names_the_page_the_element_and_the_step(run: Run) -> None:
    (sarif,) = sarif_log(run)["runs"]
    pairs = [
        (s, f, r)
        for j in run.journeys
        for s in j.steps
        for f in s.findings
        for r in [sarif["results"].pop(0)]
    ]
    with_selector = 0
    for step, finding, result in pairs:
        (location,) = result["locations"]
        url = finding.evidence.url or step.evidence.url
        assert location["physicalLocation"]["artifactLocation"]["uri"] == url
        logical = {entry["kind"]: entry for entry in location["logicalLocations"]}
        assert logical["step"]["name"] == step.evidence.step_name
        if finding.evidence.selector:
            with_selector += 1
            assert logical["element"]["name"] == finding.evidence.selector
        if finding.evidence.excerpt:
            assert location["message"]["text"] == finding.evidence.excerpt
        assert result["message"]["text"].startswith(finding.message)
    assert with_selector > 0


def test_the_same_finding_keeps_its_fingerprint(run: Run) -> None:
    first = [r["partialFingerprints"] for r in sarif_log(run)["runs"][0]["results"]]
    again = [r["partialFingerprints"] for r in sarif_log(run)["runs"][0]["results"]]
    assert first == again
    assert len({f["selfshopFinding/v1"] for f in first}) == len(first)


def test_report_format_sarif_writes_results_sarif(run: Run, tmp_path: Path) -> None:
    written = write_reports(run, tmp_path, formats=["sarif"], index=False)
    assert written == {"sarif": tmp_path / "results.sarif"}
    _validate(json.loads((tmp_path / "results.sarif").read_text(encoding="utf-8")))

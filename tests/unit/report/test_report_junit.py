"""junit.xml: valid for CI tools, one suite per journey@device, one case per step."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import xmlschema
from sample_runs import sample_run

from selfshop.models.results import Run
from selfshop.report.junit import render_junit

SCHEMA = Path(__file__).parents[2] / "fixtures" / "junit.xsd"


def test_junit_validates_against_the_ci_schema(run: Run) -> None:
    xmlschema.XMLSchema(str(SCHEMA)).validate(render_junit(run))


def test_one_suite_per_journey_and_one_case_per_step(run: Run) -> None:
    root = ET.fromstring(render_junit(run))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [j.key for j in run.journeys]
    for suite, journey in zip(suites, run.journeys, strict=True):
        cases = suite.findall("testcase")
        assert len(cases) == len(journey.steps) + 1  # + the journey's own verdict
        assert cases[0].get("name") == f"1. {journey.steps[0].evidence.step_name}"
        assert cases[-1].get("name") == "Journey verdict"
        assert suite.get("tests") == str(len(cases))


def test_redesign_and_blockers_fail_with_their_findings(run: Run) -> None:
    root = ET.fromstring(render_junit(run))
    redesign = next(j for j in run.journeys if j.verdict.value == "redesign")
    suite = next(s for s in root.findall("testsuite") if s.get("name") == redesign.key)
    failed_step = next(i for i, s in enumerate(redesign.steps) if s.evidence.status == "failed")
    failure = suite.findall("testcase")[failed_step].find("failure")
    assert failure is not None
    assert failure.get("type") == "blocker"
    assert "Could not find button 'Pay now'" in (failure.get("message") or "")
    assert "The payment form posts to a page without HTTPS" in (failure.text or "")
    skipped = suite.findall("testcase")[failed_step + 1].find("skipped")
    assert skipped is not None
    assert suite.findall("testcase")[-1].find("failure") is not None
    assert int(root.get("failures") or 0) == sum(
        int(s.get("failures") or 0) for s in root.findall("testsuite")
    )


def test_proud_journeys_do_not_fail(run: Run) -> None:
    root = ET.fromstring(render_junit(run))
    proud = next(j for j in run.journeys if j.verdict.value == "proud")
    suite = next(s for s in root.findall("testsuite") if s.get("name") == proud.key)
    assert suite.get("failures") == "0"
    assert suite.findall("testcase")[0].find("system-out") is not None  # findings still shown


def test_hostile_site_text_stays_valid_xml(tmp_path: Path) -> None:
    run = sample_run(tmp_path, journeys=3, steps=3, hostile=True)
    run.journeys[2].steps[0].evidence.step_name = "bad \x00\x1b control \ud800 chars ]]>"
    text = render_junit(run)
    xmlschema.XMLSchema(str(SCHEMA)).validate(text)
    assert "<img" not in text  # escaped as &lt;img

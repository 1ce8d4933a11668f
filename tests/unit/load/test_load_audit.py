"""Audit plans: cron, base_url, globs, gates and the journeys they pull in."""

from __future__ import annotations

import pytest
from load_helpers import JOURNEY, Project, one_problem, problems_of

from selfshop.errors import Problem
from selfshop.load.files import load_audit

AUDIT = """\
name: Weekly storefront audit
base_url: http://127.0.0.1:8000/
journeys: [../journeys/*.yaml]
devices: [desktop, mobile]
standards: ../standards.yaml
schedule: "0 7 * * MON"
gate: { fail_on: redesign, max_drop: 10 }
"""


@pytest.fixture
def shop(project: Project) -> Project:
    project.write("journeys/buy-gift.yaml", JOURNEY)
    return project


def problem_in(project: Project, text: str) -> Problem:
    path = project.write("audits/weekly.yaml", text)
    return one_problem(lambda: load_audit(path, env={}))


def test_valid_audit_loads_with_its_journeys(shop: Project) -> None:
    loaded = load_audit(shop.write("audits/weekly.yaml", AUDIT), env={})
    assert loaded.audit.base_url == "http://127.0.0.1:8000"
    assert [j.journey.id for j in loaded.journeys] == ["buy-gift"]
    assert loaded.standards.organisation == "Acme"
    assert loaded.output_dir == (shop.root / "reports").resolve()


def test_fragments_are_not_journeys(shop: Project) -> None:
    shop.write("journeys/fragments/x.yaml", "params: {}\nsteps: [{name: s}]\n")
    loaded = load_audit(shop.write("audits/weekly.yaml", AUDIT), env={})
    assert [j.journey.id for j in loaded.journeys] == ["buy-gift"]


def test_invalid_cron(shop: Project) -> None:
    problem = problem_in(shop, AUDIT.replace("0 7 * * MON", "61 7 * * MON"))
    assert (problem.path, problem.line, problem.column) == ("audits/weekly.yaml", 6, 11)
    assert problem.field == "schedule"
    assert "not a valid cron expression: '61 7 * * MON'" in problem.message


def test_cron_in_words(shop: Project) -> None:
    problem = problem_in(shop, AUDIT.replace('"0 7 * * MON"', "every monday"))
    assert (problem.line, problem.field) == (6, "schedule")
    assert "not a valid cron expression" in problem.message


def test_base_url_without_http(shop: Project) -> None:
    problem = problem_in(shop, AUDIT.replace("http://127.0.0.1:8000/", "www.example.com"))
    assert (problem.line, problem.column, problem.field) == (2, 11, "base_url")
    assert "must start with http:// or https://, got 'www.example.com'" in problem.message


def test_base_url_from_a_missing_env_variable(shop: Project) -> None:
    path = shop.write(
        "audits/weekly.yaml", AUDIT.replace("http://127.0.0.1:8000/", "${env:SITE_URL}")
    )
    problems = problems_of(lambda: load_audit(path, env={}))
    assert problems[0].field == "base_url" and problems[0].line == 2
    assert "environment variable SITE_URL is not set" in problems[0].message
    assert all("''" not in p.message for p in problems)  # never filled in as an empty string


def test_base_url_from_env(shop: Project) -> None:
    path = shop.write(
        "audits/weekly.yaml", AUDIT.replace("http://127.0.0.1:8000/", "${env:SITE_URL}")
    )
    loaded = load_audit(path, env={"SITE_URL": "https://shop.example"})
    assert loaded.audit.base_url == "https://shop.example"


def test_glob_matching_nothing(shop: Project) -> None:
    problem = problem_in(shop, AUDIT.replace("../journeys/*.yaml", "../journeys/chekout*.yaml"))
    assert (problem.line, problem.column, problem.field) == (3, 12, "journeys[0]")
    assert "no journey file matches '../journeys/chekout*.yaml'" in problem.message


def test_duplicate_journey_ids_across_files(shop: Project) -> None:
    shop.write("journeys/copy.yaml", JOURNEY.replace("title: Buy a gift", "title: Copy"))
    problem = problem_in(shop, AUDIT)
    assert (problem.path, problem.line, problem.field) == ("journeys/copy.yaml", 1, "id")
    assert "journey id 'buy-gift' is also used by buy-gift.yaml" in problem.message


def test_misspelt_gate_key(shop: Project) -> None:
    problem = problem_in(shop, AUDIT.replace("fail_on:", "fail_onn:"))
    assert (problem.line, problem.column, problem.field) == (7, 9, "gate.fail_onn")
    assert "did you mean 'fail_on'?" in problem.message


def test_unknown_gate_choice(shop: Project) -> None:
    problem = problem_in(shop, AUDIT.replace("fail_on: redesign", "fail_on: sometimes"))
    assert (problem.line, problem.column, problem.field) == (7, 18, "gate.fail_on")
    assert "'redesign', 'middle' or 'never' (got 'sometimes')" in problem.message


def test_unknown_device(shop: Project) -> None:
    problem = problem_in(shop, AUDIT.replace("[desktop, mobile]", "[desktop, tablet]"))
    assert (problem.line, problem.column, problem.field) == (4, 20, "devices[1]")
    assert "(got 'tablet')" in problem.message


def test_journeys_as_text_not_a_list(shop: Project) -> None:
    problem = problem_in(shop, AUDIT.replace("[../journeys/*.yaml]", "../journeys/*.yaml"))
    assert (problem.line, problem.field) == (3, "journeys")
    assert "valid list" in problem.message


def test_missing_standards_file(shop: Project) -> None:
    problem = problem_in(shop, AUDIT.replace("../standards.yaml", "../standard.yaml"))
    assert problem.message == "file not found"
    assert problem.path.endswith("standard.yaml")


def test_broken_journey_is_reported_in_its_own_file(shop: Project) -> None:
    shop.write(
        "journeys/bad.yaml",
        JOURNEY.replace("id: buy-gift", "id: bad").replace("- click:", "- clik:"),
    )
    problem = problem_in(shop, AUDIT)
    assert (problem.path, problem.line, problem.field) == (
        "journeys/bad.yaml",
        8,
        "steps[0].do[0].clik",
    )


def test_every_audit_mistake_at_once(shop: Project) -> None:
    text = AUDIT.replace("http://127.0.0.1:8000/", "ftp://x").replace("0 7 * * MON", "soon")
    path = shop.write("audits/weekly.yaml", text.replace("fail_on:", "fail:"))
    problems = problems_of(lambda: load_audit(path, env={}))
    assert [(p.line, p.field) for p in problems] == [
        (2, "base_url"),
        (6, "schedule"),
        (7, "gate.fail"),
    ]


def test_notify_urls_take_secrets_and_never_show_them(shop: Project) -> None:
    text = AUDIT + "notify:\n  - url: slack://${secret:SLACK_TOKEN}/#cx\n    on: [score-drop]\n"
    path = shop.write("audits/weekly.yaml", text)
    loaded = load_audit(path, env={"SLACK_TOKEN": "xoxb-very-secret"})
    (target,) = loaded.audit.notify
    assert target.url.get_secret_value() == "slack://xoxb-very-secret/#cx"
    assert "very-secret" not in loaded.audit.model_dump_json() + repr(loaded.audit)


def test_a_secret_elsewhere_in_an_audit_is_refused(shop: Project) -> None:
    problem = problem_in(shop, AUDIT.replace("name: Weekly", "name: ${secret:X} Weekly"))
    assert (problem.line, problem.field) == (1, "name")
    assert "only allowed in fill values" in problem.message


def test_unknown_alert_rule_is_located(shop: Project) -> None:
    problem = problem_in(shop, AUDIT + "notify:\n  - url: json://127.0.0.1/x\n    on: [drop]\n")
    assert (problem.line, problem.field) == (10, "notify[0].on[0]")


def test_lenses_walk_each_journey_again_as_each_customer(shop: Project) -> None:
    from selfshop.pipeline import plans_for

    text = AUDIT + "lenses: [keyboard, zoom-400]\n"
    shop.write(
        "journeys/own.yaml", JOURNEY.replace("id: buy-gift", "id: own") + "lenses: [slow-3g]\n"
    )
    loaded = load_audit(shop.write("audits/weekly.yaml", text), env={})
    keys = [plan.key for plan in plans_for(loaded)]
    assert keys == [
        "buy-gift@desktop", "buy-gift@desktop+keyboard", "buy-gift@desktop+zoom-400",
        "buy-gift@mobile", "buy-gift@mobile+keyboard", "buy-gift@mobile+zoom-400",
        "own@desktop", "own@desktop+slow-3g", "own@mobile", "own@mobile+slow-3g",
    ]  # fmt: skip


def test_an_unknown_lens_is_named_with_the_lenses_there_are(shop: Project) -> None:
    problem = problem_in(shop, AUDIT + "lenses: [keyboard, blind]\n")
    assert (problem.line, problem.field) == (8, "lenses[1]")
    assert "'keyboard', 'screen-reader', 'zoom-400'" in problem.message

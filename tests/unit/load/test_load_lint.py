"""`lint_paths`: which kind each file is, its errors, and the warnings that do not fail lint."""

from __future__ import annotations

import threading

import pytest
from load_helpers import JOURNEY, Project

from selfshop.project.lint import FileReport, lint_paths

AUDIT = """\
name: Weekly
base_url: ${env:SITE_URL}
journeys: [../journeys/*.yaml]
"""


def lint_one(
    project: Project, relative: str, text: str, env: dict[str, str] | None = None
) -> FileReport:
    path = project.write(relative, text)
    (report,) = lint_paths([path], env=env or {})
    return report


def test_kinds_are_recognised(project: Project) -> None:
    project.write("journeys/j.yaml", JOURNEY)
    project.write("journeys/fragments/f.yaml", "params: {}\nsteps:\n  - name: s\n")
    project.write("audits/a.yaml", AUDIT)
    paths = [project.root / name for name in ("standards.yaml", "journeys", "audits")]
    reports = lint_paths(paths, env={"SITE_URL": "http://127.0.0.1:1"})
    assert [(r.path, r.kind, r.errors) for r in reports] == [
        ("standards.yaml", "standards", []),
        ("journeys/fragments/f.yaml", "fragment", []),
        ("journeys/j.yaml", "journey", []),
        ("audits/a.yaml", "audit", []),
    ]


def test_generated_folders_are_skipped(project: Project) -> None:
    project.write("journeys/j.yaml", JOURNEY)
    project.write("reports/run-1/x.yaml", "not: [valid")
    reports = lint_paths([project.root], env={})
    assert "reports/run-1/x.yaml" not in [r.path for r in reports]


def test_css_locator_is_a_warning_not_an_error(project: Project) -> None:
    report = lint_one(
        project, "j.yaml", JOURNEY.replace("{ role: link, name: Gifts }", '{ css: "#gifts" }')
    )
    assert report.errors == []
    (warning,) = report.warnings
    assert (warning.line, warning.column, warning.field) == (8, 18, "steps[0].do[0].click.css")
    assert "a customer can't see CSS" in warning.message


def test_xpath_locator_is_a_warning(project: Project) -> None:
    report = lint_one(
        project, "j.yaml", JOURNEY.replace("{ role: link, name: Gifts }", '{ xpath: "//a" }')
    )
    (warning,) = report.warnings
    assert warning.line == 8 and "XPATH" in warning.message


def test_css_inside_a_fragment_is_warned_in_the_fragment(project: Project) -> None:
    project.write(
        "journeys/fragments/f.yaml", "steps:\n  - name: s\n    do:\n      - hover: { css: .menu }\n"
    )
    text = JOURNEY.replace("steps:\n", "steps:\n  - use: fragments/f.yaml\n")
    report = lint_one(project, "journeys/j.yaml", text)
    (warning,) = report.warnings
    assert (warning.path, warning.line) == ("journeys/fragments/f.yaml", 4)


def test_unset_env_variable_in_a_journey_is_a_named_warning(project: Project) -> None:
    text = JOURNEY.replace(
        "- click: { role: link, name: Gifts }",
        '- fill: { label: Email, value: "${env:SHOPPER_EMAIL}" }',
    )
    report = lint_one(project, "j.yaml", text)
    assert report.errors == []
    (warning,) = report.warnings
    assert (warning.line, warning.field) == (8, "steps[0].do[0].fill.value")
    assert "environment variable SHOPPER_EMAIL is not set: set it before running" in warning.message


def test_unset_env_does_not_hide_real_errors(project: Project) -> None:
    text = JOURNEY.replace(
        "- click: { role: link, name: Gifts }",
        '- fill: { label: Email, value: "${env:SHOPPER_EMAIL}" }',
    )
    report = lint_one(project, "j.yaml", text.replace("- expect:", "- expcet:"))
    assert [(p.severity, p.line) for p in report.problems] == [("warning", 8), ("error", 9)]


def test_set_env_variable_gives_no_warning(project: Project) -> None:
    text = JOURNEY.replace(
        "- click: { role: link, name: Gifts }",
        '- fill: { label: Email, value: "${env:SHOPPER_EMAIL}" }',
    )
    report = lint_one(project, "j.yaml", text, env={"SHOPPER_EMAIL": "a@b.c"})
    assert report.problems == []


def test_unset_env_in_an_audit_points_at_its_value(project: Project) -> None:
    project.write("journeys/j.yaml", JOURNEY)
    report = lint_one(project, "audits/a.yaml", AUDIT)
    assert report.errors == []
    (warning,) = report.warnings
    assert (warning.line, warning.column, warning.field) == (2, 11, "base_url")
    assert "SITE_URL is not set" in warning.message


def test_audit_with_unset_env_still_checks_the_rest(project: Project) -> None:
    project.write("journeys/j.yaml", JOURNEY)
    report = lint_one(project, "audits/a.yaml", AUDIT + "schedule: weekly\n")
    assert [(p.line, p.field) for p in report.errors] == [(4, "schedule")]


def test_audit_does_not_repeat_its_journeys_errors(project: Project) -> None:
    project.write("journeys/j.yaml", JOURNEY.replace("- click:", "- clik:"))
    report = lint_one(project, "audits/a.yaml", AUDIT, env={"SITE_URL": "http://127.0.0.1:1"})
    assert report.problems == []


def test_not_a_selfshop_file(project: Project) -> None:
    report = lint_one(project, "other.yaml", "colour: blue\n")
    assert report.kind == "unknown"
    (error,) = report.errors
    assert (error.line, error.column) == (1, 1)
    assert "not a selfshop file" in error.message


def test_unreadable_file(project: Project) -> None:
    report = lint_one(project, "j.yaml", "id: [unclosed\n")
    assert report.kind == "unreadable"
    assert report.errors[0].line == 2 and "not valid YAML" in report.errors[0].message


def test_fragment_step_without_name(project: Project) -> None:
    report = lint_one(project, "journeys/fragments/f.yaml", "params: {}\nsteps:\n  - do: []\n")
    (error,) = report.errors
    assert (error.line, error.field) == (3, "steps[0].name")


def test_fragment_with_unknown_key(project: Project) -> None:
    report = lint_one(project, "journeys/fragments/f.yaml", "parms: {}\nsteps:\n  - name: s\n")
    assert report.kind == "fragment"
    (error,) = report.errors
    assert (error.line, error.field) == (1, "parms")
    assert "did you mean 'params'?" in error.message


def test_two_journey_files_with_one_id(project: Project) -> None:
    project.write("journeys/a.yaml", JOURNEY)
    project.write(
        "journeys/b.yaml", "# a copy\n" + JOURNEY.replace("title: Buy a gift", "title: Copy")
    )
    first, second = lint_paths([project.root / "journeys"], env={})
    assert first.errors == []
    (error,) = second.errors
    assert (error.path, error.line, error.column, error.field) == ("journeys/b.yaml", 2, 5, "id")
    assert error.message == "journey id 'buy-gift' is also used by journeys/a.yaml"


def test_project_inside_a_folder_named_reports_is_still_linted(project: Project) -> None:
    folder = project.root / "reports" / "shop"
    (folder / "journeys").mkdir(parents=True)
    (folder / "journeys" / "j.yaml").write_text(JOURNEY.replace("- click:", "- clik:"))
    (report,) = lint_paths([folder / "journeys"], env={})
    assert report.errors[0].field == "steps[0].do[0].clik"


def test_misspelt_base_url_in_audits_folder_is_an_audit_mistake(project: Project) -> None:
    project.write("journeys/j.yaml", JOURNEY)
    report = lint_one(project, "audits/a.yaml", AUDIT.replace("base_url:", "base-url:"))
    assert report.kind == "audit"
    assert [(p.line, p.field) for p in report.errors] == [(1, "base_url"), (2, "base-url")]
    assert "did you mean 'base_url'?" in report.errors[1].message


@pytest.mark.skipif(threading.active_count() > 1, reason="forking beside other threads is unsafe")
def test_workers_give_the_same_reports_in_the_same_order(project: Project) -> None:
    for n in range(12):
        text = JOURNEY.replace("id: buy-gift", f"id: j{n % 10}")  # j0 and j1 used twice
        project.write(
            f"journeys/j{n:02d}.yaml", text.replace("- click:", "- clik:") if n == 5 else text
        )
    alone = lint_paths([project.root / "journeys"], env={}, workers=1)
    shared = lint_paths([project.root / "journeys"], env={}, workers=2)
    assert shared == alone
    assert [r.path for r in shared if r.errors] == [
        "journeys/j05.yaml", "journeys/j10.yaml", "journeys/j11.yaml",
    ]  # fmt: skip

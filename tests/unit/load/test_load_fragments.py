"""`- use: fragments/x.yaml` with `with:` parameters: expanded, or refused with the reason."""

from __future__ import annotations

import pytest
from load_helpers import Project, one_problem, problems_of
from pydantic import SecretStr

from selfshop.load.files import load_journey

LOGIN_FRAGMENT = """\
params: { email: null, start: /login }
steps:
  - name: Log in as ${vars.email}
    do:
      - goto: ${vars.start}
      - fill: { label: Email, value: "${vars.email}" }
      - fill: { label: Password, value: "${secret:SHOP_PASSWORD}" }
      - click: { role: button, name: Log in }
"""

HEAD = """\
id: reorder
title: Order again
start: /
steps:
"""


@pytest.fixture
def login(project: Project) -> Project:
    project.write("journeys/fragments/login.yaml", LOGIN_FRAGMENT)
    return project


def test_fragment_with_params_expands(login: Project) -> None:
    path = login.write(
        "journeys/reorder.yaml",
        HEAD + "  - use: fragments/login.yaml\n    with: { email: sam@example.com }\n"
        "  - name: Reorder\n    do:\n      - click: { role: button, name: Order again }\n",
    )
    journey = load_journey(path, env={"SHOP_PASSWORD": "pw-123"})
    assert [s.name for s in journey.steps] == ["Log in as sam@example.com", "Reorder"]
    first = journey.steps[0].do
    assert first[0].goto == "/login"  # the parameter's default
    assert first[1].fill.value == "sam@example.com"  # type: ignore[union-attr]
    assert isinstance(first[2].fill.value, SecretStr)  # type: ignore[union-attr]
    assert "pw-123" not in journey.model_dump_json()


def test_default_parameter_can_be_overridden(login: Project) -> None:
    path = login.write(
        "journeys/reorder.yaml",
        HEAD + "  - use: fragments/login.yaml\n    with: { email: a@b.c, start: /signin }\n",
    )
    journey = load_journey(path, env={"SHOP_PASSWORD": "x"})
    assert journey.steps[0].do[0].goto == "/signin"


def test_error_inside_a_fragment_is_located_in_the_fragment(login: Project) -> None:
    login.write("journeys/fragments/login.yaml", LOGIN_FRAGMENT.replace("- click:", "- clack:"))
    path = login.write(
        "journeys/reorder.yaml",
        HEAD + "  - use: fragments/login.yaml\n    with: { email: a@b.c }\n",
    )
    problem = one_problem(lambda: load_journey(path, env={"SHOP_PASSWORD": "x"}))
    assert (problem.path, problem.line, problem.column) == ("journeys/fragments/login.yaml", 8, 9)
    assert problem.field == "steps[0].do[3].clack"
    assert "did you mean 'click'?" in problem.message


def test_fragment_missing_a_required_param(login: Project) -> None:
    path = login.write("journeys/reorder.yaml", HEAD + "  - use: fragments/login.yaml\n")
    problem = one_problem(lambda: load_journey(path, env={"SHOP_PASSWORD": "x"}))
    assert (problem.path, problem.line, problem.column) == ("journeys/reorder.yaml", 5, 10)
    assert problem.field == "steps[0].use"
    assert "the fragment needs parameter 'email'" in problem.message


def test_unknown_with_param(login: Project) -> None:
    path = login.write(
        "journeys/reorder.yaml",
        HEAD + "  - use: fragments/login.yaml\n    with: { email: a@b.c, emial: x }\n",
    )
    problem = one_problem(lambda: load_journey(path, env={"SHOP_PASSWORD": "x"}))
    assert (problem.line, problem.column, problem.field) == (6, 27, "steps[0].with.emial")
    assert "unknown parameter 'emial' (the fragment takes: email, start)" in problem.message


def test_use_item_with_an_extra_key(login: Project) -> None:
    path = login.write(
        "journeys/reorder.yaml",
        HEAD + "  - use: fragments/login.yaml\n    name: Log in\n    with: { email: a@b.c }\n",
    )
    problem = one_problem(lambda: load_journey(path, env={"SHOP_PASSWORD": "x"}))
    assert (problem.line, problem.column, problem.field) == (6, 5, "steps[0].name")
    assert "unknown key 'name'" in problem.message


def test_cyclic_use(project: Project) -> None:
    project.write("journeys/fragments/a.yaml", "steps:\n  - use: b.yaml\n")
    project.write("journeys/fragments/b.yaml", "steps:\n  - use: a.yaml\n")
    path = project.write("journeys/j.yaml", HEAD + "  - use: fragments/a.yaml\n")
    problem = one_problem(lambda: load_journey(path, env={}))
    assert (problem.path, problem.line, problem.column) == ("journeys/fragments/b.yaml", 2, 10)
    assert problem.field == "steps[0].use"
    assert "cyclic use: a.yaml -> b.yaml -> a.yaml" in problem.message


def test_fragment_using_itself(project: Project) -> None:
    project.write("journeys/fragments/loop.yaml", "steps:\n  - name: x\n  - use: loop.yaml\n")
    path = project.write("journeys/j.yaml", HEAD + "  - use: fragments/loop.yaml\n")
    problem = one_problem(lambda: load_journey(path, env={}))
    assert (problem.path, problem.line) == ("journeys/fragments/loop.yaml", 3)
    assert "cyclic use: loop.yaml -> loop.yaml" in problem.message


def test_use_escaping_the_project_is_refused(project: Project) -> None:
    outside = project.root.parent / "outside.yaml"
    outside.write_text("steps:\n  - name: Stolen\n")
    path = project.write("journeys/j.yaml", HEAD + "  - use: ../../outside.yaml\n")
    problem = one_problem(lambda: load_journey(path, env={}))
    assert (problem.path, problem.line, problem.column) == ("journeys/j.yaml", 5, 10)
    assert "refused" in problem.message and "outside the project folder" in problem.message


def test_absolute_use_path_is_refused(project: Project) -> None:
    path = project.write("journeys/j.yaml", HEAD + "  - use: /etc/passwd\n")
    problem = one_problem(lambda: load_journey(path, env={}))
    assert (problem.line, problem.field) == (5, "steps[0].use")
    assert "outside the project folder" in problem.message


def test_use_of_a_missing_fragment(project: Project) -> None:
    path = project.write("journeys/j.yaml", HEAD + "  - use: fragments/nope.yaml\n")
    problem = one_problem(lambda: load_journey(path, env={}))
    assert (problem.line, problem.column, problem.field) == (5, 10, "steps[0].use")
    assert "fragment not found" in problem.message


def test_broken_use_next_to_good_steps_reports_only_itself(login: Project) -> None:
    path = login.write(
        "journeys/j.yaml",
        HEAD
        + "  - use: fragments/nope.yaml\n  - name: Browse\n    do:\n      - clik: { text: Sale }\n",
    )
    problems = problems_of(lambda: load_journey(path, env={}))
    assert [(p.line, p.field) for p in problems] == [
        (5, "steps[0].use"),
        (8, "steps[1].do[0].clik"),
    ]


def test_fragment_that_is_not_a_fragment(project: Project) -> None:
    project.write("journeys/fragments/odd.yaml", "steps: []\nparams: {a: [1]}\n")
    path = project.write("journeys/j.yaml", HEAD + "  - use: fragments/odd.yaml\n")
    problems = problems_of(lambda: load_journey(path, env={}))
    assert {p.path for p in problems} == {"journeys/fragments/odd.yaml"}
    assert {p.field for p in problems} == {"steps", "params.a"}

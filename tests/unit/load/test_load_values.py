"""${env:}, ${secret:} and ${vars.} references: filled, masked, or reported by name."""

from __future__ import annotations

from load_helpers import Project, one_problem, problems_of
from pydantic import SecretStr

from selfshop.load.files import load_journey

LOGIN = """\
id: log-in
title: Log in
start: /login
vars: { user: sam@example.com }
steps:
  - name: Log in
    do:
      - fill: { label: Email, value: "${vars.user}" }
      - fill: { label: Password, value: "${secret:SHOP_PASSWORD}" }
      - fill: { label: Quantity, value: 2 }
      - fill: { label: Note, value: "Costs $${price}, from ${env:SHOP_REGION}" }
      - click: { role: button, name: Log in }
"""

ENV = {"SHOP_PASSWORD": "hunter2-very-secret", "SHOP_REGION": "north"}


def test_values_are_filled_in(project: Project) -> None:
    journey = load_journey(project.write("j.yaml", LOGIN), env=ENV)
    fills = [a.fill for a in journey.steps[0].do if a.fill]
    assert fills[0].value == "sam@example.com"
    assert fills[2].value == "2"  # a bare number is still text to type
    assert fills[3].value == "Costs ${price}, from north"  # $${ is a literal ${


def test_secret_comes_back_masked(project: Project) -> None:
    journey = load_journey(project.write("j.yaml", LOGIN), env=ENV)
    password = journey.steps[0].do[1].fill
    assert password is not None
    assert isinstance(password.value, SecretStr)
    assert password.is_secret and not journey.steps[0].do[0].fill.is_secret  # type: ignore[union-attr]
    assert password.plain_value() == "hunter2-very-secret"
    assert "hunter2" not in journey.steps[0].do[1].describe()


def test_secret_never_appears_in_the_json_of_the_journey(project: Project) -> None:
    journey = load_journey(project.write("j.yaml", LOGIN), env=ENV)
    assert "hunter2" not in journey.model_dump_json()
    assert "hunter2" not in repr(journey)
    assert "hunter2" not in str(journey.model_dump())


def test_secret_mixed_with_text_is_still_secret(project: Project) -> None:
    text = LOGIN.replace('"${secret:SHOP_PASSWORD}"', '"pin-${secret:SHOP_PASSWORD}"')
    journey = load_journey(project.write("j.yaml", text), env=ENV)
    value = journey.steps[0].do[1].fill.value  # type: ignore[union-attr]
    assert isinstance(value, SecretStr)
    assert value.get_secret_value() == "pin-hunter2-very-secret"


def test_missing_env_variable_is_named_never_empty(project: Project) -> None:
    path = project.write("j.yaml", LOGIN)
    problem = one_problem(lambda: load_journey(path, env={"SHOP_PASSWORD": "x"}))
    assert (problem.line, problem.column, problem.field) == (11, 37, "steps[0].do[3].fill.value")
    assert problem.message == "environment variable SHOP_REGION is not set"
    assert (problem.code, problem.subject) == ("missing-env", "SHOP_REGION")


def test_missing_secret_is_named(project: Project) -> None:
    path = project.write("j.yaml", LOGIN)
    problem = one_problem(lambda: load_journey(path, env={"SHOP_REGION": "north"}))
    assert (problem.line, problem.field) == (9, "steps[0].do[1].fill.value")
    assert "SHOP_PASSWORD is not set" in problem.message


def test_variable_set_to_empty_text_is_a_value(project: Project) -> None:
    journey = load_journey(project.write("j.yaml", LOGIN), env={**ENV, "SHOP_REGION": ""})
    assert journey.steps[0].do[3].fill.value == "Costs ${price}, from "  # type: ignore[union-attr]


def test_secret_outside_a_fill_value_is_refused(project: Project) -> None:
    path = project.write(
        "j.yaml", LOGIN.replace("title: Log in", 'title: "${secret:SHOP_PASSWORD}"')
    )
    problem = one_problem(lambda: load_journey(path, env=ENV))
    assert (problem.line, problem.column, problem.field) == (2, 8, "title")
    assert "${secret:SHOP_PASSWORD} is only allowed in fill values" in problem.message


def test_secret_in_a_fill_label_is_refused(project: Project) -> None:
    path = project.write(
        "j.yaml", LOGIN.replace("label: Email", 'label: "${secret:SHOP_PASSWORD}"')
    )
    problem = one_problem(lambda: load_journey(path, env=ENV))
    assert (problem.line, problem.field) == (8, "steps[0].do[0].fill.label")
    assert "only allowed in fill values" in problem.message


def test_secret_in_vars_is_refused(project: Project) -> None:
    path = project.write(
        "j.yaml", LOGIN.replace("user: sam@example.com", 'user: "${secret:SHOP_PASSWORD}"')
    )
    problem = one_problem(lambda: load_journey(path, env=ENV))
    assert (problem.line, problem.column, problem.field) == (4, 15, "vars.user")
    assert "only allowed in fill values" in problem.message


def test_unknown_reference_kind(project: Project) -> None:
    path = project.write("j.yaml", LOGIN.replace("title: Log in", 'title: "${envv:HOME}"'))
    problem = one_problem(lambda: load_journey(path, env=ENV))
    assert (problem.line, problem.field) == (2, "title")
    assert "unknown reference ${envv:HOME}" in problem.message
    assert "${env:NAME}, ${secret:NAME} or ${vars.name}" in problem.message


def test_missing_journey_variable(project: Project) -> None:
    path = project.write("j.yaml", LOGIN.replace("${vars.user}", "${vars.usr}"))
    problem = one_problem(lambda: load_journey(path, env=ENV))
    assert (problem.line, problem.column, problem.field) == (8, 38, "steps[0].do[0].fill.value")
    assert problem.message == "variable usr is not set (define it in 'vars:')"


def test_unclosed_reference(project: Project) -> None:
    path = project.write("j.yaml", LOGIN.replace('"${vars.user}"', '"${vars.user"'))
    problem = one_problem(lambda: load_journey(path, env=ENV))
    assert (problem.line, problem.field) == (8, "steps[0].do[0].fill.value")
    assert "'${' is never closed" in problem.message


def test_several_missing_variables_are_all_reported(project: Project) -> None:
    path = project.write("j.yaml", LOGIN)
    problems = problems_of(lambda: load_journey(path, env={}))
    assert [(p.line, p.subject) for p in problems] == [(9, "SHOP_PASSWORD"), (11, "SHOP_REGION")]


def test_env_values_are_not_read_again_for_references(project: Project) -> None:
    # A value that itself looks like a reference is typed as it is, never expanded twice.
    journey = load_journey(
        project.write("j.yaml", LOGIN), env={**ENV, "SHOP_REGION": "${env:HOME}"}
    )
    assert journey.steps[0].do[3].fill.value.endswith("from ${env:HOME}")  # type: ignore[union-attr]

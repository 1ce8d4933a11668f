"""Journey files with mistakes a person makes: each reported at its line, column and field."""

from __future__ import annotations

from pathlib import Path

from load_helpers import JOURNEY, Project, one_problem, problems_of

from selfshop.errors import Problem
from selfshop.load.files import load_journey


def problem_in(project: Project, text: str) -> Problem:
    path = project.write("journeys/j.yaml", text)
    return one_problem(lambda: load_journey(path, env={}))


def where(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line, problem.column, problem.field)


def test_valid_journey_loads(project: Project) -> None:
    journey = load_journey(project.write("journeys/j.yaml", JOURNEY), env={})
    assert journey.id == "buy-gift"
    assert [a.kind for a in journey.steps[0].do] == ["click", "expect"]


def test_string_where_a_number_belongs(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("seconds: 30", "seconds: fast"))
    assert where(problem) == ("journeys/j.yaml", 4, 20, "budget.seconds")
    assert "valid number" in problem.message and "(got 'fast')" in problem.message


def test_number_where_text_belongs(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("start: /", "start: 5"))
    assert where(problem) == ("journeys/j.yaml", 3, 8, "start")
    assert "valid string (got 5)" in problem.message


def test_list_where_a_mapping_belongs(project: Project) -> None:
    problem = problem_in(
        project, JOURNEY.replace("budget: { seconds: 30, actions: 12 }", "budget: [30, 12]")
    )
    assert where(problem) == ("journeys/j.yaml", 4, 9, "budget")
    assert "(got a list)" in problem.message


def test_mapping_where_a_list_of_steps_belongs(project: Project) -> None:
    text = """\
        id: buy-gift
        title: Buy a gift
        start: /
        steps:
          name: Find a gift
        """
    problem = problem_in(project, text)
    assert where(problem) == ("journeys/j.yaml", 5, 3, "steps")
    assert "valid list (got a mapping)" in problem.message


def test_do_given_as_a_single_word(project: Project) -> None:
    text = JOURNEY.replace(
        "    do:\n      - click: { role: link, name: Gifts }\n      - expect: { url: /gifts }\n",
        "    do: click\n",
    )
    problem = problem_in(project, text)
    assert where(problem) == ("journeys/j.yaml", 7, 9, "steps[0].do")
    assert "(got 'click')" in problem.message


def test_yes_is_not_a_title(project: Project) -> None:
    # YAML 1.1 reads a bare yes as true; the message shows what was understood.
    problem = problem_in(project, JOURNEY.replace("title: Buy a gift", "title: yes"))
    assert where(problem)[1:] == (2, 8, "title")
    assert "(got True)" in problem.message


def test_bad_channel_lists_the_choices(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("start: /", "start: /\nchannel: fax"))
    assert where(problem)[1:] == (4, 10, "channel")
    assert "'web', 'phone', 'email', 'chat' or 'store'" in problem.message
    assert "(got 'fax')" in problem.message


def test_id_with_capitals_and_spaces(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("id: buy-gift", "id: Buy Gift"))
    assert where(problem)[1:] == (1, 5, "id")
    assert "pattern" in problem.message


def test_negative_budget(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("actions: 12", "actions: -1"))
    assert where(problem)[1:] == (4, 33, "budget.actions")
    assert "greater than 0" in problem.message


def test_unknown_action_with_did_you_mean(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("- click:", "- clik:"))
    assert where(problem) == ("journeys/j.yaml", 8, 9, "steps[0].do[0].clik")
    assert "unknown key 'clik'; did you mean 'click'?" in problem.message


def test_unknown_action_waitfor(project: Project) -> None:
    problem = problem_in(
        project, JOURNEY.replace("- expect: { url: /gifts }", "- waitfor: { seconds: 2 }")
    )
    assert where(problem)[1:] == (9, 9, "steps[0].do[1].waitfor")
    assert "did you mean 'wait_for'?" in problem.message


def test_misspelt_journey_key(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("budget:", "budjet:"))
    assert where(problem)[1:] == (4, 1, "budjet")
    assert "unknown key 'budjet'; did you mean 'budget'?" in problem.message


def test_misspelt_required_key_reports_both_sides(project: Project) -> None:
    path = project.write("journeys/j.yaml", JOURNEY.replace("title:", "titel:"))
    problems = problems_of(lambda: load_journey(path, env={}))
    assert [(p.line, p.field) for p in problems] == [(1, "title"), (2, "titel")]
    assert problems[0].message == "missing required key 'title'"
    assert "did you mean 'title'?" in problems[1].message


def test_misspelt_step_key(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("    do:", "    intnet: I want a gift\n    do:"))
    assert where(problem)[1:] == (7, 5, "steps[0].intnet")
    assert "did you mean 'intent'?" in problem.message


def test_misspelt_target_key(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("role: link", "rol: link"))
    assert where(problem)[1:] == (8, 18, "steps[0].do[0].click.rol")
    assert "did you mean 'role'?" in problem.message


def test_misspelt_budget_key(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("seconds: 30", "secnds: 30"))
    assert where(problem)[1:] == (4, 11, "budget.secnds")
    assert "did you mean 'seconds'?" in problem.message


def test_misspelt_key_inside_expect(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("{ url: /gifts }", "{ ulr: /gifts }"))
    assert where(problem)[1:] == (9, 19, "steps[0].do[1].expect.ulr")
    assert "did you mean 'url'?" in problem.message


def test_key_far_from_any_field_lists_the_choices(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("seconds: 30", "zzz: 30"))
    assert "unknown key 'zzz'; expected one of: seconds, actions, fields" in problem.message


def test_empty_steps(project: Project) -> None:
    problem = problem_in(project, "id: buy-gift\ntitle: Buy\nstart: /\nsteps: []\n")
    assert where(problem)[1:] == (4, 8, "steps")
    assert "at least 1 item" in problem.message


def test_steps_key_without_value(project: Project) -> None:
    problem = problem_in(project, "id: buy-gift\ntitle: Buy\nstart: /\nsteps:\n")
    assert where(problem)[1:] == (4, 7, "steps")
    assert "(got nothing)" in problem.message


def test_step_without_name(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("  - name: Find a gift\n    do:", "  - do:"))
    assert where(problem)[1:] == (6, 5, "steps[0].name")
    assert problem.message == "missing required key 'name'"


def test_step_with_two_actions_in_one_item(project: Project) -> None:
    text = JOURNEY.replace(
        "      - click: { role: link, name: Gifts }\n",
        "      - click: { role: link, name: Gifts }\n        hover: { text: Sale }\n",
    )
    problem = problem_in(project, text)
    assert where(problem)[1:] == (8, 9, "steps[0].do[0]")
    assert "one action per item, found 2: click, hover" in problem.message


def test_action_without_a_value(project: Project) -> None:
    problem = problem_in(
        project, JOURNEY.replace("- click: { role: link, name: Gifts }", "- click:")
    )
    assert where(problem)[1:] == (8, 9, "steps[0].do[0]")
    assert "'click' needs a value" in problem.message


def test_expect_with_two_things(project: Project) -> None:
    problem = problem_in(
        project, JOURNEY.replace("{ url: /gifts }", "{ url: /gifts, text: Gifts }")
    )
    assert where(problem)[1:] == (9, 17, "steps[0].do[1].expect")
    assert "expect one thing per item" in problem.message


def test_target_with_two_locators(project: Project) -> None:
    problem = problem_in(
        project, JOURNEY.replace("{ role: link, name: Gifts }", "{ text: Gifts, label: Gifts }")
    )
    assert where(problem)[1:] == (8, 16, "steps[0].do[0].click")
    assert "give one way to find the element, not 2: label, text" in problem.message


def test_target_with_no_locator(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("{ role: link, name: Gifts }", "{ exact: true }"))
    assert where(problem)[1:] == (8, 16, "steps[0].do[0].click")
    assert "say how to find the element" in problem.message


def test_name_without_role(project: Project) -> None:
    problem = problem_in(
        project, JOURNEY.replace("{ role: link, name: Gifts }", "{ text: Gifts, name: Gifts }")
    )
    assert where(problem)[1:] == (8, 16, "steps[0].do[0].click")
    assert "'name' goes with 'role'" in problem.message


def test_name_alone_asks_for_a_locator(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("{ role: link, name: Gifts }", "{ name: Gifts }"))
    assert where(problem)[1:] == (8, 16, "steps[0].do[0].click")
    assert "role" in problem.message


def test_fill_without_value(project: Project) -> None:
    problem = problem_in(
        project, JOURNEY.replace("- click: { role: link, name: Gifts }", "- fill: { label: Email }")
    )
    assert where(problem)[1:] == (8, 15, "steps[0].do[0].fill.value")
    assert problem.message == "missing required key 'value'"


def test_wait_for_two_things(project: Project) -> None:
    problem = problem_in(
        project, JOURNEY.replace("- expect: { url: /gifts }", "- wait_for: { url: /a, seconds: 2 }")
    )
    assert where(problem)[1:] == (9, 19, "steps[0].do[1].wait_for")
    assert "wait for one thing" in problem.message


def test_web_journey_without_start(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("start: /\n", ""))
    assert where(problem)[1:] == (1, 1, "start")
    assert "a web journey needs 'start'" in problem.message


def test_phone_journey_with_do(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("start: /", "channel: phone"))
    assert where(problem)[1:] == (6, 3, "steps")
    assert "a phone journey is walked by a person: steps take no 'do'" in problem.message


def test_every_mistake_in_one_file_is_reported_at_once(project: Project) -> None:
    text = """\
        id: Buy Gift
        titel: Buy a gift
        start: 5
        budget: { seconds: -1 }
        steps:
          - name: ''
            do:
              - clik: { text: Gifts }
              - expect: { url: /a, text: b }
        """
    path = project.write("journeys/j.yaml", text)
    problems = problems_of(lambda: load_journey(path, env={}))
    assert [(p.line, p.column, p.field) for p in problems] == [
        (1, 1, "title"),
        (1, 5, "id"),
        (2, 1, "titel"),
        (3, 8, "start"),
        (4, 20, "budget.seconds"),
        (6, 11, "steps[0].name"),
        (8, 9, "steps[0].do[0].clik"),
        (9, 17, "steps[0].do[1].expect"),
    ]
    assert all(p.path == "journeys/j.yaml" for p in problems)


def test_problem_prints_as_one_located_line(project: Project) -> None:
    problem = problem_in(project, JOURNEY.replace("- click:", "- clik:"))
    assert str(problem) == (
        "journeys/j.yaml:8:9: steps[0].do[0].clik: unknown key 'clik'; did you mean 'click'?"
    )


def test_absolute_path_outside_cwd_is_shown_whole(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "j.yaml"
    path.parent.mkdir()
    path.write_text(JOURNEY.replace("- click:", "- clik:"))
    problem = one_problem(lambda: load_journey(path, env={}))
    assert problem.path == str(path)

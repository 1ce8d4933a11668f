"""standards.yaml mistakes, and the charter: locked standards compared with git HEAD."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from load_helpers import STANDARDS, Project, one_problem, problems_of

from selfshop.errors import Problem
from selfshop.load.files import load_standards
from selfshop.project.lint import lint_paths


def problem_in(project: Project, text: str) -> Problem:
    path = project.write("standards.yaml", text)
    return one_problem(lambda: load_standards(path))


def test_valid_standards_load(project: Project) -> None:
    standards = load_standards(project.root / "standards.yaml")
    assert [s.id for s in standards.standards] == ["safety", "show"]
    assert standards.standards[0].checks[0].id == "https"


def test_misspelt_standard_key(project: Project) -> None:
    problem = problem_in(project, STANDARDS.replace("    weight: 5", "    wieght: 5"))
    assert (problem.line, problem.column, problem.field) == (7, 5, "standards[0].wieght")
    assert "did you mean 'weight'?" in problem.message


def test_misspelt_top_level_key(project: Project) -> None:
    problem = problem_in(project, STANDARDS.replace("verdict:", "verdicts:"))
    assert (problem.line, problem.column, problem.field) == (2, 1, "verdicts")
    assert "did you mean 'verdict'?" in problem.message


def test_misspelt_charter_key(project: Project) -> None:
    problem = problem_in(project, STANDARDS.replace("min_weight", "minweight"))
    assert (problem.line, problem.column, problem.field) == (3, 30, "charter.minweight")
    assert "did you mean 'min_weight'?" in problem.message


def test_weight_as_a_word(project: Project) -> None:
    problem = problem_in(project, STANDARDS.replace("weight: 5", "weight: heavy"))
    assert (problem.line, problem.column, problem.field) == (7, 13, "standards[0].weight")
    assert "(got 'heavy')" in problem.message


def test_verdict_bands_the_wrong_way_round(project: Project) -> None:
    problem = problem_in(
        project, STANDARDS.replace("proud: 85, redesign: 60", "proud: 50, redesign: 70")
    )
    assert (problem.line, problem.column, problem.field) == (2, 10, "verdict")
    assert "'redesign' must not be above 'proud'" in problem.message


def test_verdict_band_over_100(project: Project) -> None:
    problem = problem_in(project, STANDARDS.replace("proud: 85", "proud: 101"))
    assert (problem.line, problem.column, problem.field) == (2, 19, "verdict.proud")
    assert "less than or equal to 100" in problem.message


def test_locked_standard_below_min_weight(project: Project) -> None:
    problem = problem_in(project, STANDARDS.replace("weight: 5", "weight: 0.5"))
    assert (
        "locked standard 'safety' has weight 0.5, below the charter's minimum 1" in problem.message
    )


def test_locked_standard_weight_zero(project: Project) -> None:
    problem = problem_in(project, STANDARDS.replace("weight: 5", "weight: 0"))
    assert "locked standard 'safety' has weight 0" in problem.message


def test_locked_standard_missing_from_the_list(project: Project) -> None:
    problem = problem_in(
        project, STANDARDS.replace("locked: [safety]", "locked: [safety, inclusion]")
    )
    assert "locked standard 'inclusion' is missing" in problem.message


def test_duplicate_standard_ids(project: Project) -> None:
    problem = problem_in(project, STANDARDS.replace("id: show", "id: safety"))
    assert "standard ids must be unique: safety" in problem.message


def test_check_with_two_keys(project: Project) -> None:
    text = STANDARDS.replace("checks: [https]", "checks: [{https: {}, hsts: {}}]")
    path = project.write("standards.yaml", text)
    problems = problems_of(lambda: load_standards(path))
    assert {p.line for p in problems} == {8}
    assert "standards[0].checks[0].https" in {p.field for p in problems}


# --- the charter against git HEAD -----------------------------------------------------------

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def committed(project: Project) -> Project:
    """The project as a git repository with its standards.yaml committed."""
    git(project.root, "init", "-q")
    git(project.root, "config", "user.email", "tester@example.com")
    git(project.root, "config", "user.name", "Tester")
    git(project.root, "config", "commit.gpgsign", "false")
    git(project.root, "add", "standards.yaml")
    git(project.root, "commit", "-q", "-m", "charter")
    return project


@pytest.fixture
def repo(project: Project) -> Project:
    """The project as a git repository with standards.yaml committed (safety locked)."""
    return committed(project)


def lint_standards(project: Project) -> list[Problem]:
    (report,) = lint_paths([project.root / "standards.yaml"], env={})
    assert report.kind == "standards"
    return report.errors


@needs_git
def test_unchanged_committed_standards_pass(repo: Project) -> None:
    assert lint_standards(repo) == []


@needs_git
def test_locked_standard_removed_is_refused(repo: Project) -> None:
    repo.write(
        "standards.yaml",
        "organisation: Acme\nstandards:\n  - id: show\n    title: Show\n",
    )
    (problem,) = lint_standards(repo)
    assert (problem.path, problem.line, problem.column, problem.field) == (
        "standards.yaml",
        2,
        1,
        "standards",
    )
    assert "locked standard 'safety' was removed" in problem.message
    assert "never removing it" in problem.message


@needs_git
def test_locked_standard_unlocked_is_refused(repo: Project) -> None:
    repo.write("standards.yaml", STANDARDS.replace("locked: [safety]", "locked: []"))
    (problem,) = lint_standards(repo)
    assert (problem.line, problem.field) == (3, "charter.locked")
    assert "standard 'safety' was unlocked" in problem.message


@needs_git
def test_locked_standard_unlocked_and_zeroed_is_refused(repo: Project) -> None:
    text = STANDARDS.replace("locked: [safety]", "locked: []").replace("weight: 5", "weight: 0")
    repo.write("standards.yaml", text)
    (problem,) = lint_standards(repo)
    assert "was unlocked" in problem.message


@needs_git
def test_locked_standard_zeroed_while_locked_is_refused(repo: Project) -> None:
    repo.write("standards.yaml", STANDARDS.replace("weight: 5", "weight: 0"))
    (problem,) = lint_standards(repo)
    assert "locked standard 'safety' has weight 0" in problem.message


@needs_git
def test_locked_standard_may_be_reworded_and_reweighted(repo: Project) -> None:
    text = STANDARDS.replace("title: Safety", "title: Keeping you safe").replace(
        "weight: 5", "weight: 2"
    )
    repo.write("standards.yaml", text)
    assert lint_standards(repo) == []


@needs_git
def test_unlocked_standard_may_be_removed(repo: Project) -> None:
    repo.write("standards.yaml", STANDARDS.replace("  - id: show\n    title: Show\n", ""))
    assert lint_standards(repo) == []


@needs_git
def test_new_lock_is_welcome(repo: Project) -> None:
    repo.write("standards.yaml", STANDARDS.replace("locked: [safety]", "locked: [safety, show]"))
    assert lint_standards(repo) == []


@needs_git
def test_standards_in_a_subfolder_compare_with_their_own_history(repo: Project) -> None:
    (repo.root / "org").mkdir()
    git(repo.root, "mv", "standards.yaml", "org/standards.yaml")
    git(repo.root, "commit", "-q", "-m", "move")
    (repo.root / "org" / "standards.yaml").write_text(
        "organisation: A\nstandards: [{id: show, title: S}]\n"
    )
    (report,) = lint_paths([repo.root / "org" / "standards.yaml"], env={})
    assert ["was removed" in p.message for p in report.errors] == [True]


def test_outside_git_there_is_no_history_to_guard(project: Project) -> None:
    project.write(
        "standards.yaml", "organisation: Acme\nstandards:\n  - id: show\n    title: Show\n"
    )
    assert lint_standards(project) == []


@needs_git
def test_lowering_the_charter_floor_is_refused(repo: Project) -> None:
    text = STANDARDS.replace("min_weight: 1", "min_weight: 0.01").replace(
        "weight: 5", "weight: 0.01"
    )
    repo.write("standards.yaml", text)
    (problem,) = lint_standards(repo)
    assert (problem.line, problem.field) == (3, "charter.min_weight")
    assert "min_weight was lowered from 1 to 0.01" in problem.message


@needs_git
def test_raising_the_charter_floor_is_fine(repo: Project) -> None:
    repo.write("standards.yaml", STANDARDS.replace("min_weight: 1", "min_weight: 2"))
    assert lint_standards(repo) == []


# --- goals and owners -------------------------------------------------------------------------

GOALS = STANDARDS.replace(
    "    checks: [https]\n",
    "    checks: [https]\n"
    "    owner: { name: Sam Okafor, contact: sam@example.com }\n"
    "    goal:\n"
    "      target: 90\n"
    "      by: 2027-06-30\n"
    "      locked: true\n"
    "      milestones: [{ score: 80, by: 2026-12-31 }]\n",
).replace(
    "standards:\n",
    "goal: { target: 85, by: 2027-12-31, locked: true, floor: 80 }\nstandards:\n",
    1,
)


def test_goals_and_owners_load(project: Project) -> None:
    standards = load_standards(project.write("standards.yaml", GOALS))
    safety = standards.standards[0]
    assert safety.owner is not None and safety.owner.email == "sam@example.com"
    assert safety.goal is not None and str(safety.goal.by) == "2027-06-30"
    assert [m.score for m in safety.goal.milestones] == [80]
    assert sorted(standards.goals()) == ["overall", "safety"]


def test_milestone_after_the_goal_is_located(project: Project) -> None:
    problem = problem_in(project, GOALS.replace("by: 2026-12-31", "by: 2028-01-01"))
    assert (problem.line, problem.field) == (12, "standards[0].goal")
    assert "after the goal's date 2027-06-30" in problem.message


def test_goal_above_100_is_located(project: Project) -> None:
    problem = problem_in(project, GOALS.replace("target: 90", "target: 190"))
    assert (problem.line, problem.field) == (12, "standards[0].goal.target")


@pytest.fixture
def goal_repo(project: Project) -> Project:
    """standards.yaml with a locked overall goal and a locked safety goal, committed."""
    project.write("standards.yaml", GOALS)
    return committed(project)


@needs_git
def test_locked_goal_may_be_raised_and_re_dated(goal_repo: Project) -> None:
    text = GOALS.replace("target: 90", "target: 95").replace("by: 2027-06-30", "by: 2028-03-31")
    goal_repo.write("standards.yaml", text.replace("target: 85,", "target: 88,"))
    assert lint_standards(goal_repo) == []


@needs_git
def test_locked_goal_removed_is_refused(goal_repo: Project) -> None:
    text = GOALS.split("    goal:\n")[0] + "  - id: show\n    title: Show\n"
    goal_repo.write("standards.yaml", text)
    (problem,) = lint_standards(goal_repo)
    assert "the goal of 'safety' was locked and has been removed" in problem.message
    assert problem.field == "standards[0]"


@needs_git
def test_locked_goal_lowered_is_refused(goal_repo: Project) -> None:
    goal_repo.write("standards.yaml", GOALS.replace("target: 90", "target: 75"))
    (problem,) = lint_standards(goal_repo)
    assert (problem.line, problem.field) == (12, "standards[0].goal.target")
    assert "lowered to 75, below its floor 90" in problem.message


@needs_git
def test_locked_goal_may_fall_to_its_floor_but_not_below(goal_repo: Project) -> None:
    goal_repo.write("standards.yaml", GOALS.replace("target: 85,", "target: 80,"))
    assert lint_standards(goal_repo) == []
    lower = GOALS.replace("target: 85, by", "target: 79, by").replace(", floor: 80", "")
    goal_repo.write("standards.yaml", lower)
    (problem,) = lint_standards(goal_repo)
    assert "the overall goal was lowered to 79, below its floor 80" in problem.message
    goal_repo.write("standards.yaml", GOALS.replace("floor: 80", "floor: 70"))
    (problem,) = lint_standards(goal_repo)
    assert problem.field == "goal.floor"


@needs_git
def test_locked_goal_unlocked_is_refused(goal_repo: Project) -> None:
    goal_repo.write("standards.yaml", GOALS.replace("locked: true\n", "locked: false\n"))
    (problem,) = lint_standards(goal_repo)
    assert (problem.field, "was unlocked" in problem.message) == ("standards[0].goal.locked", True)


@needs_git
def test_unlocked_goal_may_be_removed(repo: Project) -> None:
    repo.write("standards.yaml", GOALS.replace("locked: true", "locked: false"))
    git(repo.root, "commit", "-qam", "goals, unlocked")
    repo.write("standards.yaml", STANDARDS)
    assert lint_standards(repo) == []


CHANNEL_QUESTIONS = """\
organisation: Acme
standards:
  - id: inclusion
    title: Inclusion
    questions:
      - Could you read everything?
      - text: Could you do it without a mouse?
        low: I could not
        high: Easily
        channels: [web]
      - text: Could someone hard of hearing get through?
        low: Not at all
        high: Easily
        channels: [phone]
"""


def test_questions_are_asked_on_their_channels_with_their_scale(project: Project) -> None:
    from selfshop.models.journey import Channel

    path = project.write("standards.yaml", CHANNEL_QUESTIONS)
    (inclusion,) = load_standards(path).standards
    on_phone = [q.text for q in inclusion.questions_on(Channel.phone)]
    assert on_phone == ["Could you read everything?", "Could someone hard of hearing get through?"]
    assert "Could you do it without a mouse?" not in on_phone  # nobody uses a mouse on a call
    assert inclusion.scale_on(Channel.web) == ("Poor", "Excellent")  # an older, plain question
    assert inclusion.scale_on(Channel.store) == ("Poor", "Excellent")


def test_a_question_on_an_unknown_channel_is_pointed_at(project: Project) -> None:
    problem = problem_in(project, CHANNEL_QUESTIONS.replace("channels: [phone]", "channels: [fax]"))
    assert (problem.line, problem.field) == (14, "standards[0].questions[2].channels[0]")
    assert "'web'" in problem.message


def test_the_bundled_charter_asks_each_channel_its_own_questions() -> None:
    from selfshop.models.journey import Channel

    bundled = load_standards(Path(__file__).parents[3] / "standards.yaml")
    for channel in Channel:
        for standard in bundled.standards:
            asked = standard.questions_on(channel)
            assert asked, f"{standard.id} asks nothing on {channel}"
            assert all(q.low != "Poor" and q.high != "Excellent" for q in asked)
    web = [q.text for s in bundled.standards for q in s.questions_on(Channel.web)]
    phone = [q.text for s in bundled.standards for q in s.questions_on(Channel.phone)]
    assert any("keyboard" in text for text in web)
    assert not any("keyboard" in text or "mouse" in text for text in phone)

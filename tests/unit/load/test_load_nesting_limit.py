"""selfshop's nesting limit is its own promise: the same answer whatever YAML library is installed.

Each case is checked twice: through the real loader, and with the parser replaced by one that
fails the test if it is reached, so a refusal can never come from (or depend on) the library.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from load_helpers import JOURNEY, Project, one_problem

from selfshop.load import yamlsource
from selfshop.load.files import load_journey
from selfshop.load.yamldepth import first_too_deep

LIMIT = yamlsource.MAX_DEPTH


def flow(levels: int) -> str:
    """A mapping (level 1) whose key holds `levels - 1` nested flow lists."""
    return "a: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"


def block(levels: int) -> str:
    """A mapping (level 1) holding block mappings, one per indented line."""
    return "".join(" " * depth + f"k{depth}:\n" for depth in range(levels)) + " " * levels + "x\n"


def dashes(levels: int) -> str:
    """Compact nested block lists on one line: '- - - x'."""
    return "- " * levels + "x\n"


def padded(text: str) -> str:
    """The same text after 20 KB of comments, past any 'only large files' shortcut."""
    return "# padding\n" * 2_000 + text


@pytest.fixture
def parser_never_called(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the YAML parser was reached with too-deep input")

    monkeypatch.setattr(yaml, "compose", refuse)


@pytest.mark.parametrize("make", [flow, block])
@pytest.mark.parametrize("pad", [lambda text: text, padded], ids=["short", "long"])
def test_exactly_the_limit_is_read(make: Callable[[int], str], pad: Callable[[str], str]) -> None:
    source = yamlsource.source_from_text(pad(make(LIMIT)), "j.yaml")
    assert source.data


@pytest.mark.usefixtures("parser_never_called")
@pytest.mark.parametrize("make", [flow, block, dashes])
@pytest.mark.parametrize("pad", [lambda text: text, padded], ids=["short", "long"])
def test_one_over_the_limit_is_refused_before_the_parser(
    project: Project, make: Callable[[int], str], pad: Callable[[str], str]
) -> None:
    path = project.write("j.yaml", pad(make(LIMIT + 1)))
    problem = one_problem(lambda: load_journey(path, env={}))
    assert problem.message == f"nested over {LIMIT} levels deep"


def test_refusal_points_at_the_bracket_that_goes_over(project: Project) -> None:
    path = project.write("j.yaml", "title: x\n" + flow(100_000))
    problem = one_problem(lambda: load_journey(path, env={}))
    # the root mapping is level 1; the 64th '[' (column 3 + 64) is level 65
    assert (problem.line, problem.column, problem.field) == (2, 3 + LIMIT, "a")


def test_block_refusal_points_at_the_line_that_goes_over(project: Project) -> None:
    path = project.write("j.yaml", block(200))
    problem = one_problem(lambda: load_journey(path, env={}))
    assert (problem.line, problem.column, problem.field) == (LIMIT + 1, LIMIT + 1, "k0")


@pytest.mark.parametrize(
    "value",
    [
        '"' + "[" * 200 + '"',  # inside a double-quoted scalar
        "'" + "{" * 200 + "''" + "'",  # inside a single-quoted one, with an escaped quote
        "it's " + "[" * 200,  # inside plain text, after an apostrophe
        "ok # " + "[" * 200,  # inside a comment
        "|\n      " + "[" * 200 + "\n      more",  # inside a block scalar
    ],
)
def test_brackets_that_are_text_do_not_count(project: Project, value: str) -> None:
    text = JOURNEY.replace("title: Buy a gift", f"title: {value}")
    assert text != JOURNEY
    assert first_too_deep(text, LIMIT) is None
    load_journey(project.write("j.yaml", text), env={})


def test_anchors_and_tags_before_a_list_still_count() -> None:
    assert first_too_deep("a: &x !!seq " + "[" * LIMIT + "]" * LIMIT, LIMIT) is not None


def test_every_example_in_the_repository_is_well_within_the_limit() -> None:
    root = Path(__file__).resolve().parents[3]
    files = [*root.glob("journeys/*.yaml"), *root.glob("audits/*.yaml"), root / "standards.yaml"]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        yamlsource.source_from_text(text, str(path))  # sound YAML: the scan measured real files
        assert first_too_deep(text, 12) is None, path

"""Files that are not sound YAML, or YAML used to attack the reader: refused, located, fast."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from load_helpers import JOURNEY, Project, one_problem, problems_of

from selfshop.load import yamlsource
from selfshop.load.files import load_journey, load_standards


def load(path: Path) -> object:
    return load_journey(path, env={})


def test_tab_indentation_is_located(project: Project) -> None:
    path = project.write(
        "j.yaml", JOURNEY.replace("  - name: Find a gift", "\t- name: Find a gift")
    )
    problem = one_problem(lambda: load(path))
    assert (problem.path, problem.line, problem.column) == ("j.yaml", 6, 1)
    assert "tab used for indentation" in problem.message


def test_tab_after_spaces_points_at_the_tab(project: Project) -> None:
    path = project.write("j.yaml", JOURNEY.replace("    do:", "  \tdo:"))
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (7, 3)


def test_duplicate_key_names_both_lines(project: Project) -> None:
    path = project.write("j.yaml", JOURNEY.replace("title: Buy a gift\n", "title: A\ntitle: B\n"))
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column, problem.field) == (3, 1, "title")
    assert "duplicate key 'title' (first given at line 2)" in problem.message


def test_duplicate_key_deep_inside_a_step(project: Project) -> None:
    text = JOURNEY.replace("{ role: link, name: Gifts }", "{ role: link, name: Gifts, name: Hi }")
    path = project.write("j.yaml", text)
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (8, 43)
    assert problem.field == "steps[0].do[0].click.name"
    assert "duplicate key 'name'" in problem.message


def test_unterminated_string_points_at_its_start(project: Project) -> None:
    path = project.write("j.yaml", JOURNEY.replace("title: Buy a gift", 'title: "Buy a gift'))
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (2, 8)
    assert "quoted scalar" in problem.message and "never closed" in problem.message


def test_unknown_escape_in_double_quotes(project: Project) -> None:
    path = project.write("j.yaml", JOURNEY.replace("title: Buy a gift", 'title: "C:\\qgift"'))
    problem = one_problem(lambda: load(path))
    assert problem.line == 2
    assert "unknown escape character" in problem.message


def test_two_documents_in_one_file(project: Project) -> None:
    path = project.write("j.yaml", JOURNEY + "---\nid: other\n")
    problem = one_problem(lambda: load(path))
    assert problem.line == 10
    assert "another document" in problem.message


def test_non_utf8_byte_is_located_in_characters(project: Project) -> None:
    # "é" is two bytes in UTF-8; the column counts characters, as an editor does.
    data = JOURNEY.encode().replace(b"title: Buy a gift", b"title: Caf\xc3\xa9 \xff")
    path = project.write_bytes("j.yaml", data)
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (2, 13)
    assert "not UTF-8" in problem.message and "0xff" in problem.message


def test_latin1_file_is_refused_at_the_first_bad_byte(project: Project) -> None:
    data = JOURNEY.replace("Find a gift", "Trouver un café").encode("latin-1")
    path = project.write_bytes("j.yaml", data)
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (6, 25)
    assert "0xe9" in problem.message


def test_bad_byte_after_a_byte_order_mark(project: Project) -> None:
    path = project.write_bytes("j.yaml", b"\xef\xbb\xbfid: \xff\n")
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (1, 5)
    assert "0xff" in problem.message


def test_byte_order_mark_alone_is_fine(project: Project) -> None:
    path = project.write_bytes("j.yaml", b"\xef\xbb\xbf" + JOURNEY.encode())
    assert load_journey(path, env={}).id == "buy-gift"


def test_empty_file(project: Project) -> None:
    path = project.write("j.yaml", "")
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (1, 1)
    assert "found an empty file" in problem.message


def test_comment_only_file_is_empty(project: Project) -> None:
    path = project.write("j.yaml", "# nothing yet\n")
    assert "found an empty file" in one_problem(lambda: load(path)).message


def test_file_that_is_a_list(project: Project) -> None:
    path = project.write("j.yaml", "- id: buy-gift\n- title: Buy\n")
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (1, 1)
    assert "expected a journey (a mapping of keys), found a list" in problem.message


def test_standards_file_that_is_a_string(project: Project) -> None:
    path = project.write("s.yaml", "just some words\n")
    problem = one_problem(lambda: load_standards(path))
    assert "expected a standards file" in problem.message and "found a str" in problem.message


def test_merge_key_is_refused(project: Project) -> None:
    text = "defaults: &d { seconds: 30 }\n" + JOURNEY.replace(
        "budget: { seconds: 30, actions: 12 }", "budget: { <<: *d, actions: 12 }"
    )
    path = project.write("j.yaml", text)
    problems = [p for p in problems_of(lambda: load(path)) if "merge keys" in p.message]
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (5, 11)
    assert "'<<'" in problems[0].message


def test_python_tag_on_a_scalar_is_refused(project: Project) -> None:
    path = project.write(
        "j.yaml", JOURNEY.replace("title: Buy a gift", "title: !!python/name:os.system")
    )
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column, problem.field) == (2, 8, "title")
    assert "unsupported YAML tag" in problem.message and "python/name" in problem.message


def test_python_tag_on_a_list_is_refused_not_read_as_a_list(project: Project) -> None:
    text = JOURNEY.replace("id: buy-gift", "id: !!python/object/apply:os.system ['echo hi']")
    path = project.write("j.yaml", text)
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column, problem.field) == (1, 5, "id")
    assert "unsupported YAML tag" in problem.message and "python/object/apply" in problem.message


def test_custom_tag_is_refused(project: Project) -> None:
    path = project.write("j.yaml", JOURNEY.replace("start: /", "start: !url /"))
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.field) == (3, "start")
    assert "unsupported YAML tag '!url'" in problem.message


def test_sparse_50_megabyte_file_is_refused_without_reading_it(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project.root / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    opened: list[Path] = []
    real_open = Path.open

    def spy_open(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", spy_open)
    problem = one_problem(lambda: load(path))
    assert path not in opened  # decided from the size alone
    assert (problem.path, problem.line, problem.column) == ("huge.yaml", 1, 1)
    assert "52,428,800 bytes" in problem.message and "2,097,152" in problem.message


def test_file_just_over_the_limit_is_refused(project: Project) -> None:
    path = project.write("j.yaml", JOURNEY + "#" * yamlsource.MAX_FILE_BYTES)
    assert "the limit is 2,097,152" in one_problem(lambda: load(path)).message


def test_alias_bomb_is_refused(project: Project) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    path = project.write("j.yaml", "\n".join(lines) + "\n")
    problem = one_problem(lambda: load(path))
    assert "refused as a YAML bomb" in problem.message
    assert "100,000" in problem.message
    # Aliases share their anchor's node, so the place is the anchored value; the field
    # says which key's expansion went over the limit.
    assert problem.line == 1
    assert problem.field[:1] in "bcdefghi" and problem.field[1] == "["


def test_aliases_used_modestly_are_fine(project: Project) -> None:
    text = "vars: &v { who: Sam }\n" + JOURNEY.replace("budget:", "persona: &p Sam\nbudget:")
    path = project.write("j.yaml", text.replace("vars: &v { who: Sam }\n", ""))
    assert load_journey(path, env={}).persona == "Sam"


def test_self_referencing_alias_is_refused(project: Project) -> None:
    path = project.write("j.yaml", "a: &a [*a]\n")
    problem = one_problem(lambda: load(path))
    assert "nested over 64 levels deep" in problem.message


def test_deeply_nested_flow_is_refused_not_a_crash(project: Project) -> None:
    # libyaml composes recursively in C: this used to kill the process with a segfault.
    path = project.write("j.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (
        1,
        3 + yamlsource.MAX_DEPTH,
    )  # the root mapping is level 1
    assert "nested over 64 levels deep" in problem.message


def test_moderately_deep_nesting_in_a_small_file_is_refused(project: Project) -> None:
    path = project.write("j.yaml", "a: " + "[" * 500 + "]" * 500 + "\n")
    problem = one_problem(lambda: load(path))
    assert problem.field == "a"
    assert "nested over 64 levels deep" in problem.message


def test_integer_with_thousands_of_digits(project: Project) -> None:
    text = JOURNEY.replace("actions: 12", "actions: " + "9" * 5000)
    path = project.write("j.yaml", text)
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column, problem.field) == (4, 33, "budget.actions")
    assert "number too long" in problem.message


def test_key_that_is_a_list(project: Project) -> None:
    path = project.write("j.yaml", JOURNEY + "[a, b]: 1\n")
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (10, 1)
    assert "a key must be plain text" in problem.message


def test_missing_file(project: Project) -> None:
    problem = one_problem(lambda: load(project.root / "nope.yaml"))
    assert (problem.path, problem.message) == ("nope.yaml", "file not found")


def test_folder_instead_of_a_file(project: Project) -> None:
    (project.root / "journeys").mkdir()
    problem = one_problem(lambda: load(project.root / "journeys"))
    assert problem.message in ("is a folder, not a file", "file not found")


def test_control_character_is_located_on_one_line(project: Project) -> None:
    path = project.write("j.yaml", JOURNEY.replace("title: Buy a gift", "title: Buy\x00 a gift"))
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (2, 11)
    assert problem.message == (
        "not valid YAML: character #x0000 is not allowed (a control character)"
    )


def test_windows_line_endings_keep_lines_right(project: Project) -> None:
    text = JOURNEY.replace("- click:", "- clik:").replace("\n", "\r\n")
    path = project.write_bytes("j.yaml", text.encode())
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column, problem.field) == (8, 9, "steps[0].do[0].clik")


def test_named_pipe_is_refused_without_blocking(project: Project) -> None:
    path = project.root / "j.yaml"
    os.mkfifo(path)
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column, problem.message) == (1, 1, "not a regular file")


def test_unclosed_brace_says_where_it_was_opened(project: Project) -> None:
    path = project.write("j.yaml", JOURNEY.replace("name: Gifts }", "name: Gifts"))
    problem = one_problem(lambda: load(path))
    assert (problem.line, problem.column) == (9, 15)
    assert "expected ',' or '}'" in problem.message
    assert "(for the one opened at line 8, column 16)" in problem.message

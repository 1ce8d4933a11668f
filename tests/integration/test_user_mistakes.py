"""Every mistake a user can make in their files or flags is exit 2 with located lines, never an
internal error: the cases a clumsy user and an attacker found, each as they would meet it."""

from __future__ import annotations

import os
import re
import sys
from importlib import resources
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from inprocess import CliResult, CliRunner

LOCATED = re.compile(r"^[^:\s][^:]*:\d+:\d+: \S")
JOURNEY = "id: {id}\ntitle: A journey\nstart: /\nsteps:\n  - name: Look\n    do:\n      - goto: /\n"


def project(root: Path, audit: str = "", journeys: int = 1) -> Path:
    starter = resources.files("selfshop.project.templates").joinpath("project/standards.yaml")
    (root / "standards.yaml").write_bytes(starter.read_bytes())
    for number in range(journeys):
        (root / f"j{number}.yaml").write_text(JOURNEY.format(id=f"j{number}"))
    path = root / "audit.yaml"
    path.write_text(
        audit
        or "name: Mistakes\nbase_url: http://127.0.0.1:9\njourneys: [j*.yaml]\n"
        "standards: standards.yaml\n"
    )
    return path


def bad_input(result: CliResult, *, located: bool = True) -> list[str]:
    """The error lines of a run that must have refused its input; each one is checked."""
    assert result.code == 2, (result.code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines
    for line in lines:
        assert LOCATED.match(line) if located else line.startswith("selfshop: "), line
    return lines


def test_a_base_url_that_is_not_an_address_is_refused_by_lint_and_run(
    tmp_path: Path, cli: CliRunner
) -> None:
    audit = project(
        tmp_path,
        "name: M\nbase_url: 'http://[::1'\njourneys: [j*.yaml]\nstandards: standards.yaml\n",
    )
    for command in ("lint", "run"):
        (line,) = bad_input(cli(command, str(audit.name), cwd=tmp_path))
        assert line.startswith("audit.yaml:2:11: base_url: ") and "not a valid address" in line
    assert not (tmp_path / "reports").exists()  # refused before any run folder is made
    (line,) = bad_input(
        cli("run", "j0.yaml", "--base-url", "http://[::1", cwd=tmp_path), located=False
    )
    assert line.startswith("selfshop: --base-url: ")


def test_an_audit_nested_a_thousand_deep_is_refused_with_its_line(
    tmp_path: Path, cli: CliRunner
) -> None:
    (tmp_path / "deep.yaml").write_text("name: Deep\njourneys:\n" + "- " * 1000 + "x\n")
    (line,) = bad_input(cli("run", "deep.yaml", cwd=tmp_path))
    assert line.startswith("deep.yaml:3:") and "nest" in line


def test_a_truncated_audit_is_located(tmp_path: Path, cli: CliRunner) -> None:
    (tmp_path / "cut.yaml").write_text("name: Cut\nbase_u")
    (line,) = bad_input(cli("run", "cut.yaml", cwd=tmp_path))
    assert line.startswith("cut.yaml:")
    (tmp_path / "list.yaml").write_text("- just\n- a list\n")
    (line,) = bad_input(cli("run", "list.yaml", cwd=tmp_path))
    assert line.startswith("list.yaml:1:1: ") and "neither an audit" in line


def test_a_folder_a_fifo_or_a_symlink_loop_is_named_for_what_it_is(
    tmp_path: Path, cli: CliRunner
) -> None:
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(tmp_path / "loop.yaml")
    expected = {
        "folder": "is a folder, not a file",
        "pipe.yaml": "not a regular file",
        "loop.yaml": "symbolic links",
    }
    for name, words in expected.items():
        (line,) = bad_input(cli("run", name, cwd=tmp_path))
        assert line.startswith(f"{name}:1:1: ") and words in line, line
        assert "no such file" not in line


def test_a_symlink_loop_as_standards_or_fragment_is_located(tmp_path: Path, cli: CliRunner) -> None:
    audit = project(tmp_path)
    audit.write_text(audit.read_text().replace("standards.yaml", "charter.yaml"))
    (tmp_path / "charter.yaml").symlink_to(tmp_path / "charter2.yaml")
    (tmp_path / "charter2.yaml").symlink_to(tmp_path / "charter.yaml")
    (line,) = bad_input(cli("run", "audit.yaml", cwd=tmp_path))
    assert line.startswith("audit.yaml:4:12: standards: ") and "symlink loop" in line
    (tmp_path / "fragments").mkdir()
    (tmp_path / "fragments" / "a.yaml").symlink_to(tmp_path / "fragments" / "b.yaml")
    (tmp_path / "fragments" / "b.yaml").symlink_to(tmp_path / "fragments" / "a.yaml")
    (tmp_path / "uses.yaml").write_text(
        "id: uses\ntitle: t\nstart: /\nsteps:\n  - use: fragments/a.yaml\n"
    )
    (line,) = bad_input(cli("lint", "uses.yaml", cwd=tmp_path))
    assert line.startswith("uses.yaml:5:") and "symlink loop" in line


@pytest.mark.parametrize(
    ("use", "words"),
    [("a" * 5000, "too long"), ('"frag\\0ment.yaml"', "NUL character")],
)
def test_a_use_that_no_system_could_open_is_located(
    tmp_path: Path, cli: CliRunner, use: str, words: str
) -> None:
    project(tmp_path)
    (tmp_path / "uses.yaml").write_text(f"id: uses\ntitle: t\nstart: /\nsteps:\n  - use: {use}\n")
    (line,) = bad_input(cli("lint", "uses.yaml", cwd=tmp_path))
    assert line.startswith("uses.yaml:5:") and words in line, line


@pytest.mark.parametrize("target", ["/dev/null", "a-file"])
def test_an_output_that_is_not_a_folder_is_refused_where_it_was_named(
    tmp_path: Path, cli: CliRunner, target: str
) -> None:
    audit = project(tmp_path)
    (tmp_path / "a-file").write_text("mine")
    (line,) = bad_input(cli("run", "audit.yaml", "--out", target, cwd=tmp_path), located=False)
    assert line.startswith("selfshop: --out: cannot write run folders in ")
    audit.write_text(audit.read_text() + f"output: {target}\n")
    (line,) = bad_input(cli("run", "audit.yaml", cwd=tmp_path))
    assert line.startswith("audit.yaml:5:9: output: cannot write run folders in ")
    assert (tmp_path / "a-file").read_text() == "mine"


def test_journey_globs_stay_inside_the_project(tmp_path: Path, cli: CliRunner) -> None:
    project(
        tmp_path,
        "name: M\nbase_url: http://127.0.0.1:9\nstandards: standards.yaml\n"
        "journeys: ['/proc/**/*.yaml', '../*.yaml']\n",
    )
    lines = bad_input(cli("run", "audit.yaml", cwd=tmp_path))
    assert len(lines) == 2
    for line in lines:
        assert line.startswith("audit.yaml:4:") and "reaches outside the project folder" in line


def test_a_plain_twenty_thousand_step_journey_is_too_large_not_a_bomb(
    tmp_path: Path, cli: CliRunner
) -> None:
    steps = "".join(f"  - name: Step {n}\n    do: [{{goto: /}}]\n" for n in range(20_000))
    (tmp_path / "long.yaml").write_text(f"id: long\ntitle: t\nstart: /\nsteps:\n{steps}")
    (line,) = bad_input(cli("lint", "long.yaml", cwd=tmp_path))
    assert "too large" in line and "bomb" not in line


def test_fragments_that_fan_out_are_stopped_at_the_step_limit(
    tmp_path: Path, cli: CliRunner
) -> None:
    # Four small files: 30 x 30 x 30 = 27,000 steps.
    project(tmp_path)
    fragments = tmp_path / "fragments"
    fragments.mkdir()
    (fragments / "f3.yaml").write_text("steps:\n  - name: Leaf\n    do: [{goto: /}]\n")
    for level in (2, 1):
        uses = "".join(f"  - use: f{level + 1}.yaml\n" for _ in range(30))
        (fragments / f"f{level}.yaml").write_text(f"steps:\n{uses}")
    uses = "".join("  - use: fragments/f1.yaml\n" for _ in range(30))
    (tmp_path / "fan.yaml").write_text(f"id: fan\ntitle: t\nstart: /\nsteps:\n{uses}")
    (line,) = bad_input(cli("lint", "fan.yaml", cwd=tmp_path))
    assert "over 1,000 steps" in line and "the limit for one" in line


def test_an_audit_of_too_many_steps_in_all_says_so(tmp_path: Path, cli: CliRunner) -> None:
    # Eleven journeys of 1,000 steps (the most for one) make 11,000: over an audit's 10,000.
    project(tmp_path, journeys=0)
    fragments = tmp_path / "fragments"
    fragments.mkdir()
    (fragments / "ten.yaml").write_text("steps:\n" + "  - name: Look\n    do: [{goto: /}]\n" * 10)
    uses = "  - use: fragments/ten.yaml\n" * 100
    for number in range(11):
        (tmp_path / f"j{number}.yaml").write_text(
            f"id: j{number}\ntitle: t\nstart: /\nsteps:\n{uses}"
        )
    (line,) = bad_input(cli("run", "audit.yaml", cwd=tmp_path))
    assert line.startswith("audit.yaml:3:") and "11,000 steps" in line and "10,000" in line

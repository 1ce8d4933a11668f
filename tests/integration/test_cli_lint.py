"""`selfshop lint`, `init` and `schema` as a user runs them: exit codes, stderr lines, files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LOCATED = re.compile(r"^[^:\s][^:]*:\d+:\d+: ")

BROKEN = """\
id: Buy Gift
title: Buy a gift
start: /
steps:
  - name: Find a gift
    do:
      - clik: { role: link, name: Gifts }
      - expect: { url: /gifts, text: Gifts }
"""


def selfshop(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "SHOPPER_EMAIL")}
    environment.update(env or {})
    environment["COLUMNS"] = "200"  # keep the summary table's paths on one line
    return subprocess.run(
        [sys.executable, "-m", "selfshop", *args],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_broken_journey_exits_2_with_one_located_line_per_problem(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(BROKEN)
    result = selfshop("lint", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines == [
        "bad.yaml:1:5: id: String should match pattern '^[a-z0-9][a-z0-9_-]*$'",
        "bad.yaml:7:9: steps[0].do[0].clik: unknown key 'clik'; did you mean 'click'?",
        "bad.yaml:8:17: steps[0].do[1].expect: expect one thing per item: url, text, visible, "
        "hidden, title, count or focused",
    ]
    assert "Traceback" not in result.stderr + result.stdout
    assert "3 error(s)" in result.stdout


def test_every_broken_file_is_reported_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "a.yaml").write_text(BROKEN)
    (tmp_path / "journeys" / "b.yaml").write_text("id: b\ntitle: B\n\tstart: /\n")
    (tmp_path / "journeys" / "c.yaml").write_bytes(b"id: c\ntitle: \xff\n")
    result = selfshop("lint", "journeys", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 5
    assert all(LOCATED.match(line) for line in lines), lines
    assert "journeys/b.yaml:3:1: tab used for indentation; YAML needs spaces" in lines
    assert "journeys/c.yaml:2:8: not UTF-8 text (byte 0xff); save it as UTF-8" in lines


def test_usage_error_has_no_traceback_unless_debug(tmp_path: Path) -> None:
    plain = selfshop("lint", cwd=tmp_path)  # nothing to lint in an empty folder
    assert plain.returncode == 2
    assert plain.stderr.startswith("selfshop: nothing to lint here")
    assert "Traceback" not in plain.stderr
    debug = selfshop("--debug", "lint", cwd=tmp_path)
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr


def test_init_then_lint_passes(tmp_path: Path) -> None:
    created = selfshop("init", "shop", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    shop = tmp_path / "shop"
    assert (shop / "standards.yaml").is_file()
    assert list((shop / "journeys").glob("*.yaml")) and list((shop / "audits").glob("*.yaml"))
    result = selfshop("lint", cwd=shop)
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stdout
    # Unset variables are warnings that name the variable, and do not fail lint.
    for line in result.stderr.splitlines():
        assert LOCATED.match(line) and ": warning: " in line, line


def test_standards_from_init_has_the_five_default_standards(tmp_path: Path) -> None:
    assert selfshop("init", ".", cwd=tmp_path).returncode == 0
    from selfshop.load.files import load_standards

    standards = load_standards(tmp_path / "standards.yaml")
    ids = {s.id for s in standards.standards}
    assert {"safety", "courtesy", "inclusion", "show", "efficiency"} <= ids


def test_init_twice_never_overwrites_an_edited_file(tmp_path: Path) -> None:
    assert selfshop("init", ".", cwd=tmp_path).returncode == 0
    standards = tmp_path / "standards.yaml"
    edited = standards.read_text().replace("organisation:", "organisation: Mine #", 1)
    standards.write_text(edited)
    journey = next((tmp_path / "journeys").glob("*.yaml"))
    journey.unlink()
    again = selfshop("init", ".", cwd=tmp_path)
    assert again.returncode == 0
    assert standards.read_text() == edited
    assert journey.is_file()  # a deleted starter file comes back
    assert "kept    standards.yaml" in again.stdout.replace(str(tmp_path) + "/", "")


def test_schema_out_writes_five_schemas(tmp_path: Path) -> None:
    result = selfshop("schema", "--out", "schemas", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert written == [
        "audit.schema.json",
        "fragment.schema.json",
        "journey.schema.json",
        "run.schema.json",
        "standards.schema.json",
    ]
    for path in (tmp_path / "schemas").iterdir():
        assert json.loads(path.read_text())["$schema"].startswith("https://json-schema.org/")


def test_committed_schemas_are_current(tmp_path: Path) -> None:
    result = selfshop("schema", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for fresh in sorted(tmp_path.glob("*.schema.json")):
        committed = REPO / "schemas" / fresh.name
        assert committed.is_file(), f"schemas/{fresh.name} is not in the repository"
        assert committed.read_text() == fresh.read_text(), (
            f"schemas/{fresh.name} is stale: run 'selfshop schema --out schemas'"
        )


def test_schema_without_out_prints_all_schemas(tmp_path: Path) -> None:
    result = selfshop("schema", cwd=tmp_path)
    assert result.returncode == 0
    assert set(json.loads(result.stdout)) == {"journey", "fragment", "standards", "audit", "run"}


def test_repo_standards_pass_lint() -> None:
    result = selfshop("lint", "standards.yaml", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "standards" in result.stdout


def test_repo_examples_pass_lint() -> None:
    result = selfshop("lint", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert all(": warning: " in line for line in result.stderr.splitlines()), result.stderr


@pytest.mark.parametrize("command", ["lint", "schema", "init"])
def test_every_command_help_has_an_example(command: str, tmp_path: Path) -> None:
    result = selfshop(command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Example:" in result.stdout


def test_version(tmp_path: Path) -> None:
    result = selfshop("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert re.fullmatch(r"selfshop \d+\.\d+\.\d+\S*\n", result.stdout)

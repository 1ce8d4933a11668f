"""`selfshop walk` refuses what it cannot do with one plain line and exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

STANDARDS = "organisation: Acme\nstandards:\n  - id: courtesy\n    title: Courtesy\n"
WEB = "id: browse\ntitle: Browse\nstart: /\nsteps:\n  - name: Arrive\n"


def walk(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "selfshop", "walk", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "standards.yaml").write_text(STANDARDS)
    (tmp_path / "browse.yaml").write_text(WEB)
    return tmp_path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "name the journey to walk"),
        (("--resume",), "no unfinished walk to resume in reports"),
        (("browse.yaml",), "starts at '/': give --base-url"),
        (("browse.yaml", "--standards", "nowhere.yaml"), "no standards file at nowhere.yaml"),
        (("missing.yaml",), "missing.yaml"),
        (("browse.yaml", "--bind", "0.0.0.0"), "--bind goes with --phone"),
        (("browse.yaml", "--phone", "--bind", "my-laptop"), "give an IPv4 address"),
        (("browse.yaml", "--phone", "--bind", "::1"), "only IPv4 addresses"),
        (("browse.yaml", "--phone", "--answers", "a.yaml"), "--phone and --answers"),
        (
            (
                "browse.yaml",
                "--phone",
                "--bind",
                "203.0.113.77",
                "--base-url",
                "http://127.0.0.1:9",
            ),
            "--bind 203.0.113.77: cannot listen there",  # not an address of this computer
        ),
    ],
)
def test_what_cannot_be_walked_is_said_in_one_line(
    project: Path, args: tuple[str, ...], message: str
) -> None:
    result = walk(project, *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_no_standards_anywhere_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "browse.yaml").write_text(WEB)
    (tmp_path / ".git").mkdir()  # the project root: no standards.yaml there
    result = walk(tmp_path, "browse.yaml", "--base-url", "http://127.0.0.1:9")
    assert result.returncode == 2
    assert "no standards.yaml found" in result.stderr and "--standards" in result.stderr


def test_end_of_input_in_the_terminal_guide_saves_and_says_how_to_resume(project: Path) -> None:
    (project / "call.yaml").write_text(
        "id: call\ntitle: Call\nchannel: phone\nsteps:\n  - name: Ring\n  - name: Talk\n"
    )
    result = walk(project, "call.yaml", "--auditor", "Kim", stdin="4\n\n\n\nn\n")
    assert result.returncode == 130, result.stderr
    assert "1 of 2 steps saved" in result.stdout and "--resume" in result.stdout


def test_a_walk_lands_in_the_projects_reports_wherever_it_is_started(project: Path) -> None:
    (project / "call.yaml").write_text(
        "id: call\ntitle: Call\nchannel: phone\nsteps:\n  - name: Ring\n"
    )
    (project / "answers.yaml").write_text(
        "auditor: Kim\njourney: call\nsteps:\n  - ratings: {courtesy: 5}\n"
    )
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    result = walk(elsewhere, str(project / "call.yaml"), "--answers", str(project / "answers.yaml"))
    assert result.returncode == 0, result.stderr
    assert list((project / "reports" / "guided-walk-call").glob("*/run.json"))
    assert not (elsewhere / "reports").exists()


def test_secrets_only_the_automated_steps_type_need_not_be_set(project: Path) -> None:
    journey = WEB + '    do:\n      - fill: { label: Card, value: "${secret:SELFSHOP_NO_CARD}" }\n'
    (project / "pay.yaml").write_text(journey)
    (project / "answers.yaml").write_text(
        "auditor: Kim\njourney: browse\nsteps:\n  - ratings: {courtesy: 4}\n"
    )
    assert walk(project, "pay.yaml", "--answers", "answers.yaml").returncode == 0
    (project / "pay.yaml").write_text(journey.replace("start: /", 'start: "${env:SELFSHOP_NO}"'))
    result = walk(project, "pay.yaml", "--answers", "answers.yaml")
    assert result.returncode == 2
    assert "SELFSHOP_NO is not set" in result.stderr  # a start it cannot find is still an error


def test_a_web_walk_is_recorded_for_the_device_it_was_walked_on(project: Path) -> None:
    (project / "answers.yaml").write_text(
        "auditor: Kim\njourney: browse\nsteps:\n  - ratings: {courtesy: 4}\n"
    )
    args = ("browse.yaml", "--answers", "answers.yaml", "--base-url", "http://127.0.0.1:9")
    assert walk(project, *args, "--device", "mobile").returncode == 0, "walked"
    walks = (project / "reports" / "guided-walk-browse").glob("*/run.json")
    (run_file,) = [f for f in walks if not f.parent.is_symlink()]  # not the 'latest' pointer
    run = json.loads(run_file.read_text())
    assert [j["device"] for j in run["journeys"]] == ["mobile"]
    refused = walk(project, *args, "--device", "tablet")
    assert refused.returncode == 2 and "--device 'tablet'" in refused.stderr

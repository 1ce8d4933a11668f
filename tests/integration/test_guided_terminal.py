"""A leader walks a phone journey in the terminal guide, through a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

STANDARDS = """\
organisation: Acme
standards:
  - id: courtesy
    title: Courtesy
    behaviours: [We greet every caller warmly]
    questions:
      - {text: Did the agent give their name?, low: No name at all, high: Gave it warmly}
      - {text: Was the page written kindly?, channels: [web]}
  - id: efficiency
    title: Efficiency
"""
JOURNEY = """\
id: call-help-line
title: Call the help line about a late parcel
channel: phone
persona: A customer whose parcel is a week late
steps:
  - name: Get through
    intent: I want to talk to a person
    ask: How long were you on hold?
    measure:
      - {id: minutes_waited, prompt: Minutes on hold, unit: min, target_max: 5}
      - {id: transfers, prompt: Times transferred}
  - name: Explain the problem
    ask: Did they listen without making you repeat yourself?
"""
ANSWERS = """\
auditor: Dana
journey: call-help-line
steps:
  - step: Get through
    ratings: {courtesy: 4, efficiency: 2}
    measures: {minutes_waited: 12}
    notes: Hold music was very loud
    attachments: [hold screen.png]
  - ratings: {courtesy: 1, efficiency: null}
    notes: Had to explain it three times
    blocker: true
"""
WALKER = [sys.executable, "-m", "selfshop"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "standards.yaml").write_text(STANDARDS)
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "call.yaml").write_text(JOURNEY)
    (tmp_path / "hold screen.png").write_bytes(b"\x89PNG fake photo")
    (tmp_path / "answers.yaml").write_text(ANSWERS)
    return tmp_path


def spawn(project: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "160", "TERM": "xterm"}
    return pexpect.spawn(
        WALKER[0],
        [*WALKER[1:], "walk", *args],
        cwd=str(project),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 160),
    )


def answer(child: pexpect.spawn, prompt: str, reply: str) -> None:
    child.expect_exact(prompt)
    child.sendline(reply)


def step_one(child: pexpect.spawn) -> None:
    child.expect_exact("Step 1 of 2: Get through")
    child.expect_exact("I want to talk to a person")
    answer(child, "Minutes on hold (min) (Enter to skip): ", "twelve")
    answer(child, "Type a number, or press Enter to skip.", "12")
    answer(child, "Times transferred (Enter to skip): ", "")
    child.expect_exact("We greet every caller warmly")
    child.expect_exact("Did the agent give their name?")
    child.expect_exact("1 = No name at all · 5 = Gave it warmly")
    assert "written kindly" not in child.before  # a web question is not asked on a call
    answer(child, "Rate Courtesy 1-5 (n = not applicable, Enter = skip): ", "4")
    answer(child, "Rate Efficiency 1-5 (n = not applicable, Enter = skip): ", "9")
    answer(child, "Type a number from 1 to 5, n, or press Enter.", "2")
    answer(child, "Notes (one line, Enter for none): ", "Hold music was very loud")
    answer(child, "Attach a photo or file (path, Enter when done): ", "hold screen.png")
    answer(child, "Attach a photo or file (path, Enter when done): ", "")
    answer(child, "Did this stop you? (y/N): ", "")
    child.expect_exact("Saved step 1.")


def step_two(child: pexpect.spawn) -> None:
    child.expect_exact("Step 2 of 2: Explain the problem")
    answer(child, "Rate Courtesy 1-5 (n = not applicable, Enter = skip): ", "1")
    answer(child, "Rate Efficiency 1-5 (n = not applicable, Enter = skip): ", "n")
    answer(child, "Notes (one line, Enter for none): ", "Had to explain it three times")
    answer(child, "Attach a photo or file (path, Enter when done): ", "")
    answer(child, "Did this stop you? (y/N): ", "y")
    child.expect_exact("Saved step 2.")


def finished(child: pexpect.spawn) -> str:
    """The verdict the guide prints when the walk is judged."""
    child.expect(r"late parcel(?:\x1b\[[0-9;]*m)*: (proud|middle|redesign) \(")
    verdict = str(child.match.group(1))
    child.expect_exact("Report:")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return verdict


def walk_folders(out: Path) -> list[Path]:
    return sorted(p.parent for p in out.glob("*/*/walk.json") if not p.parent.is_symlink())


def comparable(folder: Path) -> dict[str, Any]:
    """The saved walk without what differs between two walks of the same answers: times, ids."""
    data: dict[str, Any] = json.loads((folder / "walk.json").read_text())
    for key in ("walk_id", "started_at", "updated_at", "finished_at"):
        data.pop(key)
    for step in data["steps"]:
        for rating in step["guided"]:
            rating.pop("walked_at")
    return data


def test_the_terminal_guide_walks_a_phone_journey(project: Path) -> None:
    child = spawn(project, "journeys/call.yaml", "--auditor", "Dana", "--out", "out")
    child.expect_exact("Call the help line about a late parcel")
    step_one(child)
    # At step 2 the leader types '<' to change their mind about step 1.
    answer(child, "Rate Courtesy 1-5 (n = not applicable, Enter = skip): ", "<")
    child.expect_exact("Step 1 of 2: Get through")
    child.expect_exact("already attached: artefacts/guided-step1-hold-screen.png")
    # Every earlier answer is offered again: Enter keeps it, a new value replaces it.
    answer(child, "Minutes on hold (min) (Enter keeps 12, x clears): ", "")
    answer(child, "Times transferred (Enter to skip): ", "")
    answer(child, "Rate Courtesy 1-5 (n = not applicable, Enter keeps 4, x clears): ", "5")
    answer(child, "Rate Efficiency 1-5 (n = not applicable, Enter keeps 2, x clears): ", "")
    child.expect_exact("saved notes: Hold music was very loud")
    answer(child, "Notes (one line, Enter keeps the saved notes, x clears): ", "")
    answer(child, "Attach a photo or file (path, Enter when done): ", "")
    answer(child, "Did this stop you? (y/N): ", "")
    child.expect_exact("Saved step 1.")
    step_two(child)
    assert finished(child) == "redesign"  # a leader's blocker is a blocker
    (folder,) = walk_folders(project / "out")
    run = json.loads((folder / "run.json").read_text())
    (journey,) = run["journeys"]
    assert journey["walker"] == "guided:Dana" and journey["channel"] == "phone"
    first = journey["steps"][0]
    assert first["evidence"]["guided"][0]["ratings"] == {"courtesy": 5, "efficiency": 2}
    assert first["evidence"]["guided"][0]["measures"] == {"minutes_waited": 12.0}
    assert first["evidence"]["guided"][0]["notes"] == "Hold music was very loud"
    assert any(f["check_id"] == "measures" for c in first["checks"] for f in c["findings"])
    copied = first["evidence"]["guided"][0]["attachments"]
    assert copied == ["artefacts/guided-step1-hold-screen.png"]
    assert (folder / copied[0]).read_bytes() == b"\x89PNG fake photo"
    assert (folder / "report.html").is_file()


def test_ctrl_c_saves_and_resume_carries_on(project: Path) -> None:
    child = spawn(project, "journeys/call.yaml", "--auditor", "Dana", "--out", "out")
    step_one(child)
    child.expect_exact("Rate Courtesy 1-5")
    child.sendintr()
    child.expect_exact("Stopped.")
    child.expect_exact("1 of 2 steps saved")
    child.expect_exact("--resume --out out")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    (folder,) = walk_folders(project / "out")
    saved = json.loads((folder / "walk.json").read_text())
    assert len(saved["steps"]) == 1 and saved["finished_at"] is None
    assert not (folder / "run.json").exists()

    resumed = spawn(project, "--resume", "--out", "out")
    resumed.expect_exact("Resuming")
    resumed.expect_exact("at step 2 of 2")
    step_two(resumed)
    finished(resumed)
    assert walk_folders(project / "out") == [folder]  # the same walk, carried on
    run = json.loads((folder / "run.json").read_text())
    assert [len(s["evidence"]["guided"]) for s in run["journeys"][0]["steps"]] == [1, 1]


def test_answers_replay_saves_the_same_walk_as_the_terminal(project: Path) -> None:
    child = spawn(project, "journeys/call.yaml", "--auditor", "Dana", "--out", "typed")
    step_one(child)
    step_two(child)
    finished(child)
    replayed = subprocess.run(
        [*WALKER, "walk", "journeys/call.yaml", "--answers", "answers.yaml", "--out", "replayed"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert replayed.returncode == 0, replayed.stderr
    (typed,) = walk_folders(project / "typed")
    (from_file,) = walk_folders(project / "replayed")
    assert comparable(typed) == comparable(from_file)
    assert (
        json.loads((typed / "run.json").read_text())["journeys"][0]["score"]
        == json.loads((from_file / "run.json").read_text())["journeys"][0]["score"]
    )


def test_a_bad_answers_file_is_pointed_at(project: Path) -> None:
    (project / "answers.yaml").write_text(ANSWERS.replace("courtesy: 4", "courtesy: 8"))
    result = subprocess.run(
        [*WALKER, "walk", "journeys/call.yaml", "--answers", "answers.yaml", "--out", "out"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "answers.yaml:5:" in result.stderr and "steps[0].ratings.courtesy" in result.stderr
    assert "Traceback" not in result.stderr

"""`selfshop run` as a user runs it: a subprocess against fixture pages on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from walk_fixture_server import SHOP, serve

pytestmark = pytest.mark.browser

CARD = "5555555555554444"

BUY = """\
id: buy
title: Buy a gift
start: /index.html
steps:
  - name: Find gifts
    do:
      - click: { role: link, name: Gifts, exact: true }
      - expect: { url: /gifts.html }
  - name: Pay
    do:
      - goto: /checkout.html
      - fill: { label: Card number, value: "${secret:FIXTURE_CARD}" }
      - click: { role: button, name: Pay now }
      - expect: { text: Thank you }
"""

LINGER = """\
id: linger
title: Linger on the home page
start: /index.html
steps:
  - name: Arrive
    do:
      - expect: { text: Welcome }
  - name: Wait a long time
    do:
      - goto: /hang
  - name: Leave
    do:
      - click: { role: link, name: Gifts, exact: true }
"""


@pytest.fixture
def site_hits() -> Iterator[tuple[str, list[str]]]:
    with serve(SHOP) as (base, hits):
        yield base, hits


@pytest.fixture
def site(site_hits: tuple[str, list[str]]) -> str:
    return site_hits[0]


def project(root: Path, journeys: dict[str, str]) -> Path:
    """A project folder with the starter standards, the journeys and an audit of them."""
    starter = resources.files("selfshop.project.templates").joinpath("project/standards.yaml")
    (root / "standards.yaml").write_bytes(starter.read_bytes())
    (root / "journeys").mkdir()
    for name, text in journeys.items():
        (root / "journeys" / f"{name}.yaml").write_text(text)
    (root / "audits").mkdir()
    audit = root / "audits" / "fixture.yaml"
    audit.write_text(
        "name: Fixture audit\nbase_url: http://127.0.0.1:9\njourneys: [../journeys/*.yaml]\n"
    )
    return audit


def selfshop(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    env = {**os.environ, "FIXTURE_CARD": CARD, "COLUMNS": "200"}
    return subprocess.Popen(
        [sys.executable, "-m", "selfshop", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kwargs,
    )


def test_run_a_single_journey_prints_json_and_writes_a_run_folder(
    tmp_path: Path, site: str
) -> None:
    journey = tmp_path / "buy.yaml"
    journey.write_text(BUY)
    out = tmp_path / "out"
    process = selfshop("run", str(journey), "--base-url", site, "--json", "--out", str(out))
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode in (0, 1), stderr
    summary = json.loads(stdout)
    (run,) = summary["runs"]
    assert (process.returncode == 0) == run["gate"]["passed"]
    (walked,) = run["journeys"]
    assert walked["key"] == "buy@desktop"
    assert [s["status"] for s in walked["steps"]] == ["passed", "passed"]
    run_dir = Path(run["run_dir"])
    saved = json.loads((run_dir / "run.json").read_text())
    assert saved["interrupted"] is False
    assert (run_dir.parent / "latest").resolve() == run_dir.resolve()
    for file in run_dir.rglob("*"):
        if file.is_file():
            assert CARD.encode() not in file.read_bytes(), f"the secret leaked into {file}"


def test_bad_input_exits_2_with_a_located_message(tmp_path: Path) -> None:
    journey = tmp_path / "buy.yaml"
    journey.write_text(BUY)
    process = selfshop("run", str(journey))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "--base-url" in stderr and "Traceback" not in stderr


def test_ctrl_c_leaves_a_partial_run_marked_interrupted(
    tmp_path: Path, site_hits: tuple[str, list[str]]
) -> None:
    site, hits = site_hits
    audit = project(tmp_path, {"linger": LINGER})
    out = tmp_path / "reports"
    # Its own process group, signalled as a whole: as Ctrl-C in a terminal reaches selfshop,
    # Playwright's driver and Chromium alike.
    process = selfshop(
        "run", str(audit), "--base-url", site, "--out", str(out), start_new_session=True
    )
    deadline = time.monotonic() + 90
    while "/hang" not in hits:  # the second step has begun: the first is done
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the second step never began"
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    (run_json,) = (out / "fixture-audit").glob("2*/run.json")
    saved = json.loads(run_json.read_text())
    assert saved["interrupted"] is True
    (journey,) = saved["journeys"]
    statuses = [s["evidence"]["status"] for s in journey["steps"]]
    assert statuses == ["passed", "not_reached", "not_reached"]
    assert journey["steps"][1]["evidence"]["error"] == "The run was interrupted before this step."
    shutil.rmtree(tmp_path / "journeys")  # the saved run stands without its journey files
    assert json.loads(run_json.read_text())["journeys"][0]["definition"]["id"] == "linger"


def test_an_audit_of_phone_journeys_only_says_which_command_walks_them(tmp_path: Path) -> None:
    call = "id: call\ntitle: Call us\nchannel: phone\nsteps:\n  - name: Get through\n"
    audit = project(tmp_path, {"call": call})
    process = selfshop("run", str(audit), "--out", str(tmp_path / "out"))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2, stderr
    assert "no web journeys to walk" in stderr
    assert "selfshop walk JOURNEY_FILE" in stderr


def _start_lingering(tmp_path: Path, site_hits: tuple[str, list[str]]) -> tuple[Any, Path]:
    """selfshop run of the linger journey, returned once its second step has begun."""
    site, hits = site_hits
    audit = project(tmp_path, {"linger": LINGER})
    out = tmp_path / "reports"
    process = selfshop("run", str(audit), "--base-url", site, "--out", str(out))
    deadline = time.monotonic() + 90
    while "/hang" not in hits:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the second step never began"
        time.sleep(0.1)
    return process, out


def test_sigterm_keeps_judges_and_reports_what_was_walked_and_exits_143(
    tmp_path: Path, site_hits: tuple[str, list[str]]
) -> None:
    # As a scheduler or CI runner stops a job: SIGTERM to selfshop alone.
    process, out = _start_lingering(tmp_path, site_hits)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert "Traceback" not in stderr
    (run_json,) = (out / "fixture-audit").glob("2*/run.json")
    saved = json.loads(run_json.read_text())
    assert saved["interrupted"] is True
    statuses = [s["evidence"]["status"] for s in saved["journeys"][0]["steps"]]
    assert statuses == ["passed", "not_reached", "not_reached"]
    assert (run_json.parent / "report.html").is_file()


def test_kill_9_leaves_a_readable_run_marked_interrupted(
    tmp_path: Path, site_hits: tuple[str, list[str]]
) -> None:
    process, out = _start_lingering(tmp_path, site_hits)
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    (run_json,) = (out / "fixture-audit").glob("2*/run.json")
    saved = json.loads(run_json.read_text())  # whole, never half-written
    assert saved["interrupted"] is True
    assert saved["finished_at"] is None

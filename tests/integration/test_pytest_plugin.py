"""The pytest plugin as an engineer uses it: `pytest --selfshop-audit AUDIT` in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from selfshop.demo.server import running_demo

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from walk_fixture_server import SHOP, serve

REPO = Path(__file__).resolve().parents[2]

AUDIT = """\
name: Plugin check
base_url: http://127.0.0.1:1
journeys: [journeys/*.yaml]
devices: [desktop]
standards: standards.yaml
output: reports
gate: { fail_on: redesign }
"""

FINDS_GIFTS = """\
id: finds-gifts
title: Find the gifts
start: /
steps:
  - name: Open the gifts
    do:
      - click: { role: link, name: Gifts }
"""

EXPECTS_THE_IMPOSSIBLE = """\
id: impossible
title: Find a unicorn
start: /
steps:
  - name: Look for a unicorn
    do:
      - expect: { text: We sell unicorns }
"""


def project(root: Path) -> None:
    (root / "journeys").mkdir()
    (root / "journeys" / "finds-gifts.yaml").write_text(FINDS_GIFTS)
    (root / "journeys" / "impossible.yaml").write_text(EXPECTS_THE_IMPOSSIBLE)
    (root / "standards.yaml").write_text((REPO / "standards.yaml").read_text())
    (root / "audit.yaml").write_text(AUDIT)
    (root / "test_nothing_else.py").write_text("def test_ordinary():\n    assert True\n")


def pytest_in(root: Path, base_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--selfshop-audit",
            "audit.yaml",
            "--selfshop-base-url",
            base_url,
            "-q",
            *args,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def test_collecting_lists_the_journeys_without_walking_them(tmp_path: Path) -> None:
    project(tmp_path)
    with serve(SHOP) as (base_url, hits):
        result = pytest_in(tmp_path, base_url, "--collect-only")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "audit::finds-gifts@desktop" in output
    assert "audit::impossible@desktop" in output
    assert hits == []  # no browser went to the site
    assert not (tmp_path / "reports").exists()  # and no run was made


@pytest.mark.browser
def test_each_journey_is_a_test_that_fails_with_its_reasons(tmp_path: Path) -> None:
    project(tmp_path)
    with running_demo() as urls:
        result = pytest_in(tmp_path, urls.polished)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "1 failed, 2 passed" in output
    assert "impossible@desktop is redesign" in output
    assert "We sell unicorns" in output
    assert (tmp_path / "reports").is_dir()

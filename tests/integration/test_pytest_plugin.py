"""The pytest plugin as an engineer uses it: `pytest --selfshop-audit AUDIT` in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from selfshop.demo.server import running_demo

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


@pytest.mark.browser
def test_each_journey_is_a_test_that_fails_with_its_reasons(tmp_path: Path) -> None:
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "finds-gifts.yaml").write_text(FINDS_GIFTS)
    (tmp_path / "journeys" / "impossible.yaml").write_text(EXPECTS_THE_IMPOSSIBLE)
    (tmp_path / "standards.yaml").write_text((REPO / "standards.yaml").read_text())
    (tmp_path / "audit.yaml").write_text(AUDIT)
    (tmp_path / "test_nothing_else.py").write_text("def test_ordinary():\n    assert True\n")
    with running_demo() as urls:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "--selfshop-audit",
                "audit.yaml",
                "--selfshop-base-url",
                urls.polished,
                "-q",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "1 failed, 2 passed" in output
    assert "impossible@desktop is redesign" in output
    assert "We sell unicorns" in output
    assert (tmp_path / "reports").is_dir()

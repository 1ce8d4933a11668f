"""`selfshop run` with `lenses:` as a CX team runs it: the same journey file walked by every
customer, the report's journey x lens matrix, and the gate held to the worst lens."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PAGES = Path(__file__).parents[1] / "fixtures" / "lenses"

STANDARDS = """\
organisation: Acme
verdict: { proud: 85, redesign: 60 }
standards:
  - { id: inclusion, title: Inclusion, checks: [accessible-names] }
"""
PAY = """\
id: pay
title: Pay for the lantern
start: /{page}
steps:
  - name: Pay
    do:
      - fill: {{ label: Card number, value: "4242" }}
      - click: {{ text: Pay now }}
      - expect: {{ url: /done.html }}
"""
AUDIT = """\
name: Lens audit
base_url: {base}
journeys: [../journeys/*.yaml]
standards: ../standards.yaml
output: ../reports
lenses: [keyboard, screen-reader]
gate: {{ fail_on: redesign }}
"""


def _project(tmp_path: Path, base: str, page: str) -> Path:
    (tmp_path / "journeys").mkdir()
    (tmp_path / "audits").mkdir()
    (tmp_path / "standards.yaml").write_text(STANDARDS, encoding="utf-8")
    (tmp_path / "journeys" / "pay.yaml").write_text(PAY.format(page=page), encoding="utf-8")
    audit = tmp_path / "audits" / "lenses.yaml"
    audit.write_text(AUDIT.format(base=base), encoding="utf-8")
    return audit


def test_a_journey_a_screen_reader_user_cannot_finish_fails_the_gate_and_says_why(
    tmp_path: Path, serve_dir: Any, cli: Any
) -> None:
    audit = _project(tmp_path, serve_dir(PAGES), "reader-fail.html")
    done = cli("run", str(audit), cwd=tmp_path)
    assert done.code == 1, done.stdout + done.stderr  # the gate: the worst lens is redesign
    latest = tmp_path / "reports" / "lens-audit" / "latest"
    run = json.loads((latest / "run.json").read_text(encoding="utf-8"))
    verdicts = {j["journey_id"] + "+" + str(j["lens"]): j["verdict"] for j in run["journeys"]}
    assert verdicts["pay+None"] != "redesign"  # a mouse user pays
    assert verdicts["pay+keyboard"] == verdicts["pay+screen-reader"] == "redesign"
    html = (latest / "report.html").read_text(encoding="utf-8")
    assert "Can every customer finish?" in html
    assert "a screen-reader user cannot finish: stuck at the &#39;Pay&#39; step" in html
    assert "announced as plain text &#39;Pay now&#39;" in html
    assert "a keyboard-only customer cannot finish" in html


def test_a_journey_every_customer_finishes_passes_the_gate(
    tmp_path: Path, serve_dir: Any, cli: Any
) -> None:
    audit = _project(tmp_path, serve_dir(PAGES), "reader-pass.html")
    done = cli("run", str(audit), cwd=tmp_path)
    assert done.code == 0, done.stdout + done.stderr
    html = (tmp_path / "reports" / "lens-audit" / "latest" / "report.html").read_text("utf-8")
    assert "a keyboard-only customer finishes it" in html
    assert "a screen-reader user finishes it" in html

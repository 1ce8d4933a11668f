"""Alerts as a CX team meets them: `selfshop run` twice against a page on 127.0.0.1 that gets
worse in between, and a local webhook that receives what changed and who owns it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from receivers import Webhook

pytestmark = pytest.mark.browser

TOKEN = "hook-token-5f1d2c"  # stands in for a webhook's secret path part

GOOD = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme gifts</title>
</head><body><main><h1>Welcome to Acme</h1><p>Gifts for every friend.</p></main></body></html>
"""
BROKEN = """<!doctype html><html><head><title></title></head><body>
<div>Under construction</div></body></html>
"""

JOURNEY = """\
id: arrive
title: Arrive at the shop
owner: { name: Priya Shah, contact: priya.shah@example.com }
start: /index.html
steps:
  - name: Arrive
    do:
      - expect: { text: Welcome }
"""

STANDARDS = """\
organisation: Acme
verdict: { proud: 60, redesign: 40 }
standards:
  - id: show
    title: Show
    checks: [page-title, console-errors]
  - id: inclusion
    title: Inclusion
    checks: [document-language]
"""


def project(root: Path, base_url: str, hook: str) -> Path:
    (root / "journeys").mkdir(parents=True)
    (root / "journeys" / "arrive.yaml").write_text(JOURNEY)
    (root / "standards.yaml").write_text(STANDARDS)
    audit = root / "audit.yaml"
    audit.write_text(
        f"name: Shop watch\nbase_url: {base_url}\njourneys: [journeys/*.yaml]\n"
        "standards: standards.yaml\noutput: reports\n"
        f"notify:\n  - url: {hook}\n    on: [verdict-worse, run-failed]\n"
    )
    return audit


def selfshop(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "selfshop", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOOK_TOKEN": TOKEN, "COLUMNS": "200", **(env or {})},
        check=False,
    )


def test_webhook_hears_when_a_journey_gets_worse(
    tmp_path: Path, serve_dir: Callable[[Path], str], webhook: Webhook
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(GOOD)
    hook = webhook.url.replace("/hooks/cx", "/hooks/${secret:HOOK_TOKEN}")
    audit = project(tmp_path / "project", serve_dir(site), hook)

    first = selfshop("run", str(audit))
    assert first.returncode == 0, first.stdout + first.stderr
    assert webhook.received == []  # nothing to compare with yet, nothing got worse

    (site / "index.html").write_text(BROKEN)
    second = selfshop("run", str(audit))
    assert second.returncode == 1, second.stdout + second.stderr
    assert "Alert sent to notify[0] (JSON): 1 change(s)" in second.stdout
    (message,) = webhook.received
    assert webhook.paths == [f"/hooks/{TOKEN}"]
    text = message["message"]
    assert "Arrive at the shop (arrive@desktop) went from proud to redesign" in text
    assert "Owner: Priya Shah (priya.shah@example.com)." in text
    report = Path(text.split("Report: file://")[1].strip())
    assert report.name == "report.html" and report.is_file()

    written = [p for p in (tmp_path / "project").rglob("*") if p.is_file()]
    assert written and not [p for p in written if TOKEN.encode() in p.read_bytes()]
    assert TOKEN not in second.stdout + second.stderr


def test_a_run_that_cannot_start_alerts_and_still_fails(
    tmp_path: Path, serve_dir: Callable[[Path], str], webhook: Webhook
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(GOOD)
    audit = project(tmp_path / "project", serve_dir(site), webhook.url)
    result = selfshop("run", str(audit), env={"SELFSHOP_CHROMIUM": str(tmp_path / "no-chrome")})
    assert result.returncode == 3
    (message,) = webhook.received
    assert "the run could not start: SELFSHOP_CHROMIUM=" in message["message"]
    assert message["title"] == "selfshop: Shop watch: run failed"

"""`selfshop walk` on a web journey, end to end: the panel's address with its token, Ctrl-C,
--resume, and a judged run folder. The test plays the leader in its own browser."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest

pytestmark = pytest.mark.browser

STANDARDS = """\
organisation: Acme
standards:
  - id: courtesy
    title: Courtesy
  - id: inclusion
    title: Inclusion
    checks: [document-language, page-title]
"""
JOURNEY = """\
id: browse
title: Browse the shop
start: /index.html
steps:
  - name: Arrive
  - name: Look around
  - name: Leave
"""


@pytest.fixture
def project(tmp_path: Path, serve_dir: Callable[[Path], str]) -> tuple[Path, str]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>Shop</title><h1>Hello</h1>")
    (tmp_path / "standards.yaml").write_text(STANDARDS)
    (tmp_path / "browse.yaml").write_text(JOURNEY)
    return tmp_path, serve_dir(site)


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "300"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "selfshop", "walk", *args, "--headless"],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=90,
        dimensions=(50, 300),
    )


def panel_url(child: pexpect.spawn) -> str:
    child.expect(r"Guide panel: (http://127\.0\.0\.1:\d+/\?token=[\w-]+)")
    return str(child.match.group(1))


def rate(page: Any, courtesy: str, button: str) -> None:
    page.locator("#standard-courtesy").get_by_label(courtesy).check()
    page.get_by_role("button", name=button).click()


def test_walk_a_web_journey_from_the_command_line(
    project: tuple[Path, str], sync_browser: Any
) -> None:
    from playwright.sync_api import expect

    root, base_url = project
    child = spawn(root, "browse.yaml", "--base-url", base_url, "--auditor", "Lee", "--out", "out")
    url = panel_url(child)
    context = sync_browser.new_context()
    try:
        page = context.new_page()
        without_token = page.goto(url.split("?")[0])
        assert without_token is not None and without_token.status == 403
        page.goto(url)
        expect(page.locator("#progress")).to_have_text("Step 1 of 3")
        rate(page, "5", "Next")
        expect(page.locator("#progress")).to_have_text("Step 2 of 3")
        child.sendintr()
        child.expect_exact("1 of 3 steps saved")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 130

        resumed = spawn(root, "--resume", "--out", "out")
        page.goto(panel_url(resumed))
        expect(page.locator("#progress")).to_have_text("Step 2 of 3")
        rate(page, "3", "Next")
        expect(page.locator("#progress")).to_have_text("Step 3 of 3")
        page.get_by_label("This stopped me").check()
        rate(page, "1", "Finish")
        resumed.expect(r"Browse the shop\S*: (redesign) \(")
        resumed.expect_exact("Report:")
        resumed.expect(pexpect.EOF)
        resumed.close()
        assert resumed.exitstatus == 0
    finally:
        context.close()

    (run_file,) = [p for p in (root / "out").glob("*/*/run.json") if not p.parent.is_symlink()]
    run = json.loads(run_file.read_text())
    (journey,) = run["journeys"]
    assert journey["walker"] == "guided:Lee" and journey["verdict"] == "redesign"
    steps = journey["steps"]
    assert [s["evidence"]["guided"][0]["ratings"] for s in steps] == [
        {"courtesy": 5},
        {"courtesy": 3},
        {"courtesy": 1},
    ]
    assert all(s["evidence"]["url"] == f"{base_url}/index.html" for s in steps)
    # The automated checks ran on the leader's page: it has a title but no lang attribute.
    checks = {c["check_id"]: c["score"] for c in steps[0]["checks"]}
    assert checks["page-title"] == 1.0 and checks["document-language"] == 0.0
    assert re.search(r"Lee", (run_file.parent / "report.html").read_text())

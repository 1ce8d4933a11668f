"""The secrets sweep: a site echoes three typed secrets (long, 3 characters, 1 character) back in
every way it can; afterwards not one byte of the run folder, the history, the reports, stdout or
stderr holds any encoding of them, and the screenshot is painted over where they showed."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from PIL import Image

from selfshop.walk.scrub import encodings

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from echo_site import serve_echo

pytestmark = pytest.mark.browser

LONG = 'p@ss w0rd+&<é"'  # every encoding differs: raw, JSON, %-, form-, entity-encoded
PIN = "4&7"  # three characters: masked as a whole token
CODE = "x"  # one character: masked where it is a whole value
SECRETS = {"SWEEP_LONG": LONG, "SWEEP_PIN": PIN, "SWEEP_CODE": CODE}
MAGENTA = (255, 0, 255)

JOURNEY = """\
id: echo
title: Sign in and see it echoed
start: /login
steps:
  - name: Sign in
    do:
      - fill: { label: Password, value: "${secret:SWEEP_LONG}" }
      - fill: { label: PIN, value: "${secret:SWEEP_PIN}" }
      - fill: { label: Code, value: "${secret:SWEEP_CODE}" }
      - click: { role: button, name: Sign in }
      - expect: { text: Welcome back }
  - name: Look at the account
    do:
      - click: { role: link, name: Account }
"""


def leak_patterns() -> dict[str, re.Pattern[bytes]]:
    """For every secret and every encoding of it, what a leak of it looks like in bytes:
    anywhere for the long one, as a whole token for the 3-character one, as a whole value
    (a URL parameter, a JSON string, an element's text) for the 1-character one."""
    patterns: dict[str, re.Pattern[bytes]] = {}
    for secret in SECRETS.values():
        for form in encodings(secret):
            raw = re.escape(form.encode())
            if len(secret) >= 4:
                patterns[form] = re.compile(raw)
            elif len(secret) >= 2:
                patterns[form] = re.compile(rb"(?<![A-Za-z0-9])" + raw + rb"(?![A-Za-z0-9])")
            else:
                # A URL parameter, a JSON string value (not a key such as a box's "x"), or an
                # element's whole text.
                whole = rb"=" + raw + rb"(?=$|[&#;\s\"'])|\"" + raw + rb"\"(?!\s*:)|>" + raw + rb"<"
                patterns[form] = re.compile(whole)
    return patterns


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("sweep")
    starter = resources.files("selfshop.project.templates").joinpath("project/standards.yaml")
    (root / "standards.yaml").write_bytes(starter.read_bytes())
    (root / "echo.yaml").write_text(JOURNEY)
    with serve_echo() as base:
        (root / "audit.yaml").write_text(
            f"name: Sweep\nbase_url: {base}\njourneys: [echo.yaml]\nstandards: standards.yaml\n"
        )
        process = subprocess.run(
            [sys.executable, "-m", "selfshop", "run", "audit.yaml", "--out", "out"],
            cwd=root,
            capture_output=True,
            env={**os.environ, **SECRETS, "COLUMNS": "200"},
            timeout=300,
        )
        yield {"root": root, "base": base, "process": process}


def test_the_walk_with_short_secrets_runs_to_its_reports(swept: dict[str, Any]) -> None:
    process = swept["process"]
    assert process.returncode in (0, 1), process.stderr.decode()
    (run_json,) = (swept["root"] / "out").glob("sweep/2*/run.json")
    run = json.loads(run_json.read_text())
    statuses = [s["evidence"]["status"] for s in run["journeys"][0]["steps"]]
    assert statuses == ["passed", "passed"]
    assert (run_json.parent / "report.html").is_file()


def test_no_encoding_of_any_secret_reaches_disk_or_the_terminal(swept: dict[str, Any]) -> None:
    process = swept["process"]
    files = [p for p in (swept["root"] / "out").rglob("*") if p.is_file()]
    assert any(p.name == "history.sqlite" for p in files) or any(
        p.suffix == ".sqlite" for p in files
    )
    places = {str(p): p.read_bytes() for p in files}
    places["stdout"], places["stderr"] = process.stdout, process.stderr
    patterns = leak_patterns()
    assert len(patterns) >= 15
    leaks = [
        f"{where}: {form!r}"
        for where, data in places.items()
        for form, pattern in patterns.items()
        if pattern.search(data)
    ]
    assert leaks == []


def test_the_screenshot_is_painted_over_wherever_the_site_shows_a_secret(
    swept: dict[str, Any], sync_browser: Any
) -> None:
    (run_json,) = (swept["root"] / "out").glob("sweep/2*/run.json")
    evidence = json.loads(run_json.read_text())["journeys"][0]["steps"][0]["evidence"]
    with Image.open(io.BytesIO((run_json.parent / evidence["screenshot"]).read_bytes())) as shot:
        image = shot.convert("RGB")
        for box in evidence["masked"]:
            middle = (int(box["x"] + box["width"] / 2), int(box["y"] + box["height"] / 2))
            assert image.getpixel(middle) == MAGENTA, box
    # Where the echoes stand on the same page, as a customer's browser draws it.
    query = urlencode({"password": LONG, "pin": PIN, "code": CODE})
    page = sync_browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(f"{swept['base']}/home?{query}")
        echoes = [page.locator(css).bounding_box() for css in ("b", "#again", "#code-again")]
        echoes.append(page.locator("#code").bounding_box())
    finally:
        page.close()
    for echo in echoes:
        assert echo is not None
        x, y = echo["x"] + echo["width"] / 2, echo["y"] + echo["height"] / 2
        assert image.getpixel((int(x), int(y))) == MAGENTA, echo

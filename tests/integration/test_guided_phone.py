"""A leader walks the demo checkout from a phone: `selfshop walk --phone`, a 390 x 844 touch
browser, the shop in one tab and the guide panel in another, a photo taken on the way."""

from __future__ import annotations

import io
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from selfshop.demo import DEMO_SECRETS

pytestmark = pytest.mark.browser

DEMO = Path(__file__).parents[2] / "src" / "selfshop" / "demo" / "project"
PHONE: Any = {"width": 390, "height": 844}
WALK = [sys.executable, "-m", "selfshop", "walk"]
WHO = ["--auditor", "Dana", "--out", "out"]
ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+")


def photo_bytes() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(picture, "JPEG")
    return picture.getvalue()


def start_phone_walk(project: Path, base_url: str) -> tuple[subprocess.Popen[str], str, str]:
    """`selfshop walk --phone` as a leader runs it; (process, what it printed, panel address)."""
    child = subprocess.Popen(
        [*WALK, "journeys/guest-checkout.yaml", "--phone", "--base-url", base_url, *WHO],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )
    lines: queue.Queue[str] = queue.Queue()
    output = child.stdout
    assert output is not None

    def read() -> None:
        for line in output:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    printed = ""
    while not ADDRESS.search(printed):
        printed += lines.get(timeout=60)
    printed += "".join(lines.get(timeout=10) for _ in range(2))  # the advice after the address
    match = ADDRESS.search(printed)
    assert match is not None
    return child, printed, match.group(0)


def test_a_leader_walks_the_demo_checkout_from_a_phone(tmp_path: Path, sync_browser: Any) -> None:
    from selfshop.demo.server import running_demo

    project = tmp_path / "shop"
    shutil.copytree(DEMO, project, symlinks=False)
    with running_demo() as urls:
        child, printed, address = start_phone_walk(project, urls.polished)
        try:
            assert "█" in printed and "▀" in printed, "the address is drawn as a QR code"
            assert "Only this computer can open it" in printed  # 127.0.0.1 unless asked
            phone = sync_browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            panel = phone.new_page()
            assert panel.goto(address.split("?")[0]).status == 403  # no token, no walk
            panel.goto(address)
            walk_the_checkout(phone, panel)
            phone.close()
        except BaseException:
            child.kill()  # a failed walk leaves no server behind
            raise
        finally:
            code = child.wait(timeout=120)
    assert code == 0

    runs = (project / "out").glob("guided-walk-*/*/run.json")
    (folder,) = [p.parent for p in runs if not p.parent.is_symlink()]  # not 'latest'
    run = json.loads((folder / "run.json").read_text())
    (journey,) = run["journeys"]
    assert journey["walker"] == "guided:Dana" and journey["device"] == "mobile"
    rated = [step["evidence"]["guided"][0] for step in journey["steps"]]
    assert rated[0]["ratings"]["courtesy"] == 5 and rated[0]["notes"] == "Warm welcome"
    assert rated[0]["attachments"] == ["artefacts/guided-step1-photo-1.jpg"]
    assert (folder / rated[0]["attachments"][0]).read_bytes() == photo_bytes()
    assert rated[1]["ratings"] == {"courtesy": 3}  # kept while the leader went Back
    assert rated[5]["blocker"] is True
    report = (folder / "report.html").read_text()
    assert 'href="artefacts/guided-step1-photo-1.jpg"' in report
    assert "Photo taken by Dana on this step" in report
    assert DEMO_SECRETS["DEMO_CARD"] not in report


def walk_the_checkout(phone: Any, panel: Any) -> None:
    """The leader's thumbs: the panel in one tab, the shop in another."""
    from playwright.sync_api import expect

    progress = panel.locator("#progress")

    def rate(standard: str, value: str) -> None:
        panel.locator(f"#standard-{standard}").get_by_label(value).tap()

    def next_step(name: str = "Next") -> None:
        panel.get_by_role("button", name=name).tap()

    expect(progress).to_have_text("Step 1 of 7")
    expect(panel.get_by_text("The page title mentions “Acme Outfitters”")).to_be_visible()
    expect(panel.get_by_text("1 = I worried about my details")).to_be_visible()
    # Nothing needs sideways scrolling on a phone, and a step's form fits its screen.
    width, height = panel.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= height
    with phone.expect_page() as opened:
        panel.get_by_role("link", name="Open the site").tap()
    shop = opened.value
    expect(shop).to_have_title(re.compile("Acme Outfitters"))

    rate("courtesy", "5")
    panel.get_by_label("Notes").fill("Warm welcome")
    panel.locator("#photo").set_input_files(
        {"name": "x.txt", "mimeType": "text/html", "buffer": b"<script>alert(1)</script>"}
    )
    expect(panel.get_by_role("status")).to_contain_text("Photo not added: only JPEG")
    panel.locator("#photo").set_input_files(
        {"name": "queue.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    expect(panel.locator("#photos")).to_have_text("1 photo added")
    expect(panel.get_by_label("Notes")).to_have_value("Warm welcome")  # the form is untouched
    next_step()

    expect(progress).to_have_text("Step 2 of 7")
    expect(panel.get_by_text("Choose “Under £30” in “Price”")).to_be_visible()
    shop.get_by_role("link", name="Gifts", exact=True).click()
    shop.get_by_label("Price").select_option(label="Under £30")
    shop.get_by_role("button", name="Show gifts").click()
    rate("courtesy", "3")
    # Back shows step 1 as answered; forward again, step 2's unsaved answer is still there.
    panel.get_by_role("button", name="Back").tap()
    expect(progress).to_have_text("Step 1 of 7")
    expect(panel.locator("#standard-courtesy").get_by_label("5")).to_be_checked()
    expect(panel.get_by_label("Notes")).to_have_value("Warm welcome")
    expect(panel.locator("#photos")).to_have_text("1 photo added")
    next_step()
    expect(progress).to_have_text("Step 2 of 7")
    expect(panel.locator("#standard-courtesy").get_by_label("3")).to_be_checked()
    next_step()

    shop.get_by_role("link", name="Star lantern").click()
    next_step()  # step 3, unrated: a leader in a hurry
    shop.get_by_role("button", name="Add to basket").click()
    rate("efficiency", "4")
    next_step()
    shop.get_by_role("link", name="Check out").click()
    next_step()
    expect(progress).to_have_text("Step 6 of 7")
    rate("courtesy", "2")
    panel.get_by_label("This stopped me").tap()
    next_step()
    rate("safety", "4")
    next_step("Finish")
    expect(panel.get_by_role("heading", name="Walk finished")).to_be_visible()

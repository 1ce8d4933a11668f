"""Regenerate the report screenshots in docs/screens/ from the demo's flawed run.

    .venv/bin/python tools/screens/report.py            # walks the demo (about a minute)
    .venv/bin/python tools/screens/report.py --run DIR  # or reports an existing flawed run

Each screenshot is the first screen a reader sees, at a laptop's and a phone's size. Other
screenshots (a guided phone walk, say) add a `Shot` to SHOTS or call `shoot` themselves.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

from selfshop.walk.browser import launch_options

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "screens"
SELFSHOP = Path(sys.executable).with_name("selfshop")


@dataclass(frozen=True)
class Shot:
    name: str  # file name in docs/screens, without .png
    width: int
    height: int


SHOTS = (Shot("report-first-screen-1280", 1280, 800), Shot("report-first-screen-390", 390, 844))


def shoot(page_file: Path, shots: tuple[Shot, ...] = SHOTS, out: Path = OUT) -> list[Path]:
    """Screenshot the first screen of an HTML file at each size; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(playwright.chromium.executable_path))
        try:
            for shot in shots:
                page = browser.new_page(viewport={"width": shot.width, "height": shot.height})
                page.goto(page_file.resolve().as_uri(), wait_until="load", timeout=30_000)
                target = out / f"{shot.name}.png"
                page.screenshot(path=str(target), timeout=30_000)
                written.append(target)
                page.close()
        finally:
            browser.close()
    return written


def flawed_run(work: Path) -> Path:
    """Walk the bundled demo into `work` and return the flawed variant's run folder."""
    subprocess.run(
        [str(SELFSHOP), "demo", "--out", str(work)], check=False, stdout=subprocess.DEVNULL
    )
    return (work / "demo-shop-flawed" / "latest").resolve()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, help="a flawed demo run folder (default: walk one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="selfshop-screens-") as temp:
        run = args.run or flawed_run(Path(temp))
        report = Path(temp) / "report"
        subprocess.run(
            [
                str(SELFSHOP),
                "report",
                str(run),
                "--no-compare",
                "--no-walks",
                "--format",
                "html",
                "--out",
                str(report),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for path in shoot(report / "report.html"):
            print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())

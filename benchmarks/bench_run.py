"""Wall time of a selfshop run against a hand-written Playwright floor, and peak memory.

Usage:
    .venv/bin/python benchmarks/bench_run.py                    # the demo audit, polished variant
    .venv/bin/python benchmarks/bench_run.py --audit audits/x.yaml --base-url http://127.0.0.1:8000
    .venv/bin/python benchmarks/bench_run.py --rounds 3 --memory

The floor is the least a script must do for the same journeys: the same actions with plain
Playwright locators, axe-core after every step, a full-page screenshot after every step, the
same number of journeys at once, in one browser. selfshop's wall time (in the same process,
the same audit, alternating rounds) divided by the floor's is the ratio; target <= 1.3.

With --memory it also runs `selfshop run` as a subprocess with --workers 2 and --workers 4 and
samples the proportional memory (PSS) of the whole process tree (Python, Playwright's driver,
Chromium) every 50 ms: the peak is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Locator, Page, async_playwright

from selfshop.load.files import LoadedAudit, load_audit
from selfshop.models.audit import Timeouts
from selfshop.models.journey import Action, Journey
from selfshop.pipeline import plans_for, run_audit
from selfshop.walk.actions import join_url
from selfshop.walk.automated import DEVICE_DESCRIPTORS, default_workers
from selfshop.walk.browser import launch_options

AXE = Axe()


# --- the floor: a minimal hand-written Playwright walk ------------------------------------


def _locator(page: Page, spec: Any, single: bool = True) -> Locator:
    if spec.role:
        loc = page.get_by_role(spec.role, name=spec.name, exact=spec.exact)
    elif spec.label:
        loc = page.get_by_label(spec.label, exact=spec.exact)
    elif spec.text:
        loc = page.get_by_text(spec.text, exact=spec.exact)
    elif spec.placeholder:
        loc = page.get_by_placeholder(spec.placeholder)
    elif spec.alt:
        loc = page.get_by_alt_text(spec.alt)
    elif spec.title:
        loc = page.get_by_title(spec.title)
    elif spec.testid:
        loc = page.get_by_test_id(spec.testid)
    else:
        loc = page.locator(spec.css or f"xpath={spec.xpath}")
    if spec.nth is not None:
        return loc.nth(spec.nth)
    return loc.first if single else loc


async def _floor_action(page: Page, action: Action, base: str) -> None:
    kind, spec = action.kind, action.spec
    if kind == "goto":
        await page.goto(join_url(base, spec))
    elif kind == "click":
        await _locator(page, spec).click()
    elif kind == "fill":
        await _locator(page, spec).fill(spec.plain_value())
    elif kind == "select":
        await _locator(page, spec).select_option(label=spec.option)
    elif kind in ("check", "uncheck", "hover"):
        await getattr(_locator(page, spec), kind)()
    elif kind == "press":
        if spec.locator_kinds():
            await _locator(page, spec).press(spec.key)
        else:
            await page.keyboard.press(spec.key)
    elif kind == "wait_for" and spec.seconds:
        await asyncio.sleep(spec.seconds)
    elif kind == "expect":
        if spec.url:
            wanted = join_url(base, spec.url)
            await page.wait_for_url(lambda u: u.startswith(wanted.rstrip("/")))
        elif spec.text:
            await page.get_by_text(spec.text).first.wait_for()
        elif spec.visible:
            await _locator(page, spec.visible).wait_for()
        elif spec.title:
            await page.wait_for_function(
                "t => document.title.toLowerCase().includes(t)", arg=spec.title.lower()
            )


async def _floor_journey(
    browser: Any, pw: Any, journey: Journey, device: str, base: str, out: Path, timeouts: Timeouts
) -> None:
    descriptor = dict(pw.devices[DEVICE_DESCRIPTORS[device]])
    descriptor.pop("default_browser_type", None)
    context = await browser.new_context(**descriptor)
    context.set_default_timeout(timeouts.action_ms)
    context.set_default_navigation_timeout(timeouts.navigation_ms)
    page = await context.new_page()
    try:
        await page.goto(join_url(base, journey.start or "/"))
        for index, step in enumerate(journey.steps):
            try:
                for action in step.do:
                    await _floor_action(page, action, base)
            except Exception:
                break  # a failing step ends the journey, as in selfshop
            finally:
                await page.wait_for_load_state("load")
                await AXE.run(page)
                await page.screenshot(
                    path=out / f"{journey.id}-{device}-{index}.png", full_page=True
                )
    finally:
        await context.close()


async def floor(loaded: LoadedAudit, base: str, workers: int, out: Path) -> None:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(pw.chromium.executable_path))
        gate = asyncio.Semaphore(workers)

        async def one(journey: Journey, device: str) -> None:
            async with gate:
                await _floor_journey(browser, pw, journey, device, base, out, loaded.audit.timeouts)

        await asyncio.gather(*(one(p.journey, p.device) for p in plans_for(loaded)))
        await browser.close()


# --- memory ---------------------------------------------------------------------------------


def _tree_pss_kb(root: int) -> int:
    """Proportional memory (PSS: shared pages split between their users, so Chromium's many
    processes are not counted over and over) of a process and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss_kb(pid)
        stack.extend(children.get(pid, []))
    return total


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            found = re.search(r"^Pss:\s+(\d+)", rollup.read(), re.M)
    except OSError:
        return 0
    return int(found.group(1)) if found else 0


def peak_memory_mb(audit: Path, base: str, workers: int) -> tuple[float, float]:
    """Peak memory (PSS, MB) of `selfshop run --workers N` and its wall time (s)."""
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "selfshop",
                "run",
                str(audit),
                "--base-url",
                base,
                "--workers",
                str(workers),
                "--json",
                "--out",
                out,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_pss_kb(process.pid))
            time.sleep(0.05)
        return peak / 1024, time.perf_counter() - started


# --- driver ---------------------------------------------------------------------------------


@contextmanager
def site(base_url: str | None) -> Iterator[str]:
    if base_url:
        yield base_url
        return
    from selfshop.demo.server import running_demo

    with running_demo() as urls:
        yield urls.polished


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audit", type=Path, default=None)
    parser.add_argument("--base-url", default=None)
    parser.add_argument("--rounds", type=int, default=3, help="0: memory only")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args()
    from selfshop.demo import DEMO_SECRETS

    for name, value in DEMO_SECRETS.items():
        os.environ.setdefault(name, value)
    if args.audit is None:
        from selfshop.demo.audit import demo_audit_file

        args.audit = demo_audit_file()
    with site(args.base_url) as base:
        loaded = load_audit(args.audit, base_url=base)
        plans = plans_for(loaded)
        print(f"{args.audit}: {len(plans)} journey walks, {args.workers} at once, {base}")
        ours: list[float] = []
        floors: list[float] = []
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter()
                asyncio.run(floor(loaded, base, args.workers, Path(tmp)))
                floors.append(time.perf_counter() - started)
            with tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter()
                run_audit(
                    loaded,
                    base_url=base,
                    workers=args.workers,
                    progress=False,
                    output_dir=Path(tmp),
                )
                ours.append(time.perf_counter() - started)
        if ours:
            mine, least = statistics.median(ours), statistics.median(floors)
            print(f"selfshop run : median {mine:.2f} s  ({', '.join(f'{t:.2f}' for t in ours)})")
            print(f"floor script : median {least:.2f} s  ({', '.join(f'{t:.2f}' for t in floors)})")
            print(f"ratio        : {mine / least:.2f}x  (target <= 1.3x)")
        if args.memory:
            for workers in (2, 4):
                peak, wall = peak_memory_mb(args.audit, base, workers)
                print(f"--workers {workers}: peak PSS {peak:.0f} MB (process tree), {wall:.1f} s")


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()

"""What gathering a page's controls costs when many are small: 150 stacked text links, each
under 24 px tall, so each pays for WCAG 2.5.8's exception measurements (gather/controls.py).

Usage:
    .venv/bin/python benchmarks/bench_controls.py            # 7 rounds
    .venv/bin/python benchmarks/bench_controls.py --rounds 15

Prints the median time of one gather_controls call on that page, in Debian's Chromium.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from playwright.async_api import async_playwright

from selfshop.gather.controls import gather_controls
from selfshop.gather.dom import DOM_HELPERS_JS
from selfshop.walk.browser import launch_options

LINKS = "".join(f'<li><a href="/p{i}">Page {i}</a></li>' for i in range(150))
PAGE = (
    "<!doctype html><html lang='en'><title>Many links</title>"
    f"<body><ul style='line-height:1.1'>{LINKS}</ul></body></html>"
)


async def measure(rounds: int) -> tuple[int, float]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch_options(None, headed=False))
        context = await browser.new_context()
        await context.add_init_script(DOM_HELPERS_JS)
        page = await context.new_page()
        await page.set_content(PAGE)
        times, found = [], 0
        for _ in range(rounds):
            started = time.perf_counter()
            found = len(await gather_controls(page))
            times.append(time.perf_counter() - started)
        await browser.close()
    return found, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    found, median = asyncio.run(measure(args.rounds))
    print(f"{found} controls gathered; median {median * 1000:.1f} ms a call")


if __name__ == "__main__":
    main()

"""Block globs: matched as Playwright matches them, and paused by a DevTools pattern that
never misses a URL the glob matches."""

from __future__ import annotations

import re

import pytest

from selfshop.walk.guard import OriginGuard, cdp_pattern


def devtools_matches(pattern: str, url: str) -> bool:
    """DevTools' URL pattern rule for the patterns the guard makes: `*` is any run of
    characters, everything else stands for itself."""
    return re.fullmatch(".*".join(re.escape(part) for part in pattern.split("*")), url) is not None


@pytest.mark.parametrize(
    ("glob", "url"),
    [
        ("**/pay/**", "http://127.0.0.1:8000/pay/logo.png"),
        ("https://pay.example-psp.test/**", "https://pay.example-psp.test/start?order=1"),
        ("**/*.{png,jpg}", "http://shop.test/a/b.jpg"),
        ("**/{pay,checkout}/**", "http://shop.test/checkout/1"),
        ("http://shop.test/a\\*b", "http://shop.test/a*b"),
        ("**/track?id=*", "http://shop.test/track?id=5"),
        ("http://shop.test/*.js", "http://shop.test/app.js"),
    ],
)
def test_a_blocked_url_is_paused_by_the_devtools_pattern_too(glob: str, url: str) -> None:
    assert OriginGuard("http://shop.test/", block=[glob]).blocks(url)
    assert devtools_matches(cdp_pattern(glob), url)


def test_block_globs_keep_playwright_meanings() -> None:
    guard = OriginGuard("http://shop.test/", block=["http://shop.test/*.js", "**/pay/**"])
    assert not guard.blocks("http://shop.test/lib/app.js"), "* stops at a slash"
    assert not guard.blocks("http://shop.test/payment/start")
    assert guard.blocks("http://cdn.test/x/pay/y")


def test_a_document_is_refused_off_the_site_first_then_by_pattern() -> None:
    guard = OriginGuard("http://shop.test/", ["https://psp.test"], block=["https://psp.test/**"])
    assert guard.refusal("http://shop.test/basket") is None
    assert guard.refusal("https://elsewhere.test/") == "off-origin navigation"
    assert guard.refusal("https://psp.test/pay") == "blocked by audit pattern"

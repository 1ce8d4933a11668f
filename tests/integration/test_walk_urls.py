"""Where journeys go: paths joined to base_url, expectations on addresses, the origin guard."""

from __future__ import annotations

import pytest

from selfshop.walk.actions import join_url, url_matches
from selfshop.walk.guard import OriginGuard


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        ("http://h:1/shop", "/gifts", "http://h:1/shop/gifts"),
        ("http://h:1/shop/", "gifts", "http://h:1/shop/gifts"),
        ("http://h:1", "/", "http://h:1/"),
        ("http://h:1/shop", "https://other.example/x", "https://other.example/x"),
    ],
)
def test_paths_are_joined_to_the_base_url(base: str, path: str, expected: str) -> None:
    assert join_url(base, path) == expected


def test_expected_urls_match_by_prefix_under_the_base() -> None:
    base = "http://h:1/shop"
    assert url_matches("http://h:1/shop/gifts?page=2", "/gifts", base)
    assert url_matches("http://h:1/shop/gifts/", "/gifts", base)
    assert url_matches("http://h:1/shop", "/", base)
    assert not url_matches("http://h:1/gifts", "/gifts", base)
    assert not url_matches("http://h:1/shop/basket", "/gifts", base)


def test_guard_allows_the_base_origin_and_the_listed_ones_only() -> None:
    guard = OriginGuard("http://127.0.0.1:8000/shop", ["https://pay.example.com"])
    assert guard.allows("http://127.0.0.1:8000/elsewhere")
    assert guard.allows("https://pay.example.com/checkout")
    assert not guard.allows("http://127.0.0.1:9000/")
    assert not guard.allows("https://evil.example/")
    assert guard.allows("about:blank")

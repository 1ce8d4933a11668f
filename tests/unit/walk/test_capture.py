"""Both walkers record requests by one first-party rule (capture.first_party)."""

from __future__ import annotations

from pathlib import Path

from selfshop.walk.capture import WalkSettings, first_party
from selfshop.walk.guard import OriginGuard


def test_the_site_and_its_allowed_origins_are_first_party_others_are_not(tmp_path: Path) -> None:
    settings = WalkSettings(
        base_url="http://shop.test:8000",
        run_dir=tmp_path,
        allowed_origins=["https://pay.example"],
    )
    own = first_party(settings)
    assert own("http://shop.test:8000/basket")
    assert own("HTTP://Shop.Test:8000/")  # origins compare without case
    assert own("https://pay.example:443/card")  # the default port is the same origin
    assert own("data:image/png;base64,AAAA")  # the page's own inline content
    assert not own("http://shop.test:9000/")  # another port is another origin
    assert not own("https://tracker.example/pixel.gif")


def test_the_guard_allows_what_the_walkers_call_first_party(tmp_path: Path) -> None:
    settings = WalkSettings(base_url="http://shop.test", run_dir=tmp_path)
    guard = OriginGuard(settings.base_url, settings.allowed_origins)
    own = first_party(settings)
    for url in ("http://shop.test:80/a", "http://elsewhere.test/", "blob:http://shop.test/x"):
        assert guard.allows(url) == own(url)

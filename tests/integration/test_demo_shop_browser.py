"""The example journeys, walked by hand in Chromium on both variants of the demo shop.

Every target is read from the journey files themselves, so a renamed button or label in the
shop (or a typo in a journey) fails here first. On the polished variant each step's page must
also pass axe-core, fit a 320 px screen and log no errors; on the flawed one the planted
defects must be what a customer meets, without stopping the journey."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from selfshop.demo import DEMO_SECRETS
from selfshop.demo.server import DemoURLs, running_demo
from selfshop.demo.variants import ShopSettings
from selfshop.load.files import load_journey
from selfshop.models.journey import Action, ExpectSpec, Journey, OptionalTarget, Target

pytestmark = pytest.mark.browser

JOURNEYS = Path(__file__).parents[2] / "journeys"
WEB_JOURNEYS = ["guest-checkout", "product-search", "contact-us", "sign-in"]
FAST = ShopSettings(slow_seconds=0.05, promo_delay_seconds=0.01, review_auto_continue_ms=10)
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def urls() -> Iterator[DemoURLs]:
    with running_demo(FAST) as running:
        yield running


@dataclass
class Walk:
    """What the customer met: the page after each step, and every document and error."""

    pages: dict[str, Any] = field(default_factory=dict)  # step name -> facts about the page
    documents: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def locate(page: Any, target: Target | OptionalTarget) -> Any:
    if target.role:
        return page.get_by_role(target.role, name=target.name, exact=target.exact)
    if target.label:
        return page.get_by_label(target.label, exact=target.exact)
    if target.text:
        return page.get_by_text(target.text, exact=target.exact)
    raise AssertionError(f"the demo journeys only find things by role, label or text: {target}")


def expect(page: Any, spec: ExpectSpec) -> None:
    if spec.url:
        page.wait_for_url(lambda url: urlsplit(url).path.startswith(spec.url), timeout=TIMEOUT_MS)
    elif spec.text:
        page.get_by_text(spec.text).first.wait_for(timeout=TIMEOUT_MS)
    elif spec.visible:
        locate(page, spec.visible).wait_for(state="visible", timeout=TIMEOUT_MS)
    elif spec.title:
        page.wait_for_function("t => document.title.includes(t)", arg=spec.title)
    else:
        raise AssertionError(f"not used by the demo journeys: {spec}")


def act(page: Any, action: Action) -> None:
    spec = action.spec
    if action.kind == "click":
        locate(page, spec).click(timeout=TIMEOUT_MS)
    elif action.kind == "fill":
        locate(page, spec).fill(spec.plain_value(), timeout=TIMEOUT_MS)
    elif action.kind == "select":
        locate(page, spec).select_option(label=spec.option, timeout=TIMEOUT_MS)
    elif action.kind == "expect":
        expect(page, spec)
    else:
        raise AssertionError(f"not used by the demo journeys: {action.kind}")


class AxeOnce:
    """axe-core rule ids violated by a page, run once per distinct page (path and title)."""

    def __init__(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.seen: dict[tuple[str, str, str], list[str]] = {}

    def __call__(self, page: Any) -> list[str]:
        key = (urlsplit(page.url).netloc, urlsplit(page.url).path, page.title())
        if key not in self.seen:
            violations = self.axe.run(page).response["violations"]
            self.seen[key] = sorted({v["id"] for v in violations})
        return self.seen[key]


def page_facts(page: Any, axe: AxeOnce | None) -> dict[str, Any]:
    page.wait_for_load_state("load")
    return {
        "path": urlsplit(page.url).path,
        "title": page.title(),
        "axe": axe(page) if axe else [],
        "scroll_width": page.evaluate("document.documentElement.scrollWidth"),
    }


def walk(browser: Any, base: str, journey: Journey, axe: AxeOnce | None) -> Walk:
    seen = Walk()
    context = browser.new_context(viewport={"width": 320, "height": 800})
    try:
        page = context.new_page()

        def on_console(message: Any) -> None:
            if message.type == "error":
                seen.errors.append(message.text)

        def on_navigated(frame: Any) -> None:
            if frame == page.main_frame:
                seen.documents.append(frame.url)

        page.on("pageerror", lambda error: seen.errors.append(f"pageerror: {error}"))
        page.on("console", on_console)
        page.on("framenavigated", on_navigated)
        page.goto(base + (journey.start or "/"))
        for step in journey.steps:
            for action in step.do:
                act(page, action)
            seen.pages[step.name] = page_facts(page, axe)
    finally:
        context.close()
    return seen


@pytest.fixture(scope="module")
def journeys() -> dict[str, Journey]:
    return {
        name: load_journey(JOURNEYS / f"{name}.yaml", env=DEMO_SECRETS) for name in WEB_JOURNEYS
    }


@pytest.fixture(scope="module")
def walked(sync_browser: Any, urls: DemoURLs, journeys: dict[str, Journey]) -> Any:
    """walked(variant, journey) -> Walk, each walked once per module; axe-core (the slow part)
    runs on every polished page and on the flawed checkout."""
    cache: dict[tuple[str, str], Walk] = {}
    axe = AxeOnce()

    def get(variant: str, name: str) -> Walk:
        if (variant, name) not in cache:
            use_axe = variant == "polished" or name == "guest-checkout"
            base = getattr(urls, variant)
            cache[variant, name] = walk(
                sync_browser, base, journeys[name], axe if use_axe else None
            )
        return cache[variant, name]

    return get


@pytest.mark.parametrize("name", WEB_JOURNEYS)
def test_polished_journeys_complete_cleanly(
    walked: Any, journeys: dict[str, Journey], name: str
) -> None:
    seen = walked("polished", name)
    assert list(seen.pages) == [step.name for step in journeys[name].steps]
    for step, facts in seen.pages.items():
        assert facts["axe"] == [], f"{step}: axe-core found {facts['axe']}"
        assert facts["scroll_width"] <= 320, f"{step}: {facts['scroll_width']} px wide at 320"
        assert facts["title"].endswith("Acme Outfitters"), step
    assert seen.errors == []


@pytest.mark.parametrize("name", WEB_JOURNEYS)
def test_flawed_journeys_complete_despite_the_defects(
    walked: Any, journeys: dict[str, Journey], name: str
) -> None:
    seen = walked("flawed", name)
    assert list(seen.pages) == [step.name for step in journeys[name].steps]


def test_flawed_checkout_meets_its_planted_defects(walked: Any) -> None:
    seen = walked("flawed", "guest-checkout")
    pages = seen.pages
    assert "image-alt" in pages["Find a gift under £30"]["axe"]
    assert pages["Find a gift under £30"]["scroll_width"] > 320
    assert "color-contrast" in pages["Choose the lantern"]["axe"]
    assert any(urlsplit(url).path == "/checkout/review" for url in seen.documents)
    assert pages["Fix the postcode and pay"]["path"].startswith("/order/AC-")
    assert all("html-has-lang" in facts["axe"] for facts in pages.values())
    assert any(re.search(r"pageerror: .*addEventListener", e) for e in seen.errors)
    assert any("404" in e for e in seen.errors)  # the missing banner image


def test_polished_checkout_goes_straight_to_the_confirmation(walked: Any) -> None:
    seen = walked("polished", "guest-checkout")
    paths = [urlsplit(url).path for url in seen.documents]
    assert "/checkout/review" not in paths
    assert paths[-2] == "/checkout" and paths[-1].startswith("/order/AC-")
    assert seen.pages["Fix the postcode and pay"]["title"].startswith("Order AC-")

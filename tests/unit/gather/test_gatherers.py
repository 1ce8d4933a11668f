"""Each gatherer on its own, on real Chromium against pages served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.async_api import BrowserContext, Page, async_playwright

from selfshop.aio import run_sync
from selfshop.gather.axe import gather_axe
from selfshop.gather.console import ConsoleLog
from selfshop.gather.controls import gather_controls
from selfshop.gather.cookies import gather_cookies
from selfshop.gather.network import NetworkLog
from selfshop.gather.page import gather_page
from selfshop.gather.page_signals import gather_signals
from selfshop.gather.reflow import gather_reflow
from selfshop.models.evidence import StepEvidence
from selfshop.models.origins import is_first_party, site_origins
from selfshop.walk.browser import launch_options

pytestmark = pytest.mark.browser
T = TypeVar("T")
Serve = Callable[[Path], str]


def on_page(url: str, look: Callable[[BrowserContext, Page], Awaitable[T]]) -> T:
    """Open `url` in a fresh headless Chromium and return what `look` finds there."""

    async def visit() -> T:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options(pw.chromium.executable_path))
            try:
                context = await browser.new_context(viewport={"width": 1280, "height": 800})
                return await look(context, await context.new_page())
            finally:
                await browser.close()

    return run_sync(visit())


def site(root: Path, **pages: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, html in pages.items():
        (root / name.replace("_", ".")).write_text(html, encoding="utf-8")
    return root


def test_network_log_marks_third_parties_and_failures(tmp_path: Path, serve_dir: Any) -> None:
    elsewhere = serve_dir(
        site(tmp_path / "cdn", logo_svg="<svg xmlns='http://www.w3.org/2000/svg'/>")
    )
    home = serve_dir(
        site(
            tmp_path / "shop",
            index_html=f"<img src='{elsewhere}/logo.svg'><img src='/missing.png'>",
        )
    )
    origins = site_origins(home)

    async def look(context: BrowserContext, page: Page) -> list[Any]:
        log = NetworkLog(page, lambda url: is_first_party(url, origins))
        await page.goto(f"{home}/index.html", wait_until="load")
        assert log.document.status == 200
        return log.drain()

    records = {r.url.rpartition("/")[2]: r for r in on_page(home, look)}
    assert records["logo.svg"].third_party and records["logo.svg"].status == 200
    assert not records["missing.png"].third_party and records["missing.png"].status == 404
    assert not records["index.html"].third_party


def test_console_log_keeps_errors_and_uncaught_exceptions(tmp_path: Path, serve_dir: Any) -> None:
    page_html = (
        "<script>console.log('fine'); console.error('basket is empty');"
        "setTimeout(() => { throw new TypeError('oops') }, 0);</script>"
    )
    home = serve_dir(site(tmp_path, index_html=page_html))

    async def look(context: BrowserContext, page: Page) -> list[Any]:
        log = ConsoleLog(page)
        await page.goto(f"{home}/index.html", wait_until="load")
        await page.wait_for_timeout(200)  # the thrown error comes a tick later
        return log.drain()

    entries = on_page(home, look)
    assert ("error", "basket is empty") in [(e.level, e.text) for e in entries]
    assert any(e.level == "pageerror" and "oops" in e.text for e in entries)
    assert all("fine" not in e.text for e in entries)  # plain logs are not problems


def test_cookies_keep_their_flags_never_their_values(tmp_path: Path, serve_dir: Any) -> None:
    script = "<script>document.cookie = 'basket=s3cr3t-value; path=/; SameSite=Strict';</script>"
    home = serve_dir(site(tmp_path, index_html=script))

    async def look(context: BrowserContext, page: Page) -> list[Any]:
        await page.goto(f"{home}/index.html", wait_until="load")
        return await gather_cookies(context, page.url)

    (cookie,) = on_page(home, look)
    assert (cookie.name, cookie.secure, cookie.http_only, cookie.same_site) == (
        "basket",
        False,
        False,
        "Strict",
    )
    assert "s3cr3t" not in cookie.model_dump_json()


def test_page_fields_controls_and_reflow(tmp_path: Path, serve_dir: Any) -> None:
    html = (
        "<html lang='en-GB'><meta charset='utf-8'><title>Gifts</title><h1>Gifts under £30</h1>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' alt='A red scarf'>"
        "<label>Email <input type='email' name='email' autocomplete='email'></label>"
        "<button style='width:120px;height:48px'>Pay now</button>"
        "<div style='width:900px'>a wide banner</div></html>"
    )
    home = serve_dir(site(tmp_path, index_html=html))

    async def look(context: BrowserContext, page: Page) -> tuple[StepEvidence, Any, Any]:
        log = NetworkLog(page, lambda url: True)
        await page.goto(f"{home}/index.html", wait_until="load")
        evidence = StepEvidence(journey_id="j", step_index=0, step_name="Look")
        await gather_page(page, evidence, log.document)
        return evidence, await gather_controls(page), await gather_reflow(page)

    evidence, controls, reflow = on_page(home, look)
    assert (evidence.title, evidence.lang, evidence.status_code) == ("Gifts", "en-GB", 200)
    assert "Gifts under £30" in evidence.text
    assert [i.alt for i in evidence.images] == ["A red scarf"]
    assert [(i.type, i.autocomplete) for i in evidence.inputs] == [("email", "email")]
    pay = next(c for c in controls if c.accessible_name == "Pay now")
    assert (pay.role, pay.width, pay.height) == ("button", 120, 48)
    assert reflow.overflows and reflow.viewport_width == 320  # the 900px banner at 320px


def test_reflow_waits_for_the_pages_own_answer_to_a_narrow_screen(
    tmp_path: Path, serve_dir: Any
) -> None:
    """Pages that fit themselves to the screen with scripts (a resize handler, a
    ResizeObserver) are measured after they did: at 320 px nothing scrolls sideways."""
    html = (
        "<html lang='en'><meta charset='utf-8'><title>Fits</title>"
        "<div id='byresize' style='width:900px'>a banner a resize handler narrows</div>"
        "<div id='byobserver' style='width:900px'>a banner a ResizeObserver narrows</div>"
        "<div id='byframe' style='width:900px'>a banner narrowed in the next frame</div>"
        "<script>"
        "const fit = el => { el.style.width = innerWidth < 600 ? '100%' : '900px'; };"
        "addEventListener('resize', () => fit(byresize));"
        "new ResizeObserver(() => fit(byobserver)).observe(document.documentElement);"
        "addEventListener('resize', () => requestAnimationFrame(() => fit(byframe)));"
        "</script></html>"
    )
    home = serve_dir(site(tmp_path, index_html=html))

    async def look(context: BrowserContext, page: Page) -> Any:
        await page.goto(f"{home}/index.html", wait_until="load")
        return await gather_reflow(page)

    reflow = on_page(home, look)
    assert (reflow.viewport_width, reflow.overflows, reflow.causes) == (320, False, [])


def test_axe_runs_its_refresh_rule_for_any_delay_and_names_the_act_rules(
    tmp_path: Path, serve_dir: Any
) -> None:
    # A refresh after a day: beyond WCAG 2.2.1's 20 hours, still an interruption (2.2.4, AAA).
    html = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='refresh' content='86400'><title>News</title></head>"
        "<body><main><h1>News</h1></main></body></html>"
    )
    home = serve_dir(site(tmp_path, index_html=html))

    async def look(context: BrowserContext, page: Page) -> Any:
        await page.goto(f"{home}/index.html", wait_until="load")
        return await gather_axe(page)

    found = {v.id: v for v in on_page(home, look)}
    assert "meta-refresh" not in found  # more than 20 hours: WCAG 2.2.1 is met
    refresh = found["meta-refresh-no-exceptions"]
    assert refresh.act_ids == ["bisz58"]
    assert "wcag2aaa" in refresh.tags  # advice: the judge keeps it minor and no barrier


def test_signals_read_raster_pictures_for_frames_and_leave_svg_alone(
    tmp_path: Path, serve_dir: Any
) -> None:
    """Counting frames fetches a picture again; an SVG has none to count, so it is not
    fetched, while an animated GIF beside it is still found."""
    fixtures = Path(__file__).parents[2] / "fixtures" / "signals"
    (tmp_path / "spinner.gif").write_bytes((fixtures / "spinner.gif").read_bytes())
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
        '<rect width="40" height="40" fill="teal"/></svg>'
    )
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>Pictures</title>'
        '<img src="logo.svg" alt="Logo"><img src="spinner.gif" alt="Loading">'
    )
    url = serve_dir(tmp_path) + "/index.html"

    async def look(context: BrowserContext, page: Page) -> tuple[list[str], list[str]]:
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url.rsplit("/", 1)[-1]))
        await page.goto(url, wait_until="load")
        asked.clear()
        signals = await gather_signals(page)
        return [a.detail for a in signals.animated_images], asked

    animated, asked_while_reading = on_page(url, look)
    assert len(animated) == 1 and animated[0].endswith("spinner.gif")
    assert asked_while_reading == ["spinner.gif"]


def test_a_thumbnail_is_the_top_of_the_page_scaled_down() -> None:
    """A tall page's thumbnail shows where the customer lands (its top), 320 x 240."""
    import io

    from PIL import Image

    from selfshop.gather.screenshot import thumbnail

    page = Image.new("RGB", (1280, 3000), "white")
    page.paste(Image.new("RGB", (1280, 960), (200, 30, 30)), (0, 0))  # the top screenful: red
    shot = io.BytesIO()
    page.save(shot, format="PNG")
    with Image.open(io.BytesIO(thumbnail(shot.getvalue()))) as thumb:
        assert (thumb.format, thumb.size) == ("JPEG", (320, 240))
        pixel = thumb.convert("RGB").getpixel((160, 235))
        assert isinstance(pixel, tuple)
        red, green, blue = pixel[:3]
        assert red > 150 and green < 80 and blue < 80  # the top's red, not the white below

"""The checks beyond axe, on evidence gathered by real Chromium from fixture pages of our own
(tests/fixtures/signals): for every check a page that fails it and one that passes it."""

from __future__ import annotations

import io
import shutil
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from selfshop.aio import run_sync
from selfshop.gather.controls import gather_controls
from selfshop.gather.network import NetworkLog
from selfshop.gather.page import read_page
from selfshop.gather.page_signals import gather_signals
from selfshop.gather.reflow import gather_reflow
from selfshop.judge.checks.signals import label_in_name, zoom_blocked
from selfshop.models.evidence import EvidenceKind, InputRecord, StepEvidence
from selfshop.models.results import Severity
from selfshop.walk.browser import launch_options

from .conftest import RunOne

pytestmark = pytest.mark.browser
PAGES = Path(__file__).parents[3] / "fixtures" / "signals"
KINDS = [EvidenceKind.signals, EvidenceKind.reflow, EvidenceKind.controls, EvidenceKind.page]


def tone(seconds: float, *, loudness: int = 8) -> bytes:
    """A quiet WAV tone: sound a page may autoplay (loudness 0: silence)."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(1)
        wav.setframerate(8000)
        wav.writeframes(bytes(128 + (i // 8 % 2) * loudness for i in range(int(8000 * seconds))))
    return out.getvalue()


@pytest.fixture(scope="module")
def gathered(
    tmp_path_factory: pytest.TempPathFactory, serve_dir_module: Callable[[Path], str]
) -> dict[str, StepEvidence]:
    """Every fixture page's evidence, by file name without .html."""
    site = tmp_path_factory.mktemp("signals")
    for page in PAGES.iterdir():
        shutil.copy(page, site / page.name)
    (site / "tone.wav").write_bytes(tone(5))
    (site / "silence.wav").write_bytes(tone(5, loudness=0))
    base = serve_dir_module(site)

    async def visit() -> dict[str, StepEvidence]:
        found = {}
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options(pw.chromium.executable_path))
            try:
                page = await browser.new_page(viewport={"width": 1280, "height": 800})
                for path in sorted(PAGES.glob("*.html")):
                    await page.goto(f"{base}/{path.name}", wait_until="load")
                    await page.wait_for_timeout(300)  # let autoplaying media start
                    evidence = StepEvidence(
                        journey_id="j", step_index=0, step_name="Open", gathered=KINDS
                    )
                    evidence.signals = await gather_signals(page)
                    evidence.reflow = await gather_reflow(page)
                    evidence.controls = await gather_controls(page)
                    inputs = (await read_page(page))["inputs"]
                    evidence.inputs = [InputRecord.model_validate(i) for i in inputs]
                    found[path.stem] = evidence
            finally:
                await browser.close()
        return found

    return run_sync(visit())


CHECKS_WITH_FIXTURES = sorted({p.name.split(".")[0] for p in PAGES.glob("*.fails.html")})


@pytest.mark.parametrize("check_id", CHECKS_WITH_FIXTURES)
def test_the_failing_page_fails_and_the_passing_page_passes(
    check_id: str, gathered: dict[str, StepEvidence], run_one: RunOne
) -> None:
    failed = run_one(check_id, gathered[f"{check_id}.fails"])
    assert failed.findings, f"{check_id} found nothing on its failing page"
    assert failed.score is not None and failed.score < 1
    passed = run_one(check_id, gathered[f"{check_id}.passes"])
    assert passed.findings == [], [f.message for f in passed.findings]


def test_sound_that_can_be_paused_is_advice_and_silence_is_never_judged(
    gathered: dict[str, StepEvidence], run_one: RunOne
) -> None:
    stuck = run_one("autoplay-audio", gathered["autoplay-audio.fails"])
    (finding,) = stuck.findings
    assert finding.severity is Severity.major and finding.wcag_barrier
    assert "for 5 s" in finding.message
    assert finding.act_rules == ["80f0bf", "4c31df", "aaa1bf"]
    controlled = run_one("autoplay-audio", gathered["autoplay-audio.controlled"])
    (advice,) = controlled.findings
    assert advice.severity is Severity.minor and not advice.wcag_barrier
    assert advice.act_rules == ["aaa1bf"]
    signals = gathered["autoplay-audio.passes"].signals
    assert signals is not None
    # The silent one is left out; the two short ones are heard for their 2 s.
    assert len(signals.autoplay_media) == 2
    assert all(m.value is not None and 1.9 <= m.value <= 2.1 for m in signals.autoplay_media)


def test_text_cut_off_at_200_percent_zoom_is_found_box_by_box(
    gathered: dict[str, StepEvidence], run_one: RunOne
) -> None:
    clipped = run_one("clipped-text", gathered["clipped-text.fails"])
    boxes = sorted(f.evidence.selector or "" for f in clipped.findings)
    assert [b.rsplit(">", 1)[-1].strip() for b in boxes] == [
        "div:nth-of-type(1)",
        "div:nth-of-type(2)",
        "div:nth-of-type(3)",
    ]  # the summary, the code cut sideways, and the offer only a zoomed layout cuts
    assert all(f.wcag_barrier and f.act_rules == ["59br37"] for f in clipped.findings)
    assert "'Delivery is free" in clipped.findings[0].message


def test_text_in_another_language_than_declared_is_major_for_the_page_minor_for_a_part(
    gathered: dict[str, StepEvidence], run_one: RunOne
) -> None:
    found = run_one("text-language", gathered["text-language.fails"])
    by_rule = {f.act_rules[0]: f for f in found.findings}
    assert sorted(by_rule) == ["off6ek", "ucwvc8"]
    page, part = by_rule["ucwvc8"], by_rule["off6ek"]
    assert page.severity is Severity.major and page.references == ["WCAG 3.1.1"]
    assert "'da'" in page.message and "'en'" in page.message
    assert part.severity is Severity.minor and part.references == ["WCAG 3.1.2"]
    assert all(f.wcag_barrier for f in found.findings)


def test_each_failure_carries_the_w3c_act_rule_it_fails(
    gathered: dict[str, StepEvidence], run_one: RunOne
) -> None:
    spacing = run_one("text-spacing", gathered["text-spacing.fails"])
    assert sorted(r for f in spacing.findings for r in f.act_rules) == ["24afc2", "9e45ec"]
    names = run_one("label-in-name", gathered["label-in-name.fails"])
    assert all(f.act_rules == ["2ee8b8"] for f in names.findings)
    link = run_one("link-text", gathered["link-text.fails"])
    ambiguous = [f for f in link.findings if ":ambiguous" in f.key]
    assert ambiguous and all(f.act_rules == ["aizyf1"] for f in ambiguous)
    assert all(f.act_rules == [] for f in link.findings if f not in ambiguous)


def test_each_failure_names_what_the_customer_meets(
    gathered: dict[str, StepEvidence], run_one: RunOne
) -> None:
    link = run_one("link-text", gathered["link-text.fails"])
    said = " ".join(f.message for f in link.findings)
    assert "'Click here'" in said and "new window" in said and "PDF" in said
    assert "'More'" in said  # a link inside an SVG too
    assert {f.severity for f in link.findings} == {Severity.minor}
    assert not any(f.wcag_barrier for f in link.findings)  # advice, never a barrier

    names = run_one("label-in-name", gathered["label-in-name.fails"])
    assert len(names.findings) == 2
    assert all(f.severity is Severity.major and f.wcag_barrier for f in names.findings)

    forms = run_one("form-labels", gathered["form-labels.fails"])
    kinds = sorted(f.key.split(":")[1].split("-")[0] for f in forms.findings)
    assert kinds == ["group", "navigates", "placeholder"]
    navigates = next(f for f in forms.findings if "navigates" in f.key)
    assert navigates.severity is Severity.major and "WCAG 3.2.2" in navigates.references

    focus = run_one("focus-indicator", gathered["focus-indicator.fails"])
    assert {f.key.split(":")[1]: f.severity for f in focus.findings} == {
        "none": Severity.major,
        "faint": Severity.minor,
    }

    readable = run_one("readable-text", gathered["readable-text.fails"])
    assert sorted(f.key.split(":")[1] for f in readable.findings) == [
        "justified",
        "long-lines",
        "tiny",
    ]


def test_reflow_exempts_two_dimensional_content_but_not_a_fixed_width(
    gathered: dict[str, StepEvidence], run_one: RunOne
) -> None:
    exempt = gathered["reflow.passes"].reflow
    assert exempt is not None and exempt.overflows and exempt.causes == []
    assert any("video" in e for e in exempt.exempt) and any("table" in e for e in exempt.exempt)
    fixed = run_one("reflow", gathered["reflow.fails"])
    assert "div" in fixed.findings[0].message


def test_accessible_names_are_read_as_assistive_technology_reads_them(
    gathered: dict[str, StepEvidence], run_one: RunOne
) -> None:
    """A reset button is called Reset, an image lends its aria-label or title to its link, and
    disabled or aria-hidden controls are not announced at all."""
    result = run_one("accessible-names", gathered["accessible-names.passes"])
    assert result.findings == [], [f.message for f in result.findings]


@pytest.mark.parametrize(
    ("visible", "name", "contained"),
    [
        ("ACT rules", "  act   Rules ", True),
        ("Next…", "Next", True),
        ("compose\u00a0\u00a0email", "compose email", True),
        ("University Ave.", "University Avenue", True),
        ("nonstandard", "non-standard", True),
        ("X", "Close", True),
        ("Discover It", "Discover Italy", False),
        ("W C A G", "WCAG", False),
        ("youhoware", "how are you", False),
        ("1", "1a", False),
    ],
)
def test_label_in_name_compares_words(visible: str, name: str, contained: bool) -> None:
    assert label_in_name(visible, name) is contained


@pytest.mark.parametrize(
    ("content", "blocked"),
    [
        ("width=device-width, initial-scale=1", False),
        ("user-scalable=yes", False),
        ("user-scalable=5", False),
        ("maximum-scale=-1", False),
        ("maximum-scale=device-width", False),
        ("user-scalable=no", True),
        ("user-scalable=0.5", True),
        ("user-scalable=invalid", True),
        ("maximum-scale=1.5", True),
        ("maximum-scale=yes", True),
    ],
)
def test_zoom_reads_the_viewport_as_browsers_do(content: str, blocked: bool) -> None:
    assert (zoom_blocked(content) is not None) is blocked


def test_reading_pictures_is_not_counted_as_the_sites_requests(
    tmp_path: Path, serve_dir_module: Callable[[Path], str]
) -> None:
    """Counting an image's frames reads it from the page; that read is selfshop's, not the
    site's: no request of the step's, and a broken image is not asked for again (it once showed
    as a failed data request, on some runs only)."""
    shutil.copy(PAGES / "spinner.gif", tmp_path / "spinner.gif")
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>Pictures</title>'
        '<img src="spinner.gif" alt="Loading"><img src="missing.gif" alt="Gone">'
    )
    base = serve_dir_module(tmp_path)

    async def visit() -> tuple[list[str], list[str]]:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options(pw.chromium.executable_path))
            try:
                page = await browser.new_page()
                network = NetworkLog(page, lambda url: True)
                await page.goto(f"{base}/index.html", wait_until="load")
                await page.wait_for_timeout(200)
                network.drain()
                signals = await gather_signals(page)
                await page.wait_for_timeout(300)
                return [a.detail for a in signals.animated_images], [r.url for r in network.drain()]
            finally:
                await browser.close()

    animated, requests_while_reading = run_sync(visit())
    assert len(animated) == 1 and "spinner.gif" in animated[0]
    assert requests_while_reading == []

"""report.html in a real Chromium, opened from file:// as a reader would open it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sample_runs import HOSTILE_TEXT, sample_run

from selfshop.models.results import Run
from selfshop.report import write_reports
from selfshop.report.plain import plain
from selfshop.report.view import VERDICT_WORDS, merge_twins, top_three

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    audit = tmp_path_factory.mktemp("reports") / "weekly-storefront-audit"
    earlier = sample_run(
        audit / "old",
        journeys=3,
        steps=4,
        seed=1,
        score_shift=5,
        run_id="old",
        started_at="2026-11-15T07:00:00+00:00",
    )
    run = sample_run(audit / "new", journeys=3, steps=4)
    write_reports(run, audit / "new", earlier)
    return run, audit / "new" / "report.html"


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    write_reports(sample_run(folder, journeys=2, steps=3, hostile=True), folder, index=False)
    return folder / "report.html"


class Watched:
    """A page with everything it logs, requests and pops up recorded."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.page = browser.new_page(**options)
        self.console: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(sync_browser: Any) -> Iterator[Any]:
    pages: list[Watched] = []

    def open_page(path: Path, **options: Any) -> Watched:
        page = Watched(sync_browser, **options)
        pages.append(page)
        page.page.goto(path.as_uri())
        page.page.wait_for_load_state("load")
        return page

    yield open_page
    for page in pages:
        page.page.close()


def test_renders_offline_with_no_errors_and_no_outside_requests(
    report: tuple[Run, Path], watched: Any
) -> None:
    _, path = report
    page = watched(path)
    page.page.locator("details.step").first.evaluate("d => d.open = true")
    page.page.wait_for_timeout(100)
    assert page.console == []
    assert page.requests and all(u.startswith(("file://", "data:")) for u in page.requests)


def test_verdicts_heatmap_and_fixes_match_run_json(report: tuple[Run, Path], watched: Any) -> None:
    run, path = report
    page = watched(path).page
    for journey in run.journeys:
        row = page.locator(f'table.overview tr[data-journey="{journey.key}"]')
        assert VERDICT_WORDS[journey.verdict] in row.locator("th").inner_text()
        assert row.locator(".overall").inner_text() == f"{journey.score:.0f}"
        cells = page.locator(f'details[data-journey="{journey.key}"] table.heat td[data-standard]')
        expected = [
            "–" if (v := s.standard_scores.get(std.id)) is None else f"{v:.0f}"
            for s in journey.steps
            for std in run.standards
        ]
        assert [t.split()[0] for t in cells.all_text_contents()] == expected
    messages = page.locator("section[aria-labelledby=h-fixes] li.fix .msg").all_text_contents()
    assert messages == [plain(r.finding).message for r in merge_twins(run.fix_first)]


def test_clicking_a_step_opens_its_detail_with_the_full_screenshot(
    report: tuple[Run, Path], watched: Any
) -> None:
    run, path = report
    page = watched(path).page
    detail = page.locator("#j1-s2")
    assert not detail.evaluate("d => d.open")
    page.locator("table.overview a[href='#j1']").click()  # the first screen opens the journey
    page.locator('a.frame[href="#j1-s2"]').click()
    assert detail.evaluate("d => d.open")
    shot = detail.locator(".shot img")
    shot.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=shot.element_handle())
    step = run.journeys[0].steps[1]
    assert step.findings[0].message in detail.inner_text()
    assert "Felt by the customer" in detail.inner_text()
    assert step.evidence.actions[0].description in detail.inner_text()


def test_keyboard_alone_opens_a_step(report: tuple[Run, Path], watched: Any) -> None:
    _, path = report
    page = watched(path).page
    page.locator("#j2 > summary").focus()
    page.keyboard.press("Enter")
    page.locator('a.frame[href="#j2-s1"]').focus()
    page.keyboard.press("Enter")
    assert page.locator("#j2-s1").evaluate("d => d.open")
    page.locator("#j2-s3 > summary").focus()
    page.keyboard.press("Enter")
    assert page.locator("#j2-s3").evaluate("d => d.open")


def test_a_hostile_site_title_is_literal_text_and_fires_nothing(
    hostile_report: Path, watched: Any
) -> None:
    page = watched(hostile_report)
    page.page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    page.page.wait_for_timeout(200)
    assert page.dialogs == []
    assert page.console == []
    assert page.page.locator(".page-title").first.inner_text() == HOSTILE_TEXT
    assert page.page.locator("h2").filter(has_text=HOSTILE_TEXT).count() >= 2
    assert page.page.locator("img[src='x']").count() == 0


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_serious_or_critical_violations(
    report: tuple[Run, Path], hostile_report: Path, watched: Any, width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    for path in (report[1], hostile_report, report[1].parent.parent.parent / "index.html"):
        page = watched(path, viewport={"width": width, "height": 900}).page
        page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
        violations = Axe().run(page).response["violations"]
        serious = [
            (v["id"], v["nodes"][0]["target"])
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], path.name


def test_a_phone_reader_does_not_scroll_sideways(report: tuple[Run, Path], watched: Any) -> None:
    page = watched(report[1], viewport={"width": 375, "height": 800}).page
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_printing_hides_the_filmstrip_and_opens_every_step(
    report: tuple[Run, Path], watched: Any
) -> None:
    page = watched(report[1]).page
    page.emulate_media(media="print")
    assert not page.locator(".filmstrip").first.is_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details.step:not([open])").count() == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("details.step[open]").count() == 0


def test_the_first_screen_names_the_top_three_fixes_with_a_picture_each(
    report: tuple[Run, Path], watched: Any
) -> None:
    run, path = report
    page = watched(path, viewport={"width": 1280, "height": 800}).page
    items = page.locator("ol.top3 > li")
    ranked = merge_twins(run.ranked_findings())
    expected = [plain(ranked[i].finding).message for i in top_three(ranked)]
    # three problems for three owners: the first-ranked of each of the first three standards
    assert len({ranked[i].finding.standard for i in top_three(ranked)}) == 3
    assert len(expected) == 3 and items.count() == 3
    for item, message in zip(items.all(), expected, strict=True):
        assert message in item.inner_text()
        assert item.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
        assert item.is_visible() and item.bounding_box()["y"] < 800  # on the first screen
    assert page.locator("details#gate > summary").inner_text().startswith("CI gate:")


@pytest.mark.parametrize("width", [320, 390])
def test_nothing_scrolls_sideways_on_a_phone_by_selfshops_own_measure(
    report: tuple[Run, Path], hostile_report: Path, watched: Any, width: int
) -> None:
    from selfshop.gather.reflow import SCROLL_WIDTH_JS

    for path in (report[1], hostile_report):
        page = watched(path, viewport={"width": width, "height": 800}).page
        page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
        # the same measure and rule as selfshop's reflow check on a customer's page
        assert page.evaluate(SCROLL_WIDTH_JS) <= width + 1, path.name


def test_pdf_prints_a_board_pack_beside_the_report(
    report: tuple[Run, Path], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from selfshop.cli import app

    out = tmp_path / "board"
    result = CliRunner().invoke(
        app, ["report", str(report[1].parent), "--no-compare", "--pdf", "-f", "md", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and b"/Type /Page" in pdf
    assert (out / "report.html").is_file()  # --pdf prints the HTML report, so it writes it too
    assert re.search(r"pdf\s+\S+report\.pdf\s+\(\d+(\.\d)? (kB|MB)\)", result.output)

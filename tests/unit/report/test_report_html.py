"""report.html without a browser: escaping, CSP, pictures, and content that matches run.json."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from sample_runs import HOSTILE_TEXT, sample_run

from selfshop.models.evidence import GuidedRating
from selfshop.models.results import Run
from selfshop.report import write_reports
from selfshop.report.compare import compare
from selfshop.report.html import compiled_templates, environment, render_html
from selfshop.report.plain import plain
from selfshop.report.view import merge_twins

TEMPLATES = Path(__file__).parents[3] / "src" / "selfshop" / "report" / "templates"


class Page(HTMLParser):
    """Collects every tag with its attributes, and the text of <style> and <script>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.inline: dict[str, str] = {}
        self._inside: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("style", "script"):
            self._inside = tag

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.inline[self._inside] = self.inline.get(self._inside, "") + data

    def attrs(self, name: str) -> list[str]:
        return [a[name] for _, a in self.tags if name in a]


def sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_hostile_site_text_is_shown_as_text_never_as_markup(tmp_path: Path) -> None:
    run = sample_run(tmp_path, journeys=2, steps=3, hostile=True)
    html = render_html(run, tmp_path)
    assert HOSTILE_TEXT not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert not [t for t, a in Page(html).tags if t == "img" and a.get("src") == "x"]


def test_templates_never_mark_values_safe() -> None:
    for template in TEMPLATES.glob("*.j2"):
        assert not re.search(r"\|\s*safe", template.read_text()), template.name


def test_csp_allows_only_our_own_hashed_style_and_script(run: Run, run_dir: Path) -> None:
    page = Page(render_html(run, run_dir))
    csp = next(
        a["content"]
        for t, a in page.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp
    assert f"script-src 'sha256-{sha256(page.inline['script'])}'" in csp
    assert f"style-src 'sha256-{sha256(page.inline['style'])}'" in csp
    assert "unsafe" not in csp
    assert not [a for _, a in page.tags if "style" in a]  # style attributes would be blocked


def test_nothing_points_outside_the_run_folder(run: Run, run_dir: Path) -> None:
    page = Page(render_html(run, run_dir))
    for url in page.attrs("src") + page.attrs("href"):
        assert url.startswith(("data:image/", "#", "artefacts/")), url


def test_thumbnails_are_embedded_and_screenshots_linked(run: Run, run_dir: Path) -> None:
    page = Page(render_html(run, run_dir))
    frames = [a for t, a in page.tags if t == "img" and a.get("alt") == ""]
    assert frames and all(a["src"].startswith("data:image/png;base64,") for a in frames)
    shots = [a["src"] for t, a in page.tags if t == "img" and a.get("alt", "").startswith("Full")]
    assert shots and all((run_dir / unquote(s)).is_file() for s in shots)


def test_links_from_another_folder_lead_back_to_the_run(
    run: Run, run_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "elsewhere"
    write_reports(run, run_dir, formats=["html"], out_dir=out)
    page = Page((out / "report.html").read_text())
    shots = [a["src"] for t, a in page.tags if t == "img" and a.get("alt", "").startswith("Full")]
    assert shots and all((out / unquote(s)).resolve().is_file() for s in shots)


def test_artefact_paths_cannot_escape_the_run_folder(
    run: Run, run_dir: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.png"
    thumbnail = run.journeys[0].steps[0].evidence.thumbnail
    assert thumbnail is not None
    secret.write_bytes((run_dir / thumbnail).read_bytes())
    step = run.journeys[0].steps[0].evidence
    step.thumbnail, step.screenshot = "../../../secret.png", str(secret)
    html = render_html(run, run_dir)
    assert "secret.png" not in html
    first_frame = re.search(r'<a class="frame[^"]*" href="#j1-s1"[^>]*>(.*?)</a>', html, re.S)
    assert first_frame is not None and "no screenshot" in first_frame.group(1)
    assert "No screenshot for this step." in html


def test_headline_heatmap_and_fix_first_match_the_run(run: Run, run_dir: Path) -> None:
    html = render_html(run, run_dir)
    for journey in run.journeys:
        row = re.search(rf'<tr data-journey="{journey.key}">(.*?)</tr>', html, re.S)
        assert row is not None
        assert f"v-{journey.verdict.value}" in row.group(1)
        assert f">{journey.score:.0f}<" in row.group(1)
    first = run.journeys[0].steps[0]
    cells = re.findall(r'<td class="b-(\w+)" data-standard="([^"]+)">([^<]+)', html)
    expected = [
        (
            s.title,
            "–" if first.standard_scores[s.id] is None else f"{first.standard_scores[s.id]:.0f}",
        )
        for s in run.standards
    ]
    assert [(title, text.strip()) for _, title, text in cells[:5]] == expected
    messages = re.findall(r'<li class="fix">.*?<span class="msg">(.*?)</span>', html, re.S)
    assert messages[: len(run.fix_first)] == [
        plain(r.finding).message.replace('"', "&#34;") for r in merge_twins(run.fix_first)
    ]


def test_guided_ratings_sit_beside_findings_and_disagreements_stand_out(
    run: Run, run_dir: Path
) -> None:
    html = render_html(run, run_dir)
    assert "Guided walkthrough: Dana (COO), 20 Nov 2026, 10:30 UTC" in html
    assert "I had to look twice for the price." in html
    assert re.search(r"The checks call Courtesy proud \(\d+\), but Dana \(COO\) rated it 2/5", html)
    assert "1 disagreement between the checks" in html or "disagreements between" in html


def test_a_leader_rating_a_redesign_step_highly_is_a_disagreement(run: Run, run_dir: Path) -> None:
    step = next(s for j in run.journeys for s in j.steps if (s.score or 100) < 60)
    low = min(
        (k for k, v in step.standard_scores.items() if v is not None),
        key=lambda k: step.standard_scores[k] or 0,
    )
    step.evidence.guided.append(
        GuidedRating(auditor="Sam", walked_at="2026-11-21T09:00:00", ratings={low: 5})
    )
    assert re.search(
        r"The checks call \w+ redesign \(\d+\), but Sam rated it 5/5", render_html(run, run_dir)
    )


def test_comparison_appears_only_with_a_previous_run(
    run: Run, run_dir: Path, previous: Run
) -> None:
    assert "Compared with last time" not in render_html(run, run_dir)
    html = render_html(run, run_dir, compare(run, previous))
    assert "Compared with last time" in html
    assert "Fixed since last time (1)" in html and "New findings (1)" in html
    assert re.search(r'class="down"><span aria-hidden="true">▼ </span>-\d', html)


def test_a_twenty_journey_report_stays_small(tmp_path: Path) -> None:
    run = sample_run(tmp_path, journeys=20, steps=5)
    html = render_html(run, tmp_path)
    assert len(html.encode()) < 3_000_000
    assert html.count('<details class="step"') == 20 * 2 * 5


def test_index_lists_every_run_newest_first(run: Run, run_dir: Path, previous: Run) -> None:
    written = write_reports(run, run_dir, previous)
    index = written["index"]
    assert index == run_dir.parent.parent / "index.html"
    runs = re.findall(r'<tr data-run="([^"]+)">', index.read_text())
    assert runs == [run.run_id, previous.run_id]
    assert 'href="weekly-storefront-audit/2026-11-22T07-00-00Z/report.html"' in index.read_text()


def test_the_heatmap_flags_the_cell_a_leader_disagrees_with(run: Run, run_dir: Path) -> None:
    html = render_html(run, run_dir)
    flagged = re.findall(r'data-standard="([^"]+)">\d+ <span class="flag"', html)
    assert flagged == ["Courtesy", "Efficiency"]  # rated 2/5 and 1/5 where checks say proud


def test_a_finding_links_the_w3c_act_rules_its_check_implements(run: Run, run_dir: Path) -> None:
    finding = next(f for j in run.journeys for s in j.steps for f in s.findings)
    finding.act_rules = ["2ee8b8", "b4f0c3"]
    page = Page(render_html(run, run_dir))
    links = page.attrs("href")
    for rule in ("2ee8b8", "b4f0c3"):
        assert f"https://www.w3.org/WAI/standards-guidelines/act/rules/{rule}/" in links


def test_templates_are_compiled_once_into_the_users_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiling the templates is most of a report's time: the compiled code is kept in the
    user's cache folder (theirs alone), and a report rendered from it is the same report."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    run = sample_run(tmp_path / "run", journeys=1, steps=2)
    kept = tmp_path / "cache" / "selfshop" / "templates"
    environment.cache_clear()
    try:
        compiled_now = render_html(run, tmp_path / "run")
        assert any(kept.iterdir()), "compiled templates were kept"
        assert (kept.stat().st_mode & 0o777) == 0o700
        environment.cache_clear()  # as a new run would: the templates come from the cache
        assert render_html(run, tmp_path / "run") == compiled_now
    finally:
        environment.cache_clear()  # other tests get an environment of their own


def test_without_a_cache_folder_templates_are_compiled_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert compiled_templates() is None

"""Plain pages: an audit's `pages:` (paths, URLs, a sitemap.xml served on 127.0.0.1) walked in
real Chromium as one-step journeys named from their paths, through `run`, `lint`, shards and the
reports; a sitemap that cannot be read is one located line and exit 2."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from inprocess import CliRunner

from selfshop.store.runfolder import latest_run_dir, read_run

pytestmark = pytest.mark.browser

PAGES = Path(__file__).parents[1] / "fixtures" / "sites" / "pages"
STANDARDS = """\
organisation: Test
standards:
  - { id: show, title: Show, weight: 1, checks: [page-title] }
"""
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def latest(reports: Path) -> Path:
    found = latest_run_dir(reports / "site-pages")
    assert found is not None
    return found


def urlset(*urls: str) -> str:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NS}>{entries}</urlset>\n'


def index(*urls: str) -> str:
    entries = "".join(f"<sitemap><loc>{url}</loc></sitemap>" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {NS}>{entries}</sitemapindex>\n'


@pytest.fixture
def site(tmp_path: Path, serve_dir: Callable[[Path], str]) -> tuple[Path, str]:
    """The fixture pages served on 127.0.0.1, with a sitemap index naming a plain and a
    gzip-packed sitemap (and an entry on another site); a project beside it."""
    served = tmp_path / "site"
    shutil.copytree(PAGES, served)
    base = serve_dir(served)
    (served / "sitemap.xml").write_text(
        index(f"{base}/sitemap-shop.xml", f"{base}/sitemap-gifts.xml.gz")
    )
    (served / "sitemap-shop.xml").write_text(
        urlset(f"{base}/", f"{base}/delivery-and-returns.html", "https://elsewhere.example/x")
    )
    (served / "sitemap-gifts.xml.gz").write_bytes(
        gzip.compress(urlset(f"{base}/gifts/", f"{base}/gifts/mugs.html", f"{base}/").encode())
    )
    project = tmp_path / "project"
    (project / "audits").mkdir(parents=True)
    (project / "standards.yaml").write_text(STANDARDS)
    return project, base


def write_audit(project: Path, base: str, pages: str) -> Path:
    audit = project / "audits" / "site.yaml"
    audit.write_text(f"name: Site pages\nbase_url: {base}\noutput: ../reports\npages:\n{pages}")
    return audit


def test_pages_and_a_sitemap_are_walked_as_named_one_step_journeys(
    site: tuple[Path, str], cli: CliRunner
) -> None:
    project, base = site
    write_audit(project, base, "  - /about.html\n  - /untitled.html\n  - sitemap: /sitemap.xml\n")
    assert cli("lint", "audits/site.yaml", cwd=project).code == 0
    result = cli("run", "audits/site.yaml", cwd=project)
    assert result.code in (0, 1), result.stdout + result.stderr
    shown = "Site pages: 6 plain page(s) to visit (1 sitemap entries on other sites left out)"
    assert shown in result.stderr
    run = read_run(latest(project / "reports"))
    walked = {j.journey_id: j for j in run.journeys}
    assert list(walked) == [
        "page-about",
        "page-untitled",
        "page-home",
        "page-delivery-and-returns",
        "page-gifts",
        "page-gifts-mugs",
    ]
    assert walked["page-gifts-mugs"].title == "Gifts › Mugs"
    assert walked["page-delivery-and-returns"].title == "Delivery and returns"
    assert walked["page-home"].title == "Home page"
    for journey in walked.values():
        (step,) = journey.steps
        assert step.evidence.status == "passed", step.evidence.error
    mugs = walked["page-gifts-mugs"].steps[0]
    assert mugs.evidence.step_name == "Open /gifts/mugs.html"
    assert mugs.evidence.title == "Mugs"
    untitled = walked["page-untitled"].steps[0]
    assert next(c.findings for c in untitled.checks if c.check_id == "page-title"), (
        "the default checks judge each page: a page without a title is a finding"
    )
    report = (latest(project / "reports") / "report.html").read_text()
    assert "Gifts › Mugs" in report


def test_a_sitemap_limit_bounds_the_pages_and_shards_split_them(
    site: tuple[Path, str], cli: CliRunner
) -> None:
    project, base = site
    write_audit(project, base, "  - { sitemap: /sitemap.xml, limit: 3 }\n")
    out = project / "shards"
    for shard in ("1/2", "2/2"):
        result = cli("run", "audits/site.yaml", "--shard", shard, "--out", str(out), cwd=project)
        assert result.code == 0, result.stdout + result.stderr
    merged = cli("merge", str(out), "--out", str(project / "merged"), cwd=project)
    assert merged.code in (0, 1), merged.stdout + merged.stderr
    run = read_run(latest(project / "merged"))
    assert sorted(j.journey_id for j in run.journeys) == [
        "page-delivery-and-returns",
        "page-gifts",
        "page-home",
    ]


def test_a_sitemap_that_cannot_be_read_is_one_located_line(
    site: tuple[Path, str], cli: CliRunner
) -> None:
    project, base = site
    write_audit(project, base, "  - /about.html\n  - sitemap: /no-such-sitemap.xml\n")
    result = cli("run", "audits/site.yaml", cwd=project)
    assert result.code == 2
    assert (
        (result.stdout + result.stderr)
        .strip()
        .endswith(
            f"audits/site.yaml:6:14: pages[1].sitemap: could not read {base}/no-such-sitemap.xml: "
            "HTTP 404"
        )
    ), result.stdout + result.stderr
    assert "Traceback" not in (result.stdout + result.stderr)


def test_a_page_off_the_site_is_refused_with_file_line_and_field(
    site: tuple[Path, str], cli: CliRunner
) -> None:
    project, base = site
    write_audit(project, base, "  - /about.html\n  - https://elsewhere.example/offers\n")
    for command in ("run", "lint"):
        result = cli(command, "audits/site.yaml", cwd=project)
        assert result.code == 2, result.stdout + result.stderr
        assert (
            "audits/site.yaml:6:5: pages[1]: https://elsewhere.example/offers is not on the "
            "audit's site: add its origin to allowed_origins to audit it"
        ) in (result.stdout + result.stderr)

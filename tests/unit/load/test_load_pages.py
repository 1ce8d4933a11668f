"""Plain pages in an audit: paths, URLs and sitemap files become one-step journeys named from
their paths; sitemaps are parsed as untrusted XML, bounded; mistakes are located lines."""

from __future__ import annotations

import gzip

import pytest
from load_helpers import Project, one_problem, problems_of

from selfshop.load.files import load_audit
from selfshop.load.pages import page_journey
from selfshop.load.sitemap import (
    MAX_SITEMAP_BYTES,
    MAX_SITEMAP_FILES,
    SitemapError,
    collect_pages,
    parse_sitemap,
)
from selfshop.project.lint import lint_file

BASE = "http://127.0.0.1:8000"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(*urls: str) -> bytes:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f"<urlset {NS}>{entries}</urlset>".encode()


def audit(pages: str, extra: str = "") -> str:
    return f"name: Pages\nbase_url: {BASE}/shop\n{extra}pages:\n{pages}"


@pytest.mark.parametrize(
    ("url", "journey_id", "title", "step"),
    [
        (f"{BASE}/shop/", "page-home", "Home page", "Open /"),
        (f"{BASE}/shop/index.html", "page-home", "Home page", "Open /index.html"),
        (
            f"{BASE}/shop/gifts/mugs.html",
            "page-gifts-mugs",
            "Gifts › Mugs",
            "Open /gifts/mugs.html",
        ),
        (
            f"{BASE}/shop/delivery_and-returns",
            "page-delivery-and-returns",
            "Delivery and returns",
            "Open /delivery_and-returns",
        ),
        (
            f"{BASE}/shop/search?q=mug",
            "page-search-q-mug",
            "Search › Q=mug",
            "Open /search?q=mug",
        ),
        (
            "https://help.example.com/faq",
            "page-help-example-com-faq",
            "Help.example.com › Faq",
            "Open help.example.com/faq",
        ),
    ],
)
def test_a_page_is_named_readably_from_its_path(
    url: str, journey_id: str, title: str, step: str
) -> None:
    journey = page_journey(url, url, f"{BASE}/shop", set())
    assert (journey.id, journey.title, journey.steps[0].name) == (journey_id, title, step)
    assert journey.start == url and journey.steps[0].do == []


def test_pages_with_the_same_name_get_distinct_ids() -> None:
    ids: set[str] = set()
    first = page_journey(f"{BASE}/a-b", "/a-b", BASE, ids)
    second = page_journey(f"{BASE}/a_b", "/a_b", BASE, ids)
    assert (first.id, second.id) == ("page-a-b", "page-a-b-2")


def test_a_sitemap_index_is_followed_within_the_site_and_bounded() -> None:
    files = {
        "index": f"<sitemapindex {NS}><sitemap><loc>{BASE}/one.xml</loc></sitemap>"
        f"<sitemap><loc>https://elsewhere.example/x.xml</loc></sitemap>"
        f"<sitemap><loc>{BASE}/two.xml.gz</loc></sitemap></sitemapindex>".encode(),
        f"{BASE}/one.xml": urlset(f"{BASE}/a", f"{BASE}/b", "https://elsewhere.example/c"),
        f"{BASE}/two.xml.gz": gzip.compress(urlset(f"{BASE}/b", f"{BASE}/d")),
    }
    read: list[str] = []

    def reader(where: str) -> bytes:
        read.append(where)
        return files[where]

    found = collect_pages("index", reader, on_site=lambda u: u.startswith(BASE), limit=10)
    assert found.pages == [f"{BASE}/a", f"{BASE}/b", f"{BASE}/d"]
    assert (found.off_site, found.files) == (2, 3)
    assert read == ["index", f"{BASE}/one.xml", f"{BASE}/two.xml.gz"]
    limited = collect_pages("index", reader, on_site=lambda u: u.startswith(BASE), limit=1)
    assert limited.pages == [f"{BASE}/a"]


def test_a_sitemap_index_that_names_itself_reads_a_bounded_number_of_files() -> None:
    def endless(where: str) -> bytes:
        nested = f"{where}/more"
        return f"<sitemapindex {NS}><sitemap><loc>{nested}</loc></sitemap></sitemapindex>".encode()

    found = collect_pages(BASE, endless, on_site=lambda u: True, limit=10)
    assert (found.pages, found.files) == ([], MAX_SITEMAP_FILES)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body>Not found</body></html>", "x.xml is not a sitemap: its root is <html>"),
        (b"<urlset><url><loc>", "x.xml is not valid XML: no element found"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
            b'"&lol;&lol;&lol;">]><urlset><url><loc>&lol2;</loc></url></urlset>',
            "x.xml: refused unsafe XML (DTDForbidden)",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE urlset SYSTEM "file:///etc/passwd"><urlset/>',
            "x.xml: refused unsafe XML (DTDForbidden)",
        ),
        (
            gzip.compress(b" " * (MAX_SITEMAP_BYTES + 10)),
            f"x.xml unpacks to more than {MAX_SITEMAP_BYTES:,} bytes",
        ),
    ],
)
def test_a_broken_or_hostile_sitemap_is_refused_in_plain_words(data: bytes, message: str) -> None:
    with pytest.raises(SitemapError) as refused:
        parse_sitemap(data, "x.xml")
    assert str(refused.value).startswith(message)


def test_a_sitemap_file_of_the_project_gives_pages(project: Project) -> None:
    project.write_bytes(
        "audits/maps/shop.xml",
        urlset(f"{BASE}/shop/", f"{BASE}/shop/about", "https://elsewhere.example/x"),
    )
    path = project.write("audits/pages.yaml", audit("  - /about\n  - sitemap: maps/shop.xml\n"))
    loaded = load_audit(path, env={})
    assert [j.journey.id for j in loaded.journeys] == ["page-about", "page-home"]
    assert [j.journey.start for j in loaded.journeys] == ["/about", f"{BASE}/shop/"]
    assert (loaded.page_count, loaded.pages_off_site) == (2, 1)


def test_pages_and_journeys_together_keep_their_ids_apart(project: Project) -> None:
    project.write(
        "journeys/page-about.yaml", "id: page-about\ntitle: T\nstart: /\nsteps: [{name: s}]"
    )
    path = project.write(
        "audits/pages.yaml", audit("  - /about\n", extra="journeys: [../journeys/*.yaml]\n")
    )
    loaded = load_audit(path, env={})
    assert [j.journey.id for j in loaded.journeys] == ["page-about", "page-about-2"]


@pytest.mark.parametrize(
    ("pages", "where", "message"),
    [
        (
            "  - /about\n  - ftp://127.0.0.1/file\n",
            (5, 5, "pages[1]"),
            "give a path on the site (/delivery) or an http(s) URL, not 'ftp://127.0.0.1/file'",
        ),
        (
            "  - sitemap: maps/none.xml\n",
            (4, 14, "pages[0].sitemap"),
            "sitemap file not found: maps/none.xml",
        ),
        (
            "  - sitemap: ../../outside.xml\n",
            (4, 14, "pages[0].sitemap"),
            "../../outside.xml is outside the project folder",
        ),
        (
            "  - { sitemap: /s.xml, limit: 0 }\n",
            (4, 31, "pages[0].limit"),
            "Input should be greater than 0",
        ),
    ],
)
def test_page_mistakes_name_file_line_and_field(
    project: Project, pages: str, where: tuple[int, int, str], message: str
) -> None:
    project.write("outside.xml", "<urlset/>")
    path = project.write("audits/pages.yaml", audit(pages))
    problem = one_problem(lambda: load_audit(path, env={}))
    assert (problem.path, problem.line, problem.column, problem.field) == (
        "audits/pages.yaml",
        *where,
    )
    assert problem.message.startswith(message)


def test_a_misspelt_sitemap_key_is_named_with_a_hint(project: Project) -> None:
    path = project.write("audits/pages.yaml", audit("  - { site_map: /s.xml }\n"))
    problems = [str(p) for p in problems_of(lambda: load_audit(path, env={}))]
    assert (
        "audits/pages.yaml:4:7: pages[0].site_map: unknown key 'site_map'; did you mean 'sitemap'?"
    ) in problems


def test_an_audit_must_name_journeys_or_pages(project: Project) -> None:
    path = project.write("audits/pages.yaml", f"name: Nothing\nbase_url: {BASE}\n")
    (problem,) = problems_of(lambda: load_audit(path, env={}))
    assert problem.message.startswith("say what to walk: 'journeys'")


def test_lint_checks_pages_without_reading_the_sites_sitemaps(project: Project) -> None:
    project.write_bytes("audits/maps/broken.xml", b"<urlset><url>")
    project.write(
        "audits/pages.yaml",
        audit(
            f"  - sitemap: {BASE}/nothing-listens-here.xml\n"
            "  - sitemap: maps/broken.xml\n"
            "  - sitemap: https://elsewhere.example/sitemap.xml\n"
        ),
    )
    report = lint_file(project.root / "audits" / "pages.yaml", {})
    assert [str(p) for p in report.problems] == [
        "audits/pages.yaml:5:14: pages[1].sitemap: maps/broken.xml is not valid XML: "
        "no element found: line 1, column 13",
        "audits/pages.yaml:6:14: pages[2].sitemap: https://elsewhere.example/sitemap.xml is not "
        "on the audit's site: add its origin to allowed_origins to audit it",
    ]

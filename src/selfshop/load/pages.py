"""Plain pages: an audit's `pages:` (paths, URLs on the site, sitemaps) as one-step journeys (a
visit, then the checks the standards configure), each named from its path, so a CX team audits
200 pages without writing 200 journey files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selfshop.errors import Problem
from selfshop.load.sitemap import (
    MAX_SITEMAP_BYTES,
    Read,
    SitemapError,
    collect_pages,
    site_reader,
)
from selfshop.load.userpath import PathRefused, resolve
from selfshop.load.yamlsource import Path_, Source
from selfshop.models.audit import Audit, SitemapPages
from selfshop.models.journey import Journey
from selfshop.models.origins import join_url, origin_of, site_origins

SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
PAGE_SUFFIXES = (".html", ".htm", ".php", ".aspx", ".asp", ".jsp")
MAX_ID_WORDS = 60  # characters of an id taken from a path
OnSite = Callable[[str], bool]


@dataclass
class PlainPages:
    """The page journeys of an audit, and what was left out on the way."""

    journeys: list[Journey] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    off_site: int = 0  # sitemap entries on other sites
    unread: list[str] = field(default_factory=list)  # sitemaps on the site, not read (lint)


def plain_pages(
    source: Source,
    audit: Audit,
    audit_path: Path,
    root: Path,
    *,
    taken: set[str],
    fetch: bool = True,
) -> PlainPages:
    """The audit's pages as journeys, in the order listed, each page once; ids avoid `taken`.
    Sitemaps on the site are read only when `fetch` (lint reads none)."""
    found = PlainPages()
    origins = site_origins(audit.base_url, audit.allowed_origins)

    def on_site(url: str) -> bool:
        return url.startswith(("http://", "https://")) and origin_of(url) in origins

    reader = site_reader(on_site, audit.timeouts.navigation_ms / 1000)
    starts: dict[str, str] = {}  # full URL -> start as written
    for index, item in enumerate(audit.pages):
        at: Path_ = ("pages", index)
        if isinstance(item, str):
            problem = _page_problem(item, on_site)
            if problem:
                found.problems.append(source.problem(at, problem))
            else:
                starts.setdefault(join_url(audit.base_url, item), item)
            continue
        try:
            urls = _sitemap_urls(item, audit, audit_path, root, reader, on_site, fetch, found)
        except (SitemapError, PathRefused) as error:
            found.problems.append(source.problem((*at, "sitemap"), str(error)))
            continue
        for url in urls:
            starts.setdefault(url, url)
    ids = set(taken)
    for url, start in starts.items():
        found.journeys.append(page_journey(url, start, audit.base_url, ids))
    return found


def _page_problem(item: str, on_site: OnSite) -> str | None:
    if SCHEME.match(item) and not item.lower().startswith(("http://", "https://")):
        return f"give a path on the site (/delivery) or an http(s) URL, not {item[:80]!r}"
    if item.lower().startswith(("http://", "https://")) and not on_site(item):
        return (
            f"{item[:200]} is not on the audit's site: add its origin to allowed_origins to "
            "audit it"
        )
    return None


def _sitemap_urls(
    item: SitemapPages,
    audit: Audit,
    audit_path: Path,
    root: Path,
    reader: Read,
    on_site: OnSite,
    fetch: bool,
    found: PlainPages,
) -> list[str]:
    """The pages one sitemap entry names: a file of the project, or the site's own."""
    where = item.sitemap
    on_the_site = where.startswith("/") or bool(SCHEME.match(where))
    if on_the_site:
        url = join_url(audit.base_url, where)
        if not fetch:
            found.unread.append(url)
            return []
        first, read = url, reader
    else:
        file = resolve(audit_path.parent / where)
        if not file.is_relative_to(root):
            raise PathRefused(f"{where} is outside the project folder {root}")
        data = _read_file(file, where)
        first = where

        def read(name: str) -> bytes:
            return data if name == where else reader(name)

    sitemap = collect_pages(
        first,
        read,
        on_site=on_site,
        limit=item.limit,
        follow=fetch,
    )
    found.off_site += sitemap.off_site
    return sitemap.pages


def _read_file(file: Path, where: str) -> bytes:
    try:
        if not file.is_file():
            raise SitemapError(f"sitemap file not found: {where}")
        if file.stat().st_size > MAX_SITEMAP_BYTES:
            raise SitemapError(f"{where} is larger than {MAX_SITEMAP_BYTES:,} bytes")
        return file.read_bytes()
    except OSError as error:
        raise SitemapError(f"could not read {where}: {error.strerror or error}") from None


def page_journey(url: str, start: str, base_url: str, ids: set[str]) -> Journey:
    """A visit to one page, named from its path ('/gifts/mugs.html' -> 'Gifts › Mugs')."""
    words, shown = _path_words(url, base_url)
    title = " › ".join(_readable(word) for word in words) if words else "Home page"
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")[:MAX_ID_WORDS]
    journey_id = _unique(f"page-{slug.strip('-') or 'home'}", ids)
    return Journey.model_validate(
        {
            "id": journey_id,
            "title": title,
            "start": start,
            "steps": [{"name": f"Open {shown}"}],
        }
    )


def _path_words(url: str, base_url: str) -> tuple[list[str], str]:
    """The words of a page's path below the base URL (the host first when the page is on
    another allowed origin), and the path as shown to a reader."""
    parts, base = urlsplit(url), urlsplit(base_url)
    path = parts.path
    if origin_of(url) == origin_of(base_url) and path.startswith(base.path.rstrip("/")):
        path = path[len(base.path.rstrip("/")) :]
    shown = (path or "/") + (f"?{parts.query}" if parts.query else "")
    if origin_of(url) != origin_of(base_url):
        shown = f"{parts.netloc}{shown}"
    words = [unquote(word) for word in path.split("/") if word]
    if words and words[-1].lower().endswith(PAGE_SUFFIXES):
        words[-1] = words[-1].rsplit(".", 1)[0]
    if words and words[-1].lower() == "index":
        words.pop()
    if parts.query:
        words.append(unquote(parts.query))
    if origin_of(url) != origin_of(base_url):
        words.insert(0, parts.hostname or parts.netloc)
    return words, shown[:200]


def _readable(word: str) -> str:
    text = re.sub(r"[-_+]+", " ", word).strip()
    return (text[:1].upper() + text[1:])[:60] if text else word[:60]


def _unique(candidate: str, ids: set[str]) -> str:
    chosen, number = candidate, 2
    while chosen in ids:
        chosen, number = f"{candidate}-{number}", number + 1
    ids.add(chosen)
    return chosen

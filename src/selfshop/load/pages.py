"""Plain pages: an audit's `pages:` (paths, URLs on the site, sitemaps) as one-step journeys (a
visit, then the checks the standards configure), each named from its path, so a CX team audits
200 pages without writing 200 journey files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selfshop.errors import Problem
from selfshop.load.sitemap import (
    MAX_SITEMAP_BYTES,
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
WEB = ("http://", "https://")


@dataclass
class PlainPages:
    """The page journeys of an audit, and what was left out on the way."""

    journeys: list[Journey] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    off_site: int = 0  # sitemap entries on other sites


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
    reading = _Reading(audit, audit_path.parent, root, fetch)
    starts: dict[str, str] = {}  # full URL -> start as written
    for index, item in enumerate(audit.pages):
        at: Path_ = ("pages", index)
        try:
            if isinstance(item, str):
                starts.setdefault(reading.page(item), item)
            else:
                for url in reading.sitemap(item):
                    starts.setdefault(url, url)
        except (SitemapError, PathRefused) as error:
            where = at if isinstance(item, str) else (*at, "sitemap")
            reading.found.problems.append(source.problem(where, str(error)))
    ids = set(taken)
    for url, start in starts.items():
        reading.found.journeys.append(page_journey(url, start, audit.base_url, ids))
    return reading.found


class _Reading:
    """One audit's pages being read: where its site is, and what was found so far."""

    def __init__(self, audit: Audit, folder: Path, root: Path, fetch: bool) -> None:
        self.base_url, self.folder, self.root, self.fetch = audit.base_url, folder, root, fetch
        self.origins = site_origins(audit.base_url, audit.allowed_origins)
        self.reader = site_reader(self.on_site, audit.timeouts.navigation_ms / 1000)
        self.found = PlainPages()

    def on_site(self, url: str) -> bool:
        return url.startswith(WEB) and origin_of(url) in self.origins

    def page(self, item: str) -> str:
        """The page's full URL; SitemapError when it is not a page of the site."""
        if SCHEME.match(item) and not item.lower().startswith(WEB):
            raise SitemapError(
                f"give a path on the site (/delivery) or an http(s) URL, not {item[:80]!r}"
            )
        url = join_url(self.base_url, item)
        if not self.on_site(url):
            raise SitemapError(
                f"{item[:200]} is not on the audit's site: add its origin to allowed_origins "
                "to audit it"
            )
        return url

    def sitemap(self, item: SitemapPages) -> list[str]:
        """The pages one sitemap entry names: the site's own sitemap, or a file of the project."""
        where = item.sitemap
        if where.startswith("/") or SCHEME.match(where):
            first, read = self.page(where), self.reader
            if not self.fetch:
                return []
        else:
            first, data = where, self._file(where)

            def read(name: str) -> bytes:
                return data if name == where else self.reader(name)

        sitemap = collect_pages(
            first, read, on_site=self.on_site, limit=item.limit, follow=self.fetch
        )
        self.found.off_site += sitemap.off_site
        return sitemap.pages

    def _file(self, where: str) -> bytes:
        file = resolve(self.folder / where)
        if not file.is_relative_to(self.root):
            raise PathRefused(f"{where} is outside the project folder {self.root}")
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

"""The pages a sitemap lists (sitemaps.org): read from the audited site or a file, bounded in
size, time and number of files, and parsed as untrusted XML (no DTDs, no entities).

A sitemap index is followed to the sitemaps it names; entries on other sites are left out (and
counted), so an audit never wanders off its own site by way of a sitemap.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_SITEMAP_BYTES = 10_000_000  # one file, unpacked: a sitemap of 50,000 URLs is about this
MAX_SITEMAP_FILES = 50  # an index and the sitemaps it names
CHUNK = 64 * 1024

Read = Callable[[str], bytes]


class SitemapError(Exception):
    """A sitemap could not be read or is not one; the message says which and why."""


@dataclass
class SitemapFound:
    pages: list[str]  # on the site, in the sitemap's order, each once
    off_site: int = 0  # entries on other sites, left out
    files: int = 0  # sitemap files read
    unfollowed: int = 0  # nested sitemaps not read (a file's index is not followed offline)


def collect_pages(
    first: str,
    read: Read,
    *,
    on_site: Callable[[str], bool],
    limit: int,
    follow: bool = True,
) -> SitemapFound:
    """Up to `limit` pages from the sitemap at `first` (read with `read`), following an index's
    sitemaps when `follow`; at most MAX_SITEMAP_FILES files are read."""
    found = SitemapFound(pages=[])
    pages: dict[str, None] = {}
    pending, seen = [first], set()
    while pending and len(pages) < limit and found.files < MAX_SITEMAP_FILES:
        where = pending.pop(0)
        if where in seen:
            continue
        seen.add(where)
        found.files += 1
        is_index, locations = parse_sitemap(read(where), where)
        for location in locations:
            if not on_site(location):
                found.off_site += 1
            elif is_index and follow:
                pending.append(location)
            elif is_index:
                found.unfollowed += 1
            elif len(pages) < limit:
                pages.setdefault(location, None)
    found.pages = list(pages)
    return found


def parse_sitemap(data: bytes, where: str) -> tuple[bool, list[str]]:
    """(is it an index?, the <loc> of each entry); gzip-packed sitemaps are unpacked first."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, where)
    try:
        root: Element = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as refused:
        raise SitemapError(f"{where}: refused unsafe XML ({type(refused).__name__})") from None
    except ParseError as error:
        raise SitemapError(f"{where} is not valid XML: {error}") from None
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(
            f"{where} is not a sitemap: its root is <{kind[:40]}>, expected <urlset> or "
            "<sitemapindex>"
        )
    entry = "url" if kind == "urlset" else "sitemap"
    locations = [
        (loc.text or "").strip()
        for item in root
        if _local(item.tag) == entry
        for loc in item
        if _local(loc.tag) == "loc" and (loc.text or "").strip()
    ]
    return kind == "sitemapindex", locations


def _local(tag: Any) -> str:
    """A tag without its namespace: '{http://www.sitemaps.org/...}url' -> 'url'."""
    return str(tag).rsplit("}", 1)[-1]


def _gunzip(data: bytes, where: str) -> bytes:
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = unpacker.decompress(data, MAX_SITEMAP_BYTES + 1)
    except zlib.error as error:
        raise SitemapError(f"{where} is not a valid gzip file: {error}") from None
    if len(out) > MAX_SITEMAP_BYTES or unpacker.unconsumed_tail:
        raise SitemapError(f"{where} unpacks to more than {MAX_SITEMAP_BYTES:,} bytes")
    return out


class _StayOnSite(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only within the audit's site."""

    def __init__(self, on_site: Callable[[str], bool]) -> None:
        self.on_site = on_site

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if not self.on_site(newurl):
            raise SitemapError(f"{req.full_url} redirects off the site, to {newurl[:200]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def site_reader(on_site: Callable[[str], bool], timeout_s: float) -> Read:
    """Reads a URL of the site: at most MAX_SITEMAP_BYTES within timeout_s, or SitemapError."""
    opener = urllib.request.build_opener(_StayOnSite(on_site))

    def read(url: str) -> bytes:
        if not url.startswith(("http://", "https://")) or not on_site(url):
            raise SitemapError(f"{url[:200]} is not on the audit's site")
        deadline = time.monotonic() + timeout_s
        request = urllib.request.Request(url, headers={"User-Agent": "selfshop (sitemap)"})
        try:
            with opener.open(request, timeout=timeout_s) as response:
                return _read_bounded(response, url, deadline)
        except urllib.error.HTTPError as error:
            raise SitemapError(f"could not read {url}: HTTP {error.code}") from None
        except TimeoutError:
            raise SitemapError(f"{url} did not answer within {timeout_s:g} s") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise SitemapError(f"{url} did not answer within {timeout_s:g} s") from None
            raise SitemapError(f"could not read {url}: {error.reason}") from None
        except (OSError, ValueError) as error:
            raise SitemapError(f"could not read {url}: {error}") from None

    return read


def _read_bounded(response: Any, url: str, deadline: float) -> bytes:
    """The body, refusing one too large or too slow (a server that drips bytes)."""
    parts: list[bytes] = []
    size = 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > MAX_SITEMAP_BYTES:
            raise SitemapError(f"{url} is larger than {MAX_SITEMAP_BYTES:,} bytes")
        if time.monotonic() > deadline:
            raise TimeoutError
        parts.append(chunk)
    return b"".join(parts)

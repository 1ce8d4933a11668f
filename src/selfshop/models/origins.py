"""Origins: which site a URL belongs to, one rule for the walkers, the guard and the checks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

WEB_SCHEMES = ("http://", "https://")


def origin_of(url: str | None) -> str:
    """scheme://host:port, with default ports made explicit so equal origins compare equal."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower(), 0)
    except ValueError:
        return ""
    return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}:{port}"


def site_origins(base_url: str, allowed_origins: Iterable[str] = ()) -> frozenset[str]:
    """The audited site's own origins: its base URL's and those the audit allows."""
    return frozenset({origin_of(base_url), *(origin_of(o) for o in allowed_origins)})


def is_first_party(url: str, origins: frozenset[str]) -> bool:
    """Does this URL belong to the site? Non-web URLs (data:, blob:, about:) are the page's
    own content, never a third party."""
    return not url.startswith(WEB_SCHEMES) or origin_of(url) in origins


def join_url(base_url: str, path: str) -> str:
    """A journey path joined to the base URL ("http://h/shop" + "/gifts"); URLs pass unchanged."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", path, re.IGNORECASE):
        return path
    return base_url.rstrip("/") + "/" + path.lstrip("/")

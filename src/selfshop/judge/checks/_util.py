"""Small helpers the checks share: origins, local hosts, excerpts and score arithmetic."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# The checks judge origins by the same rule the walkers record requests by.
from selfshop.models.origins import origin_of as origin_of

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def host_of(url: str | None) -> str:
    if not url:
        return ""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def scheme_of(url: str | None) -> str:
    if not url:
        return ""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:  # a malformed address from the site: no scheme to trust
        return ""


def is_local(url: str | None) -> bool:
    host = host_of(url)
    return host in LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127.")


def is_web_url(url: str | None) -> bool:
    return scheme_of(url) in ("http", "https")


def excerpt(text: str, start: int, end: int, around: int = 40) -> str:
    """The matched text with a little context either side, on one line."""
    left = max(0, start - around)
    right = min(len(text), end + around)
    snippet = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(text) else "")


def clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def penalised(*penalties: float) -> float:
    """1 minus the sum of penalties, never below 0."""
    return clamp(1.0 - sum(penalties))


def short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Case-insensitive whole-word match of a phrase, tolerant of spacing and curly quotes."""
    words = [re.escape(normalise_quotes(w)) for w in phrase.split()]
    body = r"\s+".join(words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def normalise_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def score_by_severity(severities: list[str]) -> float:
    """Start at 1: a blocker costs all, a major half, a minor a quarter, information nothing."""
    cost = {"blocker": 1.0, "major": 0.5, "minor": 0.25, "info": 0.0}
    return penalised(*(cost[s] for s in severities))


def with_article(noun: str) -> str:
    """'an image', 'a script'."""
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"

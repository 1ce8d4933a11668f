"""The cookies the main document's address carries: names and flags, never values."""

from __future__ import annotations

from playwright.async_api import BrowserContext

from selfshop.models.evidence import CookieRecord


async def gather_cookies(context: BrowserContext, url: str) -> list[CookieRecord]:
    if not url.startswith(("http://", "https://")):
        return []
    return [
        CookieRecord(
            name=cookie.get("name", ""),
            domain=cookie.get("domain", ""),
            path=cookie.get("path", "/"),
            secure=bool(cookie.get("secure", False)),
            http_only=bool(cookie.get("httpOnly", False)),
            same_site=cookie.get("sameSite"),
        )
        for cookie in await context.cookies([url])
    ]

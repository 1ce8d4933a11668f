"""Keep a walk on the sites it may visit, and refuse what an audit must never touch.

Two rules, applied to every browser context:

- the main document may only come from base_url's origin or the audit's allowed origins; other
  navigations (links, form posts, and redirects, which Playwright does not show to route
  handlers, so the guard fetches documents itself to see where they lead) are refused;
- any request matching one of the audit's `block` globs (payment providers, say) is refused.

Every refusal is recorded as a BlockedRequest on the step that caused it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import urljoin

from playwright.async_api import BrowserContext, Route
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from selfshop.models.evidence import BlockedRequest
from selfshop.models.origins import is_first_party, site_origins

OFF_ORIGIN = "off-origin navigation"
BY_PATTERN = "blocked by audit pattern"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class OriginGuard:
    """The allow-list and block patterns of one audit, installed on browser contexts."""

    def __init__(
        self,
        base_url: str,
        allowed_origins: Iterable[str] = (),
        block: Iterable[str] = (),
        *,
        navigation_ms: int = 15_000,
    ) -> None:
        self.origins = site_origins(base_url, allowed_origins)
        self.block = list(block)
        self.navigation_ms = navigation_ms

    def allows(self, url: str) -> bool:
        """May the main document come from this URL? (Non-web schemes are left alone.)"""
        return is_first_party(url, self.origins)

    async def install(
        self, context: BrowserContext, on_blocked: Callable[[BlockedRequest], None]
    ) -> None:
        """Route the context's requests through the guard; refusals go to on_blocked."""

        async def navigation(route: Route) -> None:
            await self._guard_navigation(route, on_blocked)

        await context.route("**/*", navigation)
        # Routes registered later are tried first: block patterns win over the navigation rule.
        for pattern in self.block:

            async def refuse(route: Route) -> None:
                on_blocked(BlockedRequest(url=route.request.url, reason=BY_PATTERN))
                await route.abort("blockedbyclient")

            await context.route(pattern, refuse)

    async def _guard_navigation(
        self, route: Route, on_blocked: Callable[[BlockedRequest], None]
    ) -> None:
        request = route.request
        if not _is_main_document(route):
            await route.fallback()
            return
        if not self.allows(request.url):
            on_blocked(BlockedRequest(url=request.url, reason=OFF_ORIGIN))
            await route.abort("blockedbyclient")
            return
        try:
            response = await route.fetch(max_redirects=0, timeout=self.navigation_ms)
        except PlaywrightTimeout:
            # The navigation has timed out too: asking the server again would only wait twice.
            await route.abort("timedout")
            return
        except PlaywrightError:
            # Let the browser meet the failure itself, so the step records its own error.
            await route.fallback()
            return
        location = response.headers.get("location")
        if response.status in REDIRECT_STATUSES and location:
            target = urljoin(request.url, location)
            if not self.allows(target):
                on_blocked(BlockedRequest(url=target, reason=OFF_ORIGIN))
                await route.abort("blockedbyclient")
                return
        await route.fulfill(response=response)


def _is_main_document(route: Route) -> bool:
    request = route.request
    if not request.is_navigation_request() or not request.url.startswith(("http://", "https://")):
        return False
    try:
        return request.frame.parent_frame is None
    except PlaywrightError:  # a service worker's request has no frame
        return False

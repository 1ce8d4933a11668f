"""Requests the page made during a step, and what the main document answered.

A listener on the page collects as things happen; the walker drains it at the end of each step.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Request, Response

from selfshop.gather.page import DocumentInfo
from selfshop.models.evidence import RequestRecord

MAX_REQUESTS = 500
# Marks the requests selfshop's own gatherers make from the page (reading an image's frames):
# they are not the site's, so they are never recorded as the step's requests.
PROBE_HEADER = "x-selfshop-probe"


class NetworkLog:
    """Requests of one page, per step; and the main document now shown."""

    def __init__(self, page: Page, first_party: Callable[[str], bool]) -> None:
        self.page = page
        self.first_party = first_party
        self.document = DocumentInfo()
        self.document_count = 0  # main documents seen: tells whether an action navigated
        self._records: dict[Request, RequestRecord] = {}
        self._arrived: dict[Request, float] = {}  # when each record began (time.monotonic())
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_failed)

    def _record(self, request: Request) -> RequestRecord:
        record = self._records.get(request)
        if record is None:
            record = RequestRecord(
                url=request.url,
                method=request.method,
                resource_type=request.resource_type,
                third_party=request.url.startswith(("http://", "https://"))
                and not self.first_party(request.url),
                has_body=request.post_data_buffer is not None,
            )
            if len(self._records) < MAX_REQUESTS:
                self._records[request] = record
                self._arrived[request] = time.monotonic()
        return record

    def _on_response(self, response: Response) -> None:
        request = response.request
        if _is_probe(request):
            return
        record = self._record(request)
        record.status = response.status
        headers = response.headers
        record.bytes = (
            int(headers["content-length"]) if headers.get("content-length", "").isdigit() else 0
        )
        if self._is_main_document(request):
            self.document_count += 1
            self.document = DocumentInfo(
                status=response.status,
                headers=dict(headers),
                redirects=_redirect_chain(request),
            )

    def _on_failed(self, request: Request) -> None:
        if _is_probe(request):
            return
        record = self._record(request)
        record.failure = request.failure or "failed"

    def _is_main_document(self, request: Request) -> bool:
        try:
            return request.is_navigation_request() and request.frame == self.page.main_frame
        except PlaywrightError:
            return False

    def drain(self, until: float | None = None) -> list[RequestRecord]:
        """The step's requests, oldest first (only those seen by `until`, if given); the rest
        stay for the next step."""
        taken = [r for r in self._records if until is None or self._arrived[r] <= until]
        records = [self._records.pop(r) for r in taken]
        for request in taken:
            del self._arrived[request]
        return records


def _is_probe(request: Request) -> bool:
    return PROBE_HEADER in request.headers


def _redirect_chain(request: Request) -> list[str]:
    chain: list[str] = []
    earlier = request.redirected_from
    while earlier is not None:
        chain.insert(0, earlier.url)
        earlier = earlier.redirected_from
    return chain

"""Show checks on saved evidence: broken parts, script errors, placeholders, titles, overflow."""

from __future__ import annotations

import pytest

from selfshop.models.evidence import BlockedRequest, ConsoleEntry, Reflow, RequestRecord
from selfshop.models.results import CheckStatus, Severity

from .conftest import RunOne, load_evidence


def test_broken_resources(run_one: RunOne) -> None:
    assert run_one("broken-resources", load_evidence("polished_gifts")).score == 1
    result = run_one("broken-resources", load_evidence("flawed_pay"))
    urls = {f.evidence.url for f in result.findings}
    assert urls == {
        "http://shop.example.test/static/missing.png",  # broken image, reported once
        "http://shop.example.test/static/app.js",
    }
    assert all(f.severity is Severity.major for f in result.findings)


def test_broken_resources_skips_blocked_requests_and_favicon(run_one: RunOne) -> None:
    evidence = load_evidence("polished_gifts")
    evidence.requests += [
        RequestRecord(url="https://ads.test/x.js", resource_type="script", failure="blocked"),
        RequestRecord(
            url="https://shop.example.test/favicon.ico", resource_type="image", status=404
        ),
    ]
    evidence.blocked = [BlockedRequest(url="https://ads.test/x.js", reason="blocked by audit")]
    assert run_one("broken-resources", evidence).findings == []


def test_a_request_the_browser_cancelled_is_not_a_broken_part(run_one: RunOne) -> None:
    """A responsive image swapped for another size at 320 px, or a page left mid-load, ends in
    net::ERR_ABORTED: nothing the customer misses. A request that truly failed still counts."""
    evidence = load_evidence("polished_gifts")
    evidence.requests += [
        RequestRecord(
            url="http://shop.example.test/static/hero-1280.jpg",
            resource_type="image",
            failure="net::ERR_ABORTED",
        ),
        RequestRecord(  # cancelled after its headers came: the body was no longer wanted
            url="http://shop.example.test/static/hero-640.jpg",
            resource_type="image",
            status=200,
            failure="net::ERR_ABORTED",
        ),
        RequestRecord(
            url="http://shop.example.test/static/app.js",
            resource_type="script",
            failure="net::ERR_CONNECTION_REFUSED",
        ),
    ]
    found = run_one("broken-resources", evidence).findings
    assert [f.evidence.url for f in found] == ["http://shop.example.test/static/app.js"]


def test_console_errors(run_one: RunOne) -> None:
    assert run_one("console-errors", load_evidence("polished_gifts")).score == 1
    result = run_one("console-errors", load_evidence("flawed_pay"))
    # the uncaught TypeError is major; the 404 message is left to broken-resources
    assert [f.severity for f in result.findings] == [Severity.major]
    assert "crashed" in result.findings[0].message


def test_console_errors_duplicates_merge(run_one: RunOne) -> None:
    entries = [ConsoleEntry(level="error", text="oops")] * 5
    result = run_one("console-errors", load_evidence("polished_gifts", console=entries))
    assert len(result.findings) == 1 and result.findings[0].severity is Severity.minor


def test_placeholder_text(run_one: RunOne) -> None:
    assert run_one("placeholder-text", load_evidence("polished_gifts")).findings == []
    result = run_one("placeholder-text", load_evidence("flawed_pay"))
    found = {f.key for f in result.findings}
    assert {
        "placeholder-text:lorem-ipsum",
        "placeholder-text:nan",
        "placeholder-text:null",
    } <= found
    assert "placeholder-text:undefined" in found
    assert result.score == 0


@pytest.mark.parametrize(
    "text",
    ["Total: [object Object]", "TODO: real copy", "Hello {{ name }}", "Price undefined"],
)
def test_placeholder_text_each_kind(run_one: RunOne, text: str) -> None:
    result = run_one("placeholder-text", load_evidence("polished_gifts", text=text))
    assert len(result.findings) == 1


@pytest.mark.parametrize(
    "text", ["nullable fields", "Null and void", "todo list", "banana", "Nancy", "non-null"]
)
def test_placeholder_text_leaves_ordinary_words(run_one: RunOne, text: str) -> None:
    assert run_one("placeholder-text", load_evidence("polished_gifts", text=text)).findings == []


def test_page_title(run_one: RunOne) -> None:
    assert run_one("page-title", load_evidence("polished_gifts")).score == 1
    missing = run_one("page-title", load_evidence("flawed_pay"))
    assert missing.score == 0 and missing.findings[0].severity is Severity.major
    generic = run_one("page-title", load_evidence("polished_gifts", title="Document"))
    assert generic.score == 0.5
    bare = run_one("page-title", load_evidence("polished_gifts", title="index.html"))
    assert bare.score == 0.5


def test_http_errors(run_one: RunOne) -> None:
    assert run_one("http-errors", load_evidence("polished_gifts")).score == 1
    flawed = run_one("http-errors", load_evidence("flawed_pay"))
    assert [f.severity for f in flawed.findings] == [Severity.major]  # the 503 data request
    error_page = run_one("http-errors", load_evidence("polished_gifts", status_code=500))
    assert "error page (HTTP 500)" in error_page.findings[0].message


def test_layout_overflow(run_one: RunOne) -> None:
    assert run_one("layout-overflow", load_evidence("polished_gifts")).score == 1
    flawed = run_one("layout-overflow", load_evidence("flawed_pay"))
    assert flawed.score == 0 and "390 px screen" in flawed.findings[0].message
    within = load_evidence("polished_gifts", layout=Reflow(viewport_width=1280, scroll_width=1281))
    assert run_one("layout-overflow", within).score == 1
    missing = run_one("layout-overflow", load_evidence("polished_gifts", layout=None))
    assert missing.status is CheckStatus.error

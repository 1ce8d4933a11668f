"""The demo shop over real HTTP on 127.0.0.1: every page of both variants answers, the forms
are checked on the server, the polished variant protects its customers and the flawed one
does not, and every planted defect sits on a page a customer can reach."""

from __future__ import annotations

import fnmatch
import http.cookiejar
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urlencode, urlsplit

import pytest

from selfshop.demo import DEMO_SECRETS
from selfshop.demo.defects import load_defects
from selfshop.demo.server import DemoShop, DemoURLs, running_demo
from selfshop.demo.variants import ShopSettings

FAST = ShopSettings(slow_seconds=0.05, promo_delay_seconds=0.01, review_auto_continue_ms=10)
SECURITY_HEADERS = (
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
)
ORDER = {
    "email": "sam@example.com",
    "name": "Sam Shopper",
    "address": "1 High Street",
    "postcode": "SW1A 1AA",
    "card": DEMO_SECRETS["DEMO_CARD"],
}


@pytest.fixture(scope="module")
def urls() -> Iterator[DemoURLs]:
    with running_demo(FAST) as running:
        yield running


@dataclass
class Reply:
    status: int
    url: str
    headers: Message
    text: str


class _LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Like browsers, count http://127.0.0.1 as a secure context, so Secure cookies come back."""

    def return_ok_secure(
        self, cookie: http.cookiejar.Cookie, request: urllib.request.Request
    ) -> bool:
        return urlsplit(request.get_full_url()).hostname == "127.0.0.1" or bool(
            super().return_ok_secure(cookie, request)
        )


@dataclass
class Customer:
    """A browser-like client: keeps cookies, follows redirects, remembers every page seen."""

    base: str
    jar: http.cookiejar.CookieJar = field(
        default_factory=lambda: http.cookiejar.CookieJar(_LoopbackIsSecure())
    )
    seen: list[tuple[str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _RecordRedirects(self.seen)
        )

    def open(self, path: str, form: dict[str, str] | None = None) -> Reply:
        data = urlencode(form).encode() if form is not None else None
        try:
            response = self.opener.open(self.base + path, data=data, timeout=10)
            reply = Reply(response.status, response.url, response.headers, response.read().decode())
        except urllib.error.HTTPError as error:
            reply = Reply(error.code, error.url, error.headers, error.read().decode())
        self.seen.append((urlsplit(reply.url).path, reply.status))
        return reply


class _RecordRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, seen: list[tuple[str, int]]) -> None:
        self.seen = seen

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        self.seen.append((urlsplit(req.full_url).path, code))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


PAGES = [
    ("/", 200, "Gifts for the people who make your year"),
    ("/gifts", 200, "Star lantern"),
    ("/gifts?max=20", 200, "Tea sampler"),
    ("/search?q=tea", 200, "Tea sampler"),
    ("/search?q=", 200, "Search"),
    ("/products/star-lantern", 200, "Add to basket"),
    ("/products/no-such-gift", 404, "can’t find that page"),
    ("/basket", 200, "Your basket"),
    ("/checkout", 200, "Checkout"),
    ("/signin", 200, "Password"),
    ("/help", 200, "Send message"),
    ("/help/sent", 200, "message"),
    ("/static/img/logo.svg", 200, "<svg"),
    ("/nowhere", 404, "can’t find that page"),
]


@pytest.mark.parametrize("variant", ["polished", "flawed"])
@pytest.mark.parametrize(("path", "status", "shows"), PAGES)
def test_every_page_answers(
    urls: DemoURLs, variant: str, path: str, status: int, shows: str
) -> None:
    reply = Customer(getattr(urls, variant)).open(path)
    assert reply.status == status
    assert shows in reply.text


def test_both_variants_listen_on_loopback_only(urls: DemoURLs) -> None:
    assert urls.polished.startswith("http://127.0.0.1:")
    assert urls.flawed.startswith("http://127.0.0.1:")
    assert urls.polished != urls.flawed


@pytest.mark.parametrize(
    ("variant", "message"),
    [
        ("polished", "Please check your postcode — it should look like SW1A 1AA."),
        ("flawed", "Invalid input. You failed to enter a valid postcode."),
    ],
)
def test_a_bad_postcode_is_refused_by_the_server(
    urls: DemoURLs, variant: str, message: str
) -> None:
    customer = Customer(getattr(urls, variant))
    customer.open("/basket/add", {"product": "star-lantern"})
    reply = customer.open("/checkout", {**ORDER, "postcode": "SW1A"})
    assert urlsplit(reply.url).path == "/checkout"
    assert message in reply.text
    assert 'value="SW1A"' in reply.text  # what they typed is kept for them to correct


@pytest.mark.parametrize("variant", ["polished", "flawed"])
def test_a_good_order_is_thanked(urls: DemoURLs, variant: str) -> None:
    customer = Customer(getattr(urls, variant))
    customer.open("/basket/add", {"product": "tea-sampler"})
    reply = customer.open("/checkout", ORDER)
    if variant == "flawed":  # the extra review page: a browser submits it by itself
        assert urlsplit(reply.url).path == "/checkout/review"
        reply = customer.open("/checkout/review", {})
    assert urlsplit(reply.url).path.startswith("/order/AC-")
    assert "Thank you" in reply.text
    assert "Tea sampler" in reply.text


def test_polished_sends_the_security_headers(urls: DemoURLs) -> None:
    headers = Customer(urls.polished).open("/").headers
    for name in SECURITY_HEADERS:
        assert headers.get(name), name
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_flawed_sends_none_and_brags_about_its_server(urls: DemoURLs) -> None:
    headers = Customer(urls.flawed).open("/").headers
    assert [name for name in SECURITY_HEADERS if headers.get(name)] == []
    assert headers["server"].startswith("Apache/2.2")
    assert headers["x-powered-by"].startswith("PHP/")


@pytest.mark.parametrize(
    ("variant", "secure", "http_only"), [("polished", True, True), ("flawed", False, False)]
)
def test_session_cookie_flags(urls: DemoURLs, variant: str, secure: bool, http_only: bool) -> None:
    customer = Customer(getattr(urls, variant))
    customer.open("/basket/add", {"product": "star-lantern"})
    (cookie,) = list(customer.jar)
    assert cookie.secure is secure
    assert cookie.has_nonstandard_attr("HttpOnly") is http_only


def test_the_slow_search_waits_at_least_its_setting(urls: DemoURLs) -> None:
    started = time.perf_counter()
    Customer(urls.flawed).open("/search?q=tea")
    assert time.perf_counter() - started >= FAST.slow_seconds  # a floor, never a ceiling


def test_the_broken_image_is_really_missing(urls: DemoURLs) -> None:
    flawed = Customer(urls.flawed).open("/")
    assert "/static/img/hero-banner-final.svg" in flawed.text
    assert Customer(urls.flawed).open("/static/img/hero-banner-final.svg").status == 404
    for src in ("/static/img/hero.svg", "/static/img/star-lantern.svg"):
        assert Customer(urls.polished).open(src).status == 200


def walk_the_flawed_shop(base: str) -> list[tuple[str, int]]:
    """Everything a customer of the example journeys reaches on the flawed variant."""
    customer = Customer(base)
    for path in ("/", "/gifts?max=30", "/products/star-lantern", "/promo/gift-wrap.svg"):
        customer.open(path)
    customer.open("/basket/add", {"product": "star-lantern"})
    customer.open("/checkout")
    customer.open("/checkout", {**ORDER, "postcode": "SW1A"})
    customer.open("/checkout", ORDER)
    customer.open("/checkout/review", {})
    customer.open("/search?q=unicorn")
    customer.open("/signin")
    customer.open("/signin", {"email": "jo@example.com", "password": DEMO_SECRETS["DEMO_PASSWORD"]})
    customer.open("/help")
    customer.open(
        "/help", {"name": "Sam", "email": "sam@example.com", "topic": "Delivery", "message": "Hi"}
    )
    return customer.seen


def test_every_defect_sits_on_a_page_a_customer_reaches(urls: DemoURLs) -> None:
    seen = walk_the_flawed_shop(urls.flawed)
    answered = {path for path, status in seen if status == 200}
    for defect in load_defects():
        assert fnmatch.filter(answered, defect.page), (
            f"{defect.id}: {defect.page} never answered 200"
        )


def test_serve_help_has_an_example() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "selfshop", "demo", "serve", "--help"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0
    assert "Example: selfshop demo serve" in result.stdout


def test_serve_runs_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "selfshop", "demo", "serve", "--port", "0", "--slow", "0"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        polished = lines[1].split()[-1]
        assert polished.startswith("http://127.0.0.1:")
        assert "Gifts for the people" in Customer(polished).open("/").text
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        assert "Demo shop closed." in process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_bug_in_the_shop_is_a_500_not_a_dead_server(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object, request: object) -> None:
        raise RuntimeError("boom")

    with running_demo(FAST) as running:
        monkeypatch.setattr("selfshop.demo.app.Shop.handle", broken)
        reply = Customer(running.polished).open("/")
        assert reply.status == 500
        assert "something went wrong on our side" in reply.text
        monkeypatch.undo()
        assert Customer(running.polished).open("/").status == 200


def test_a_malformed_body_length_is_ignored(urls: DemoURLs) -> None:
    request = urllib.request.Request(
        urls.polished + "/signin", data=b"x", headers={"Content-Length": "many"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200  # the sign-in page again, asking for the details


def test_a_busy_port_is_refused_and_nothing_is_left_listening() -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        with pytest.raises(OSError):
            DemoShop(polished_port=0, flawed_port=taken)
        result = subprocess.run(
            [sys.executable, "-m", "selfshop", "demo", "serve", "--port", str(taken)],
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    assert result.returncode == 2
    assert "choose others with --port" in result.stderr

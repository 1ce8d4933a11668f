"""The shop's pages through Shop.handle, without sockets: routing, escaping, sessions and the
planted differences between the variants."""

from __future__ import annotations

import re

import pytest

from selfshop.demo import DEMO_SECRETS
from selfshop.demo.app import Request, Response, Shop
from selfshop.demo.headers import SESSION_COOKIE
from selfshop.demo.variants import ShopSettings, Variant

CHECKOUT_FORM = {
    "email": "sam@example.com",
    "name": "Sam Shopper",
    "address": "1 High Street",
    "postcode": "SW1A 1AA",
    "card": DEMO_SECRETS["DEMO_CARD"],
}


def header(response: Response, name: str) -> str | None:
    return next((v for k, v in response.headers if k.lower() == name.lower()), None)


def body(response: Response) -> str:
    return response.body.decode("utf-8")


class Shopper:
    """A customer with a cookie jar, talking to one variant."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        path, _, query = path.partition("?")
        params = dict(pair.split("=", 1) for pair in query.split("&") if "=" in pair)
        response = self.shop.handle(Request(method, path, params, form or {}, dict(self.cookies)))
        cookie = header(response, "Set-Cookie")
        if cookie:
            name, value = cookie.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response

    def follow(self, response: Response) -> list[str]:
        """Follow redirects with GET; the paths visited."""
        visited = []
        while response.status in (302, 303):
            location = header(response, "Location") or ""
            visited.append(location)
            response = self.send("GET", location)
        return visited


@pytest.fixture
def shop(request: pytest.FixtureRequest) -> Shop:
    return Shop(request.param, ShopSettings(slow_seconds=0.05, promo_delay_seconds=0))


both = pytest.mark.parametrize("shop", list(Variant), indirect=True, ids=str)


@both
def test_unknown_pages_are_a_kind_404(shop: Shop) -> None:
    response = shop.handle(Request("GET", "/no-such-page"))
    assert response.status == 404
    assert "Sorry, we can’t find that page" in body(response)


@both
def test_wrong_method_is_405_with_allow(shop: Shop) -> None:
    response = shop.handle(Request("POST", "/gifts"))
    assert response.status == 405
    assert header(response, "Allow") == "GET"


@both
def test_static_files_cannot_escape_their_folder(shop: Shop) -> None:
    assert shop.handle(Request("GET", "/static/../app.py")).status == 404
    assert shop.handle(Request("GET", "/static/css/shop.css")).status == 200


@both
def test_search_words_are_escaped(shop: Shop) -> None:
    page = body(shop.handle(Request("GET", "/search", {"q": "<script>alert(1)</script>"})))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_only_the_flawed_search_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr("selfshop.demo.app.time.sleep", waits.append)
    settings = ShopSettings(slow_seconds=0.05)
    Shop(Variant.polished, settings).handle(Request("GET", "/search", {"q": "tea"}))
    assert waits == []
    Shop(Variant.flawed, settings).handle(Request("GET", "/search", {"q": "tea"}))
    assert waits == [0.05]


def test_polished_pages_carry_a_strict_content_security_policy() -> None:
    response = Shop(Variant.polished).handle(Request("GET", "/"))
    policy = header(response, "Content-Security-Policy") or ""
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # No inline script or style for the policy to forbid.
    assert not re.search(r"<script(?![^>]*\bsrc=)", body(response))
    assert "style=" not in body(response)


@both
def test_checkout_never_echoes_the_card_number(shop: Shop) -> None:
    shopper = Shopper(shop)
    shopper.send("POST", "/basket/add", {"product": "star-lantern"})
    response = shopper.send("POST", "/checkout", {**CHECKOUT_FORM, "postcode": "nope"})
    assert response.status == 200
    assert DEMO_SECRETS["DEMO_CARD"] not in body(response)
    assert 'value="Sam Shopper"' in body(response)


def test_polished_checkout_goes_straight_to_the_confirmation() -> None:
    shopper = Shopper(Shop(Variant.polished))
    shopper.send("POST", "/basket/add", {"product": "star-lantern", "quantity": "2"})
    visited = shopper.follow(shopper.send("POST", "/checkout", CHECKOUT_FORM))
    assert len(visited) == 1 and visited[0].startswith("/order/AC-")
    confirmation = body(shopper.send("GET", visited[0]))
    assert "Thank you, Sam Shopper!" in confirmation
    assert "£48.00" in confirmation


def test_flawed_checkout_takes_extra_pages_and_redirects() -> None:
    shop = Shop(Variant.flawed)
    shopper = Shopper(shop)
    shopper.send("POST", "/basket/add", {"product": "star-lantern"})
    assert shopper.follow(shopper.send("POST", "/checkout", CHECKOUT_FORM)) == ["/checkout/review"]
    visited = shopper.follow(shopper.send("POST", "/checkout/review"))
    assert visited[:3] == ["/checkout/verify", "/checkout/authorise", "/checkout/complete"]
    assert visited[3].startswith("/order/AC-")
    assert "Thank you for your order" in body(shopper.send("GET", visited[3]))


def test_the_review_page_exists_only_on_the_flawed_variant() -> None:
    assert Shop(Variant.polished).handle(Request("POST", "/checkout/review")).status == 404


@pytest.mark.parametrize(
    ("variant", "flags"),
    [
        (Variant.polished, {"HttpOnly", "Secure", "SameSite=Lax"}),
        (Variant.flawed, set()),
    ],
)
def test_session_cookie_flags(variant: Variant, flags: set[str]) -> None:
    response = Shop(variant).handle(Request("POST", "/basket/add", form={"product": "fig-candle"}))
    cookie = header(response, "Set-Cookie") or ""
    assert cookie.startswith(SESSION_COOKIE[variant] + "=")
    assert {part.strip() for part in cookie.split(";")[1:]} - {"Path=/"} == flags


def test_orders_are_private_to_their_session() -> None:
    shop = Shop(Variant.polished)
    buyer = Shopper(shop)
    buyer.send("POST", "/basket/add", {"product": "star-lantern"})
    order_path = buyer.follow(buyer.send("POST", "/checkout", CHECKOUT_FORM))[0]
    assert Shopper(shop).send("GET", order_path).status == 404


@pytest.mark.parametrize(
    ("variant", "account"),
    [(Variant.polished, "/account"), (Variant.flawed, "/account?email=jo%40example.com")],
)
def test_sign_in_lands_on_the_account(variant: Variant, account: str) -> None:
    shopper = Shopper(Shop(variant))
    form = {"email": "jo@example.com", "password": DEMO_SECRETS["DEMO_PASSWORD"]}
    response = shopper.send("POST", "/signin", form)
    assert header(response, "Location") == account
    assert "Signed in as jo@example.com" in body(shopper.send("GET", "/account"))


def test_the_account_needs_a_sign_in() -> None:
    response = Shop(Variant.polished).handle(Request("GET", "/account"))
    assert (response.status, header(response, "Location")) == (303, "/signin")


def test_the_oldest_sessions_are_forgotten_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from selfshop.demo import sessions

    monkeypatch.setattr(sessions, "MAX_SESSIONS", 2)
    store = sessions.SessionStore()
    first, _ = store.create()
    second, _ = store.create()
    third, _ = store.create()
    assert store.get(first) is None
    assert store.get(second) is not None and store.get(third) is not None


def test_only_the_flawed_home_page_carries_the_heavy_script() -> None:
    polished, flawed = Shop(Variant.polished), Shop(Variant.flawed)
    assert "tag-manager.js" not in body(polished.handle(Request("GET", "/")))
    assert "tag-manager.js" in body(flawed.handle(Request("GET", "/")))
    assert polished.handle(Request("GET", "/assets/tag-manager.js")).status == 404
    script = flawed.handle(Request("GET", "/assets/tag-manager.js"))
    assert len(script.body) > 2000 * 1024  # over page-weight's default limit
    assert header(script, "Cache-Control") == "no-store"

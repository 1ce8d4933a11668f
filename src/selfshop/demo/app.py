"""The shop's pages: a request in, a response out, with no sockets in sight (server.py has
those). One `Shop` per variant; the variant decides which defects are planted."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from selfshop.demo import catalogue, forms, static
from selfshop.demo.headers import SESSION_COOKIE, security_headers, session_cookie
from selfshop.demo.render import render
from selfshop.demo.sessions import Line, Order, Session, SessionStore
from selfshop.demo.variants import ShopSettings, Variant

HTML = "text/html; charset=utf-8"
# The flawed home page's tag manager: a comment line repeated up to the configured size.
_BUNDLE_LINE = b"/* tracking pixel registry: campaign, source, medium, term, content, variant */\n"


@functools.cache
def heavy_script(kilobytes: int) -> bytes:
    repeats = kilobytes * 1024 // len(_BUNDLE_LINE) + 1
    return b"window.dataLayer = window.dataLayer || [];\n" + _BUNDLE_LINE * repeats


# The flawed checkout's extra hops after its extra review page, each a 302 redirect.
PAYMENT_HOPS = ("verify", "authorise", "complete")


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = HTML
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def redirect(cls, location: str, status: int = 303) -> Response:
        return cls(status, headers=[("Location", location)])


Handler = Callable[[Request, re.Match[str]], Response]


class Shop:
    """Acme Outfitters in one variant."""

    def __init__(self, variant: Variant, settings: ShopSettings | None = None) -> None:
        self.variant = variant
        self.settings = settings or ShopSettings()
        self.sessions = SessionStore()
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = [
            ("GET", re.compile(r"/"), self.home),
            ("GET", re.compile(r"/search"), self.search),
            ("GET", re.compile(r"/gifts"), self.gifts),
            ("GET", re.compile(r"/products/([a-z0-9-]+)"), self.product),
            ("GET", re.compile(r"/basket"), self.basket),
            ("POST", re.compile(r"/basket/add"), self.basket_add),
            ("POST", re.compile(r"/basket/remove"), self.basket_remove),
            ("GET", re.compile(r"/checkout"), self.checkout),
            ("POST", re.compile(r"/checkout"), self.checkout_submit),
            ("GET", re.compile(r"/checkout/review"), self.review),
            ("POST", re.compile(r"/checkout/review"), self.review_submit),
            ("GET", re.compile(r"/checkout/(verify|authorise|complete)"), self.payment_hop),
            ("GET", re.compile(r"/order/(AC-[0-9]+)"), self.order),
            ("GET", re.compile(r"/signin"), self.sign_in),
            ("POST", re.compile(r"/signin"), self.sign_in_submit),
            ("GET", re.compile(r"/account"), self.account),
            ("GET", re.compile(r"/help"), self.help),
            ("POST", re.compile(r"/help"), self.help_submit),
            ("GET", re.compile(r"/help/sent"), self.help_sent),
            ("GET", re.compile(r"/static/(.+)"), self.static_file),
            ("GET", re.compile(r"/promo/gift-wrap\.svg"), self.promo_image),
            ("GET", re.compile(r"/assets/tag-manager\.js"), self.tag_manager),
        ]

    @property
    def flawed(self) -> bool:
        return self.variant is Variant.flawed

    # --- dispatch -------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        allowed: list[str] = []
        for route_method, pattern, handler in self._routes:
            match = pattern.fullmatch(request.path)
            if match is None:
                continue
            if route_method == method:
                response = handler(request, match)
                break
            allowed.append(route_method)
        else:
            response = (
                Response(405, b"Method not allowed", "text/plain", [("Allow", ", ".join(allowed))])
                if allowed
                else self.not_found(request)
            )
        response.headers.extend(security_headers(self.variant))
        return response

    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> Response:
        session = self._session(request)
        body = render(
            template,
            flawed=self.flawed,
            basket_count=session.basket_count() if session else 0,
            signed_in=session.email if session else None,
            path=request.path,
            **context,
        )
        headers = [("Cache-Control", "no-store")] if session else []
        return Response(status, body.encode("utf-8"), headers=headers)

    def not_found(self, request: Request) -> Response:
        return self.page(request, "not_found.html", status=404)

    # --- sessions -------------------------------------------------------------------------

    def _session(self, request: Request) -> Session | None:
        return self.sessions.get(request.cookies.get(SESSION_COOKIE[self.variant]))

    def _session_for_writing(self, request: Request) -> tuple[Session, list[tuple[str, str]]]:
        """The shopper's session, starting one (and setting its cookie) when there is none."""
        session = self._session(request)
        if session is not None:
            return session, []
        token, session = self.sessions.create()
        return session, [("Set-Cookie", session_cookie(self.variant, token))]

    # --- browsing -------------------------------------------------------------------------

    def home(self, request: Request, match: re.Match[str]) -> Response:
        featured = [catalogue.find(s) for s in ("star-lantern", "tea-sampler", "merino-scarf")]
        return self.page(request, "home.html", featured=featured)

    def search(self, request: Request, match: re.Match[str]) -> Response:
        if self.flawed:
            time.sleep(self.settings.slow_seconds)  # an unindexed search, felt by every customer
        query = request.query.get("q", "").strip()[:100]
        results = catalogue.search(query)
        return self.page(request, "search.html", query=query, results=results)

    def gifts(self, request: Request, match: re.Match[str]) -> Response:
        max_pence = catalogue.parse_price_band(request.query.get("max"))
        return self.page(
            request,
            "gifts.html",
            products=catalogue.under(max_pence),
            bands=catalogue.PRICE_BANDS,
            chosen=max_pence,
        )

    def product(self, request: Request, match: re.Match[str]) -> Response:
        product = catalogue.find(match.group(1))
        if product is None:
            return self.not_found(request)
        return self.page(request, "product.html", product=product)

    # --- basket ---------------------------------------------------------------------------

    def basket(self, request: Request, match: re.Match[str]) -> Response:
        session = self._session(request)
        lines = session.lines() if session else []
        total = catalogue.format_price(sum(line.total_pence for line in lines))
        return self.page(request, "basket.html", lines=lines, total=total)

    def basket_add(self, request: Request, match: re.Match[str]) -> Response:
        product = catalogue.find(request.form.get("product", ""))
        if product is None:
            return self.not_found(request)
        quantity = request.form.get("quantity", "1")
        session, cookie = self._session_for_writing(request)
        session.add(product.slug, int(quantity) if quantity.isdigit() and quantity != "0" else 1)
        response = Response.redirect("/basket")
        response.headers.extend(cookie)
        return response

    def basket_remove(self, request: Request, match: re.Match[str]) -> Response:
        session = self._session(request)
        if session is not None:
            session.remove(request.form.get("product", ""))
        return Response.redirect("/basket")

    # --- checkout -------------------------------------------------------------------------

    def checkout(self, request: Request, match: re.Match[str]) -> Response:
        session = self._session(request)
        lines = session.lines() if session else []
        return self._checkout_page(request, lines, forms.FormResult({}))

    def _checkout_page(
        self, request: Request, lines: list[Line], result: forms.FormResult
    ) -> Response:
        total = catalogue.format_price(sum(line.total_pence for line in lines))
        # A card number is never echoed back into the page, even when other fields are.
        values = {k: v for k, v in result.values.items() if k != "card"}
        return self.page(
            request, "checkout.html", lines=lines, total=total, values=values,
            errors=result.errors,
        )  # fmt: skip

    def checkout_submit(self, request: Request, match: re.Match[str]) -> Response:
        session = self._session(request)
        lines = session.lines() if session else []
        if session is None or not lines:
            return Response.redirect("/basket")
        result = forms.validate_checkout(request.form, self.variant)
        if not result.ok:
            # 200, not 422: the customer is shown their form again, not an error page.
            return self._checkout_page(request, lines, result)
        order = Order(
            id=self.sessions.next_order_id(),
            lines=tuple(lines),
            name=result.values["name"],
            email=result.values["email"],
            postcode=forms.normalise_postcode(result.values["postcode"]),
        )
        if self.flawed:
            # Twice the pages: a review of what was just typed, then a bounce through 'verify'.
            session.pending = order
            return Response.redirect("/checkout/review")
        return self._place(session, order)

    def _place(self, session: Session, order: Order) -> Response:
        session.orders[order.id] = order
        session.basket.clear()
        session.pending = None
        return Response.redirect(f"/order/{order.id}")

    def review(self, request: Request, match: re.Match[str]) -> Response:
        session = self._session(request)
        if not self.flawed or session is None or session.pending is None:
            return self.not_found(request)
        return self.page(
            request, "review.html", order=session.pending,
            total=catalogue.format_price(session.pending.total_pence),
            auto_continue_ms=self.settings.review_auto_continue_ms,
        )  # fmt: skip

    def review_submit(self, request: Request, match: re.Match[str]) -> Response:
        if not self.flawed:
            return self.not_found(request)
        return Response.redirect(f"/checkout/{PAYMENT_HOPS[0]}", status=302)

    def payment_hop(self, request: Request, match: re.Match[str]) -> Response:
        """The flawed payment bounces through legacy endpoints: a redirect chain per order."""
        session = self._session(request)
        if not self.flawed or session is None:
            return self.not_found(request)
        if session.pending is None:
            return Response.redirect("/basket", status=302)
        hop = PAYMENT_HOPS.index(match.group(1))
        if hop + 1 < len(PAYMENT_HOPS):
            return Response.redirect(f"/checkout/{PAYMENT_HOPS[hop + 1]}", status=302)
        response = self._place(session, session.pending)
        response.status = 302
        return response

    def order(self, request: Request, match: re.Match[str]) -> Response:
        session = self._session(request)
        order = session.orders.get(match.group(1)) if session else None
        if order is None:
            return self.not_found(request)
        total = catalogue.format_price(order.total_pence)
        return self.page(request, "order.html", order=order, total=total)

    # --- account --------------------------------------------------------------------------

    def sign_in(self, request: Request, match: re.Match[str]) -> Response:
        return self.page(request, "signin.html", values={}, errors={})

    def sign_in_submit(self, request: Request, match: re.Match[str]) -> Response:
        result = forms.validate_sign_in(request.form, self.variant)
        if not result.ok:
            values = {"email": result.values["email"]}  # never echo a password
            return self.page(request, "signin.html", values=values, errors=result.errors)
        session, cookie = self._session_for_writing(request)
        session.email = result.values["email"]
        # The flawed shop puts the customer's email address in the URL, for every log to keep.
        target = "/account?" + urlencode({"email": session.email}) if self.flawed else "/account"
        response = Response.redirect(target)
        response.headers.extend(cookie)
        return response

    def account(self, request: Request, match: re.Match[str]) -> Response:
        session = self._session(request)
        if session is None or session.email is None:
            return Response.redirect("/signin")
        orders = list(session.orders.values())
        return self.page(request, "account.html", email=session.email, orders=orders)

    # --- help -----------------------------------------------------------------------------

    def help(self, request: Request, match: re.Match[str]) -> Response:
        return self.page(request, "help.html", values={}, errors={}, topics=forms.CONTACT_TOPICS)

    def help_submit(self, request: Request, match: re.Match[str]) -> Response:
        result = forms.validate_contact(request.form, self.variant)
        if not result.ok:
            return self.page(
                request, "help.html", values=result.values, errors=result.errors,
                topics=forms.CONTACT_TOPICS,
            )  # fmt: skip
        return Response.redirect("/help/sent?" + urlencode({"topic": result.values["topic"]}))

    def help_sent(self, request: Request, match: re.Match[str]) -> Response:
        topic = request.query.get("topic", "")
        return self.page(
            request, "help_sent.html", topic=topic if topic in forms.CONTACT_TOPICS else ""
        )

    # --- files ----------------------------------------------------------------------------

    def promo_image(self, request: Request, match: re.Match[str]) -> Response:
        """The flawed product page's promotion, from a slow ad server."""
        if not self.flawed:
            return self.not_found(request)
        time.sleep(self.settings.promo_delay_seconds)
        return self._file("img/promo-gift-wrap.svg")

    def tag_manager(self, request: Request, match: re.Match[str]) -> Response:
        """The flawed home page's marketing bundle: megabytes, unminified and never cached."""
        if not self.flawed:
            return self.not_found(request)
        body = heavy_script(self.settings.heavy_script_kb)
        return Response(200, body, static.CONTENT_TYPES[".js"], [("Cache-Control", "no-store")])

    def static_file(self, request: Request, match: re.Match[str]) -> Response:
        return self._file(match.group(1))

    def _file(self, path: str) -> Response:
        found = static.read(path)
        if found is None:
            return Response(404, b"Not found", "text/plain; charset=utf-8")
        body, content_type = found
        return Response(200, body, content_type, [("Cache-Control", "public, max-age=3600")])

"""Shoppers' baskets, sign-ins and orders, kept in memory for as long as the shop runs."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field

from selfshop.demo import catalogue
from selfshop.demo.catalogue import Product

MAX_SESSIONS = 10_000


@dataclass(frozen=True)
class Line:
    product: Product
    quantity: int

    @property
    def total_pence(self) -> int:
        return self.product.price_pence * self.quantity

    @property
    def total(self) -> str:
        return catalogue.format_price(self.total_pence)


@dataclass(frozen=True)
class Order:
    id: str
    lines: tuple[Line, ...]
    name: str
    email: str
    postcode: str

    @property
    def total_pence(self) -> int:
        return sum(line.total_pence for line in self.lines)


@dataclass
class Session:
    basket: dict[str, int] = field(default_factory=dict)
    email: str | None = None
    orders: dict[str, Order] = field(default_factory=dict)
    # The flawed variant holds an order here while it makes the customer review it again.
    pending: Order | None = None

    def lines(self) -> list[Line]:
        found = ((catalogue.find(slug), qty) for slug, qty in self.basket.items())
        return [Line(product, qty) for product, qty in found if product is not None]

    def basket_count(self) -> int:
        return sum(self.basket.values())

    def add(self, slug: str, quantity: int) -> None:
        self.basket[slug] = min(self.basket.get(slug, 0) + quantity, 10)

    def remove(self, slug: str) -> None:
        self.basket.pop(slug, None)


class SessionStore:
    """Sessions by cookie token. Thread-safe: the server answers requests on many threads."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self._order_number = 1040

    def get(self, token: str | None) -> Session | None:
        with self._lock:
            return self._sessions.get(token) if token else None

    def create(self) -> tuple[str, Session]:
        token = secrets.token_urlsafe(18)
        session = Session()
        with self._lock:
            self._sessions[token] = session
            if len(self._sessions) > MAX_SESSIONS:  # a long-running demo forgets the oldest
                del self._sessions[next(iter(self._sessions))]
        return token, session

    def next_order_id(self) -> str:
        with self._lock:
            self._order_number += 1
            return f"AC-{self._order_number}"

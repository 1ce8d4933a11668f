"""The shop's stock: a handful of gifts, searchable and filterable by price."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    slug: str
    name: str
    price_pence: int
    summary: str
    description: str
    image_alt: str
    tags: tuple[str, ...] = ()

    @property
    def image(self) -> str:
        return f"/static/img/{self.slug}.svg"

    @property
    def url(self) -> str:
        return f"/products/{self.slug}"

    @property
    def price(self) -> str:
        return format_price(self.price_pence)


PRODUCTS: tuple[Product, ...] = (
    Product(
        "star-lantern", "Star lantern", 2400,
        "A pierced brass lantern that throws stars across the room.",
        "Hand-finished brass with a glass tealight holder. Light it at dusk and the walls fill "
        "with little stars. It comes gift-wrapped with a card for your message.",
        "A brass lantern with star-shaped cut-outs, glowing warmly",
        ("light", "home", "brass", "candle"),
    ),
    Product(
        "merino-scarf", "Merino scarf", 3500,
        "Soft, warm and light enough to wear all autumn.",
        "Knitted from fine merino wool in a deep forest green. Long enough to wrap twice.",
        "A folded green wool scarf with tassels",
        ("wool", "winter", "clothing"),
    ),
    Product(
        "tea-sampler", "Tea sampler", 1800,
        "Six loose-leaf teas from small growers, in a keepsake tin.",
        "From a bright morning green tea to a smoky evening blend: six tins of loose-leaf tea, "
        "each enough for about fifteen cups.",
        "A tin box holding six small tins of tea",
        ("tea", "food", "drink"),
    ),
    Product(
        "linen-notebook", "Linen notebook", 1200,
        "A lay-flat notebook bound in linen, with 192 dotted pages.",
        "Thread-bound so it lies flat, with thick paper that fountain pens love.",
        "A closed notebook with a blue linen cover and an elastic band",
        ("paper", "writing", "stationery"),
    ),
    Product(
        "fig-candle", "Fig and cedar candle", 2200,
        "A soy candle that smells of a summer garden.",
        "Poured by hand in small batches. About forty hours of gentle light.",
        "A candle in an amber glass jar with a small flame",
        ("candle", "home", "scent"),
    ),
    Product(
        "walking-socks", "Walking socks", 1400,
        "Cushioned socks for long days on the hills.",
        "Wool-rich, reinforced at heel and toe, and made to last.",
        "A pair of striped orange and grey socks",
        ("clothing", "outdoors", "wool"),
    ),
    Product(
        "camping-mug", "Enamel camping mug", 1600,
        "A speckled enamel mug for tea by the tent.",
        "Tough enamel on steel, safe on a camping stove, and it holds a generous 350 ml.",
        "A speckled blue enamel mug with steam rising",
        ("outdoors", "drink", "tea"),
    ),
    Product(
        "brass-compass", "Brass compass", 2900,
        "A pocket compass for finding the way home.",
        "Solid brass with a liquid-damped needle and a hinged lid you can engrave.",
        "An open brass pocket compass",
        ("outdoors", "brass"),
    ),
)  # fmt: skip

# The price filter on the gift listing: label shown to the customer -> maximum in pence.
PRICE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("Any price", None),
    ("Under £20", 2000),
    ("Under £30", 3000),
    ("Under £50", 5000),
)


def format_price(pence: int) -> str:
    return f"£{pence // 100}.{pence % 100:02d}"


def find(slug: str) -> Product | None:
    return next((product for product in PRODUCTS if product.slug == slug), None)


def search(query: str) -> list[Product]:
    """Products whose name, summary or tags contain every word of the query."""
    words = query.lower().split()
    if not words:
        return []

    def text(product: Product) -> str:
        return " ".join((product.name, product.summary, *product.tags)).lower()

    return [product for product in PRODUCTS if all(word in text(product) for word in words)]


def under(max_pence: int | None) -> list[Product]:
    if max_pence is None:
        return list(PRODUCTS)
    return [product for product in PRODUCTS if product.price_pence < max_pence]


def parse_price_band(value: str | None) -> int | None:
    """The ?max= query value (whole pounds) as pence, or None for any price or nonsense."""
    if not value or not value.isdigit():
        return None
    return int(value) * 100

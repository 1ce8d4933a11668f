"""The two variants of the shop and the settings they share."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Variant(StrEnum):
    polished = "polished"  # what a proud organisation ships
    flawed = "flawed"  # the same shop with the defects listed in defects.yaml


@dataclass
class ShopSettings:
    """Knobs the tests turn: how slow the flawed variant's slow parts are."""

    slow_seconds: float = 2.6
    # The flawed product page's promotion image arrives this late, and the page jumps.
    promo_delay_seconds: float = 0.8
    # The flawed home page's marketing script weighs this much (page-weight's limit: 2000 kB).
    heavy_script_kb: int = 4500
    # The flawed "Review your order" page submits itself after this many milliseconds.
    review_auto_continue_ms: int = 700

"""The two variants of the shop and the settings they share."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Variant(StrEnum):
    polished = "polished"  # what a proud organisation ships
    flawed = "flawed"  # the same shop with the defects listed in defects.yaml


@dataclass
class ShopSettings:
    """Knobs the tests turn: the flawed search page waits this long before it answers."""

    slow_seconds: float = 2.6
    # The flawed "Review your order" page submits itself after this many milliseconds.
    review_auto_continue_ms: int = 700

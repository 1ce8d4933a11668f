"""The bundled demo shop, Acme Outfitters: one small gift shop served in two variants.

The *polished* variant is what a proud organisation ships; the *flawed* variant carries the
realistic defects listed in defects.yaml, each planted on a page a journey walks through.
Start it with `selfshop demo serve`, or in Python with `selfshop.demo.server.running_demo()`.
"""

from __future__ import annotations

# Values the example journeys read through ${secret:NAME}. They are test values, not secrets:
# 4242 4242 4242 4242 is the well-known test card number, and the shop accepts any password of
# eight characters or more. The demo command and the tests put them in their own environment.
DEMO_SECRETS: dict[str, str] = {
    "DEMO_CARD": "4242424242424242",
    "DEMO_PASSWORD": "correct-horse-battery",
}

__all__ = ["DEMO_SECRETS"]

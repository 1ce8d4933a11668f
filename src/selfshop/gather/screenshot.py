"""Full-page screenshots with secret fields masked, and small JPEG thumbnails for reports."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from typing import Any

from PIL import Image
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from selfshop.models.evidence import Box

MASK_COLOUR = "#FF00FF"  # loud on purpose: a reader sees at once that something was hidden
THUMBNAIL_WIDTH = 320
THUMBNAIL_HEIGHT = 240
MAX_PAGE_HEIGHT = 8_000  # taller pages are cut there: a screenshot is evidence, not an archive
MAX_MASKS = 200  # boxes recorded (every marked element is painted)


# Elements to paint over besides the mask locators' carry this attribute (the walker marks the
# fields and text holding a typed secret); password fields are always painted over.
MASK_MARK = "data-selfshop-secret"
PASSWORDS = "input[type=password]"

# Where elements are on the page (shown ones: the first MAX_MASKS), and how many there are.
BOXES_JS = """(elements, maxMasks) => ({count: elements.length,
  boxes: elements.slice(0, maxMasks).map(el => el.getBoundingClientRect())
    .filter(r => r.width || r.height)
    .map(r => ({x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}))})"""
# The marked elements' and password fields' boxes, the page's height and pixel ratio: what a
# screenshot needs, in one call.
PAGE_MASKS_JS = f"""([mark, passwords, maxMasks]) => {{
  const boxes = {BOXES_JS};
  const marked = boxes(Array.from(document.querySelectorAll('[' + mark + ']')), maxMasks);
  const fields = boxes(Array.from(document.querySelectorAll(passwords)), maxMasks);
  return {{marked: marked.count, passwords: fields.count, boxes: marked.boxes.concat(fields.boxes),
          height: document.documentElement.scrollHeight, ratio: devicePixelRatio}};
}}"""


@dataclass
class Shot:
    png: bytes
    masked: list[Box] = field(default_factory=list)
    pixel_ratio: float = 1.0


async def _masks_found(page: Page, masks: list[Locator]) -> tuple[list[Locator], list[Box], Any]:
    """The masks that find something (each asked once, the page's own in one call), the boxes
    of what they find, and the page's facts (PAGE_MASKS_JS)."""
    kept: list[Locator] = []
    boxes: list[Box] = []
    for locator in masks:
        with contextlib.suppress(PlaywrightError):
            found = await locator.evaluate_all(BOXES_JS, MAX_MASKS)
            if found["count"]:
                kept.append(locator)
            boxes += [Box.model_validate(box) for box in found["boxes"]]
    facts = await page.evaluate(PAGE_MASKS_JS, [MASK_MARK, PASSWORDS, MAX_MASKS])
    if facts["marked"]:
        kept.append(page.locator(f"[{MASK_MARK}]"))
    if facts["passwords"]:
        kept.append(page.locator(PASSWORDS))
    boxes += [Box.model_validate(box) for box in facts["boxes"]]
    unique = [box for i, box in enumerate(boxes) if box not in boxes[:i]]  # found twice: once
    return kept, unique, facts


async def take(page: Page, masks: list[Locator]) -> Shot:
    """A full-page PNG with what every mask locator finds, every element marked with
    MASK_MARK and every password field painted over."""
    kept, boxes, facts = await _masks_found(page, masks)
    viewport = page.viewport_size or {"width": 1280, "height": 720}
    options: dict[str, object] = {"full_page": True}
    if facts["height"] > MAX_PAGE_HEIGHT:
        options = {
            "full_page": True,
            "clip": {"x": 0, "y": 0, "width": viewport["width"], "height": MAX_PAGE_HEIGHT},
        }
    png = await page.screenshot(
        type="png",
        mask=kept,
        mask_color=MASK_COLOUR,
        animations="disabled",
        caret="hide",
        scale="css",
        **options,  # type: ignore[arg-type]
    )
    return Shot(png=png, masked=boxes, pixel_ratio=float(facts["ratio"]))


def thumbnail(png: bytes) -> bytes:
    """The top of the page, scaled down to a small JPEG (decoding takes a while: call it off
    the event loop, so other journeys' walks go on meanwhile)."""
    with Image.open(io.BytesIO(png)) as image:
        ratio = THUMBNAIL_HEIGHT / THUMBNAIL_WIDTH
        # Cut before converting: only the top is converted (the same pixels, less work).
        top = image.crop((0, 0, image.width, min(image.height, int(image.width * ratio))))
        top = top.convert("RGB")
        top.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT))
        out = io.BytesIO()
        top.save(out, format="JPEG", quality=70, optimize=True)
        return out.getvalue()

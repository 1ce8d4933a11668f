"""Full-page screenshots with secret fields masked, and small JPEG thumbnails for reports."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from PIL import Image
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from selfshop.models.evidence import Box

MASK_COLOUR = "#FF00FF"  # loud on purpose: a reader sees at once that something was hidden
THUMBNAIL_WIDTH = 320
THUMBNAIL_HEIGHT = 240
MAX_PAGE_HEIGHT = 8_000  # taller pages are cut there: a screenshot is evidence, not an archive
MAX_MASKS = 200  # boxes recorded per mask locator (all its elements are painted)


@dataclass
class Shot:
    png: bytes
    thumbnail: bytes
    masked: list[Box] = field(default_factory=list)


async def _visible_masks(page: Page, masks: list[Locator]) -> tuple[list[Locator], list[Box]]:
    """The mask locators that are on the page, and the boxes (in page coordinates) of their
    first MAX_MASKS elements each. Every element a locator finds is painted, boxed or not."""
    kept: list[Locator] = []
    boxes: list[Box] = []
    scroll = await page.evaluate("() => [scrollX, scrollY]")
    for locator in masks:
        try:
            count = await locator.count()
            if count:
                kept.append(locator)
            for index in range(min(count, MAX_MASKS)):
                box = await locator.nth(index).bounding_box(timeout=1_000)
                if box is None:
                    continue
                found = Box(
                    x=box["x"] + scroll[0],
                    y=box["y"] + scroll[1],
                    width=box["width"],
                    height=box["height"],
                )
                if found not in boxes:  # one element found by two masks: a field echoing its value
                    boxes.append(found)
        except PlaywrightError:
            continue
    return kept, boxes


async def take(page: Page, masks: list[Locator]) -> Shot:
    """A full-page PNG with every mask locator painted over, and its thumbnail."""
    kept, boxes = await _visible_masks(page, masks)
    height = await page.evaluate("() => document.documentElement.scrollHeight")
    viewport = page.viewport_size or {"width": 1280, "height": 720}
    options: dict[str, object] = {"full_page": True}
    if height > MAX_PAGE_HEIGHT:
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
    return Shot(png=png, thumbnail=thumbnail(png), masked=boxes)


def thumbnail(png: bytes) -> bytes:
    """The top of the page, scaled down to a small JPEG."""
    with Image.open(io.BytesIO(png)) as image:
        top = image.convert("RGB")
        ratio = THUMBNAIL_HEIGHT / THUMBNAIL_WIDTH
        top = top.crop((0, 0, top.width, min(top.height, int(top.width * ratio))))
        top.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT))
        out = io.BytesIO()
        top.save(out, format="JPEG", quality=70, optimize=True)
        return out.getvalue()

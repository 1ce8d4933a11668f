"""Customer lenses: the same journey walked as a different customer (models.journey.Lens).

Each lens changes the walk in one place or more: the browser context (a 320 px viewport,
emulated media), what every page runs first (text spacing, a focus log), the page's network and
CPU (through Chromium's DevTools protocol), how actions use their targets (by keyboard, through
the accessibility tree), and what is noted at the end of each step (content lost at 400 % zoom,
content that disappears or keeps moving). Every note becomes a `LensNote` on the step's
evidence, judged by the `lens` check; where the customer is stuck, the step fails too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from playwright.async_api import BrowserContext, Locator, Page

from selfshop.gather.dom import DOM_HELPERS_JS
from selfshop.models.evidence import LensNote, StepEvidence
from selfshop.models.journey import Action, Lens
from selfshop.walk.accessible_targets import ScreenReaderResolver, page_announced
from selfshop.walk.keyboard_driver import FOCUS_LOG_JS, KeyboardDriver

# WCAG 1.4.10: 1280 CSS px at 400 % is 320 CSS px wide.
ZOOM_VIEWPORT = {"width": 320, "height": 640}
# WCAG 1.4.12's text spacing: content must survive all four at once.
TEXT_SPACING_CSS = (
    "*, *::before, *::after { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
)
# A constructed style sheet: a page's Content-Security-Policy (style-src) does not refuse it,
# as it would a <style> element.
TEXT_SPACING_JS = (
    "(() => { const add = () => { if (window.__selfshopSpacing) return;"
    " const sheet = new CSSStyleSheet();"
    f" sheet.replaceSync({TEXT_SPACING_CSS!r});"
    " document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];"
    " window.__selfshopSpacing = true; };"
    " if (document.readyState === 'loading')"
    " document.addEventListener('DOMContentLoaded', add); else add(); })()"
)
# A slow 3G connection (WebPageTest's "3G Slow") on a phone four times slower than this machine.
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1000 // 8,
    "uploadThroughput": 400 * 1000 // 8,
}
SLOW_CPU_RATE = 4
# An animation that runs longer than this (or for ever) is motion the customer asked not to see.
LONG_MOTION_MS = 5_000
MAX_NOTES = 8  # of one kind, per step

# Content lost at 320 px with text spacing: sideways scrolling, text cut off, text overlapping.
ZOOM_JS = (
    "() => {"
    + DOM_HELPERS_JS
    + r"""
  const dom = window.__selfshopDom;
  const out = {scroll_width: document.documentElement.scrollWidth, width: innerWidth,
               clipped: [], overlaps: []};
  const ownText = el => Array.from(el.childNodes).filter(n => n.nodeType === 3)
    .map(n => n.textContent).join(' ').replace(/\s+/g, ' ').trim();
  const shown = el => {
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const s = getComputedStyle(el);
    return s.visibility === 'visible' && s.opacity !== '0' && s.clip === 'auto'
      && s.clipPath === 'none';
  };
  const texts = [];
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName)) continue;
    if (!shown(el)) continue;
    const s = getComputedStyle(el);
    const hides = v => v === 'hidden' || v === 'clip';
    const text = (el.innerText || '').trim();
    if (text && (hides(s.overflowY) && el.scrollHeight > el.clientHeight + 2
        || hides(s.overflowX) && el.scrollWidth > el.clientWidth + 2)
        && !['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) {
      out.clipped.push({path: dom.cssPath(el), text: text.slice(0, 60)});
    }
    const own = ownText(el);
    if (own && texts.length < 400) texts.push({el, own, r: el.getBoundingClientRect()});
  }
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i], b = texts[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      const smaller = Math.min(a.r.width * a.r.height, b.r.width * b.r.height);
      if (w > 2 && h > 2 && w * h > 0.3 * smaller) {
        out.overlaps.push({path: dom.cssPath(b.el), text: b.own.slice(0, 40),
                           other: a.own.slice(0, 40)});
      }
    }
  }
  return out;
}"""
)

# What the page shows: elements with their own text, and named elements painted only by their
# background colour (a status dot, an icon): by CSS path, with their text or name.
PAINTED_JS = (
    "() => {"
    + DOM_HELPERS_JS
    + r"""
  const dom = window.__selfshopDom;
  const found = {};
  const opaque = el => {
    let o = 1;
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) o *= +getComputedStyle(n).opacity;
    return o > 0.05;
  };
  const clear = c => !c || c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);
  const bgOf = el => {
    for (let n = el.parentElement; n; n = n.parentElement) {
      const c = getComputedStyle(n).backgroundColor;
      if (!clear(c)) return c;
    }
    return 'rgb(255, 255, 255)';
  };
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'OPTION'].includes(el.tagName)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const s = getComputedStyle(el);
    if (s.visibility !== 'visible' || s.clip !== 'auto') continue;
    const own = Array.from(el.childNodes).filter(n => n.nodeType === 3)
      .map(n => n.textContent).join(' ').replace(/\s+/g, ' ').trim();
    let what = own;
    if (!own && !el.children.length && el.tagName !== 'IMG') {
      const name = el.getAttribute('aria-label') || el.getAttribute('title');
      const bg = s.backgroundColor;
      const painted = !clear(bg) && bg !== bgOf(el) && s.backgroundImage === 'none'
        && (s.borderStyle === 'none' || parseFloat(s.borderWidth) === 0);
      if (name && painted) what = name.trim();
    }
    if (what && opaque(el)) found[dom.cssPath(el)] = what.slice(0, 60);
    if (Object.keys(found).length >= 1500) break;
  }
  return found;
}"""
)

MOTION_JS = (
    "() => {"
    + DOM_HELPERS_JS
    + f"""
  return document.getAnimations()
    .filter(a => a.playState === 'running' && a.effect)
    .filter(a => {{ const t = a.effect.getComputedTiming();
      return t.iterations === Infinity || t.activeDuration > {LONG_MOTION_MS}; }})
    .slice(0, 20)
    .map(a => {{ const el = a.effect.target;
      const text = el ? (el.innerText || el.getAttribute('aria-label') || el.tagName) : '';
      return {{name: a.animationName || a.id || 'an animation',
               text: String(text).replace(/\\s+/g, ' ').trim().slice(0, 60),
               path: el ? window.__selfshopDom.cssPath(el) : null}}; }});
}}"""
)


# Other customers see what animations end on (a fade-in ends shown): play them to their end.
FINISH_ANIMATIONS_JS = """() => { for (const a of document.getAnimations()) {
  try { if (a.effect && a.effect.getComputedTiming().iterations !== Infinity) a.finish(); }
  catch (e) {} } }"""


def context_options(lens: Lens | None) -> dict[str, Any]:
    """What the lens changes in the browser context (added to the device's descriptor)."""
    if lens is Lens.zoom_400:
        return {"viewport": dict(ZOOM_VIEWPORT)}
    if lens is Lens.reduced_motion:
        return {"reduced_motion": "reduce"}
    if lens is Lens.forced_colours:
        return {"forced_colors": "active"}
    return {}


@dataclass
class LensWalk:
    """One walk's lens: set up its context and page, use targets its way, note what it met."""

    lens: Lens
    action_ms: int
    notes: list[LensNote] = field(default_factory=list)
    _keyboard: KeyboardDriver | None = None
    _reader: ScreenReaderResolver | None = None

    async def prepare(self, context: BrowserContext, page: Page) -> None:
        if self.lens is Lens.zoom_400:
            await context.add_init_script(TEXT_SPACING_JS)
        elif self.lens is Lens.keyboard:
            await context.add_init_script(FOCUS_LOG_JS)
            self._keyboard = KeyboardDriver(page, self.action_ms, self.notes)
        elif self.lens is Lens.screen_reader:
            self._reader = ScreenReaderResolver(page, self.action_ms, self.notes)
        elif self.lens is Lens.slow_3g:
            cdp = await context.new_cdp_session(page)
            await cdp.send("Network.enable")
            await cdp.send("Network.emulateNetworkConditions", SLOW_3G)
            await cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_CPU_RATE})

    async def operate(self, locator: Locator, action: Action) -> Locator | None:
        """Use the target this lens's way (actions.perform's `operate`)."""
        if self._keyboard is not None:
            return await self._keyboard.operate(locator, action)
        if self._reader is not None:
            return await self._reader.operate(locator, action)
        return locator

    async def observe(self, page: Page, evidence: StepEvidence) -> None:
        """At the end of the step: what this lens's customer met on the page."""
        evidence.lens = self.lens.value
        if self.lens is Lens.zoom_400:
            self.notes += _zoom_notes(await page.evaluate(ZOOM_JS))
        elif self.lens is Lens.reduced_motion:
            self.notes += _motion_notes(await page.evaluate(MOTION_JS))
            self.notes += await _disappeared(page, self.lens, "reduced_motion", "no-preference")
        elif self.lens is Lens.forced_colours:
            self.notes += await _disappeared(page, self.lens, "forced_colors", "none")
        elif self.lens is Lens.screen_reader:
            evidence.announced = await page_announced(page, self.action_ms)
        evidence.lens_notes = self.take_notes()

    def take_notes(self) -> list[LensNote]:
        """The notes taken since the last step's, handed over (and forgotten here)."""
        taken = list(self.notes)
        self.notes.clear()
        return taken


def _zoom_notes(found: dict[str, Any]) -> list[LensNote]:
    lens = Lens.zoom_400.value
    notes = []
    if found["scroll_width"] > found["width"] + 1:
        notes.append(
            LensNote(
                lens=lens,
                kind="scrolls-sideways",
                message=f"At 400 % zoom the page is {found['scroll_width']} px wide on a "
                f"{found['width']} px screen: the customer must scroll sideways to read it.",
            )
        )
    said = {
        "clipped": "'{text}' is cut off: its box hides the text that does not fit.",
        "overlaps": "'{text}' lies on top of '{other}': neither can be read.",
    }
    for kind, sentence in said.items():
        notes += [
            LensNote(
                lens=lens,
                kind=kind,
                message="At 400 % zoom with wider text spacing, " + sentence.format(**item),
                selector=item["path"],
            )
            for item in found[kind][:MAX_NOTES]
        ]
    return notes


def _motion_notes(found: list[dict[str, Any]]) -> list[LensNote]:
    return [
        LensNote(
            lens=Lens.reduced_motion.value,
            kind="keeps-moving",
            message=f"'{item['text'] or item['name']}' keeps moving (animation "
            f"{item['name']}) although the customer asked for less motion.",
            selector=item["path"],
        )
        for item in found[:MAX_NOTES]
    ]


MediaFeature = Literal["reduced_motion", "forced_colors"]


async def _disappeared(page: Page, lens: Lens, feature: MediaFeature, plain: str) -> list[LensNote]:
    """What other customers see that this lens's customer does not: the page read under the
    lens's media, then without it (and the lens's media put back)."""
    lensed = await page.evaluate(PAINTED_JS)
    await page.emulate_media(**{feature: plain})  # type: ignore[arg-type]
    try:
        await page.evaluate(FINISH_ANIMATIONS_JS)
        plainly = await page.evaluate(PAINTED_JS)
    finally:
        back = "reduce" if feature == "reduced_motion" else "active"
        await page.emulate_media(**{feature: back})  # type: ignore[arg-type]
    who = {
        Lens.reduced_motion: "a customer who asked for less motion",
        Lens.forced_colours: "a customer using a high-contrast (forced colours) theme",
    }[lens]
    gone = [(path, text) for path, text in plainly.items() if path not in lensed]
    return [
        LensNote(
            lens=lens.value,
            kind="disappears",
            message=f"'{text}' is shown to other customers but not to {who}.",
            selector=path,
        )
        for path, text in gone[:MAX_NOTES]
    ]

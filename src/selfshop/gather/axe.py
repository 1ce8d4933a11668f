"""Accessibility results from axe-core (the script axe-playwright-python ships), as AxeViolation
models, for the page and every frame in it.

axe.min.js is large: the walker installs it once in every document and frame with an init
script (AXE_INIT_JS); a document without it (opened before, or in a guided walk's tab) gets it
sent once. A page with frames is tested frame by frame, as axe's own drivers do it
(axe.runPartial in each frame, each bounded by FRAME_WAIT_MS, axe.finishRun in the top
document); a node found in a frame names the frame.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from selfshop.gather.dom import evaluate, with_dom
from selfshop.models.evidence import AxeNode, AxeViolation, Box

MAX_NODES = 20
MAX_HTML = 300
FRAME_WAIT_MS = 5_000  # a frame whose results take longer is left out (as axe leaves it)

AXE_SCRIPT: str = Axe().axe_script
AXE_INIT_JS = AXE_SCRIPT

# The violations as kept: each node with where it is on the page and its CSS path written as
# the walker writes the controls a step used (so the two can be compared); a node in a frame
# (its target is [frame, ..., element]) names its frame and is shown where the frame is.
KEEP_JS = """(results, maxNodes) => {
  const box = el => {
    const r = el.getBoundingClientRect();
    return r.width && r.height
      ? {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height} : null;
  };
  const find = selector => {
    try { return document.querySelector(selector); } catch (e) { return null; }
  };
  const frameName = frame => {
    const text = s => (s || '').replace(/\\s+/g, ' ').trim();
    return text(frame.getAttribute('title')) || text(frame.getAttribute('aria-label')) ||
      text(frame.getAttribute('name')) || text(frame.getAttribute('src')) || dom.cssPath(frame);
  };
  // The W3C ACT rules each axe rule implements, from axe's own rule metadata.
  const actIds = id => {
    const rule = ((window.axe._audit || {}).rules || []).find(r => r.id === id);
    return rule && Array.isArray(rule.actIds) ? rule.actIds : [];
  };
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, description: v.description, helpUrl: v.helpUrl,
    tags: v.tags, actIds: actIds(v.id),
    nodes: v.nodes.slice(0, maxNodes).map(n => {
      const node = {target: n.target, html: n.html, failureSummary: n.failureSummary};
      const first = n.target.length ? n.target[0] : null;
      const el = typeof first === 'string' ? find(first) : null;
      if (el && n.target.length > 1) {
        node.frame = frameName(el);
        node.box = box(el);
      } else if (el) {
        node.box = box(el);
        node.path = dom.cssPath(el);
      }
      return node;
    }),
  }));
}"""
# axe's default rules, and one it ships switched off: a page that refreshes or redirects itself
# after any delay (WCAG 2.2.4 / 3.2.5, AAA; advice, as every best-practice rule is).
OPTIONS = "{resultTypes: ['violations'], rules: {'meta-refresh-no-exceptions': {enabled: true}}}"

# A page without frames: axe.run, in one call. null where axe is not installed.
RUN_JS = with_dom(
    "async maxNodes => {"
    "  if (typeof window.axe !== 'object' || typeof window.axe.run !== 'function') return null;"
    f"  const results = await axe.run(document, {{...{OPTIONS}, iframes: false}});"
    f"  return ({KEEP_JS})(results, maxNodes); }}"
)

# A page with frames: each frame's partial results (axe.runPartial, run in each frame by the
# walker, so no frame depends on messages between frames), joined in the top document.
PARTIAL_JS = (
    "async context => {"
    "  if (typeof window.axe !== 'object' || typeof window.axe.runPartial !== 'function') {"
    "    return null; }"
    "  context = context || {exclude: []};"
    "  const frames = axe.utils.getFrameContexts(context);"
    f"  return {{frames, partial: await axe.runPartial(context, {OPTIONS})}}; }}"
)
FINISH_JS = with_dom(
    "async ([partials, maxNodes]) => {"
    f"  const results = await axe.finishRun(partials, {OPTIONS});"
    f"  return ({KEEP_JS})(results, maxNodes); }}"
)
FRAME_ELEMENT_JS = "selector => axe.utils.shadowSelect(selector)"


async def gather_axe(page: Page) -> list[AxeViolation]:
    """axe's violations on the page and in its frames."""
    if len(page.frames) > 1:
        partials = await _partials(page.main_frame, None)
        if partials is None:  # no init script put axe in this document: send it now
            await _inject(page.main_frame)
            partials = await _partials(page.main_frame, None)
        found = await evaluate(page, FINISH_JS, [partials, MAX_NODES]) if partials else []
    else:
        found = await evaluate(page, RUN_JS, MAX_NODES)
        if found is None:
            await _inject(page.main_frame)
            found = await evaluate(page, RUN_JS, MAX_NODES)
    return [to_violation(v) for v in found or []]


async def _partials(frame: Frame, context: Any) -> list[Any] | None:
    """axe's partial results of a frame and, depth first, of the frames in it; None for a
    frame that could not be tested (the place finishRun expects), or if axe is not here."""
    found: dict[str, Any] | None = await frame.evaluate(PARTIAL_JS, context)
    if found is None:
        return None
    partials: list[Any] = [found["partial"]]
    for child in found["frames"]:
        partials += await _child_partials(frame, child) or [None]
    return partials


async def _child_partials(frame: Frame, child: dict[str, Any]) -> list[Any] | None:
    """A child frame's partial results, within FRAME_WAIT_MS; None when it cannot be tested."""
    with contextlib.suppress(PlaywrightError, TimeoutError):
        async with asyncio.timeout(FRAME_WAIT_MS / 1000):
            handle = await frame.evaluate_handle(FRAME_ELEMENT_JS, child["frameSelector"])
            element = handle.as_element()
            inner = await element.content_frame() if element else None
            if inner is None:
                return None
            partials = await _partials(inner, child["frameContext"])
            if partials is None:
                await _inject(inner)
                partials = await _partials(inner, child["frameContext"])
            return partials
    return None


async def _inject(frame: Frame) -> None:
    await frame.evaluate(AXE_INIT_JS)


def to_violation(raw: dict[str, Any]) -> AxeViolation:
    return AxeViolation(
        id=raw.get("id", ""),
        impact=raw.get("impact"),
        help=raw.get("help", ""),
        description=raw.get("description", ""),
        help_url=raw.get("helpUrl"),
        tags=list(raw.get("tags", [])),
        nodes=[_to_node(n) for n in raw.get("nodes", [])[:MAX_NODES]],
        act_ids=[str(i) for i in raw.get("actIds") or []],
    )


def _to_node(raw: dict[str, Any]) -> AxeNode:
    # Shadow-DOM targets are lists of selectors; flatten them to one string each.
    targets = [" >>> ".join(t) if isinstance(t, list) else str(t) for t in raw.get("target", [])]
    return AxeNode(
        target=targets,
        html=str(raw.get("html", ""))[:MAX_HTML],
        summary=raw.get("failureSummary"),
        box=Box.model_validate(raw["box"]) if raw.get("box") else None,
        path=raw.get("path"),
        frame=raw.get("frame"),
    )

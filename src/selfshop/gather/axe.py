"""Accessibility results from axe-core (through axe-playwright-python), as AxeViolation models."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Page

from selfshop.gather.dom import DOM_HELPERS_JS
from selfshop.models.evidence import AxeNode, AxeViolation, Box

MAX_NODES = 20
MAX_HTML = 300

AXE_SCRIPT: str = Axe().axe_script
RUN_JS = "() => axe.run(document, {resultTypes: ['violations']})"


# Where each node is on the page, so a finding can show the customer's view of it; and its
# CSS path written as the walker writes the controls a step used, so the two can be compared.
BOXES_JS = (
    "targets => {"
    + DOM_HELPERS_JS
    + """
  const dom = window.__selfshopDom;
  return targets.map(target => {
    let el = null;
    try { el = document.querySelector(target); } catch (e) { return null; }
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const box = r.width && r.height
      ? {x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height}
      : null;
    return {box, path: dom.cssPath(el)};
  });
}"""
)


async def gather_axe(page: Page) -> list[AxeViolation]:
    # axe.min.js is large: send it once per document, not once per step.
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        await page.evaluate(AXE_SCRIPT)
    results: dict[str, Any] = await page.evaluate(RUN_JS)
    violations = [to_violation(v) for v in results.get("violations", [])]
    await _locate_nodes(page, violations)
    return violations


async def _locate_nodes(page: Page, violations: list[AxeViolation]) -> None:
    nodes = [node for v in violations for node in v.nodes if node.target]
    found: list[dict[str, Any] | None] = await page.evaluate(
        BOXES_JS, [node.target[0] for node in nodes]
    )
    for node, where in zip(nodes, found, strict=True):
        if where is None:
            continue
        node.box = Box.model_validate(where["box"]) if where["box"] else None
        node.path = where["path"]


def to_violation(raw: dict[str, Any]) -> AxeViolation:
    return AxeViolation(
        id=raw.get("id", ""),
        impact=raw.get("impact"),
        help=raw.get("help", ""),
        description=raw.get("description", ""),
        help_url=raw.get("helpUrl"),
        tags=list(raw.get("tags", [])),
        nodes=[_to_node(n) for n in raw.get("nodes", [])[:MAX_NODES]],
    )


def _to_node(raw: dict[str, Any]) -> AxeNode:
    # Shadow-DOM targets are lists of selectors; flatten them to one string each.
    targets = [" >>> ".join(t) if isinstance(t, list) else str(t) for t in raw.get("target", [])]
    return AxeNode(
        target=targets,
        html=str(raw.get("html", ""))[:MAX_HTML],
        summary=raw.get("failureSummary"),
    )

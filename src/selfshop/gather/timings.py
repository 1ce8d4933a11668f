"""Navigation and paint timings: TTFB, DOMContentLoaded, load, LCP and CLS of the document.

LCP and CLS only exist for observers registered before they happen, so an init script installs
a PerformanceObserver in every document before the page's own scripts run.
"""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page

from selfshop.models.evidence import Timings

OBSERVER_INIT_JS = r"""
(() => {
  const store = window.__selfshopPerf = {lcp: null, cls: 0};
  try {
    new PerformanceObserver(list => {
      for (const entry of list.getEntries()) {
        store.lcp = entry.renderTime || entry.loadTime || entry.startTime;
      }
    }).observe({type: 'largest-contentful-paint', buffered: true});
    new PerformanceObserver(list => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) store.cls += entry.value;
    }).observe({type: 'layout-shift', buffered: true});
  } catch (e) { /* an old engine without these entry types: leave them empty */ }
})();
"""

READ_JS = r"""() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const perf = window.__selfshopPerf || {lcp: null, cls: null};
  const positive = v => (typeof v === 'number' && v > 0) ? v : null;
  return {
    ttfb_ms: nav ? positive(nav.responseStart) : null,
    dom_content_loaded_ms: nav ? positive(nav.domContentLoadedEventEnd) : null,
    load_ms: nav ? positive(nav.loadEventEnd) : null,
    lcp_ms: positive(perf.lcp),
    cls: typeof perf.cls === 'number' ? perf.cls : null,
  };
}"""


async def gather_timings(page: Page, felt_ms: float) -> Timings:
    found: dict[str, Any] = await page.evaluate(READ_JS)
    rounded = {
        k: (round(v, 4 if k == "cls" else 1) if v is not None else None) for k, v in found.items()
    }
    return Timings(**rounded, felt_ms=round(felt_ms, 1))

"""The page as the customer sees it: address, title, status, language, text, images, inputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Page

from selfshop.gather.dom import DOM_HELPERS_JS, evaluate, with_dom
from selfshop.models.evidence import ImageRecord, InputRecord, RefusedField, StepEvidence

MAX_TEXT = 20_000
MAX_ITEMS = 200

PAGE_JS = with_dom(
    (
        r"""() => {
  const images = Array.from(document.images).slice(0, MAX_ITEMS).map(img => ({
    src: img.currentSrc || img.getAttribute('src') || '',
    alt: img.hasAttribute('alt') ? img.getAttribute('alt') : null,
    broken: img.complete && img.naturalWidth === 0 && !!(img.getAttribute('src')),
    selector: dom.cssPath(img),
  }));
  const fields = Array.from(document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset])' +
    ':not([type=image]), select, textarea'
  )).filter(el => dom.visible(el) && !el.disabled && !el.closest('[aria-hidden="true"]'))
    .slice(0, MAX_ITEMS).map(el => ({
    selector: dom.cssPath(el),
    type: el.tagName === 'INPUT' ? (el.type || 'text') : el.tagName.toLowerCase(),
    name: el.getAttribute('name'),
    autocomplete: el.getAttribute('autocomplete'),
    accessible_name: dom.accessibleName(el),
  }));
  // Text a customer cannot see but the page still sends: debug pages hide tracebacks there.
  const hidden = [];
  let hiddenLength = 0;
  const walker = document.createTreeWalker(document.body || document.documentElement, 4);
  for (let node = walker.nextNode(); node && hiddenLength < MAX_TEXT; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !parent || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(parent.tagName)) {
      continue;
    }
    if (parent.checkVisibility && !parent.checkVisibility({visibilityProperty: true})) {
      hidden.push(text);
      hiddenLength += text.length + 1;
    }
  }
  // Read once: a refusal belongs to the step in which the customer tried to send the form.
  const refused = window.__selfshopRefused || [];
  window.__selfshopRefused = [];
  return {
    refused,
    hidden_text: hidden.join('\n').slice(0, MAX_TEXT),
    title: document.title,
    lang: document.documentElement.getAttribute('lang'),
    text: (document.body ? document.body.innerText : '').slice(0, MAX_TEXT),
    images, inputs: fields,
  };
}"""
    )
    .replace("MAX_ITEMS", str(MAX_ITEMS))
    .replace("MAX_TEXT", str(MAX_TEXT))
)


# Installed in every document: notes each field the browser refuses when a form is sent (the
# 'invalid' event fires as the browser shows its own "Please fill out this field." bubble).
REFUSALS_INIT_JS = (
    "(() => {"
    + DOM_HELPERS_JS
    + r"""
  window.__selfshopRefused = [];
  document.addEventListener('invalid', event => {
    const el = event.target;
    if (window.__selfshopRefused.length >= 20 || !(el instanceof Element)) return;
    const dom = window.__selfshopDom;
    window.__selfshopRefused.push({selector: dom.cssPath(el), name: dom.accessibleName(el),
                                   message: el.validationMessage || ''});
  }, true);
})();"""
)


@dataclass
class DocumentInfo:
    """What the network saw of the main document the page is showing."""

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    redirects: list[str] = field(default_factory=list)


async def read_page(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = await evaluate(page, PAGE_JS)
    return result


async def gather_page(page: Page, evidence: StepEvidence, document: DocumentInfo) -> None:
    """Fill the page fields of the step's evidence."""
    found = await read_page(page)
    evidence.url = page.url
    evidence.title = found["title"]
    evidence.lang = found["lang"]
    evidence.text = found["text"]
    evidence.hidden_text = found["hidden_text"]
    evidence.refused = [RefusedField.model_validate(r) for r in found["refused"]]
    evidence.images = [ImageRecord.model_validate(i) for i in found["images"]]
    evidence.inputs = [InputRecord.model_validate(i) for i in found["inputs"]]
    evidence.status_code = document.status
    evidence.headers = dict(document.headers)
    evidence.redirects = list(document.redirects)

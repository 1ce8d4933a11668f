"""Findings in plain words: what a customer meets, the element as a person would name it, and
a link to the rule behind it.

axe-core's own texts ("<html> element must have a lang attribute", "Fix any of the following:
…") are written for developers; the report is read by a board. Rules we know get a sentence
about the customer; the rest keep axe's help text, tidied. The rule id is always kept.
Everything here reads untrusted site text and returns plain strings: the template escapes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from selfshop.models.results import Finding

AXE_CHECK = "accessibility"

# axe rule id -> (what customers meet, what to do). Sentences about people, not markup.
AXE_PLAIN: dict[str, tuple[str, str]] = {
    "html-has-lang": (
        "The page does not say which language it is in, so screen readers may read it aloud "
        "in the wrong voice",
        'Say the page\'s language on its html tag, e.g. lang="en".',
    ),
    "html-lang-valid": (
        "The page names a language that does not exist, so screen readers may mispronounce it",
        'Use a real language code on the html tag, e.g. lang="en-GB".',
    ),
    "document-title": (
        "The page has no title, so its browser tab and screen readers say nothing useful",
        "Give every page a title that says where the customer is.",
    ),
    "image-alt": (
        "A picture has no text alternative, so customers who cannot see it miss what it shows",
        'Describe the picture in its alt text (or alt="" if it is only decoration).',
    ),
    "role-img-alt": (
        "A picture has no text alternative, so customers who cannot see it miss what it shows",
        "Give the picture an accessible name that says what it shows.",
    ),
    "svg-img-alt": (
        "A picture has no text alternative, so customers who cannot see it miss what it shows",
        "Give the picture a title or label that says what it shows.",
    ),
    "input-image-alt": (
        "An image button has no words, so screen readers cannot say what it does",
        "Give the image button alt text that says what it does.",
    ),
    "label": (
        "A form field has no label, so customers using a screen reader do not know what to type",
        "Give the field a visible label tied to it.",
    ),
    "select-name": (
        "A drop-down list has no label, so customers using a screen reader do not know what "
        "it is for",
        "Give the list a visible label tied to it.",
    ),
    "color-contrast": (
        "Some text is too faint to read against its background",
        "Darken the text or lighten the background (a contrast of at least 4.5 to 1).",
    ),
    "link-name": (
        "A link has no words, so screen readers announce only “link”",
        "Put words in the link, or an aria-label that says where it goes.",
    ),
    "button-name": (
        "A button has no words, so screen readers cannot say what it does",
        "Put words on the button, or an aria-label that says what it does.",
    ),
    "region": (
        "Part of the page sits outside the page's marked areas, so screen-reader users can miss it",
        "Put all content inside header, nav, main or footer areas.",
    ),
    "landmark-one-main": (
        "The page has no main area, so screen-reader users cannot jump to its content",
        "Wrap the page's main content in a main element.",
    ),
    "page-has-heading-one": (
        "The page has no main heading, so screen-reader users cannot tell what it is about",
        "Give the page one top-level heading (h1).",
    ),
    "heading-order": (
        "Headings skip levels, so the page's outline confuses screen-reader users",
        "Use heading levels in order, without gaps.",
    ),
    "meta-viewport": (
        "The page stops customers from zooming in",
        "Remove user-scalable=no and maximum-scale from the viewport setting.",
    ),
    "frame-title": (
        "An embedded frame has no title, so screen-reader users do not know what it holds",
        "Give the frame a title that says what is in it.",
    ),
    "duplicate-id-aria": (
        "Two elements share an id that labels or describes something, so the wrong words may "
        "be read out",
        "Give each element a unique id.",
    ),
    "nested-interactive": (
        "A control sits inside another control, so keyboard and screen-reader users cannot "
        "use it reliably",
        "Do not put buttons or links inside other buttons or links.",
    ),
    "scrollable-region-focusable": (
        "A scrolling area cannot be reached with the keyboard",
        'Let the area take keyboard focus (tabindex="0") or put a focusable element in it.',
    ),
    "target-size": (
        "A control is too small to tap reliably",
        "Make it at least 24 by 24 pixels, or leave space around it.",
    ),
    "autocomplete-valid": (
        "A form field asks the browser to fill in the wrong kind of data",
        "Use the autocomplete value that matches what the field asks for.",
    ),
    "list": (
        "A list is built wrongly, so screen readers miscount its items",
        "Put only list items directly inside the list.",
    ),
    "listitem": (
        "A list item sits outside a list, so screen readers miscount it",
        "Put list items inside a ul or ol.",
    ),
    "aria-allowed-attr": (
        "An element carries accessibility attributes it may not have, so it may be announced "
        "wrongly",
        "Remove the ARIA attributes that this kind of element does not allow.",
    ),
    "aria-required-attr": (
        "An element is missing accessibility attributes its role needs, so it is announced "
        "incompletely",
        "Add the ARIA attributes the element's role requires.",
    ),
    "aria-valid-attr-value": (
        "An element's accessibility attributes have wrong values, so it may be announced wrongly",
        "Fix the ARIA attribute values.",
    ),
    "aria-hidden-focus": (
        "Keyboard users can land on something hidden from screen readers, which then say nothing",
        "Take hidden elements out of the keyboard order, or show them to screen readers.",
    ),
    "tabindex": (
        "The keyboard order is forced out of the page's natural order",
        "Remove positive tabindex values.",
    ),
}

_PLACES = re.compile(r"\s*\((\d+) places\)\.?\s*$")
_FIX_LEAD = re.compile(r"^\s*Fix (?:any|all) of the following:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Plain:
    message: str
    fix: str
    rule: str | None  # the rule's id (axe's, or the check's), always kept
    rule_url: str | None  # where the rule is explained


def axe_rule(finding: Finding) -> str | None:
    """The axe rule id of an accessibility finding ('accessibility:image-alt' → 'image-alt')."""
    if finding.check_id != AXE_CHECK:
        return None
    _, _, rule = finding.key.partition(":")
    return rule or None


def rule_url(finding: Finding) -> str | None:
    """The first web reference the check gave (axe gives its rule's page); http(s) only."""
    return next((r for r in finding.references if r.startswith(("https://", "http://"))), None)


def tidy_fix(text: str) -> str:
    """axe's 'Fix any of the following:\\n  Element has …' as one plain line."""
    lines = [line.strip() for line in _FIX_LEAD.sub("", text).splitlines() if line.strip()]
    lines = [_FIX_LEAD.sub("", line) for line in lines]
    return "; or ".join(line.rstrip(".") for line in lines if line) + ("." if lines else "")


def plain(finding: Finding) -> Plain:
    rule = axe_rule(finding)
    url = rule_url(finding)
    if rule is None:
        return Plain(finding.message, finding.fix, finding.check_id, url)
    message, fix = finding.message, tidy_fix(finding.fix)
    lead, marker, rest = message.partition(" fails: ")
    body = rest if marker else message
    known = AXE_PLAIN.get(rule)
    if known is not None:
        places = _PLACES.search(body)
        count = f" ({places.group(1)} places)" if places else ""
        body = f"{known[0]}{count}."
        fix = known[1]
    message = f"{lead}{marker}{body}" if marker else body
    return Plain(message, fix, rule, url)


# --- the element, as a person would name it ---------------------------------------------------

INPUT_ROLES = {
    "checkbox": "tick box",
    "radio": "option",
    "submit": "button",
    "button": "button",
    "reset": "button",
    "image": "image button",
    "range": "slider",
    "file": "file picker",
}
TAG_ROLES = {
    "a": "link",
    "button": "button",
    "select": "drop-down list",
    "textarea": "text box",
    "img": "picture",
    "svg": "picture",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "nav": "navigation",
    "form": "form",
    "table": "table",
    "iframe": "embedded frame",
    "label": "label",
    "li": "list item",
    "ul": "list",
    "ol": "list",
}
WHOLE_PAGE = {"html", "body", "head"}
NAME_ATTRIBUTES = ("aria-label", "alt", "title", "placeholder")
NAME_LIMIT = 60


class _FirstElement(HTMLParser):
    """The first start tag of an HTML excerpt, its attributes and the text inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag: str | None = None
        self.attrs: dict[str, str] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.tag is None:
            self.tag = tag
            self.attrs = {k: v or "" for k, v in attrs}
        elif tag == "img":  # a picture inside a link names it by its alt text
            alt = dict(attrs).get("alt")
            if alt:
                self.text.append(alt)

    def handle_data(self, data: str) -> None:
        if self.tag is not None:
            self.text.append(data)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= NAME_LIMIT else flat[: NAME_LIMIT - 1].rstrip() + "…"


def _role(tag: str, attrs: dict[str, str]) -> str:
    roles = (attrs.get("role") or "").split()  # a site may write role="" or role="  "
    if roles:
        return roles[0]
    if tag == "input":
        return INPUT_ROLES.get(attrs.get("type", "text").lower(), "text box")
    if tag == "a" and "href" not in attrs:
        return "text"
    return TAG_ROLES.get(tag, "text")


def _name(tag: str, attrs: dict[str, str], text: str) -> str:
    for attribute in NAME_ATTRIBUTES:
        if attrs.get(attribute, "").strip():
            return _short(attrs[attribute])
    if text.strip():
        return _short(text)
    if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
        return _short(attrs["value"])
    if tag == "img" and attrs.get("src"):
        return _short(attrs["src"].rsplit("/", 1)[-1])
    return ""


def element_name(excerpt: str | None) -> str | None:
    """'the button “Add to basket”', 'the picture “star-lantern.svg”', 'the whole page':
    from the element's HTML as axe and the gatherers quote it; None when it is not HTML."""
    if not excerpt or not excerpt.lstrip().startswith("<"):
        return None
    parser = _FirstElement()
    try:
        parser.feed(excerpt)
    except (AssertionError, ValueError):  # unparseable site markup: say nothing rather than guess
        return None
    if parser.tag is None:
        return None
    if parser.tag in WHOLE_PAGE:
        return "the whole page"
    role = _role(parser.tag, parser.attrs)
    name = _name(parser.tag, parser.attrs, "".join(parser.text))
    if name:
        return f"the {role} “{name}”"
    if parser.tag == "input" and parser.attrs.get("name"):
        return f"the {role} called “{_short(parser.attrs['name'])}” in the page's code"
    return f"a {role} with no name"

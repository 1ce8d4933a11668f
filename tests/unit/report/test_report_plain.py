"""Findings in plain words: axe's developer text for a board, elements named as people would."""

from __future__ import annotations

import pytest

from selfshop.models.results import Finding, FindingEvidence, Severity
from selfshop.report.plain import element_name, plain, tidy_fix


def axe_finding(rule: str, message: str, fix: str = "") -> Finding:
    return Finding(
        check_id="accessibility",
        standard="inclusion",
        severity=Severity.major,
        message=message,
        fix=fix,
        key=f"accessibility:{rule}",
        references=["WCAG 3.1.1", f"https://dequeuniversity.com/rules/axe/4.10/{rule}"],
        evidence=FindingEvidence(selector="html", excerpt="<html>"),
    )


def test_a_known_axe_rule_is_said_about_customers_and_keeps_its_id_and_link() -> None:
    words = plain(
        axe_finding("html-has-lang", "<html> element must have a lang attribute (3 places).")
    )
    assert words.message.startswith("The page does not say which language it is in")
    assert words.message.endswith("(3 places).")
    assert words.rule == "html-has-lang"
    assert words.rule_url == "https://dequeuniversity.com/rules/axe/4.10/html-has-lang"


def test_an_unknown_axe_rule_keeps_its_help_text_and_tidies_the_fix() -> None:
    finding = axe_finding(
        "some-new-rule",
        "Widgets must be nice.",
        "Fix any of the following:\n  Element has no title\n  Element has no label",
    )
    words = plain(finding)
    assert words.message == "Widgets must be nice."
    assert words.fix == "Element has no title; or Element has no label."
    assert tidy_fix("") == ""


def test_a_blocker_keeps_the_control_it_names() -> None:
    message = "The button 'Pay' this step used fails: Buttons must have discernible text."
    words = plain(axe_finding("button-name", message))
    assert words.message.startswith("The button 'Pay' this step used fails: A button has no words")


def test_other_checks_keep_their_own_words() -> None:
    finding = Finding(
        check_id="placeholder-text", standard="show", severity=Severity.major, message="Lorem."
    )
    assert plain(finding).message == "Lorem." and plain(finding).rule == "placeholder-text"


@pytest.mark.parametrize(
    ("html", "name"),
    [
        ('<button class="x">Add to basket</button>', "the button “Add to basket”"),
        ('<a href="/help"><img src="i.png" alt="Help"></a>', "the link “Help”"),
        ('<img src="/static/img/star-lantern.svg" width="320">', "the picture “star-lantern.svg”"),
        (
            '<input name="order" type="text" value="">',
            "the text box called “order” in the page's code",
        ),
        ('<input type="email" aria-label="Email">', "the text box “Email”"),
        ('<div role="button"></div>', "a button with no name"),
        ("<html>", "the whole page"),
        ("not html at all", None),
        (None, None),
    ],
)
def test_an_element_is_named_as_a_person_would_name_it(html: str | None, name: str | None) -> None:
    assert element_name(html) == name


@pytest.mark.parametrize("role", ['role=""', 'role="  "', "role"])
def test_an_empty_role_on_a_sites_element_is_named_by_its_tag_not_a_crash(role: str) -> None:
    """Outside pages write empty roles; the report was once written no further than that."""
    assert element_name(f"<button {role}>Pay now</button>") == "the button “Pay now”"

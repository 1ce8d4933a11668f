"""Typed secrets are taken out of evidence as data, in every encoding, whatever their length."""

from __future__ import annotations

import html
import json
from urllib.parse import quote, quote_plus

import pytest

from selfshop.models.evidence import (
    ActionRecord,
    ConsoleEntry,
    RequestRecord,
    StepEvidence,
    StepStatus,
)
from selfshop.walk.scrub import MASK, Scrubber

LONG = 'p@ss w0rd+&<é"'


def evidence(**fields: object) -> StepEvidence:
    return StepEvidence.model_validate(
        {"journey_id": "j", "step_index": 0, "step_name": "Sign in", **fields}
    )


@pytest.mark.parametrize(
    "form",
    [
        LONG,
        json.dumps(LONG)[1:-1],
        quote(LONG, safe=""),
        quote_plus(LONG),
        quote_plus(LONG).lower(),
        html.escape(LONG),
        "".join(f"&#{ord(c)};" for c in LONG),
    ],
)
def test_a_long_secret_is_masked_in_every_encoding_a_site_echoes(form: str) -> None:
    assert Scrubber([LONG]).text(f"before {form} after") == f"before {MASK} after"


@pytest.mark.parametrize("secret", ["x", "1", "true", "fill", "passed"])
def test_short_or_word_like_secrets_never_break_the_evidence(secret: str) -> None:
    # These crashed the run when secrets were replaced in the evidence's JSON text.
    original = evidence(
        status="passed",
        url=f"http://shop.test/p?code={secret}",
        text=f"Your code:\n{secret}\nThanks",
        actions=[ActionRecord(kind="fill", description="fill Code with ••••••", ok=True)],
        requests=[RequestRecord(url=f"http://shop.test/p?code={secret}", has_body=True)],
        console=[ConsoleEntry(level="error", text=secret)],
    )
    cleaned = Scrubber([secret]).model(original)
    assert cleaned.status is StepStatus.passed
    assert cleaned.actions[0].kind == "fill" and cleaned.actions[0].ok is True
    assert cleaned.requests[0].has_body is True
    assert cleaned.url == f"http://shop.test/p?code={MASK}"
    assert cleaned.requests[0].url == f"http://shop.test/p?code={MASK}"
    assert cleaned.text == f"Your code:\n{MASK}\nThanks"
    assert cleaned.console[0].text == MASK


def test_a_one_character_secret_is_masked_only_as_a_whole_value() -> None:
    scrub = Scrubber(["x"])
    assert scrub.text("Box 3 x 4 for six pounds") == "Box 3 x 4 for six pounds"
    assert scrub.text("x") == MASK
    assert scrub.text("/p?code=x&next=/home") == f"/p?code={MASK}&next=/home"
    assert scrub.text("/p?code=xy") == "/p?code=xy"


def test_a_three_character_secret_is_masked_as_a_whole_token() -> None:
    scrub = Scrubber(["4&7"])
    assert scrub.text("Your PIN is 4&7 today") == f"Your PIN is {MASK} today"
    assert scrub.text("pin=4%267&x=1") == f"pin={MASK}&x=1"
    assert scrub.text("Order A4&78") == "Order A4&78"


def test_the_longest_secret_is_masked_whole_when_one_contains_another() -> None:
    scrub = Scrubber(["secret", "my-secret-code"])
    assert scrub.text("it is my-secret-code.") == f"it is {MASK}."


def test_no_secrets_leaves_the_model_as_it_is() -> None:
    original = evidence(text="hello")
    assert Scrubber([]).model(original) is original

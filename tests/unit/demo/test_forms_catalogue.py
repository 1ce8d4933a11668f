"""The shop's stock and its form rules: what a customer types, and what each variant says back."""

from __future__ import annotations

import pytest

from selfshop.demo import DEMO_SECRETS, catalogue, forms
from selfshop.demo.variants import Variant

GOOD_ORDER = {
    "email": "sam@example.com",
    "name": "Sam Shopper",
    "address": "1 High Street",
    "postcode": "SW1A 1AA",
    "card": DEMO_SECRETS["DEMO_CARD"],
}


def test_search_matches_every_word_in_any_case() -> None:
    assert [p.slug for p in catalogue.search("LANTERN")] == ["star-lantern"]
    assert {p.slug for p in catalogue.search("wool")} == {"merino-scarf", "walking-socks"}
    assert catalogue.search("wool tea") == []
    assert catalogue.search("   ") == []


def test_price_filter_keeps_only_cheaper_gifts() -> None:
    under_30 = catalogue.under(catalogue.parse_price_band("30"))
    assert under_30 and all(p.price_pence < 3000 for p in under_30)
    assert "merino-scarf" not in {p.slug for p in under_30}
    assert catalogue.parse_price_band("thirty") is None
    assert len(catalogue.under(None)) == len(catalogue.PRODUCTS)


def test_prices_read_as_pounds_and_pence() -> None:
    assert catalogue.format_price(2400) == "£24.00"
    assert catalogue.format_price(1205) == "£12.05"


@pytest.mark.parametrize("variant", list(Variant))
def test_a_good_order_passes(variant: Variant) -> None:
    assert forms.validate_checkout(GOOD_ORDER, variant).ok


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        (Variant.polished, "Please check your postcode — it should look like SW1A 1AA."),
        (Variant.flawed, "Invalid input. You failed to enter a valid postcode."),
    ],
)
def test_a_bad_postcode_gets_the_variants_words(variant: Variant, expected: str) -> None:
    result = forms.validate_checkout({**GOOD_ORDER, "postcode": "SW1A"}, variant)
    assert result.errors == {"postcode": expected}


def test_card_numbers_must_pass_the_luhn_check() -> None:
    assert forms.validate_checkout(
        {**GOOD_ORDER, "card": "4242 4242 4242 4241"}, Variant.polished
    ).errors.keys() == {"card"}
    assert forms.validate_checkout(
        {**GOOD_ORDER, "card": "4242-4242-4242-4242"}, Variant.polished
    ).ok


def test_an_empty_form_names_every_field() -> None:
    result = forms.validate_checkout({}, Variant.polished)
    assert set(result.errors) == set(forms.CHECKOUT_FIELDS)


def test_postcodes_are_printed_in_the_usual_shape() -> None:
    assert forms.normalise_postcode("sw1a1aa") == "SW1A 1AA"


def test_sign_in_wants_a_real_email_and_a_long_enough_password() -> None:
    ok = forms.validate_sign_in(
        {"email": "jo@example.com", "password": DEMO_SECRETS["DEMO_PASSWORD"]}, Variant.polished
    )
    short = forms.validate_sign_in({"email": "jo", "password": "short"}, Variant.polished)
    assert ok.ok
    assert set(short.errors) == {"email", "password"}


def test_contact_topic_must_be_one_offered() -> None:
    values = {"name": "Sam", "email": "sam@example.com", "message": "Hello", "topic": "Hats"}
    assert set(forms.validate_contact(values, Variant.polished).errors) == {"topic"}
    assert forms.validate_contact({**values, "topic": "Delivery"}, Variant.polished).ok
